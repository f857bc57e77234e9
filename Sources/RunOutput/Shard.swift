/// One slice of a cohort, `--shard i/N`: shards are numbered from 1 to N (as Slurm array tasks `--array=1-N`
/// are). The cohort's S subjects form K = ⌈S/C⌉ chunks of C (the last one shorter), on one grid whatever the
/// sharding; shard i runs chunks `⌊(i−1)·K/N⌋ ..< ⌊i·K/N⌋`. Every subject's streams depend only on the seed and
/// its id, and every chunk is the same in any layout, so the shards' rows, joined in order, are the whole run's —
/// even gzip members (one per chunk) come out the same.
public struct Shard: Codable, Equatable, Sendable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The whole cohort as one shard.
    public static let whole = Shard(validIndex: 1, count: 1)

    private init(validIndex: Int, count: Int) {
        index = validIndex
        self.count = count
    }

    /// `i/N` as typed after `--shard`.
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { throw .malformed(text) }
        guard count >= 1 else { throw .noShards(text) }
        guard (1...count).contains(index) else { throw .outOfRange(text, count: count) }
        self.init(validIndex: index, count: count)
    }

    /// The subject ids of this shard in a cohort of `subjects` cut into chunks of `chunkSize`.
    public func subjects(of subjects: Int, chunkSize: Int) -> Range<Int> {
        let chunks = Self.chunkCount(subjects: subjects, chunkSize: chunkSize)
        let first = (index - 1) * chunks / count, end = index * chunks / count
        return min(subjects, first * chunkSize)..<min(subjects, end * chunkSize)
    }

    public static func chunkCount(subjects: Int, chunkSize: Int) -> Int { (subjects + chunkSize - 1) / chunkSize }

    public var description: String { "\(index)/\(count)" }
}

public enum ShardError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case noShards(String)
    case outOfRange(String, count: Int)
    case moreShardsThanChunks(shards: Int, chunks: Int, subjects: Int, chunkSize: Int)

    public var description: String {
        switch self {
        case .malformed(let text): return "--shard \(text): expected i/N, e.g. --shard 3/8 (shards are numbered 1 to N)"
        case .noShards(let text): return "--shard \(text): the number of shards N must be at least 1"
        case .outOfRange(let text, let count):
            return "--shard \(text): shards are numbered 1 to \(count), so i must be within 1-\(count)"
        case .moreShardsThanChunks(let shards, let chunks, let subjects, let chunkSize):
            return "--shard: \(subjects) subjects in chunks of \(chunkSize) are \(chunks) chunk(s), too few for \(shards) shards; " +
                "use at most \(chunks) shards or a smaller --chunk-size"
        }
    }
}
