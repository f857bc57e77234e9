import Dispatch
import Synchronization

/// `body(0..<count)` on several threads, results in index order. Each index is computed from its own inputs, so
/// the results never depend on the thread count; work is claimed one index at a time from an atomic counter.
enum ParallelMap {
    static func map<T: Sendable, E: Error>(count: Int, threads: Int, progress: (@Sendable (Int) -> Void)? = nil,
                                           _ body: @Sendable (Int) throws(E) -> T) throws(E) -> [T] {
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        let results = Slots(buffer: slots)
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let failure = Mutex<E?>(nil)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            while failure.withLock({ $0 == nil }) {
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
        return slots.map { $0! }
    }

    /// Each index is written by the one thread that claimed it, so unsynchronised writes never race.
    private struct Slots<T>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<T?>
    }
}
