import CSamplingKernel
import Foundation
import LumbarNumerics
import SamplingKernel

/// One batch of subjects through one segment of samples, in the shapes both kernels take: C's array of subject
/// records and Swift's lane groups (built once here so that neither is timed).
struct Workload: Sendable {
    let constants: LoadCellConstants
    let window: Int
    let effort: [Double]
    let subjects: [csk_subject]
    /// The subjects eight to a group; lanes past the last subject repeat it, and their results are dropped.
    let laneGroups: [LaneGroup]

    init(constants: LoadCellConstants, window: Int, effort: [Double], subjects: [csk_subject]) {
        precondition(window >= 1 && !subjects.isEmpty, "a workload needs a window and a subject")
        self.constants = constants
        self.window = window
        self.effort = effort
        self.subjects = subjects
        laneGroups = stride(from: 0, to: subjects.count, by: 8).map { start in
            func lane<T: SIMDScalar>(_ value: (csk_subject) -> T) -> SIMD8<T> {
                var v = SIMD8<T>()
                for i in 0..<8 { v[i] = value(subjects[min(start + i, subjects.count - 1)]) }
                return v
            }
            return LaneGroup(active: lane(\.active), passive: lane(\.passive), gravity: lane(\.gravity), gain: lane(\.gain),
                             offset: lane(\.offset), tare: lane(\.tare),
                             streamLow: lane { UInt32(truncatingIfNeeded: $0.stream) },
                             streamHigh: lane { UInt32(truncatingIfNeeded: $0.stream >> 32) },
                             firstWord: lane(\.first_word), firstSample: lane(\.first_sample))
        }
    }

    /// The same settings in the C kernel's struct.
    var cConstants: csk_constants {
        csk_constants(noise_sd: constants.noiseSD, lsb: constants.lsb, min_code: constants.minCode, max_code: constants.maxCode,
                      alpha: constants.alpha, drift_per_sample: constants.driftPerSample,
                      flicker_pole: (constants.flicker.poles[0], constants.flicker.poles[1], constants.flicker.poles[2]),
                      flicker_gain: (constants.flicker.gains[0], constants.flicker.gains[1], constants.flicker.gains[2]),
                      seed: constants.seed,
                      substream: constants.substream)
    }

    /// The first `count` subjects alone (numpy's smaller share of the same inputs).
    func prefix(_ count: Int) -> Workload {
        Workload(constants: constants, window: window, effort: effort, subjects: Array(subjects.prefix(count)))
    }
}

extension Workload {
    /// The device's isometric effort at 1 kHz scaled to `samples`: a raised-cosine ramp over the first 3/5, then a hold.
    static func rampAndHold(samples: Int) -> [Double] {
        let ramp = max(1, samples * 3 / 5)
        return (0..<samples).map { $0 < ramp ? 0.5 * (1 - cos(Double.pi * Double($0 + 1) / Double(ramp))) : 1 }
    }

    /// A realistic session: a 12-bit converter spanning ±800 N·m, 0.8 N·m white and 0.4 N·m 1/f noise (corners
    /// 0.1, 1 and 10 Hz), a 100 Hz anti-aliasing filter at 1 kHz, 0.5 N·m of zero drift per minute, a 50 ms moving average; subject i on noise stream i, from word 2004
    /// (after a 1 s zeroing) and sample 1000. Subject parameters come from a fixed-seed stream per subject, so
    /// subject i is the same whatever the batch size.
    static func standard(subjects count: Int, samples: Int) -> Workload {
        let constants = LoadCellConstants(noiseSD: 0.8, lsb: 800.0 / 2048, minCode: -2048, maxCode: 2047,
                                          alpha: 1 - exp(-2 * Double.pi * 100 / 1000), driftPerSample: 0.5 / 60 / 1000,
                                          flicker: Flicker(sdNm: 0.4, cornersHz: [0.1, 1, 10], sampleRateHz: 1000),
                                          seed: 1, substream: StreamAddress.deviceNoiseSubstream(session: 0))
        let subjects = (0..<count).map { i in
            var rng = RandomStream(seed: 20_261_126, address: .traits(subject: i))
            let offset = 10 * rng.nextUniform() - 5
            return csk_subject(active: 100 + 300 * rng.nextUniform(), passive: 40 * rng.nextUniform(),
                               gravity: 2 * rng.nextUniform() - 1, gain: 1 + 0.01 * (rng.nextUniform() - 0.5),
                               offset: offset, tare: offset + rng.nextNormal(mean: 0, sd: 0.05),
                               stream: UInt64(i), first_word: 2004, first_sample: 1000)
        }
        return Workload(constants: constants, window: 50, effort: rampAndHold(samples: samples), subjects: subjects)
    }
}
