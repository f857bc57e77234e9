import Foundation
import LumbarDatasets
import RunOutput

/// The canonical `study.yaml` of a run, whether it came from a study file or the command line: every setting that
/// decides the rows, in the keys `lumbarsim run` reads. The user's own YAML files (not bundled names) are copied
/// into `inputs/` and the study names the copies, so the run folder alone reruns it.
struct StudyRecord {
    private var lines: [String]
    private var inputs: [(name: String, data: Data)] = []
    /// Where bundled names are looked up; nil when the datasets cannot be found (the run then refuses anyway).
    private let store: DatasetStore?

    init(command: StudyCommand, datasets: String?) {
        lines = ["# lumbarsim run study.yaml --out OTHER reproduces this run's tables byte for byte.",
                 "command: \(command.rawValue)"]
        store = try? DatasetStore.locate(explicit: datasets)
        if datasets != nil, let store { add("datasets", text: store.root.path) }
    }

    /// The study file and its inputs, as the run folder keeps them.
    var files: StudyFiles { StudyFiles(study: Data((lines.joined(separator: "\n") + "\n").utf8), inputs: inputs) }

    mutating func add(_ key: String, text: String?) {
        if let text { lines.append("\(key): \(Self.quoted(text))") }
    }

    mutating func add(_ key: String, number: (any CustomStringConvertible)?) {
        if let number { lines.append("\(key): \(number)") }
    }

    mutating func add(_ key: String, list: [String]) {
        if !list.isEmpty { lines.append("\(key): [\(list.map(Self.quoted).joined(separator: ", "))]") }
    }

    mutating func add(_ key: String, numbers: [Int]?) {
        if let numbers { lines.append("\(key): [\(numbers.map(String.init).joined(separator: ", "))]") }
    }

    /// Names or files of a data kind (`cohorts`, `device`, `regimens`): a user's file is copied into `inputs/`.
    mutating func add(_ key: String, files: [String], in folder: String, kind: String, single: Bool = false) {
        let values = files.map { copyIfUsers($0, in: folder, kind: kind) }
        if single, let value = values.first { add(key, text: value) } else { add(key, list: values) }
    }

    /// `inputs/NAME` for a user's file (NAME its file name, numbered when two files share one), else the name.
    private mutating func copyIfUsers(_ value: String, in folder: String, kind: String) -> String {
        guard let store, let url = try? store.resolve(value, in: folder, kind: kind), store.relativeName(url) == url.path,
              let data = FileManager.default.contents(atPath: url.path) else { return value }
        if let same = inputs.first(where: { $0.data == data }) { return "\(StudyFiles.inputsFolder)/\(same.name)" }
        var name = url.lastPathComponent
        if inputs.contains(where: { $0.name == name }) { name = "\(inputs.count + 1)-\(name)" }
        inputs.append((name, data))
        return "\(StudyFiles.inputsFolder)/\(name)"
    }

    /// A YAML double-quoted scalar (JSON's escapes are YAML's).
    private static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return String(decoding: (try? encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
