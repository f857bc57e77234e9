import Foundation
import LumbarDatasets
#if canImport(Glibc)
import Glibc
#endif

/// What a process has to remember about a streamed run in progress, inside the run's staging folder: each finished
/// chunk's tables under `chunks/`, and `chunks.json`, the run's settings and the chunks completed so far.
///
/// A chunk's files are written and flushed first, then the record is rewritten atomically and flushed: after a
/// SIGKILL or a power loss every chunk in the record is complete on disk, and a chunk missing from it is simply
/// computed again (with the same bytes). A lock file keeps a second process out while one is writing.
public final class ChunkStore: @unchecked Sendable {
    public static let recordName = "chunks.json"
    static let lockName = "lock"
    static let chunksFolderName = "chunks"

    public let folder: URL
    let chunksFolder: URL
    private let mutex = NSLock()
    private var record: Record
    private var lockDescriptor: Int32 = -1

    /// One finished chunk: its tables' sizes and checksums, and what it counted.
    public struct Chunk: Codable, Equatable, Sendable {
        public var index: Int
        public var counts: RunCounts
        public var files: [String: FileRecord]
    }

    struct Record: Codable {
        /// The run's manifest as planned (no timings or results yet): what a resume must match.
        var manifest: Manifest
        var chunkCount: Int
        var completed: [Chunk]

        enum CodingKeys: String, CodingKey { case manifest, chunkCount = "chunk_count", completed }
    }

    /// Starts the record of a new run in `folder` (a new staging folder, or one whose run was killed before it
    /// wrote its record).
    public init(creating folder: URL, plan: Manifest, chunkCount: Int) throws(RunStateError) {
        self.folder = folder
        chunksFolder = folder.appendingPathComponent(Self.chunksFolderName)
        record = Record(manifest: plan, chunkCount: chunkCount, completed: [])
        try makeChunksFolder()
        try acquireLock()
        try save()
    }

    /// Opens the record an interrupted run left in `folder`. Chunks whose files no longer match the record
    /// (size or CRC-32) are dropped from it, to be computed again.
    public init(opening folder: URL, destination: URL) throws(RunStateError) {
        self.folder = folder
        chunksFolder = folder.appendingPathComponent(Self.chunksFolderName)
        let url = folder.appendingPathComponent(Self.recordName)
        guard let data = try? Data(contentsOf: url) else { throw .notARun(destination.path) }
        do {
            record = try JSONDecoder().decode(Record.self, from: data)
        } catch {
            throw .damaged(url.path)
        }
        try acquireLock()
        // A deleted chunks/ folder loses its chunks, not the run: they are computed again.
        try makeChunksFolder()
        let format = record.manifest.format ?? .csv
        record.completed = record.completed.filter { chunk in
            chunk.files.allSatisfy { table, expected in
                (try? Data(contentsOf: chunkFile(chunk.index, table, format))).map(FileRecord.init) == expected
            }
        }
    }

    private func makeChunksFolder() throws(RunStateError) {
        do {
            try FileManager.default.createDirectory(at: chunksFolder, withIntermediateDirectories: true)
        } catch {
            throw .io(.cannotCreate(chunksFolder.path, reason: error.osReason))
        }
    }

    deinit {
        if lockDescriptor >= 0 { close(lockDescriptor) }
    }

    /// The run's settings as recorded when it started.
    public var plan: Manifest { mutex.withLock { record.manifest } }

    /// The plan an interrupted run recorded in its staging `folder`, read without opening the store; nil without one.
    public static func recordedPlan(in folder: URL) -> Manifest? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(recordName)) else { return nil }
        return (try? JSONDecoder().decode(Record.self, from: data))?.manifest
    }

    public var chunkCount: Int { mutex.withLock { record.chunkCount } }

    public var completed: [Chunk] { mutex.withLock { record.completed } }

    /// Records one more resume of the run.
    public func noteResumed() throws(RunStateError) {
        mutex.withLock { record.manifest.resumed = (record.manifest.resumed ?? 0) + 1 }
        try save()
    }

    /// Stores a finished chunk's tables (in ``ChunkStore/tables`` order) and records it.
    public func commit(chunk index: Int, tables: [Data], counts: RunCounts) throws(RunStateError) {
        let format = plan.format ?? .csv
        var files: [String: FileRecord] = [:]
        for (table, data) in zip(RunTables.fileNames, tables) {
            do {
                try AtomicFile.write(data, to: chunkFile(index, table, format), durable: true)
            } catch {
                throw .io(error)
            }
            files[table] = FileRecord(data)
        }
        mutex.withLock {
            record.completed.append(Chunk(index: index, counts: counts, files: files))
            record.completed.sort { $0.index < $1.index }
        }
        try save()
    }

    /// Joins the chunks into the final tables in the staging folder: each table's header, then its chunks in
    /// order. Returns each table's size and CRC-32 (combined from the chunks', without reading them again) and its
    /// SHA-256, taken from the bytes as they are written.
    public func assemble(headers: [Data]) throws(RunStateError) -> [String: FileRecord] {
        let format = plan.format ?? .csv
        let chunks = completed
        precondition(chunks.map(\.index) == Array(0..<chunkCount), "assembling an incomplete run")
        var records: [String: FileRecord] = [:]
        for (table, header) in zip(RunTables.fileNames, headers) {
            let name = format.fileName(table)
            let destination = folder.appendingPathComponent(name)
            let partial = folder.appendingPathComponent(".\(name).partial")
            var total = FileRecord(header)
            var digest = SHA256()
            do {
                let out = try OutputFile(creating: partial)
                try out.write(header)
                header.withUnsafeBytes { digest.update($0) }
                for chunk in chunks {
                    let data = try Data(contentsOf: chunkFile(chunk.index, table, format))
                    try out.write(data)
                    data.withUnsafeBytes { digest.update($0) }
                    if let record = chunk.files[table] { total.append(record) }
                }
                try out.sync()
                try out.close()
                try OutputFile.rename(partial, to: destination, durable: true)
            } catch {
                unlink(partial.path)
                throw .io(.cannotWrite(destination.path, reason: error.osReason))
            }
            total.sha256 = digest.hexDigest
            records[name] = total
        }
        return records
    }

    /// Removes the chunks, the record and the lock once the final tables and manifest are in place.
    public func removeWorkFiles() { Self.removeWorkFiles(in: folder) }

    /// The same for a staging folder whose store is not open (a run killed while finishing); also removes the
    /// temporary files of writes a killed process left unfinished.
    public static func removeWorkFiles(in folder: URL) {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where [chunksFolderName, recordName, lockName].contains(name) || name.hasPrefix(".") {
            try? fm.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// Whether `folder` holds a chunk record (a staging folder without one was killed before its first write).
    public static func hasRecord(in folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(recordName).path)
    }

    /// Where a chunk's table lives: `chunks/00000012.tests.csv` (`.gz` when gzip).
    func chunkFile(_ index: Int, _ table: String, _ format: TableFormat) -> URL {
        let number = String(index)
        let padded = String(repeating: "0", count: max(0, 8 - number.count)) + number
        return chunksFolder.appendingPathComponent(padded + "." + format.fileName(table))
    }

    /// Rewrites the record; the lock is held throughout, so a later record is never overwritten by an earlier one.
    private func save() throws(RunStateError) {
        mutex.lock()
        defer { mutex.unlock() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(record)
        } catch {
            throw .damaged("\(folder.path)/\(Self.recordName): \(error)")
        }
        do {
            try AtomicFile.write(data, to: folder.appendingPathComponent(Self.recordName), durable: true)
        } catch {
            throw .io(error)
        }
    }

    /// An exclusive lock on the staging folder, released by the kernel when the process ends (however it ends).
    private func acquireLock() throws(RunStateError) {
        let path = folder.appendingPathComponent(Self.lockName).path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(.cannotWrite(path, reason: String(cString: strerror(errno)))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .busy(folder.path)
        }
        lockDescriptor = fd
    }
}

/// Why a streamed run cannot start, resume or be recorded.
public enum RunStateError: Error, Equatable, CustomStringConvertible {
    case notARun(String)
    case damaged(String)
    case busy(String)
    case differs(String, key: String, recorded: String, given: String)
    case io(OutputError)

    public var description: String {
        switch self {
        case .notARun(let path):
            return "cannot resume \(path): there is no unfinished or finished LumbarSim run there"
        case .damaged(let path): return "cannot resume: the run record \(path) is damaged"
        case .busy(let path): return "another lumbarsim process is writing \(path); wait for it or stop it first"
        case .differs(let path, let key, let recorded, let given):
            return "cannot resume \(path): it was started with \(key) \(recorded), this command gives \(given)"
        case .io(let error): return error.description
        }
    }
}
