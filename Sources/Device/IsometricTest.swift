import Foundation
import LumbarNumerics
import Physiology

/// One sample of a test, as the device records it (kept only when a trace is asked for).
public struct TraceSample: Sendable, Equatable {
    public enum Phase: String, Sendable { case zero, ramp, hold, rest }
    public var timeS: Double
    /// The protocol angle, and where the arm really stands (the potentiometer's positioning error), degrees.
    public var angleDeg: Double
    public var armAngleDeg: Double
    public var phase: Phase
    public var effort: Double
    /// Extension torque the subject's tissues produced (active + passive), N·m.
    public var trueTorqueNm: Double
    /// What the software displays: the ADC reading less the zero taken before the test.
    public var torqueNm: Double
}

/// The result of a 7-angle isometric test, angles in protocol order.
public struct IsometricResult: Sendable, Equatable {
    public var anglesDeg: [Double]
    /// Peak torque per angle the way the device software reports it (filtered, zeroed, N·m).
    public var reportedPeakNm: [Double]
    /// The subject's true maximal torque per angle (active + passive), N·m: what a perfect instrument reports.
    public var truePeakNm: [Double]
    public var samples: Int
    public var trace: [TraceSample]?

    /// Reported peak at an angle, or nil when the angle was not tested.
    public func reportedPeak(atDeg angle: Double) -> Double? {
        anglesDeg.firstIndex(of: angle).map { reportedPeakNm[$0] }
    }
}

/// The standard maximal isometric test on the virtual machine (Graves 1990 protocol): the load cell is zeroed
/// with the arm unloaded, then at each angle from flexed to extended the subject ramps to maximal effort,
/// holds, and rests. The counterweight balances the torso to within one counterweight step.
public struct IsometricTest: Sendable {
    public let settings: DeviceSettings
    public let model: TorqueModel

    public init(settings: DeviceSettings, model: TorqueModel) throws(DeviceError) {
        try settings.validate()
        self.settings = settings
        self.model = model
    }

    /// The protocol angles this subject can reach today (the machine never moves past the subject's range).
    public func testableAngles(subject: SubjectParameters, state: SubjectState) -> [Double] {
        let reach = state.lumbarRomDeg(subject)
        return settings.testAnglesDeg.filter { $0 <= reach }
    }

    /// The test as a perfect instrument would report it, without sampling: the true peak at each reachable angle.
    public func truePeaks(subject: SubjectParameters, state: SubjectState) -> IsometricResult {
        let angles = testableAngles(subject: subject, state: state)
        let peaks = angles.map {
            model.activeTorqueNm(flexionDeg: $0, subject: subject, state: state)
                + model.passiveTorqueNm(flexionDeg: $0, subject: subject, state: state)
        }
        return IsometricResult(anglesDeg: angles, reportedPeakNm: peaks, truePeakNm: peaks, samples: 0, trace: nil)
    }

    /// The torso weight the counterweight leaves uncancelled at an angle, N·m: the counterweight is set in whole
    /// steps, so up to half a step of the torso's gravity torque remains, varying with the sine of the incline.
    public func uncancelledGravityNm(subject: SubjectParameters, angleDeg: Double) -> Double {
        let s = settings
        guard s.counterweightStepNm > 0 else { return 0 }
        let torsoTorque = TorqueModel.torsoWeightTorqueNm(subject: subject)
        let counterweight = (torsoTorque / s.counterweightStepNm).rounded() * s.counterweightStepNm
        return (torsoTorque - counterweight) * sin((angleDeg + s.torsoInclineAt0Deg) * .pi / 180)
    }

    /// The arm's positioning error at each protocol angle, degrees: the machine locks the arm where the
    /// potentiometer reads the target, so the arm stands off by the sensor's noise. Drawn right after the load
    /// cell's own two normals, one per protocol angle whether tested or not (so skipping an angle shifts nothing),
    /// padded to an even count so that the samples' noise starts on a Philox block boundary.
    public func positioningErrorsDeg(rng: inout RandomStream) -> [Double] {
        let count = settings.testAnglesDeg.count
        let errors = (0..<(count + count % 2)).map { _ in settings.potentiometerNoiseSdDeg * rng.nextNormal() }
        return Array(errors.prefix(count))
    }

    /// Where the arm stands when the protocol asks for the angle at `index`: within the machine's range.
    func armAngleDeg(index: Int, errorsDeg: [Double]) -> Double {
        let s = settings
        return min(s.maxAngleDeg, max(s.minAngleDeg, s.testAnglesDeg[index] + errorsDeg[index]))
    }

    /// Samples one test session; `rng` is the subject's device-noise stream for this session.
    public func run(subject: SubjectParameters, state: SubjectState, rng: inout RandomStream,
                    keepTrace: Bool = false) -> IsometricResult {
        let s = settings
        let angles = testableAngles(subject: subject, state: state)
        var loadCell = LoadCell(settings: s, rng: &rng)
        let positioning = positioningErrorsDeg(rng: &rng)
        let dt = 1 / s.sampleRateHz

        var trace: [TraceSample] = []
        if keepTrace { trace.reserveCapacity(Int(Double(angles.count) * (s.rampS + s.holdS + s.restS) * s.sampleRateHz) + s.sampleCount(s.settleS)) }
        var time = 0.0
        var samples = 0

        // Zeroing: the arm unloaded; the software averages the readings and subtracts them from then on.
        let zeroCount = s.zeroSampleCount
        var zeroSum = 0.0
        loadCell.settle(at: 0)
        for _ in 0..<zeroCount {
            let reading = loadCell.read(0, rng: &rng)
            zeroSum += reading
            if keepTrace {
                let first = angles.first ?? s.maxAngleDeg
                trace.append(TraceSample(timeS: time, angleDeg: first, armAngleDeg: first, phase: .zero, effort: 0, trueTorqueNm: 0, torqueNm: reading))
            }
            time += dt
        }
        samples += zeroCount
        let zero = zeroSum / Double(zeroCount)

        var peaks: [Double] = []
        var truePeaks: [Double] = []
        var filter = MovingAveragePeak(window: max(1, s.sampleCount(s.filterWindowS)))
        let profile = s.effortProfile
        let rampCount = s.rampSampleCount
        let restCount = s.restSampleCount
        for angle in angles {
            let arm = armAngleDeg(index: s.testAnglesDeg.firstIndex(of: angle)!, errorsDeg: positioning)
            let active = model.activeTorqueNm(flexionDeg: arm, subject: subject, state: state)
            let passive = model.passiveTorqueNm(flexionDeg: arm, subject: subject, state: state)
            let gravity = uncancelledGravityNm(subject: subject, angleDeg: arm)
            filter.reset()
            // After the rest the anti-aliasing filter has settled at the relaxed level.
            loadCell.settle(at: (0 * active + passive) - gravity)
            for i in 0..<(profile.count + restCount) {
                let phase: TraceSample.Phase
                let effort: Double
                if i < profile.count {
                    phase = i < rampCount ? .ramp : .hold
                    effort = profile[i]
                } else {
                    phase = .rest
                    effort = 0
                }
                let trueTorque = effort * active + passive
                // The pad also feels whatever torso weight the counterweight leaves uncancelled.
                let shown = loadCell.read(trueTorque - gravity, rng: &rng) - zero
                if phase != .rest { filter.add(shown) }
                if keepTrace { trace.append(TraceSample(timeS: time, angleDeg: angle, armAngleDeg: arm, phase: phase, effort: effort, trueTorqueNm: trueTorque, torqueNm: shown)) }
                time += dt
            }
            samples += profile.count + restCount
            peaks.append(filter.peak)
            // The truth is the subject's strength at the protocol angle: positioning error is instrument error.
            truePeaks.append(model.activeTorqueNm(flexionDeg: angle, subject: subject, state: state)
                             + model.passiveTorqueNm(flexionDeg: angle, subject: subject, state: state))
        }
        return IsometricResult(anglesDeg: angles, reportedPeakNm: peaks, truePeakNm: truePeaks,
                               samples: samples, trace: keepTrace ? trace : nil)
    }
}
