// The CI gate's fixed workload (.ci/bench-gate): the sampling of the 7-angle isometric test for 64 subjects, through
// SamplingKernel.run alone. Prints the workload, the allocations made inside the sampling loop and a checksum of the
// outputs; exits 1 when the loop allocated. Under callgrind the gate counts the instructions of SamplingKernel.run.
import Foundation
import KernelWorkload
import MallocInterposerSwift
import SamplingKernel

let subjects = 64, angles = 7

/// Every subject at every angle, counting allocations around the loop alone. A function rather than top-level code:
/// top-level code is main-actor code, whose first isolation check builds the concurrency runtime's executors (two
/// allocations that are not the kernel's).
func sampleAll(effort: [Double], constants: LoadCellConstants) -> (allocations: Int, checksum: Double) {
    let ring = UnsafeMutableBufferPointer<SIMD8<Double>>.allocate(capacity: KernelWorkload.window)
    defer { ring.deallocate() }
    var sum = SIMD8<Double>.zero, peak = SIMD8<Double>.zero
    MallocInterposerSwift.initialize()
    MallocInterposerSwift.hook()
    effort.withUnsafeBufferPointer { effort in
        for group in 0..<(subjects / 8) {
            for angle in 0..<angles {
                let lanes = KernelWorkload.lanes(group: group, angle: angle, subjects: subjects)
                let out = SamplingKernel.run(lanes, effort: effort, constants: constants, ring: ring)
                sum += out.sum
                peak += out.peak
            }
        }
    }
    MallocInterposerSwift.unhook()
    return (MallocInterposerSwift.getStatistics().mallocCount, sum.sum() + peak.sum())
}

/// Whether the interposer sees allocations at all: a zero from `sampleAll` is evidence only if it does.
func counterIsLive() -> Bool {
    MallocInterposerSwift.initialize()
    MallocInterposerSwift.hook()
    UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 8).deallocate()
    MallocInterposerSwift.unhook()
    return MallocInterposerSwift.getStatistics().mallocCount >= 1
}

// The shared inputs are globals of another module, built on first use: build them before counting starts.
let effort = KernelWorkload.effort
let result = sampleAll(effort: effort, constants: KernelWorkload.constants)
guard counterIsLive() else {
    print("kernel-work: the malloc interposer counted nothing, so allocations cannot be checked")
    exit(2)
}
print("workload: \(subjects) subjects x \(angles) angles x \(effort.count) samples")
print("allocations: \(result.allocations)")
print("checksum: \(String(result.checksum.bitPattern, radix: 16))")
if result.allocations != 0 {
    print("kernel-work: the sampling loop allocated \(result.allocations) times (expected 0)")
    exit(1)
}
