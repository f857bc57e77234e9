import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What an existing path is, read with lstat(2): a symbolic link is itself, never what it points to.
enum PathKind: Equatable {
    case missing, regularFile, directory, symbolicLink, other

    init(_ url: URL) {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { self = .missing; return }
        switch info.st_mode & S_IFMT {
        case S_IFREG: self = .regularFile
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symbolicLink
        default: self = .other  // device nodes, FIFOs, sockets
        }
    }

    static func isDirectory(_ url: URL) -> Bool { PathKind(url) == .directory }

    /// A folder, or a symbolic link to one: what a parent of an output may be.
    static func leadsToFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// How a refusal names it.
    var noun: String {
        switch self {
        case .missing: "missing"
        case .regularFile: "a file"
        case .directory: "a folder"
        case .symbolicLink: "a symbolic link"
        case .other: "a device, FIFO or socket"
        }
    }
}

/// Which existing folder a run may replace at its destination.
///
/// LumbarSim replaces only what it wrote itself: a folder whose `manifest.json` says LumbarSim wrote it and that holds
/// nothing but the files that manifest lists (`study.yaml` and the copies in `inputs/` among them) and the figures
/// `lumbarsim plot` put in its `plots/`. A run folder of
/// the same command is replaced, as a rerun expects; one of another command only with `--force`; a folder holding
/// anything else — a user's notes, another tool's manifest — never, with or without `--force`.
public struct ReplacePolicy: Sendable {
    /// The command writing the folder (`simulate`, `trial`, `merge`); nil accepts a run folder of any command
    /// (an exported notebook's data folder, a copy of a run folder).
    public var command: String?
    public var force: Bool

    public init(command: String?, force: Bool = false) {
        self.command = command
        self.force = force
    }

    /// Refuses, in one line, to replace what exists at `destination` unless this policy allows it.
    func check(_ destination: URL) throws(OutputError) {
        let kind = PathKind(destination)
        switch kind {
        case .missing: return
        case .directory: break
        default: throw .refuseToReplace(destination.path, because: "it is \(kind.noun), not a LumbarSim run folder")
        }
        guard let manifest = Manifest.read(from: destination), manifest.tool == "lumbarsim" else {
            throw .refuseToReplace(destination.path, because: "it is not a LumbarSim run folder (no manifest.json of LumbarSim's)")
        }
        if let foreign = Self.foreignEntries(in: destination, manifest: manifest).first {
            throw .refuseToReplace(destination.path, because: "it holds '\(foreign)', which LumbarSim did not write (never replaced, even with --force)")
        }
        if let command, manifest.command != command, !force {
            throw .refuseToReplace(destination.path, because: "it is a '\(manifest.command)' run folder, not a '\(command)' one (--force replaces it)")
        }
    }

    /// The entries of a run folder that its manifest does not account for.
    static func foreignEntries(in folder: URL, manifest: Manifest) -> [String] {
        let fm = FileManager.default
        let own = Set(manifest.outputs + [Manifest.fileName])
        let entries = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return entries.flatMap { name -> [String] in
            let url = folder.appendingPathComponent(name)
            if name == plotsFolder, PathKind(url) == .directory {
                let figures = ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
                return figures.filter { !$0.hasSuffix(".svg") || PathKind(url.appendingPathComponent($0)) != .regularFile }
                    .map { "\(plotsFolder)/\($0)" }
            }
            if name == StudyFiles.inputsFolder, PathKind(url) == .directory {
                // The copies of the user's input files a study records: each must be one the manifest lists.
                let copies = ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).sorted().map { "\(name)/\($0)" }
                return copies.filter { !own.contains($0) || PathKind(folder.appendingPathComponent($0)) != .regularFile }
            }
            return own.contains(name) && PathKind(url) == .regularFile ? [] : [name]
        }
    }

    /// Where `lumbarsim plot` puts a run folder's figures by default.
    public static let plotsFolder = "plots"
}
