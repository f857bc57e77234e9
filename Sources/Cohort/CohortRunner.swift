import Dispatch
import Device
import LumbarNumerics
import Physiology
import Synchronization

/// One subject's outcome of a baseline run: who they are and what the machine reported.
public struct SubjectOutcome: Sendable {
    public var subject: SubjectParameters
    public var baseline: IsometricResult
}

/// Runs a cohort through the baseline isometric test on several threads.
///
/// Work is handed out in chunks from an atomic counter; every subject draws from its own streams and writes
/// into its own slot, so the output is in subject order and identical for any thread count.
public struct CohortRunner: Sendable {
    public let sampler: CohortSampler
    public let test: IsometricTest
    public let seed: UInt64

    /// Subjects per unit of work handed to a thread: large enough to amortise the counter, small enough to balance.
    static let chunkSize = 16

    public init(sampler: CohortSampler, test: IsometricTest, seed: UInt64) {
        self.sampler = sampler
        self.test = test
        self.seed = seed
    }

    /// One subject, start to finish; the reference path the parallel run must reproduce.
    public func outcome(id: Int) throws(CohortError) -> SubjectOutcome {
        let subject = try sampler.subject(id: id, seed: seed)
        var noise = RandomStream.deviceNoise(seed: seed, subject: id, session: 0)
        let baseline = test.run(subject: subject, state: SubjectState(baselineOf: subject), rng: &noise)
        return SubjectOutcome(subject: subject, baseline: baseline)
    }

    /// Subjects `0..<count` on `threads` threads; `progress` is called with the number done (from any thread).
    public func run(count: Int, threads: Int, progress: (@Sendable (Int) -> Void)? = nil) throws(CohortError) -> [SubjectOutcome] {
        guard count >= 1 else { throw .invalidCount(count) }
        BLASThreads.set(1)  // our threads do the parallel work; OpenBLAS's own would compete for the cores
        let slots = UnsafeMutableBufferPointer<SubjectOutcome?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        let shared = SharedSlots(slots: slots)
        let nextChunk = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let firstError = Mutex<CohortError?>(nil)
        let chunks = (count + Self.chunkSize - 1) / Self.chunkSize
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, chunks))) { _ in
            while true {
                let chunk = nextChunk.add(1, ordering: .relaxed).oldValue
                guard chunk < chunks, firstError.withLock({ $0 == nil }) else { return }
                let range = (chunk * Self.chunkSize)..<min(count, (chunk + 1) * Self.chunkSize)
                for id in range {
                    do throws(CohortError) {
                        shared.slots[id] = try outcome(id: id)
                    } catch {
                        firstError.withLock { if $0 == nil { $0 = error } }
                        return
                    }
                }
                let finished = done.add(range.count, ordering: .relaxed).newValue
                progress?(finished)
            }
        }
        if let error = firstError.withLock({ $0 }) { throw error }
        return slots.map { $0! }
    }
}

/// Each thread writes only the slots of the chunks it claimed, so unsynchronised access is race-free.
private struct SharedSlots: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<SubjectOutcome?>
}
