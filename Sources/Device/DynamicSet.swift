import Foundation
import LumbarNumerics
import Physiology

/// One sample of a dynamic set.
public struct DynamicSample: Sendable, Equatable {
    public enum Phase: String, Sendable { case up, down }
    public var timeS: Double
    public var angleDeg: Double
    /// The movement-arm angle as the potentiometer reports it.
    public var reportedAngleDeg: Double
    public var torqueNm: Double
    /// Fraction of the lumbar extensors' current capacity the repetition demands.
    public var targetLoad: Double
    public var phase: Phase
}

public struct DynamicSetResult: Sendable {
    /// Repetitions completed before the subject could no longer lift (or the cap was reached).
    public var reps: Int
    public var weightNm: Double
    public var samples: Int
    /// The highest lumbar target load of the set (≥ 1 means the weight could not be lifted at all).
    public var peakTargetLoad: Double
    /// The subject's state at the end (fatigue compartments after the set).
    public var state: SubjectState
    public var trace: [DynamicSample]?
}

/// A dynamic training set on the machine: a weight stack acting through a cam, the counterweighted torso, a
/// tempo, and repetitions until the 3CC-r fatigue state no longer lets the subject lift. Without pelvic
/// restraint the hip extensors take the load and the lumbar extensors see only their share (none, as the data
/// stand: `neural.unrestrained_lumbar_share`).
public struct DynamicSet: Sendable {
    public let settings: DeviceSettings
    public let physiology: PhysiologyModel

    public init(settings: DeviceSettings, physiology: PhysiologyModel) throws(DeviceError) {
        try settings.validate()
        self.settings = settings
        self.physiology = physiology
    }

    /// The weight whose mean resistance over `rom` is `fraction` of the subject's mean maximal torque there.
    public func weight(forFraction fraction: Double, subject: SubjectParameters, state: SubjectState, rom: ClosedRange<Double>) -> Double {
        let angles = stride(from: rom.lowerBound, through: rom.upperBound, by: 1).map { $0 }
        let model = physiology.torque
        let capacity = angles.map { model.torqueNm(flexionDeg: $0, subject: subject, state: state) }.reduce(0, +)
        let cam = angles.map { settings.cam(atDeg: $0) }.reduce(0, +)
        return fraction * capacity / cam
    }

    public func run(subject: SubjectParameters, state initial: SubjectState, weightNm: Double, rom: ClosedRange<Double>,
                    upS: Double, downS: Double, pelvicRestraint: Bool, maxReps: Int, rng: inout RandomStream,
                    keepTrace: Bool = false) throws(DeviceError) -> DynamicSetResult {
        let s = settings
        guard weightNm.isFinite, weightNm >= 0 else { throw .invalidSetting("weight", "\(weightNm) N*m", "must be >= 0") }
        guard upS > 0, downS > 0 else { throw .invalidSetting("tempo", "\(upS)/\(downS) s", "both halves must be > 0") }
        try s.checkAngle(rom.lowerBound)
        try s.checkAngle(rom.upperBound)
        guard rom.upperBound <= initial.lumbarRomDeg(subject) else {
            throw .beyondSubjectRange(angle: rom.upperBound, rom: initial.lumbarRomDeg(subject))
        }
        let model = physiology.torque
        let test = try IsometricTest(settings: s, model: model)
        let share = pelvicRestraint ? 1 : physiology.adaptation.unrestrainedLumbarShare
        let span = rom.upperBound - rom.lowerBound
        let dt = 1 / s.sampleRateHz
        let upCount = max(1, s.sampleCount(upS)), downCount = max(1, s.sampleCount(downS))
        var state = initial
        var loadCell = LoadCell(settings: s, rng: &rng)
        loadCell.settle(at: 0)
        var trace: [DynamicSample] = []
        var reps = 0, samples = 0
        var peakTarget = 0.0
        var time = 0.0
        repetitions: while reps < maxReps {
            for (phase, count) in [(DynamicSample.Phase.up, upCount), (.down, downCount)] {
                let velocity = phase == .up ? span / upS : -span / downS
                let fv = model.forceVelocity(extensionVelocityDegPerS: velocity)
                for i in 0..<count {
                    let progress = Double(i + 1) / Double(count)
                    // Lifting extends the trunk: from the flexed end of the range to the extended end, and back.
                    let angle = phase == .up ? rom.upperBound - span * progress : rom.lowerBound + span * progress
                    let resistance = weightNm * s.cam(atDeg: angle)
                    let needed = resistance + test.uncancelledGravityNm(subject: subject, angleDeg: angle)
                        - model.passiveTorqueNm(flexionDeg: angle, subject: subject, state: state)
                    let capacity = model.activeTorqueNm(flexionDeg: angle, subject: subject, state: state) * fv
                    let target = capacity > 0 ? max(0, needed * share) / capacity : .infinity
                    peakTarget = max(peakTarget, target)
                    var sustained = target <= 1
                    if sustained {
                        let rates = physiology.fatigueParameters(for: state)
                        for group in ExtensorGroup.allCases {
                            state.fatigue[group].advance(targetLoad: target, seconds: dt, parameters: rates)
                            sustained = sustained && state.fatigue[group].canSustain(target)
                        }
                    }
                    let torque = loadCell.read(resistance, rng: &rng)
                    // Drawn whether or not a trace is kept, so the load cell's samples never depend on it.
                    let noisy = angle + s.potentiometerNoiseSdDeg * rng.nextNormal()
                    let reported = (noisy / s.potentiometerResolutionDeg).rounded() * s.potentiometerResolutionDeg
                    samples += 1
                    time += dt
                    if keepTrace {
                        trace.append(DynamicSample(timeS: time, angleDeg: angle, reportedAngleDeg: reported, torqueNm: torque,
                                                   targetLoad: target, phase: phase))
                    }
                    if !sustained { break repetitions }
                }
            }
            reps += 1
        }
        return DynamicSetResult(reps: reps, weightNm: weightNm, samples: samples, peakTargetLoad: peakTarget, state: state,
                                trace: keepTrace ? trace : nil)
    }
}
