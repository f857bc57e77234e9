import Foundation
import LumbarNumerics
import Physiology

/// The result of a submaximal isometric hold until the subject can no longer keep the target.
public struct EnduranceResult: Sendable, Equatable {
    public var angleDeg: Double
    public var fraction: Double
    public var targetNm: Double
    /// When the device software ended the hold (filtered torque below target for long enough), s.
    public var enduranceS: Double
    /// When the 3CC-r model says the target stopped being sustainable (the true value), s.
    public var modelEnduranceS: Double
    public var samples: Int
}

/// A submaximal isometric hold on the machine: the subject holds `fraction` of their maximal active torque at
/// one angle while the three-compartment model fatigues each extensor group; the device samples the load cell
/// and ends the test the way its software would.
public struct EnduranceTest: Sendable {
    public let settings: DeviceSettings
    public let physiology: PhysiologyModel

    public init(settings: DeviceSettings, physiology: PhysiologyModel) throws(DeviceError) {
        try settings.validate()
        self.settings = settings
        self.physiology = physiology
    }

    public func run(subject: SubjectParameters, state initial: SubjectState, fraction: Double, angleDeg: Double? = nil,
                    rng: inout RandomStream) throws(DeviceError) -> EnduranceResult {
        let s = settings
        let angle = angleDeg ?? s.enduranceAngleDeg
        guard fraction.isFinite, fraction > 0, fraction <= 1 else {
            throw .invalidSetting("endurance fraction", "\(fraction)", "must be within (0, 1]")
        }
        try s.checkAngle(angle)
        let reach = initial.lumbarRomDeg(subject)
        guard angle <= reach else { throw .beyondSubjectRange(angle: angle, rom: reach) }

        let model = physiology.torque
        let active = model.activeTorqueNm(flexionDeg: angle, subject: subject, state: initial)
        let passive = model.passiveTorqueNm(flexionDeg: angle, subject: subject, state: initial)
        let shares = PerGroup { group in
            model.momentArmM(group, flexionDeg: angle, subject: subject) * model.maxForceN(group, subject: subject, state: initial)
        }
        let totalShare = max(shares.sum, .leastNonzeroMagnitude)
        let fatigueRates = physiology.fatigueParameters(for: initial)
        let target = fraction * active + passive
        var loadCell = LoadCell(settings: s, rng: &rng)
        let dt = 1 / s.sampleRateHz

        var zeroSum = 0.0
        let zeroCount = s.zeroSampleCount
        loadCell.settle(at: 0)
        for _ in 0..<zeroCount { zeroSum += loadCell.read(0, rng: &rng) }
        loadCell.settle(at: passive)
        let zero = zeroSum / Double(zeroCount)

        var state = initial
        var filter = MovingAverage(window: max(1, s.sampleCount(s.filterWindowS)))
        let holdSamples = max(1, s.sampleCount(s.enduranceFailureHoldS))
        let threshold = (1 - s.enduranceFailureTolerance) * target
        let maxSamples = s.sampleCount(s.enduranceMaxDurationS)
        var below = 0
        var modelEnd: Double?
        var deviceEnd = s.enduranceMaxDurationS
        var samples = zeroCount
        for i in 0..<maxSamples {
            var produced = passive
            var sustainable = true
            for group in ExtensorGroup.allCases {
                state.fatigue[group].advance(targetLoad: fraction, seconds: dt, parameters: fatigueRates)
                produced += active * shares[group] / totalShare * min(fraction, state.fatigue[group].active)
                sustainable = sustainable && state.fatigue[group].canSustain(fraction)
            }
            if !sustainable, modelEnd == nil { modelEnd = Double(i + 1) * dt }
            let shown = filter.add(loadCell.read(produced, rng: &rng) - zero)
            samples += 1
            below = shown < threshold ? below + 1 : 0
            if below >= holdSamples {
                deviceEnd = Double(i + 1 - holdSamples) * dt
                break
            }
        }
        return EnduranceResult(angleDeg: angle, fraction: fraction, targetNm: target, enduranceS: deviceEnd,
                               modelEnduranceS: modelEnd ?? s.enduranceMaxDurationS, samples: samples)
    }
}
