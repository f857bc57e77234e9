import CSamplingKernel
import CVecKernel
import Dispatch
import SamplingKernel

/// Each subject's sum of readings and peak full-window moving average.
struct KernelOutputs: Equatable, Sendable {
    var sum: [Double]
    var peak: [Double]

    /// The largest relative difference of any sum or peak from `other`'s: 0 where both are equal (infinities too),
    /// infinite where either is NaN or only one is infinite, so that no broken output passes for agreement.
    func maxRelativeDifference(from other: KernelOutputs) -> Double {
        precondition(sum.count == other.sum.count && peak.count == other.peak.count, "outputs for different subjects")
        var worst = 0.0
        for (a, b) in zip(sum + peak, other.sum + other.peak) where a != b {
            let difference = abs(a - b) / max(abs(a), abs(b))
            worst = max(worst, difference.isNaN ? .infinity : difference)
        }
        return worst
    }
}

/// Output slots shared by the worker threads; each thread writes only its own share, so the access is race-free.
private struct SharedOutputs: @unchecked Sendable {
    let sum: UnsafeMutableBufferPointer<Double>
    let peak: UnsafeMutableBufferPointer<Double>
}

extension Workload {
    /// The Swift SIMD kernel, lane groups split into `threads` contiguous shares, each thread with its own ring.
    func runSwift(threads: Int) -> KernelOutputs {
        let groups = laneGroups.count
        var outputs = KernelOutputs(sum: .init(repeating: 0, count: 8 * groups), peak: .init(repeating: 0, count: 8 * groups))
        outputs.sum.withUnsafeMutableBufferPointer { sum in
            outputs.peak.withUnsafeMutableBufferPointer { peak in
                let shared = SharedOutputs(sum: sum, peak: peak)
                DispatchQueue.concurrentPerform(iterations: threads) { part in
                    let ring = UnsafeMutableBufferPointer<SIMD8<Double>>.allocate(capacity: window)
                    defer { ring.deallocate() }
                    effort.withUnsafeBufferPointer { effort in
                        for g in share(part, of: threads, count: groups) {
                            let out = SamplingKernel.run(laneGroups[g], effort: effort, constants: constants, ring: ring)
                            for lane in 0..<8 {
                                shared.sum[8 * g + lane] = out.sum[lane]
                                shared.peak[8 * g + lane] = out.peak[lane]
                            }
                        }
                    }
                }
            }
        }
        outputs.sum.removeLast(outputs.sum.count - subjects.count)
        outputs.peak.removeLast(outputs.peak.count - subjects.count)
        return outputs
    }

    /// The scalar C kernel, subjects split into `threads` contiguous shares (whole lane groups, as the Swift run's),
    /// one batch call per thread with its own ring.
    func runC(threads: Int) -> KernelOutputs {
        runCBatch(threads: threads, ringDoubles: window, batch: csk_run_batch)
    }

    /// The vectorised C kernel, split as `runC` splits (shares of whole eight-subject groups, so vector groups never
    /// straddle threads), with a ring of eight lanes per slot.
    func runCVec(threads: Int) -> KernelOutputs {
        runCBatch(threads: threads, ringDoubles: 8 * window, batch: cvk_run_batch)
    }

    private typealias CBatch = @Sendable (Int, UnsafePointer<csk_subject>?, UnsafePointer<Double>?, Int, UnsafePointer<csk_constants>?,
                                UnsafeMutablePointer<Double>?, Int, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?) -> Void

    /// One C batch call per thread on its share of subjects, each thread with a ring of `ringDoubles`.
    private func runCBatch(threads: Int, ringDoubles: Int, batch: CBatch) -> KernelOutputs {
        var outputs = KernelOutputs(sum: .init(repeating: 0, count: subjects.count), peak: .init(repeating: 0, count: subjects.count))
        outputs.sum.withUnsafeMutableBufferPointer { sum in
            outputs.peak.withUnsafeMutableBufferPointer { peak in
                let shared = SharedOutputs(sum: sum, peak: peak)
                DispatchQueue.concurrentPerform(iterations: threads) { part in
                    let groups = share(part, of: threads, count: laneGroups.count)
                    let range = min(8 * groups.lowerBound, subjects.count)..<min(8 * groups.upperBound, subjects.count)
                    guard !range.isEmpty else { return }
                    // 64-byte aligned: the vector kernel's ring slots are whole vectors.
                    let ring = UnsafeMutableRawPointer.allocate(byteCount: 8 * ringDoubles, alignment: 64)
                    defer { ring.deallocate() }
                    var c = cConstants
                    subjects.withUnsafeBufferPointer { subjects in
                        effort.withUnsafeBufferPointer { effort in
                            batch(range.count, subjects.baseAddress! + range.lowerBound, effort.baseAddress, effort.count,
                                  &c, ring.bindMemory(to: Double.self, capacity: ringDoubles), window,
                                  shared.sum.baseAddress! + range.lowerBound, shared.peak.baseAddress! + range.lowerBound)
                        }
                    }
                }
            }
        }
        return outputs
    }
}

/// Part `part` of `count` items split into `parts` contiguous shares whose sizes differ by at most one.
private func share(_ part: Int, of parts: Int, count: Int) -> Range<Int> {
    (part * count / parts)..<((part + 1) * count / parts)
}
