import Foundation
import Physiology
import Regimens
import Device

/// Isolated lumbar extension sessions on the machine: load progression, sets to failure through the 3CC-r
/// model, and the stimulus they give each neural node.
struct StrengthTraining {
    /// How far beyond the top of the rep range a set to failure (or the count of reps in reserve) may run.
    static let repsCountedBeyondRange = 4

    /// Current training load, N·m (the cam matches the strength curve, so one number describes it).
    var loadNm: Double?
    /// The most recent isometric test: the load rule starts from it.
    var lastTest: IsometricResult?
    /// Dynamic sets and their repetitions so far (what the sessions did, reported at each visit).
    var setsPerformed = 0
    var repsPerformed = 0

    mutating func session(_ dose: CoreStrengtheningDose, state: inout SubjectState, subject: SubjectParameters,
                          physiology: PhysiologyModel) {
        let p = physiology.adaptation
        let restraint = (dose.pelvicRestraint ? 1 : p.unrestrainedLumbarShare) * p.trainability(subject)
        var stimulus = SIMD8<Double>.zero
        switch dose.work {
        case .dynamic(let work):
            let rom = work.romDeg.clamped(to: 0...max(0, min(work.romDeg.upperBound, state.lumbarRomDeg(subject))))
            let setStimulus = dynamicSets(work, sets: dose.sets, rom: rom, state: &state, subject: subject, physiology: physiology)
            for (k, angle) in SubjectState.neuralNodesDeg.enumerated() {
                stimulus[k] = setStimulus * restraint * transfer(angle, to: rom, widthDeg: p.transferWidthDeg)
            }
        case .isometric(let work):
            // Maximal holds: full effort at each angle, spreading to neighbours like range-limited training.
            for (k, angle) in SubjectState.neuralNodesDeg.enumerated() {
                let best = work.anglesDeg.map { transfer(angle, to: $0...$0, widthDeg: p.transferWidthDeg) }.max() ?? 0
                stimulus[k] = restraint * best
            }
            let rates = physiology.fatigueParameters(for: state)
            for group in ExtensorGroup.allCases {
                for _ in 0..<(dose.sets * work.anglesDeg.count) {
                    state.fatigue[group].advance(targetLoad: 1, seconds: work.holdSeconds, parameters: rates)
                    state.fatigue[group].advance(targetLoad: 0, seconds: p.restBetweenSetsS, parameters: rates)
                }
            }
        }
        state.strengthSession(nodeStimulus: stimulus, sets: dose.sets, p)
    }

    /// Sets of repetitions through `rom`; returns the mean stimulus of a set (``AdaptationParameters/setStimulus(reps:repsInReserve:)``).
    private mutating func dynamicSets(_ work: CoreStrengtheningDose.Dynamic, sets: Int, rom: ClosedRange<Double>,
                                      state: inout SubjectState, subject: SubjectParameters, physiology: PhysiologyModel) -> Double {
        let p = physiology.adaptation
        let model = physiology.torque
        let nodes = SubjectState.neuralNodesDeg.filter { rom.contains($0) }
        let angles = nodes.isEmpty ? [rom.lowerBound, rom.upperBound] : nodes
        let capacity = angles.map { model.torqueNm(flexionDeg: $0, subject: subject, state: state) }.reduce(0, +) / Double(angles.count)
        if loadNm == nil {
            let tested = lastTest.map { test in test.anglesDeg.indices.filter { rom.contains(test.anglesDeg[$0]) }.map { test.reportedPeakNm[$0] } } ?? []
            let reference = tested.isEmpty ? capacity : tested.reduce(0, +) / Double(tested.count)
            loadNm = work.startLoadFraction * reference
        }
        let load = loadNm ?? 0
        let span = rom.upperBound - rom.lowerBound
        let rates = physiology.fatigueParameters(for: state)
        var stimulus = 0.0
        var lastReps = 0
        func reps(_ cap: Int, from start: FatigueState) -> (reps: Int, state: FatigueState) {
            physiology.repsToFailure(loadNm: load, capacityNm: capacity, spanDeg: span, upS: work.tempo.up, downS: work.tempo.down,
                                     rates: rates, maxReps: cap, from: start)
        }
        for set in 0..<sets {
            // A set to failure has no reps in reserve; one stopped at the top of the range may have some.
            let cap = work.toFailure ? Self.repsCountedBeyondRange * work.reps.upperBound : work.reps.upperBound
            let performed = reps(cap, from: state.fatigue.multifidus)
            let reserve = work.toFailure || performed.reps < work.reps.upperBound ? 0
                : reps((Self.repsCountedBeyondRange - 1) * work.reps.upperBound, from: performed.state).reps
            stimulus += p.setStimulus(reps: performed.reps, repsInReserve: reserve)
            lastReps = performed.reps
            setsPerformed += 1
            repsPerformed += performed.reps
            for group in ExtensorGroup.allCases { state.fatigue[group] = performed.state }
            if set < sets - 1 {
                for group in ExtensorGroup.allCases {
                    state.fatigue[group].advance(targetLoad: 0, seconds: p.restBetweenSetsS, parameters: rates)
                }
            }
        }
        // Load rule: heavier once the top of the range is reached, lighter when the bottom is missed.
        if lastReps >= work.reps.upperBound {
            loadNm = load * (1 + work.loadIncrement)
        } else if lastReps < work.reps.lowerBound {
            loadNm = load * (1 - work.loadIncrement)
        }
        return stimulus / Double(max(1, sets))
    }

    /// How much of a session's stimulus reaches an angle: all of it inside the trained range, falling off
    /// as a Gaussian of the distance outside it.
    func transfer(_ angle: Double, to range: ClosedRange<Double>, widthDeg: Double) -> Double {
        let distance = angle < range.lowerBound ? range.lowerBound - angle : max(0, angle - range.upperBound)
        return exp(-0.5 * (distance / widthDeg) * (distance / widthDeg))
    }
}

extension Visit {
    /// Reports the dynamic sets and repetitions done before this visit.
    mutating func record(_ training: StrengthTraining) {
        outcomes.dynamicSets = training.setsPerformed
        outcomes.dynamicReps = training.repsPerformed
    }
}
