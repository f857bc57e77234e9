import Foundation
import LumbarNumerics
import Physiology
import SamplingKernel

/// The isometric test for many subjects at once through ``SamplingKernel``: eight subjects per SIMD lane group,
/// rest intervals skipped (their samples are never read; the noise stream is addressed, not advanced).
/// Reports exactly what ``IsometricTest/run(subject:state:rng:keepTrace:)`` reports for each subject — the
/// scalar path is the reference this fast path is tested against.
public struct IsometricBatch: Sendable {
    public let test: IsometricTest
    /// Per-angle effort profile (ramp then hold), shared by every subject, and the zeroing's (no effort).
    let effort: [Double]
    let zeroEffort: [Double]

    public init(test: IsometricTest) {
        self.test = test
        effort = test.settings.effortProfile
        zeroEffort = [Double](repeating: 0, count: test.settings.zeroSampleCount)
    }

    /// Tests `subjects` (with their states) in session `session` of each subject's device-noise stream.
    public func run(subjects: [SubjectParameters], states: [SubjectState], seed: UInt64, session: Int) -> [IsometricResult] {
        precondition(subjects.count == states.count, "one state per subject")
        var results: [IsometricResult] = []
        results.reserveCapacity(subjects.count)
        let ring = UnsafeMutableBufferPointer<SIMD8<Double>>.allocate(capacity: max(1, test.settings.sampleCount(test.settings.filterWindowS)))
        defer { ring.deallocate() }
        var start = 0
        while start < subjects.count {
            let end = min(start + 8, subjects.count)
            results += group(Array(subjects[start..<end]), Array(states[start..<end]), seed: seed, session: session, ring: ring)
            start = end
        }
        return results
    }

    private func group(_ subjects: [SubjectParameters], _ states: [SubjectState], seed: UInt64, session: Int,
                       ring: UnsafeMutableBufferPointer<SIMD8<Double>>) -> [IsometricResult] {
        let s = test.settings
        let model = test.model
        let count = subjects.count
        // Lanes beyond `count` repeat the last subject; their results are dropped.
        func lane(_ i: Int) -> Int { min(i, count - 1) }
        var gain = SIMD8<Double>(), offset = SIMD8<Double>(), low = SIMD8<UInt32>(), high = SIMD8<UInt32>()
        var positioning: [[Double]] = []
        for i in 0..<8 {
            let subject = subjects[lane(i)]
            var rng = RandomStream.deviceNoise(seed: seed, subject: subject.id, session: session)
            let cell = LoadCell(settings: s, rng: &rng)
            positioning.append(test.positioningErrorsDeg(rng: &rng))
            gain[i] = cell.gain
            offset[i] = cell.zeroOffsetNm
            low[i] = UInt32(truncatingIfNeeded: UInt64(subject.id))
            high[i] = UInt32(truncatingIfNeeded: UInt64(subject.id) >> 32)
        }
        let constants = LoadCellConstants(settings: s, seed: seed, session: session)
        // The load cell's own two normals (gain, offset) take stream words 0-3, the positioning errors the next
        // (an even number of normals); zeroing starts after them.
        let zeroCount = s.zeroSampleCount
        let zeroWord = UInt64(4 + 2 * (s.testAnglesDeg.count + s.testAnglesDeg.count % 2))
        let zeroLanes = LaneGroup(active: .zero, passive: .zero, gravity: .zero, gain: gain, offset: offset, tare: .zero,
                                  streamLow: low, streamHigh: high, firstWord: SIMD8(repeating: zeroWord), firstSample: .zero)
        let zeroSums = zeroEffort.withUnsafeBufferPointer { SamplingKernel.run(zeroLanes, effort: $0, constants: constants, ring: ring).sum }
        let tare = zeroSums / SIMD8(repeating: Double(zeroCount))

        let angles = (0..<count).map { test.testableAngles(subject: subjects[$0], state: states[$0]) }
        let segmentWords = UInt64(2 * (effort.count + s.restSampleCount))
        var word = SIMD8<UInt64>(repeating: zeroWord + UInt64(2 * zeroCount))
        var sample = SIMD8<Double>(repeating: Double(zeroCount))
        var peaks = [[Double]](repeating: [], count: count)
        var truePeaks = [[Double]](repeating: [], count: count)
        for (index, angle) in s.testAnglesDeg.enumerated() {
            var active = SIMD8<Double>(), passive = SIMD8<Double>(), uncancelled = SIMD8<Double>(), truth = SIMD8<Double>()
            var tested = SIMDMask<SIMD8<Int64>>()
            for i in 0..<8 {
                let k = lane(i)
                guard i < count, angles[k].contains(angle) else { continue }
                tested[i] = true
                let arm = test.armAngleDeg(index: index, errorsDeg: positioning[i])
                active[i] = model.activeTorqueNm(flexionDeg: arm, subject: subjects[k], state: states[k])
                passive[i] = model.passiveTorqueNm(flexionDeg: arm, subject: subjects[k], state: states[k])
                uncancelled[i] = test.uncancelledGravityNm(subject: subjects[k], angleDeg: arm)
                truth[i] = model.activeTorqueNm(flexionDeg: angle, subject: subjects[k], state: states[k])
                    + model.passiveTorqueNm(flexionDeg: angle, subject: subjects[k], state: states[k])
            }
            guard any(tested) else { continue }
            let lanes = LaneGroup(active: active, passive: passive, gravity: uncancelled, gain: gain, offset: offset, tare: tare,
                                  streamLow: low, streamHigh: high, firstWord: word, firstSample: sample)
            let out = effort.withUnsafeBufferPointer { SamplingKernel.run(lanes, effort: $0, constants: constants, ring: ring) }
            for i in 0..<count where tested[i] {
                peaks[i].append(out.peak[i])
                truePeaks[i].append(truth[i])
            }
            // Subjects who skip an angle do not consume its samples.
            word &+= SIMD8(repeating: segmentWords).replacing(with: 0, where: .!tested)
            sample += SIMD8(repeating: Double(segmentWords / 2)).replacing(with: 0, where: .!tested)
        }
        return (0..<count).map { i in
            IsometricResult(anglesDeg: angles[i], reportedPeakNm: peaks[i], truePeakNm: truePeaks[i],
                            samples: zeroCount + angles[i].count * Int(segmentWords / 2), trace: nil)
        }
    }
}
