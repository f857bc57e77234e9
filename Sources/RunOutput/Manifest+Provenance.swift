import BuildStamp
import CZlib
import Foundation
import LumbarDatasets
import LumbarNumerics

/// The build that made a run: commit and dirty flag as embedded at build time, the toolchain, and the numerical and
/// compression libraries linked at run time.
public struct BuildRecord: Codable, Equatable, Sendable {
    public var gitCommit: String
    public var gitDirty: Bool?
    public var swift: String
    public var openblas: String
    public var lapack: String
    public var zlib: String

    /// This process's build and libraries.
    public static var current: BuildRecord {
        BuildRecord(gitCommit: BuildStamp.commit, gitDirty: BuildStamp.dirty, swift: BuildStamp.compiler,
                    openblas: LinearAlgebraLibrary.openBLAS, lapack: LinearAlgebraLibrary.lapack, zlib: String(cString: zlibVersion()))
    }

    enum CodingKeys: String, CodingKey {
        case gitCommit = "git_commit", gitDirty = "git_dirty", swift, openblas, lapack, zlib
    }
}

extension Manifest {
    /// Records what a reviewer needs to check the run, outside the tables (so they stay byte-identical): the build,
    /// start (kept from the plan when a resumed run recorded it) and end (UTC, ISO 8601), the host's cores, the SHA-256 of every input by content (`inputs`, name →
    /// digest) and of every output file: tables whose record already has one (digested as they were written) keep
    /// it, the others are read back from `folder`.
    public mutating func recordProvenance(started: Date, inputs: [String: String], tablesIn folder: URL) throws {
        build = .current
        startedAt = startedAt ?? Self.timestamp(started)
        hostCores = ProcessInfo.processInfo.activeProcessorCount
        inputSHA256 = inputs
        var records = files ?? [:]
        for name in outputs where name != Manifest.fileName {
            let url = folder.appendingPathComponent(name)
            var record = try records[name] ?? FileRecord(Data(contentsOf: url))
            if record.sha256 == nil { record.sha256 = try SHA256.hex(fileAt: url) }
            records[name] = record
        }
        files = records
        finishedAt = Self.timestamp(Date())
    }

    public static func timestamp(_ date: Date) -> String {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime]
        format.timeZone = TimeZone(identifier: "UTC")
        return format.string(from: date)
    }
}
