import Foundation
import LumbarDatasets

/// `lumbarsim merge`: joins the shard folders of one run into a single run folder whose tables are byte-identical
/// to the unsharded run's — each table's header once, then every shard's rows in shard order.
///
/// It refuses folders that are not finished `simulate` runs, shards of different runs (any row setting differs:
/// seed, cohort, subjects, arms, device, rate, ADC bits, parameter hash, version, commit, format), a different
/// shard count or chunk size (shards follow the chunk grid), a shard given twice or missing, and any shard file whose size or CRC-32 no longer matches its
/// manifest. The output is written all-or-nothing.
public enum RunMerge {
    /// Bytes copied per read.
    static let blockSize = 1 << 22

    public static func merge(_ folders: [URL], into destination: URL, commandLine: [String]) throws -> Manifest {
        let started = Date()
        let shards = try ordered(folders.map { $0.standardizedFileURL })
        let out = destination.standardizedFileURL
        if let clash = shards.first(where: { $0.folder.path == out.path }) {
            throw MergeError.outIsAShard(clash.folder.path)
        }
        let first = shards[0].manifest
        let format = first.format ?? .csv
        let folder = try RunFolder(destination: out, replacing: .init(command: "merge"))
        var files: [String: FileRecord] = [:]
        for (table, header) in zip(RunTables.fileNames, RunTables.headerLines) {
            let name = format.fileName(table)
            let headerBytes = format.encode(Data(header.utf8))
            let target = folder.staging.appendingPathComponent(name)
            var record = FileRecord(headerBytes)
            var digest = SHA256()
            headerBytes.withUnsafeBytes { digest.update($0) }
            do {
                let file = try OutputFile(creating: target)
                try file.write(headerBytes)
                for shard in shards { record.append(try copyBody(of: shard, name, header: headerBytes, to: file, digest: &digest)) }
                try file.sync()
                try file.close()
            } catch let error as POSIXFailure {
                throw OutputError.cannotWrite(out.appendingPathComponent(name).path, reason: error.reason)
            }
            record.sha256 = digest.hexDigest
            files[name] = record
        }
        var manifest = first
        manifest.command = "merge"
        manifest.commandLine = commandLine
        manifest.threads = 1
        manifest.resumed = nil
        manifest.performance = nil
        manifest.shard = Manifest.ShardInfo(.whole, cohortSubjects: first.subjects, chunkSize: first.chunkSize ?? first.subjects)
        manifest.samplesTotal = shards.reduce(0) { $0 + $1.manifest.samplesTotal }
        manifest.samplesComputed = shards.reduce(0) { $0 + ($1.manifest.samplesComputed ?? 0) }
        manifest.files = files
        manifest.mergedFrom = shards.map(\.folder.path)
        manifest.timingsS = ["merge": Date().timeIntervalSince(started)]
        manifest.startedAt = nil
        // Only what merge writes: a shard's study.yaml and inputs/ describe the shard, not the merged run.
        manifest.outputs = RunTables.fileNames.map(format.fileName) + [DataPackage.fileName, Manifest.fileName]
        try folder.write(DataPackage.fileName, RunTables.dataPackage(format: format).json())
        try manifest.recordProvenance(started: started, inputs: first.inputSHA256 ?? [:], tablesIn: folder.staging)
        try folder.write(Manifest.fileName, try manifest.json())
        try folder.commit()
        return manifest
    }

    struct ShardFolder {
        let folder: URL
        let manifest: Manifest
        let shard: Manifest.ShardInfo
    }

    /// The folders' manifests, checked against each other, in shard order.
    static func ordered(_ folders: [URL]) throws(MergeError) -> [ShardFolder] {
        guard !folders.isEmpty else { throw .noFolders }
        var shards: [ShardFolder] = []
        for folder in folders {
            guard let manifest = Manifest.read(from: folder) else { throw .notARun(folder.path) }
            guard manifest.command == "simulate", let shard = manifest.shard, manifest.files != nil else {
                throw .notAShard(folder.path)
            }
            shards.append(ShardFolder(folder: folder, manifest: manifest, shard: shard))
        }
        let first = shards[0]
        for other in shards.dropFirst() {
            if let difference = first.manifest.firstDifference(from: other.manifest) {
                throw .differentRuns(first.folder.path, other.folder.path, key: difference.key, first: difference.ours,
                                     other: difference.theirs)
            }
            // Shard ranges follow the chunk grid, so shards cut with other chunk sizes or counts do not fit together.
            for (key, mine, theirs) in [("shard count", first.shard.count, other.shard.count),
                                        ("chunk_size", first.manifest.chunkSize ?? 0, other.manifest.chunkSize ?? 0)] where mine != theirs {
                throw .differentRuns(first.folder.path, other.folder.path, key: key, first: String(mine), other: String(theirs))
            }
        }
        var byIndex: [Int: ShardFolder] = [:]
        for shard in shards {
            if let twin = byIndex[shard.shard.index] {
                throw .duplicateShard("\(shard.shard.index)/\(shard.shard.count)", twin.folder.path, shard.folder.path)
            }
            byIndex[shard.shard.index] = shard
        }
        let count = first.shard.count
        if let missing = (1...count).first(where: { byIndex[$0] == nil }) {
            let given = byIndex.keys.sorted().map { "\($0)/\(count)" }.joined(separator: ", ")
            throw .missingShard("\(missing)/\(count)", given: given)
        }
        let ordered = (1...count).map { byIndex[$0]! }
        // Consecutive shards cover the cohort without gap or overlap (guaranteed by the grid; checked regardless).
        var next = 0
        for shard in ordered {
            guard shard.shard.firstSubject == next else { throw .notAShard(shard.folder.path) }
            next += shard.shard.subjects
        }
        guard next == first.manifest.subjects else { throw .notAShard(ordered[count - 1].folder.path) }
        return ordered
    }

    /// Appends a shard table's rows (everything after its header) to `file`, checking the whole shard file against
    /// its manifest record on the way, and feeding the appended bytes to the merged table's `digest`. Returns the
    /// record of the bytes appended.
    static func copyBody(of shard: ShardFolder, _ name: String, header: Data, to file: OutputFile, digest: inout SHA256) throws -> FileRecord {
        let url = shard.folder.appendingPathComponent(name)
        guard let expected = shard.manifest.files?[name], let input = try? FileHandle(forReadingFrom: url) else {
            throw MergeError.damagedShard(url.path)
        }
        defer { try? input.close() }
        var whole = FileRecord(bytes: 0, crc32: CRC32())
        var body = FileRecord(bytes: 0, crc32: CRC32())
        var headerChecked = false
        while let block = try input.read(upToCount: blockSize), !block.isEmpty {
            whole.append(FileRecord(block))
            var rows = block
            if !headerChecked {
                // The header is far shorter than a block: it is all in the first one.
                guard block.starts(with: header) else { throw MergeError.damagedShard(url.path) }
                rows = block.subdata(in: block.startIndex + header.count..<block.endIndex)
                headerChecked = true
            }
            try file.write(rows)
            rows.withUnsafeBytes { digest.update($0) }
            body.append(FileRecord(rows))
        }
        guard headerChecked, whole.matches(expected) else { throw MergeError.damagedShard(url.path) }
        return body
    }
}

public enum MergeError: Error, Equatable, CustomStringConvertible {
    case noFolders
    case notARun(String)
    case notAShard(String)
    case differentRuns(String, String, key: String, first: String, other: String)
    case duplicateShard(String, String, String)
    case missingShard(String, given: String)
    case damagedShard(String)
    case outIsAShard(String)

    public var description: String {
        switch self {
        case .noFolders: return "merge: give the shard folders to join"
        case .notARun(let path): return "cannot merge \(path): not a LumbarSim run folder (no readable manifest.json)"
        case .notAShard(let path): return "cannot merge \(path): not a finished simulate run with a shard record"
        case .differentRuns(let a, let b, let key, let first, let other):
            return "cannot merge shards of different runs: \(b) has \(key) \(other), \(a) has \(key) \(first)"
        case .duplicateShard(let shard, let a, let b): return "cannot merge: shard \(shard) is given twice (\(a) and \(b))"
        case .missingShard(let shard, let given): return "cannot merge: shard \(shard) is missing (given: \(given))"
        case .damagedShard(let path):
            return "cannot merge: \(path) does not match its manifest (size or CRC-32): changed or copied incompletely"
        case .outIsAShard(let path): return "cannot merge into \(path): it is one of the shards; choose another --out"
        }
    }
}
