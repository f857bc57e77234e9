import ArgumentParser
import Foundation
import LumbarDatasets

/// A study file as `lumbarsim run` reads it: `command:` (simulate or trial) and that command's options, each key its
/// long option with `_` for `-` (`per_arm: 30`, `test_weeks: [0, 12]`, `regimen: [stretching, my-regimen.yaml]`).
/// It becomes the command's own argument list, so the command line's checks and defaults apply unchanged; relative
/// file paths are read from the study file's folder.
struct StudyFile {
    let path: String
    let command: StudyCommand
    let values: [String: StudyValue]

    init(path: String) throws {
        self.path = path
        let document = try DataFile.decode(StudyDocument.self, from: URL(fileURLWithPath: path), displayName: path)
        command = document.command
        values = document.values
    }

    /// The command's arguments, the study's `out` left out when `out` is given here.
    func arguments(out: String?) -> [String] {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var arguments: [String] = []
        for key in command.keys {
            guard let value = values[key.name], !(key.name == "out" && out != nil) else { continue }
            let items = value.items.map { key.isPath ? Self.resolve($0, against: folder) : $0 }
            switch key.kind {
            case .flag: if value.items == ["true"] { arguments.append(key.option) }
            // `--option=value`, so that a value starting with `-` stays a value (and is checked as one).
            case .list: arguments += items.map { "\(key.option)=\($0)" }
            case .value: arguments.append("\(key.option)=\(items.joined(separator: ","))")
            }
        }
        return arguments + (out.map { ["--out", $0] } ?? [])
    }

    /// A file path relative to the study file's folder; names (no `/`, no `.yaml`) and absolute paths stay as given.
    static func resolve(_ value: String, against folder: URL) -> String {
        let isFile = value.contains("/") || value.hasSuffix(".yaml") || value.hasSuffix(".yml")
        guard isFile, !value.hasPrefix("/") else { return value }
        return folder.appendingPathComponent(value).standardizedFileURL.path
    }

    /// Parses the study as `T`'s command line; a refusal names the file and the key whose option it is about.
    func parse<T: ParsableCommand>(_ type: T.Type, out: String?, extra: [String]) throws -> T {
        do {
            return try T.parse(arguments(out: out) + extra)
        } catch {
            throw refusal(T.message(for: error))
        }
    }

    /// Runs `body` (the command's checks), naming this file and the key in any usage error it throws.
    func naming<R>(_ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as DatasetError {
            if case .malformed = error { throw error }  // a data file's error names that file
            throw refusal(String(describing: error))
        } catch {
            throw refusal(String(describing: error))
        }
    }

    /// `FILE: field KEY: message` when the message is about one of the study's options (the first it names), else
    /// `FILE: message`.
    func refusal(_ message: String) -> UsageError {
        let line = DataFile.excerptingQuotes(message.split(whereSeparator: \.isNewline).first.map(String.init) ?? message)
        let named = line.split(whereSeparator: { !($0.isLetter || $0 == "-") }).filter { $0.hasPrefix("--") }
        let key = named.lazy.compactMap { option in self.command.keys.first { $0.option == option && self.values[$0.name] != nil } }.first
        return UsageError("\(path): " + (key.map { "field \($0.name): " } ?? "") + line)
    }
}

/// The commands a study file can describe, with the keys each accepts.
enum StudyCommand: String, CaseIterable, Decodable {
    case simulate, trial

    var keys: [StudyKey] {
        let population = [StudyKey("seed"), StudyKey("datasets", path: true), StudyKey("device", path: true),
                          StudyKey("rate"), StudyKey("adc_bits"), StudyKey("out")]
        switch self {
        case .simulate:
            return [StudyKey("cohort", path: true), StudyKey("subjects"), StudyKey("regimen", .list, path: true),
                    StudyKey("test_weeks"), StudyKey("chunk_size"), StudyKey("shard"), StudyKey("gzip", .flag), StudyKey("uncertainty")] + population
        case .trial:
            return [StudyKey("arm", .list, path: true), StudyKey("reference"), StudyKey("cohort", .list, path: true),
                    StudyKey("per_arm"), StudyKey("randomisation"), StudyKey("adherence"), StudyKey("dropout"),
                    StudyKey("follow_up_weeks"), StudyKey("power"), StudyKey("power_trials"), StudyKey("outcome", .list),
                    StudyKey("instrument"), StudyKey("power_instrument"), StudyKey("uncertainty")] + population
        }
    }
}

/// One key of a study file and the option it stands for.
struct StudyKey {
    enum Kind { case value, list, flag }
    let name: String
    let kind: Kind
    /// A bundled name or a file, whose relative path is read from the study file's folder.
    let isPath: Bool

    init(_ name: String, _ kind: Kind = .value, path: Bool = false) {
        self.name = name
        self.kind = kind
        isPath = path
    }

    var option: String { "--" + name.replacingOccurrences(of: "_", with: "-") }
}

/// A value as the file gives it: one scalar, or a list (of the values a repeated option takes, or of the items of a
/// comma-separated one such as `test_weeks` and `power`).
struct StudyValue: Decodable {
    let items: [String]

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([String].self) { items = list } else { items = [try container.decode(String.self)] }
    }
}

/// The file's top level, strictly: `command` first, then only the keys that command accepts.
private struct StudyDocument: Decodable {
    let command: StudyCommand
    let values: [String: StudyValue]

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        let commandKey = AnyCodingKey("command")
        let name = try container.decode(String.self, forKey: commandKey)
        guard let command = StudyCommand(rawValue: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [commandKey], debugDescription:
                "unknown command '\(name.prefix(40))' (known: \(StudyCommand.allCases.map(\.rawValue).joined(separator: ", ")))"))
        }
        self.command = command
        let keys = command.keys
        var values: [String: StudyValue] = [:]
        for codingKey in container.allKeys where codingKey.stringValue != "command" {
            guard let key = keys.first(where: { $0.name == codingKey.stringValue }) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [codingKey], debugDescription:
                    "unknown field for a \(command) study (known: command, \(keys.map(\.name).joined(separator: ", ")))"))
            }
            if key.kind == .flag {
                values[key.name] = StudyValue(flag: try container.decode(Bool.self, forKey: codingKey))
            } else {
                values[key.name] = try container.decode(StudyValue.self, forKey: codingKey)
            }
        }
        self.values = values
    }
}

private extension StudyValue {
    init(flag: Bool) { items = [String(flag)] }
}
