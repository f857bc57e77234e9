import Foundation

/// How a run was asked for, kept in its folder beside the tables: `study.yaml` (every setting that decides the rows,
/// as `lumbarsim run` reads it) and copies of the user's own YAML files it names, in `inputs/`, so the folder alone
/// reruns the study. They are not tables: the tables' bytes never depend on them.
public struct StudyFiles: Sendable {
    public static let studyName = "study.yaml"
    public static let inputsFolder = "inputs"

    /// File names relative to the run folder (`study.yaml`, `inputs/my-regimen.yaml`) and their contents.
    public private(set) var files: [(name: String, data: Data)] = []

    public init() {}

    public init(study: Data, inputs: [(name: String, data: Data)]) {
        files = [(Self.studyName, study)] + inputs.map { ("\(Self.inputsFolder)/\($0.name)", $0.data) }
    }

    /// The names a manifest lists among its outputs.
    public var names: [String] { files.map(\.name) }

    /// Writes the files into a staging folder (creating `inputs/` when needed); with `outputs`, only those it lists
    /// (a resumed run writes only what the plan it started with recorded).
    public func write(into folder: URL, listedIn outputs: [String]? = nil) throws(OutputError) {
        for (name, data) in files where outputs?.contains(name) ?? true {
            let url = folder.appendingPathComponent(name)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw .cannotCreate(url.deletingLastPathComponent().path, reason: RunFolder.reason(error))
            }
            try AtomicFile.write(data, to: url)
        }
    }
}
