import Foundation
import SamplingKernel

/// The fixed kernel workload that kernel-work (the CI gate) and the SamplingKernel benchmarks share: the sampling of
/// the isometric test's effort segments at the device file's default settings.
///
/// The settings are written out rather than read from Datasets/, so that editing the device file never moves the
/// gate's instruction baseline: only the kernel's code, or the compiler, can.
public enum KernelWorkload {
    /// One angle's effort: a 3 s cosine ramp and a 2 s hold at 1 kHz (5000 samples), as IsometricBatch builds it.
    public static let effort: [Double] = (0..<3000).map { 0.5 * (1 - cos(Double.pi * Double($0 + 1) / 3000)) }
        + [Double](repeating: 1, count: 2000)
    /// The 1 s zeroing before the first angle and the 10 s rest after each effort: skipped, but their samples count
    /// on the drift clock and their noise words are used up.
    static let zeroingSamples = 1000, restSamples = 10_000
    /// The software's 50 ms moving average at 1 kHz: the length of the ring the caller provides.
    public static let window = 50
    /// A 12-bit bipolar converter over ±800 N·m, 0.8 N·m white and 0.4 N·m 1/f noise, a 100 Hz anti-aliasing filter,
    /// 0.5 N·m/min drift.
    public static let constants = LoadCellConstants(noiseSD: 0.8, lsb: 800.0 / 2048, minCode: -2048, maxCode: 2047,
                                                    alpha: 1 - exp(-2 * Double.pi * 100 / 1000), driftPerSample: 0.5 / 60 / 1000,
                                                    flicker: Flicker(sdNm: 0.4, cornersHz: [0.1, 1, 10], sampleRateHz: 1000),
                                                    seed: 20_240_601, substream: 0x0100)

    /// Lane group `group` of a batch of `subjects` at protocol angle `angle` (0 is the first, most flexed): strengths
    /// and load-cell errors spread over a cohort's range so that lanes differ. Lanes past the batch repeat its last
    /// subject, as IsometricBatch pads them.
    public static func lanes(group: Int, angle: Int, subjects: Int) -> LaneGroup {
        var id = SIMD8<Int>(0, 1, 2, 3, 4, 5, 6, 7) &+ 8 * group
        id.replace(with: subjects - 1, where: id .>= subjects)
        let s = SIMD8<Double>(id % 64), a = Double(angle)
        // Two stream words per sample, after the load cell's own four.
        let firstSample = zeroingSamples + angle * (effort.count + restSamples)
        return LaneGroup(active: 150 + 3 * s - 12 * a, passive: 5 + 2.5 * a + 0.1 * s, gravity: 4 - 0.1 * s,
                         gain: 1 + 0.0005 * (s - 32), offset: 0.15 * (s - 32), tare: 0.15 * (s - 32),
                         streamLow: SIMD8(truncatingIfNeeded: id), streamHigh: SIMD8(truncatingIfNeeded: id &>> 32),
                         firstWord: SIMD8(repeating: UInt64(4 + 2 * firstSample)), firstSample: SIMD8(repeating: Double(firstSample)))
    }
}
