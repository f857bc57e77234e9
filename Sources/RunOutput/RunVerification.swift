import Foundation
import LumbarDatasets

/// `lumbarsim verify`: recomputes the digest of every table a run folder's manifest lists and says, one line per
/// table, what no longer matches. Runs of earlier versions recorded only size and CRC-32; those are checked instead.
public enum RunVerification {
    /// What was checked and what did not match, each problem in one line naming the table.
    public struct Report: Sendable {
        public var verified: [String] = []
        public var problems: [String] = []
    }

    /// Why a folder cannot be verified at all.
    public enum Refusal: Error, CustomStringConvertible {
        case notAFolder(String)
        case noManifest(String)
        case unreadableManifest(String)

        public var description: String {
            switch self {
            case .notAFolder(let path): return "\(path): not a folder"
            case .noManifest(let path): return "\(path): no manifest.json, so not a LumbarSim run folder"
            case .unreadableManifest(let path): return "\(path)/manifest.json: not a LumbarSim manifest"
            }
        }
    }

    public static func check(_ folder: URL) throws(Refusal) -> Report {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notAFolder(folder.path)
        }
        let manifestURL = folder.appendingPathComponent(Manifest.fileName)
        guard FileManager.default.fileExists(atPath: manifestURL.path) else { throw .noManifest(folder.path) }
        guard let manifest = Manifest.read(from: folder) else { throw .unreadableManifest(folder.path) }
        var report = Report()
        for name in manifest.outputs where name != Manifest.fileName {
            let url = folder.appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                  let size = (attributes[.size] as? NSNumber)?.intValue else {
                report.problems.append("\(name): missing")
                continue
            }
            guard let record = manifest.files?[name] else {
                report.problems.append("\(name): the manifest records no checksum for it (a run of an earlier version)")
                continue
            }
            if size != record.bytes {
                report.problems.append("\(name): \(size) bytes, the manifest records \(record.bytes)")
            } else if let digest = record.sha256 {
                guard let actual = try? SHA256.hex(fileAt: url) else {
                    report.problems.append("\(name): unreadable")
                    continue
                }
                if actual == digest { report.verified.append(name) } else {
                    report.problems.append("\(name): SHA-256 differs from the manifest's (changed after the run)")
                }
            } else if let data = try? Data(contentsOf: url), CRC32(data) == record.crc32 {
                report.verified.append(name)
            } else {
                report.problems.append("\(name): CRC-32 differs from the manifest's (changed after the run)")
            }
        }
        return report
    }
}
