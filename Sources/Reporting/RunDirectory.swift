import Foundation
import RunOutput

/// A finished `trial` or `simulate` run folder, checked before anything reads it (`FinishedRun`: the folder exists,
/// its manifest, written last, is readable, and every output the manifest lists is there in full).
public struct RunDirectory: Sendable {
    public enum Kind: String, Sendable {
        case trial, simulate
    }

    public let url: URL
    public let manifest: Manifest
    public let kind: Kind

    public init(path: String) throws(ReportError) {
        let run: FinishedRun
        do {
            run = try FinishedRun.load(path)
        } catch {
            switch error {
            case .noSuchFolder: throw .noSuchFolder(path)
            case .stagingOnly(let staging): throw .interrupted(path, staging: staging)
            case .noManifest: throw .noManifest(path)
            case .unreadableManifest(let reason):
                throw .badManifest(URL(fileURLWithPath: path).appendingPathComponent(Manifest.fileName).path, reason: reason)
            case .missingOutput(let name): throw .incomplete(path, missing: [name])
            case .cutShort(let name): throw .cutShort(path, file: name)
            case .changed(let name): throw .changed(path, file: name)
            }
        }
        // A merged run is a simulate run joined from its shards.
        let command = run.manifest.command == "merge" ? Kind.simulate.rawValue : run.manifest.command
        guard let kind = Kind(rawValue: command) else { throw .unsupportedCommand(path, command: run.manifest.command) }
        url = run.folder
        manifest = run.manifest
        self.kind = kind
    }

    /// The folder's name, used to name exported copies.
    public var name: String { url.lastPathComponent }

    public func contains(_ file: String) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(stored(file)).path)
    }

    /// How the run stored its tables (`simulate --gzip`: gzip).
    public var format: TableFormat { manifest.format ?? .csv }

    /// The name under which `table` (`tests.csv`) is stored: `tests.csv.gz` in a gzip run.
    public func stored(_ table: String) -> String { format.fileName(table) }

    /// A CSV of this run with the columns it must have, decompressed if it was stored gzip.
    func table(_ file: String, columns: [String]) throws(ReportError) -> RunCSV {
        let path = url.appendingPathComponent(stored(file)).path
        guard let data = FileManager.default.contents(atPath: path) else { throw .missingFile(path) }
        guard let text = format.decode(data) else {
            throw .malformed(file: stored(file), line: 1, problem: "not a complete gzip stream")
        }
        return try RunCSV(data: text, file: file, columns: columns)
    }

    /// A trial's CSV: a simulate run folder gets a one-line refusal that says what is needed.
    func trialTable(_ file: String, columns: [String], for what: String) throws(ReportError) -> RunCSV {
        guard kind == .trial else { throw .needsTrial(url.path, what: what, file: file) }
        return try table(file, columns: columns)
    }
}
