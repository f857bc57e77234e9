import Cohort
import Foundation
import LumbarDatasets

/// A finished `lumbarsim trial` run folder, checked complete before anything reads it: commands that read a run
/// (plots, notebook export) load it through here.
public struct TrialRun: Sendable {
    public let folder: URL
    public let manifest: Manifest

    /// Whether the run includes a power analysis (`power.csv`).
    public var hasPower: Bool { manifest.outputs.contains(TrialTables.power) }

    /// The run at `path`, or a one-line error: no such folder, a staging folder or a folder without
    /// `manifest.json` (an interrupted run: the manifest is written last), the manifest of another command, or an
    /// output the manifest lists that is missing or cut short.
    public static func load(_ path: String) throws(TrialError) -> TrialRun {
        let run: FinishedRun
        do {
            run = try FinishedRun.load(path)
        } catch {
            switch error {
            case .noSuchFolder: throw .notARunFolder(path)
            case .stagingOnly: throw .incompleteRun(path, reason: "only the staging folder of an unfinished run exists")
            case .noManifest: throw .incompleteRun(path, reason: "\(Manifest.fileName) is missing")
            case .unreadableManifest: throw .incompleteRun(path, reason: "\(Manifest.fileName) is not a readable manifest")
            case .missingOutput(let name): throw .incompleteRun(path, reason: "\(name) is missing")
            case .cutShort(let name): throw .incompleteRun(path, reason: "\(name) is cut short")
            }
        }
        guard run.manifest.command == "trial" else {
            throw .unreadableRun(path, reason: "a `\(run.manifest.command)` run, not a trial run")
        }
        return TrialRun(folder: run.folder, manifest: run.manifest)
    }

    /// The rows of one of the run's CSV files keyed by column, after checking its header begins with `columns`.
    public func table(_ name: String, columns: [String]) throws(TrialError) -> [[String: String]] {
        guard manifest.outputs.contains(name), let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
            throw .unreadableRun(folder.path, reason: "the run has no \(name)")
        }
        let rows = CSVReader.rows(String(decoding: data, as: UTF8.self))
        guard let header = rows.first, header.starts(with: columns) else {
            throw .unreadableRun(folder.path, reason: "\(name) does not have the columns \(columns.joined(separator: ","))")
        }
        if let short = rows.dropFirst().firstIndex(where: { $0.count != header.count }) {
            throw .incompleteRun(folder.path, reason: "\(name) line \(short + 1) has the wrong number of fields")
        }
        return CSVReader.records(String(decoding: data, as: UTF8.self))
    }
}
