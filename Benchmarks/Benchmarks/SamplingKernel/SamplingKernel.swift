import Benchmark
import KernelWorkload
import SamplingKernel

/// A batch's lane groups, each at one of the protocol's angles, and the ring the caller owns. Iterations take the
/// groups in turn, so every subject's segment is sampled however few groups one iteration needs.
final class Batch {
    let lanes: [LaneGroup]
    let effort = KernelWorkload.effort
    let constants = KernelWorkload.constants
    let ring = UnsafeMutableBufferPointer<SIMD8<Double>>.allocate(capacity: KernelWorkload.window)
    var next = 0

    init(subjects: Int) {
        lanes = (0..<(subjects + 7) / 8).map { KernelWorkload.lanes(group: $0, angle: $0 % 7, subjects: subjects) }
    }

    deinit { ring.deallocate() }

    /// Samples `calls` lane groups' segments; returns the peaks, to keep the work observable.
    func sample(calls: Int) -> SIMD8<Double> {
        var peaks = SIMD8<Double>.zero
        effort.withUnsafeBufferPointer { effort in
            for _ in 0..<calls {
                peaks += SamplingKernel.run(lanes[next], effort: effort, constants: constants, ring: ring).peak
                next = next + 1 == lanes.count ? 0 : next + 1
            }
        }
        return peaks
    }
}

let benchmarks: @Sendable () -> Void = {
    // One iteration is 10⁶ subject-samples (the .mega scaling factor), so throughput reads in millions of samples
    // per second at every batch size. A batch smaller than a lane group pads it with copies of its last subject:
    // it pays for eight subjects and gets one.
    let samplesPerIteration = BenchmarkScalingFactor.mega.rawValue
    for subjects in [1, 8, 64, 512, 4096, 100_000] {
        let samplesPerCall = KernelWorkload.effort.count * min(8, subjects)
        precondition(samplesPerIteration % samplesPerCall == 0 && (subjects < 8 || subjects % 8 == 0))
        let configuration = Benchmark.Configuration(
            metrics: [.throughput, .wallClock, .mallocCountTotal], scalingFactor: .mega, maxDuration: .seconds(2),
            // Neither the kernel nor, with these metrics, the harness allocates: one malloc is a regression
            // (`benchmark thresholds check` against Thresholds/).
            thresholds: [.mallocCountTotal: .init(absolute: BenchmarkThresholds.Absolute.strict)])
        Benchmark("batch-\(subjects)", configuration: configuration) { _, batch in
            blackHole(batch.sample(calls: samplesPerIteration / samplesPerCall))
        } setup: {
            Batch(subjects: subjects)
        }
    }
}
