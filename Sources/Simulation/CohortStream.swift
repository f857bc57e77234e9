import Cohort
import Foundation
import LumbarNumerics
import RunOutput
import Synchronization

/// A cohort streamed through the engine in fixed-size chunks of subjects: draw → course through every arm (test
/// visits batched through the SIMD kernel) → the chunk's CSV rows → its chunk files. Threads claim whole chunks;
/// memory holds at most one chunk per thread, whatever the number of subjects.
///
/// Chunk k holds subjects `range.lowerBound + k·chunkSize ..< …+chunkSize` of this shard. Rows depend only on the
/// seed and the subject ids, so neither the chunk size, the thread count nor the shard layout changes a byte.
public struct CohortStream: Sendable {
    public let runner: CohortRunner
    /// The subject ids this process runs (a shard's slice, or the whole cohort).
    public let range: Range<Int>
    public let chunkSize: Int
    public let format: TableFormat

    /// Subjects per chunk unless told otherwise: a 64th of the cohort, so that small cohorts still give every
    /// core work, within 16 (two SIMD lane groups per test visit) and 1024 (per-chunk bookkeeping vanishes, and a
    /// stop request is honoured within seconds). It depends on the number of subjects alone, never on threads or
    /// shards.
    public static func defaultChunkSize(subjects: Int) -> Int {
        min(maxDefaultChunkSize, max(minDefaultChunkSize, (subjects + targetChunks - 1) / targetChunks))
    }

    static let targetChunks = 64
    static let minDefaultChunkSize = 16
    static let maxDefaultChunkSize = 1024

    public init(runner: CohortRunner, range: Range<Int>, chunkSize: Int, format: TableFormat) {
        precondition(chunkSize >= 1, "chunk size must be at least 1")
        self.runner = runner
        self.range = range
        self.chunkSize = chunkSize
        self.format = format
    }

    public var chunkCount: Int { (range.count + chunkSize - 1) / chunkSize }

    /// The subject ids of chunk `k`.
    public func subjects(inChunk k: Int) -> Range<Int> {
        let start = range.lowerBound + k * chunkSize
        return start..<min(range.upperBound, start + chunkSize)
    }

    /// Each table's header as stored.
    public var headers: [Data] { RunTables.headerLines.map { format.encode(Data($0.utf8)) } }

    /// Chunk `k`'s rows of the three tables (in ``RunTables/fileNames`` order) as stored, and what it counted.
    public func render(chunk k: Int) throws(CohortError) -> (tables: [Data], counts: RunCounts) {
        let outcomes = try runner.outcomes(subjects(inChunk: k))
        let armNames = runner.arms.map(\.name)
        var subjects = "", tests = "", visits = ""
        for outcome in outcomes {
            subjects += CSVTable.line(RunTables.subjectRow(outcome.subject))
            for row in RunTables.testRows(outcome, armNames: armNames) { tests += CSVTable.line(row) }
            for row in RunTables.outcomeRows(outcome, armNames: armNames) { visits += CSVTable.line(row) }
        }
        let tables = [subjects, tests, visits].map { format.encode(Data($0.utf8)) }
        return (tables, RunCounts(outcomes, settings: runner.course.test.settings))
    }

    /// Runs every chunk the store has not completed on `threads` threads, committing each as it finishes.
    /// Returns this process's counts; stops early (between chunks) once `stop` is requested. `progress` is called
    /// with the number of subjects done, earlier processes' chunks included.
    public func run(into store: ChunkStore, threads: Int, stop: StopFlag,
                    progress: (@Sendable (Int) -> Void)? = nil) throws -> RunCounts {
        BLASThreads.set(1)  // our threads do the parallel work; OpenBLAS's own would compete for the cores
        let done = Set(store.completed.map(\.index))
        let pending = (0..<chunkCount).filter { !done.contains($0) }
        let alreadyDone = store.completed.reduce(0) { $0 + $1.counts.subjects }
        let total = Mutex(RunCounts())
        progress?(alreadyDone)
        _ = try ParallelMap.partialMap(count: pending.count, threads: threads, shouldStop: { stop.isRequested }) { slot in
            let (tables, counts) = try render(chunk: pending[slot])
            try store.commit(chunk: pending[slot], tables: tables, counts: counts)
            let finished = total.withLock { sum in
                sum = sum + counts
                return sum.subjects
            }
            progress?(alreadyDone + finished)
        }
        return total.withLock { $0 }
    }
}
