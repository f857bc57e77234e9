import Cohort
import Foundation

/// A finished `trial` or `simulate` run folder, checked before anything reads it: the folder exists, its
/// manifest (written last) is there and readable, and every output the manifest lists is present.
public struct RunDirectory: Sendable {
    public enum Kind: String, Sendable {
        case trial, simulate
    }

    public let url: URL
    public let manifest: Manifest
    public let kind: Kind

    public init(path: String) throws(ReportError) {
        let fm = FileManager.default
        url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            if let staging = Self.stagingFolder(of: url) { throw .interrupted(path, staging: staging) }
            throw .noSuchFolder(path)
        }
        let manifestURL = url.appendingPathComponent(Manifest.fileName)
        guard let data = fm.contents(atPath: manifestURL.path) else { throw .noManifest(path) }
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw .badManifest(manifestURL.path, reason: Self.reason(error))
        }
        guard let kind = Kind(rawValue: manifest.command) else { throw .unsupportedCommand(path, command: manifest.command) }
        self.kind = kind
        let missing = manifest.outputs.filter { !fm.fileExists(atPath: url.appendingPathComponent($0).path) }
        guard missing.isEmpty else { throw .incomplete(path, missing: missing) }
    }

    /// The folder's name, used to name exported copies.
    public var name: String { url.lastPathComponent }

    public func contains(_ file: String) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(file).path)
    }

    /// A CSV of this run with the columns it must have.
    func table(_ file: String, columns: [String]) throws(ReportError) -> RunCSV {
        try RunCSV(url: url.appendingPathComponent(file), columns: columns)
    }

    /// A trial's CSV: a simulate run folder gets a one-line refusal that says what is needed.
    func trialTable(_ file: String, columns: [String], for what: String) throws(ReportError) -> RunCSV {
        guard kind == .trial else { throw .needsTrial(url.path, what: what, file: file) }
        return try table(file, columns: columns)
    }

    /// `.NAME.partial-PID`, the staging folder a killed run leaves beside its destination.
    private static func stagingFolder(of url: URL) -> String? {
        let parent = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).partial-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        return names.sorted().first { $0.hasPrefix(prefix) }.map { parent.appendingPathComponent($0).path }
    }

    /// A decoding error in a few words ("key 'seed' not found"), not Foundation's multi-line dump.
    private static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "key '\(key.stringValue)' not found"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted: return "not valid JSON"
        default: return "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
        }
    }
}
