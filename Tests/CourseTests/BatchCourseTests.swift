import Course
import Device
import StudySetup
import XCTest

/// The lockstep course (a group of subjects through an arm, each test visit batched through the SIMD kernel) must
/// give every subject exactly (==) the visits of the per-subject course on the scalar reference test.
final class BatchCourseTests: XCTestCase {
    /// A low rate keeps the debug build quick; equality does not depend on the rate.
    /// Returns every visit of the per-subject course, for the callers' own checks on what was covered.
    @discardableResult
    func assertLockstepEqualsPerSubject(cohort: String, regimens: [String], count: Int, seed: UInt64,
                                        instrument: CourseOfCare.Instrument = .sampled, rate: Double = 40,
                                        testWeeks: [Int]? = nil) throws -> [Visit] {
        let setup = try RunSetup(cohort: cohort, regimens: regimens)
        let runner = try setup.runner(settings: try setup.deviceSettings(sampleRateHz: rate), seed: seed, instrument: instrument,
                                      testWeeks: testWeeks)
        let subjects = try (0..<count).map { try setup.sampler.subject(id: $0, seed: seed) }
        let pain = subjects.map { setup.sampler.traitMean("pain_vas", sex: $0.sex) }
        let odi = subjects.map { setup.sampler.traitMean("odi", sex: $0.sex) }
        var visits: [Visit] = []
        for arm in runner.arms {
            let participation = runner.participation(arm)
            let lockstep = runner.course.run(subjects: subjects, arm: arm, seed: seed, cohortPain: pain, cohortODI: odi,
                                             participation: participation)
            XCTAssertEqual(lockstep.count, count)
            for (i, subject) in subjects.enumerated() {
                let alone = runner.course.run(subject: subject, arm: arm, seed: seed, cohortPain: pain[i], cohortODI: odi[i],
                                              participation: participation)
                XCTAssertEqual(lockstep[i], alone, "\(arm.name), subject \(subject.id)")
                visits += alone
            }
        }
        XCTAssertGreaterThan(visits.count, count * runner.arms.count, "regimen arms have more than one test visit")
        // The runner's chunk path is the same lockstep course, for any range of ids.
        let chunk = try runner.outcomes(3..<count)
        for outcome in chunk {
            let alone = try runner.outcome(id: outcome.subject.id)
            XCTAssertEqual(outcome.subject, alone.subject)
            XCTAssertEqual(outcome.arms, alone.arms, "subject \(outcome.subject.id)")
        }
        return visits
    }

    /// Core strengthening starts its training load from the last test, so the lockstep must hand each subject its
    /// own test result; 19 subjects leave the last SIMD lane group partly empty.
    func testStrengtheningAndCombinedArmsMatchThePerSubjectCourseExactly() throws {
        try assertLockstepEqualsPerSubject(cohort: "healthy-adults", regimens: ["core-strengthening", "combined"], count: 19, seed: 31)
    }

    /// CLBP subjects whose range stops short of some angles, and stretching that changes the range between tests.
    func testRangeLimitedSubjectsAndStretchingMatchThePerSubjectCourseExactly() throws {
        let visits = try assertLockstepEqualsPerSubject(cohort: "clbp-adults", regimens: ["stretching", "manual-therapy", "control"],
                                                        count: 13, seed: 4)
        XCTAssertTrue(visits.contains { $0.isometric.anglesDeg.count < 7 }, "some subject must skip angles beyond their range")
        XCTAssertGreaterThan(Set(visits.map(\.isometric.anglesDeg.count)).count, 1)
    }

    /// `--test-weeks`: pre and post only, and a follow-up visit 8 weeks after a 12-week regimen ended.
    func testChosenTestWeeksMatchThePerSubjectCourseExactlyAndFollowUpShowsDetraining() throws {
        let visits = try assertLockstepEqualsPerSubject(cohort: "healthy-adults", regimens: ["core-strengthening"], count: 11,
                                                        seed: 5, testWeeks: [0, 12, 20])
        XCTAssertEqual(Set(visits.map(\.week)), [0, 12, 20])
        // The week-12 gain of isolated lumbar extension is partly lost after 8 weeks of usual care.
        func meanPeak(_ week: Int) -> Double {
            let peaks = visits.filter { $0.week == week }.map { $0.isometric.reportedPeakNm.reduce(0, +) }
            return peaks.reduce(0, +) / Double(peaks.count)
        }
        XCTAssertGreaterThan(meanPeak(12), 1.3 * meanPeak(0))
        XCTAssertLessThan(meanPeak(20), meanPeak(12))
        XCTAssertGreaterThan(meanPeak(20), meanPeak(0))
    }

    func testIdealInstrumentMatchesThePerSubjectCourseExactly() throws {
        try assertLockstepEqualsPerSubject(cohort: "clbp-adults", regimens: ["core-strengthening"], count: 9, seed: 12, instrument: .ideal)
    }
}
