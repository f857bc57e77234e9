import Foundation

/// A run folder as its readers (plots, notebooks) need it: finished. `RunFolder` writes the manifest last and
/// renames the folder into place, so a folder that exists, has a readable manifest, and holds every output the
/// manifest lists, each ending in a newline, is a complete run.
public struct FinishedRun: Sendable {
    public let folder: URL
    public let manifest: Manifest

    /// Why a folder is not a finished run. Readers word these for their users.
    public enum Problem: Error, Equatable {
        case noSuchFolder
        /// Only `.NAME.partial-PID` (the path given) exists beside the destination: the run was killed.
        case stagingOnly(String)
        case noManifest
        case unreadableManifest(reason: String)
        case missingOutput(String)
        case cutShort(String)
        /// The table's size is as recorded but its CRC-32 is not: it was edited or damaged after the run.
        case changed(String)
    }

    public static func load(_ path: String) throws(Problem) -> FinishedRun {
        let folder = URL(fileURLWithPath: path).standardizedFileURL
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            let parent = folder.deletingLastPathComponent(), prefix = ".\(folder.lastPathComponent).partial-"
            if let staging = ((try? fm.contentsOfDirectory(atPath: parent.path)) ?? []).sorted().first(where: { $0.hasPrefix(prefix) }) {
                throw .stagingOnly(parent.appendingPathComponent(staging).path)
            }
            throw .noSuchFolder
        }
        guard let data = fm.contents(atPath: folder.appendingPathComponent(Manifest.fileName).path) else { throw .noManifest }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw .unreadableManifest(reason: Self.reason(error))
        }
        // The manifest is read above; a table is whole and unchanged when its recorded size and CRC-32 match
        // (streamed runs record both) or, without a record, when it ends its last line.
        for name in manifest.outputs where name != Manifest.fileName {
            guard let contents = fm.contents(atPath: folder.appendingPathComponent(name).path) else { throw .missingOutput(name) }
            if let record = manifest.files?[name] {
                guard contents.count == record.bytes else { throw .cutShort(name) }
                guard CRC32(contents) == record.crc32 else { throw .changed(name) }
            } else {
                guard contents.last == UInt8(ascii: "\n") else { throw .cutShort(name) }
            }
        }
        return FinishedRun(folder: folder, manifest: manifest)
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
