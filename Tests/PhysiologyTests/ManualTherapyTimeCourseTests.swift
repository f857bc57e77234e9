import Foundation
import Physiology
import TestSupport
import XCTest

/// Manual therapy's two time courses: the effect on symptoms lasts weeks after a course, as the sources' "short
/// term" (1 to <6 months after the course, ahrq2020) requires; the effect on tone and stiffness lasts days.
final class ManualTherapyTimeCourseTests: XCTestCase {
    let p = TestData.physiology.adaptation

    /// The state `days` after one full-length session.
    func afterSession(days: Int) -> SubjectState {
        let subject = TestSubjects.typical()
        var state = SubjectState(baselineOf: subject)
        state.manualTherapySession(minutes: p.manualReferenceMinutes, p)
        for _ in 0..<days { state.advanceDay(subject: subject, p) }
        return state
    }

    func testSymptomEffectFadesExponentiallyWithItsTimeConstant() {
        XCTAssertEqual(afterSession(days: 0).manualEffect, 1)
        XCTAssertEqual(afterSession(days: 30).manualEffect, exp(-30 / p.manualEffectDays), accuracy: 1e-12)
    }

    /// ahrq2020 graded massage's effect in the window 1 to <6 months after a course and found none at 6-12 months:
    /// at least half is left a month after the last session, at most a tenth after six months.
    func testSymptomEffectSpansTheShortTermWindowAndIsGoneByIntermediateTerm() {
        XCTAssertGreaterThanOrEqual(afterSession(days: 30).manualEffect, 0.5)
        XCTAssertLessThanOrEqual(afterSession(days: 182).manualEffect, 0.1)
    }

    func testToneEffectIsGoneWithinTwoWeeksWhileSymptomReliefRemains() {
        let state = afterSession(days: 14)
        XCTAssertLessThan(state.manualTone, 0.01)
        XCTAssertGreaterThan(state.manualEffect, 0.7)
        let subject = TestSubjects.typical()
        XCTAssertEqual(state.passiveMultiplier(p), 1 - p.manualStiffnessReduction * state.manualTone, accuracy: 1e-12,
                       "stiffness follows the tone effect, not the symptom effect")
        XCTAssertEqual(state.pain(subject, p), state.naturalPain(subject, p)
                       * (1 - p.manualPainReductionMax * state.manualEffect * state.responder), accuracy: 1e-9)
    }

    /// A weekly course keeps the effect up: a week after each session at least exp(-7/τ) of it is left.
    func testWeeklyCourseKeepsTheEffectUp() {
        let subject = TestSubjects.typical()
        var state = SubjectState(baselineOf: subject)
        for _ in 0..<10 {
            state.manualTherapySession(minutes: p.manualReferenceMinutes, p)
            for _ in 0..<7 { state.advanceDay(subject: subject, p) }
        }
        XCTAssertEqual(state.manualEffect, exp(-7 / p.manualEffectDays), accuracy: 1e-12)
    }
}
