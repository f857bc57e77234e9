import Dispatch
import Foundation
import LumbarNumerics
import SamplingKernel

/// How fast the sampling hot path runs on this machine: a batch of subjects streamed through the kernel in
/// fixed blocks, as a real acquisition loop would hand them over, with the wall time of every block.
public struct DeviceThroughput: Sendable {
    public struct Report: Sendable, Encodable {
        public var sampleRateHz: Double
        public var batch: Int
        public var blockSamples: Int
        public var blocks: Int
        public var threads: Int
        public var samplesPerSecond: Double
        /// Per-block latency percentiles, seconds.
        public var p50: Double
        public var p99: Double
        public var p999: Double
        /// Wall time of one block over the signal time it covers; below 1 keeps up with real time.
        public var realTimeFactor: Double
        public var keepsUp: Bool

        enum CodingKeys: String, CodingKey {
            case sampleRateHz = "sample_rate_hz", batch, blockSamples = "block_samples", blocks, threads
            case samplesPerSecond = "samples_per_s", p50 = "block_latency_p50_s", p99 = "block_latency_p99_s"
            case p999 = "block_latency_p999_s", realTimeFactor = "real_time_factor", keepsUp = "keeps_up_with_real_time"
        }
    }

    public let settings: DeviceSettings

    public init(settings: DeviceSettings) throws(DeviceError) {
        try settings.validate()
        self.settings = settings
    }

    /// Streams `blocks` blocks of `blockSeconds` of signal for `batch` subjects on `threads` threads.
    public func measure(batch: Int, blockSeconds: Double, blocks: Int, threads: Int) throws(DeviceError) -> Report {
        guard batch >= 1 else { throw .invalidSetting("batch", "\(batch)", "must be at least 1") }
        guard blocks >= 1 else { throw .invalidSetting("blocks", "\(blocks)", "must be at least 1") }
        let s = settings
        let blockSamples = s.sampleCount(blockSeconds)
        guard blockSamples >= 1 else { throw .invalidSetting("block length", "\(blockSeconds) s", "holds no sample at this rate") }
        let groups = (batch + 7) / 8
        let window = max(1, s.sampleCount(s.filterWindowS))
        let constants = LoadCellConstants(settings: s, seed: 1, session: 0)
        let effort = [Double](repeating: 1, count: blockSamples)
        let workers = max(1, min(threads, groups))
        var latencies: [Double] = []
        latencies.reserveCapacity(blocks)
        let rings = (0..<workers).map { _ in UnsafeMutableBufferPointer<SIMD8<Double>>.allocate(capacity: window) }
        defer { rings.forEach { $0.deallocate() } }
        let start = DispatchTime.now().uptimeNanoseconds
        for block in 0..<blocks {
            let blockStart = DispatchTime.now().uptimeNanoseconds
            effort.withUnsafeBufferPointer { effort in
                let shared = Workspace(rings: rings, effort: effort)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var group = worker
                    while group < groups {
                        let id = UInt32(group * 8)
                        let lanes = LaneGroup(
                            active: SIMD8(repeating: 250), passive: SIMD8(repeating: 20), gravity: .zero,
                            gain: SIMD8(repeating: 1), offset: .zero, tare: .zero,
                            streamLow: SIMD8(id, id + 1, id + 2, id + 3, id + 4, id + 5, id + 6, id + 7), streamHigh: .zero,
                            firstWord: SIMD8(repeating: UInt64(2 * block * blockSamples)),
                            firstSample: SIMD8(repeating: Double(block * blockSamples)))
                        _ = SamplingKernel.run(lanes, effort: shared.effort, constants: constants, ring: shared.rings[worker])
                        group += workers
                    }
                }
            }
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - blockStart) * 1e-9)
        }
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        let blockDuration = Double(blockSamples) / s.sampleRateHz
        let p999 = percentile(0.999)
        return Report(sampleRateHz: s.sampleRateHz, batch: batch, blockSamples: blockSamples, blocks: blocks, threads: workers,
                      samplesPerSecond: Double(batch * blockSamples * blocks) / total,
                      p50: percentile(0.5), p99: percentile(0.99), p999: p999,
                      realTimeFactor: percentile(0.5) / blockDuration, keepsUp: p999 < blockDuration)
    }
}

/// One ring buffer per worker thread (each worker touches only its own) and the read-only effort profile.
private struct Workspace: @unchecked Sendable {
    let rings: [UnsafeMutableBufferPointer<SIMD8<Double>>]
    let effort: UnsafeBufferPointer<Double>
}
