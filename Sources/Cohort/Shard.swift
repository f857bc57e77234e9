/// One slice of a cohort, `--shard i/N`: shards are numbered from 1 to N (as Slurm array tasks `--array=1-N`
/// are), and shard i runs subjects `⌊(i−1)·S/N⌋ ..< ⌊i·S/N⌋` of S. Every subject's streams depend only on the
/// seed and its id, so the shards' rows, joined in order, are the rows of the whole run.
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

    /// The subject ids of this shard in a cohort of `subjects`.
    public func subjects(of subjects: Int) -> Range<Int> {
        (index - 1) * subjects / count ..< index * subjects / count
    }

    public var description: String { "\(index)/\(count)" }
}

public enum ShardError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case noShards(String)
    case outOfRange(String, count: Int)
    case moreShardsThanSubjects(shards: Int, subjects: Int)

    public var description: String {
        switch self {
        case .malformed(let text): return "--shard \(text): expected i/N, e.g. --shard 3/8 (shards are numbered 1 to N)"
        case .noShards(let text): return "--shard \(text): the number of shards N must be at least 1"
        case .outOfRange(let text, let count):
            return "--shard \(text): shards are numbered 1 to \(count), so i must be within 1-\(count)"
        case .moreShardsThanSubjects(let shards, let subjects):
            return "--shard: \(shards) shards for \(subjects) subjects would leave shards empty; use at most \(subjects) shards"
        }
    }
}
