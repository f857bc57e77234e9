import Foundation
import Yams

/// The `Datasets/` folder: where LumbarSim's numbers live, found without any configuration.
///
/// Lookup order: an explicit folder (the `--datasets` option), the `LUMBARSIM_DATASETS` environment
/// variable, a `Datasets/` beside or above the running executable (an installed copy), and finally the
/// source checkout this binary was built from.
public struct DatasetStore: Sendable {
    public let root: URL
    /// Values that replace the bundled files' as ``decode(_:from:)`` reads them (sensitivity analyses).
    public var overrides = DatasetOverrides()

    public init(root: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError.notFound("datasets folder \(root.path)")
        }
        self.root = root.standardizedFileURL
    }

    /// The store found by the lookup order above.
    public static func locate(explicit: String? = nil) throws -> DatasetStore {
        if let explicit { return try DatasetStore(root: URL(fileURLWithPath: explicit)) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["LUMBARSIM_DATASETS"], !fromEnvironment.isEmpty {
            return try DatasetStore(root: URL(fileURLWithPath: fromEnvironment))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let sourceCheckout = URL(fileURLWithPath: #filePath)
        for start in [executable, sourceCheckout] {
            var folder = start.deletingLastPathComponent()
            while folder.path != "/" {
                let candidate = folder.appendingPathComponent("Datasets")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("references.yaml").path) {
                    return try DatasetStore(root: candidate)
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        throw DatasetError.notFound("Datasets/ folder (pass --datasets DIR or set LUMBARSIM_DATASETS)")
    }

    public func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// Names of the `.yaml` files in a sub-folder, without extension, sorted.
    public func names(in folder: String) -> [String] {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
        return items.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// A file's path relative to the store root when it is inside it, else its path as given.
    public func relativeName(_ url: URL) -> String {
        url.path.hasPrefix(root.path + "/") ? String(url.path.dropFirst(root.path.count + 1)) : url.path
    }

    /// How errors name a file: `Datasets/...` for bundled files, the user's path otherwise.
    public func displayName(_ url: URL) -> String {
        let name = relativeName(url)
        return name == url.path ? name : "Datasets/\(name)"
    }

    /// Decodes a bundled file, given relative to the store root, with the store's ``overrides`` for it.
    public func decode<T: Decodable>(_ type: T.Type, from relativePath: String) throws -> T {
        try DataFile.decode(type, from: url(relativePath), displayName: "Datasets/\(relativePath)",
                            overrides: overrides.values[relativePath] ?? [:])
    }

    /// Resolves `nameOrPath` as a bundled name in `folder` or, failing that, as a file path.
    public func resolve(_ nameOrPath: String, in folder: String, kind: String) throws -> URL {
        let bundled = url("\(folder)/\(nameOrPath).yaml")
        if FileManager.default.fileExists(atPath: bundled.path) { return bundled }
        let file = URL(fileURLWithPath: nameOrPath)
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            guard FileManager.default.fileExists(atPath: file.path) else { throw DatasetError.notFound("\(kind) file \(nameOrPath)") }
            return file
        }
        throw DatasetError.unknownName(kind: kind, name: nameOrPath, known: names(in: folder))
    }
}

/// Reading one YAML file into a Codable type, with errors that name the file and the field.
public enum DataFile {
    /// `overrides` (dotted path → value) replace quantities' values before decoding (``DatasetOverrides``).
    public static func decode<T: Decodable>(_ type: T.Type, from url: URL, displayName: String? = nil,
                                            overrides: [String: Double] = [:]) throws -> T {
        let name = displayName ?? url.path
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DatasetError.unreadable(file: name, reason: "not a readable UTF-8 file")
        }
        return try decode(type, text: text, displayName: name, overrides: overrides)
    }

    /// Decodes a file's text, `displayName` naming it in errors (what `decode(_:from:)` does once the file is read;
    /// the fuzz targets in `Fuzz/` call it with generated text).
    public static func decode<T: Decodable>(_ type: T.Type, text: String, displayName name: String,
                                            overrides: [String: Double] = [:]) throws -> T {
        guard text.utf8.count <= maxBytes else {
            throw DatasetError.malformed(file: name, reason: "is \(text.utf8.count) bytes; a data file is at most \(maxBytes) (1 MiB)")
        }
        do {
            let node = try Yams.compose(yaml: text) ?? Node([(Node, Node)]())
            let value = try YAMLDecoder().decode(T.self, from: overrides.isEmpty ? node : DatasetOverrides.apply(overrides, to: node, file: name))
            if let strict = value as? any RefusesUnknownKeys, let unknown = try strict.firstUnknownKey(in: node) {
                throw DatasetError.malformed(file: name, reason: "field \(unknown.path): unknown field (known: \(unknown.known.joined(separator: ", ")))")
            }
            try checked(file: name) {
                try (value as? QuantityValidating)?.validateQuantities(path: "")
                if value is ModelParameterFile { try checkSpreads(in: text) }
            }
            return value
        } catch let error as DatasetError {
            throw error
        } catch let error as DecodingError {
            throw DatasetError.malformed(file: name, reason: describe(error))
        } catch let error as YamlError {
            throw DatasetError.malformed(file: name, reason: "malformed YAML: \(describe(error))")
        } catch {
            throw DatasetError.malformed(file: name, reason: "malformed YAML: \(excerpt(oneLine(String(describing: error))))")
        }
    }

    /// The largest data file read: 40 times the largest bundled one, and parsed in well under a second. A bigger file
    /// (10^5 regimen phases) is refused before the YAML parser spends minutes on it.
    public static let maxBytes = 1 << 20

    /// Runs `body`, a check of a decoded file, naming `file` in the one-line error of a value it refuses.
    public static func checked(file: String, _ body: () throws -> Void) throws {
        do { try body() } catch let DatasetError.invalidValue(path, reason) {
            throw DatasetError.malformed(file: file, reason: "\(path.isEmpty ? "" : "field \(path): ")\(reason)")
        }
    }

    /// Decoding errors as "field a.b.c: what is wrong", on one line.
    static func describe(_ error: DecodingError) -> String {
        // A key is the user's text too (an unknown one is named): each is an excerpt.
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? excerpt($0.stringValue) }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return "field \(parent.isEmpty ? "" : parent + ".")\(excerpt(key.stringValue)): missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "field \(path(context.codingPath)): \(oneLine(context.debugDescription))"
        case .dataCorrupted(let context):
            if let yaml = context.underlyingError as? YamlError { return "malformed YAML: " + describe(yaml) }
            let field = path(context.codingPath)
            return "\(field.isEmpty ? "" : "field \(field): ")\(oneLine(context.debugDescription))"
        @unknown default:
            return oneLine(String(describing: error))
        }
    }

    /// Yams errors as "line L, column C: problem", on one line.
    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return "line \(mark.line), column \(mark.column): \(excerpt(oneLine(detail)))"
        default:
            // A duplicate-key error quotes the whole document: an excerpt of it.
            return excerpt(oneLine(String(describing: error)))
        }
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// The longest quotation of a user's input an error message carries (a parser's report of the YAML, a cell).
    public static let excerptLength = 120

    /// A message with each '…'-quoted part (a value someone typed, in ArgumentParser's messages too) as an excerpt.
    public static func excerptingQuotes(_ message: String) -> String {
        message.split(separator: "'", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset % 2 == 1 ? excerpt($0.element) : String($0.element) }.joined(separator: "'")
    }

    /// `text` on one line, cut to ``excerptLength`` characters, with `…` where it was cut.
    public static func excerpt(_ text: some StringProtocol) -> String {
        let line = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: " ")
        return line.count <= excerptLength ? line : line.prefix(excerptLength) + "…"
    }
}
