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
            }
        }
        guard let kind = Kind(rawValue: run.manifest.command) else { throw .unsupportedCommand(path, command: run.manifest.command) }
        url = run.folder
        manifest = run.manifest
        self.kind = kind
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
}
