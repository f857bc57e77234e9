import Dispatch
import Synchronization

/// The one parallel loop of LumbarSim: `body(0..<count)` on up to `threads` threads, results in index order.
///
/// Each index is computed from its own inputs (its subjects' addressed streams), so results never depend on the
/// thread count. Threads claim one index at a time from an atomic counter; the first error stops the claiming and is
/// rethrown; `shouldStop` (a stop request) ends the claiming between indices, leaving later results nil.
public enum ParallelMap {
    /// Every index's result; `progress` is called with the number of indices done, from any thread.
    public static func map<T: Sendable, E: Error>(count: Int, threads: Int, progress: (@Sendable (Int) -> Void)? = nil,
                                                  _ body: @Sendable (Int) throws(E) -> T) throws(E) -> [T] {
        try partialMap(count: count, threads: threads, progress: progress, body).map { $0! }
    }

    /// As ``map(count:threads:progress:_:)``, stopping early once `shouldStop` returns true: indices never started
    /// are nil.
    public static func partialMap<T: Sendable, E: Error>(count: Int, threads: Int, shouldStop: @Sendable () -> Bool = { false },
                                                         progress: (@Sendable (Int) -> Void)? = nil,
                                                         _ body: @Sendable (Int) throws(E) -> T) throws(E) -> [T?] {
        guard count > 0 else { return [] }
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        let results = Slots(buffer: slots)
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let failure = Mutex<E?>(nil)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            while !shouldStop(), failure.withLock({ $0 == nil }) {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                do throws(E) {
                    results.buffer[index] = try body(index)
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                    return
                }
                progress?(done.add(1, ordering: .relaxed).newValue)
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return Array(slots)
    }

    /// Each index is written by the one thread that claimed it, so unsynchronised writes never race.
    private struct Slots<T>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<T?>
    }
}
