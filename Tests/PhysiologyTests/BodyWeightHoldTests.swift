import Foundation
import Physiology
import TestSupport
import XCTest

/// The body-weight extension hold: an absolute load, so the time grows with strength and falls with body mass.
final class BodyWeightHoldTests: XCTestCase {
    let physiology = TestData.physiology
    var model: TorqueModel { physiology.torque }

    /// A subject whose upper body is sized from its height and mass as the cohort sampler sizes it.
    func subject(massKg: Double = 70, csaScale: Double = 1) -> SubjectParameters {
        var s = TestSubjects.typical(csaScale: csaScale)
        let torso = model.torsoSegment(heightCm: s.heightCm, massKg: massKg)
        s.massKg = massKg
        s.torsoMassKg = torso.massKg
        s.torsoComCm = torso.comCm
        return s
    }

    func testTargetLoadIsTheUpperBodysTorqueLessPassiveOverMaximalActiveTorque() {
        let s = subject()
        let state = SubjectState(baselineOf: s)
        let angle = physiology.bodyWeightHoldAngleDeg
        let demand = s.torsoMassKg * 9.80665 * s.torsoComCm / 100
        let expected = (demand - model.passiveTorqueNm(flexionDeg: angle, subject: s, state: state))
            / model.activeTorqueNm(flexionDeg: angle, subject: s, state: state)
        XCTAssertEqual(physiology.bodyWeightHoldTargetLoad(subject: s, state: state), expected, accuracy: 1e-12)
        XCTAssertEqual(physiology.bodyWeightHoldS(subject: s, state: state),
                       FatigueState.enduranceTime(targetLoad: expected, parameters: physiology.fatigueParameters(for: state),
                                                  maxSeconds: physiology.bodyWeightHoldMaxS), accuracy: 1e-9)
    }

    /// Neural gains and larger muscles lower the relative load of the same body, so the hold lasts longer.
    func testTheHoldLengthensAsStrengthGrows() {
        let s = subject()
        var state = SubjectState(baselineOf: s)
        let before = physiology.bodyWeightHoldS(subject: s, state: state)
        XCTAssertGreaterThan(before, 0)
        XCTAssertLessThan(before, physiology.bodyWeightHoldMaxS, "an untrained typical subject stops before the cap")
        state.neural = SIMD8(repeating: 0.5)
        let trained = physiology.bodyWeightHoldS(subject: s, state: state)
        XCTAssertGreaterThan(trained, before)
        let bigger = subject(csaScale: 1.2)
        XCTAssertGreaterThan(physiology.bodyWeightHoldS(subject: bigger, state: SubjectState(baselineOf: bigger)), before)
    }

    /// The same muscles hold a heavier upper body for less time; one they cannot lift at all, not at all.
    func testTheHoldShortensAsBodyMassRises() {
        var previous = Double.infinity
        for mass in [55.0, 70, 85, 100] {
            let s = subject(massKg: mass)
            let hold = physiology.bodyWeightHoldS(subject: s, state: SubjectState(baselineOf: s))
            XCTAssertLessThan(hold, previous, "\(mass) kg")
            previous = hold
        }
        let weak = subject(massKg: 130, csaScale: 0.2)
        let state = SubjectState(baselineOf: weak)
        XCTAssertGreaterThan(physiology.bodyWeightHoldTargetLoad(subject: weak, state: state), 1)
        XCTAssertEqual(physiology.bodyWeightHoldS(subject: weak, state: state), 0)
    }
}
