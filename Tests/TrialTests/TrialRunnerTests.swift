import Course
import Device
import Regimens
import Trial
import XCTest

/// Trials end to end in the library: seed-exactness, participation, follow-up, and the published direction of effects.
final class TrialRunnerTests: XCTestCase {
    func testTheSameSeedGivesTheSameBytesOnAnyNumberOfThreads() throws {
        let setup = try TrialFixture.setup(arms: ["control", "core-strengthening", "stretching"])
        let design = TrialFixture.design(setup, perArm: 4, instrument: .sampled)
        let runs = try [1, 2, 3].map { try TrialFixture.run(setup, design, seed: 7, threads: $0) }
        let data = runs.map { TrialTables.trialData($0).data }
        let effects = runs.map { TrialTables.effects(TrialAnalysis($0, responders: setup.defaults.responders), design: design, evidence: setup.evidence).data }
        XCTAssertEqual(Set(data).count, 1)
        XCTAssertEqual(Set(effects).count, 1)
        XCTAssertEqual(Set(runs.map { TrialTables.timecourse($0).data }).count, 1)
        let other = try TrialFixture.run(setup, design, seed: 8)
        XCTAssertNotEqual(TrialTables.trialData(other).data, data[0])
    }

    func testFullParticipationReproducesTheCourseOfSimulate() throws {
        // The hook's default and an explicit "attend everything, the regimen's own tests" give the same visits.
        let setup = try TrialFixture.setup(arms: ["core-strengthening"])
        let regimen = setup.run.regimens[0]
        let test = try IsometricTest(settings: try setup.run.deviceSettings(), model: setup.run.model)
        let course = CourseOfCare(physiology: setup.run.physiology, test: test, arms: [Arm(regimen: regimen)])
        let subject = try setup.run.sampler.subject(id: 3, seed: 2)
        let plain = course.run(subject: subject, arm: Arm(regimen: regimen), seed: 2, cohortPain: 45, cohortODI: 30)
        let explicit = course.run(subject: subject, arm: Arm(regimen: regimen), seed: 2, cohortPain: 45, cohortODI: 30,
                                  participation: Participation(testWeeks: regimen.testWeeks, weeks: regimen.totalWeeks) { _, _ in true })
        XCTAssertEqual(plain, explicit)
        // Missing every session leaves strength where usual care leaves it: below the trained course's.
        let absent = course.run(subject: subject, arm: Arm(regimen: regimen), seed: 2, cohortPain: 45, cohortODI: 30,
                                participation: Participation { _, _ in false })
        XCTAssertEqual(absent.last?.outcomes.sessionsAttended, 0)
        XCTAssertLessThan(absent.last!.isometric.truePeakNm[0], plain.last!.isometric.truePeakNm[0])
    }

    func testAdherenceAndLossToFollowUpFollowTheData() throws {
        let setup = try TrialFixture.setup(arms: ["control", "stretching"])
        let d = setup.defaults
        let model = ParticipationModel(meanAdherence: d.adherence.value, concentration: d.adherenceConcentration, dropout: d.dropout.value)
        let stretching = setup.run.regimens[1]
        let draws = (0..<3000).map { model.draw(subject: $0, regimen: stretching, followUpDays: 84, seed: 4) }
        let n = Double(draws.count)
        let meanAdherence = draws.reduce(0) { $0 + $1.adherence } / n
        XCTAssertEqual(meanAdherence, 0.81, accuracy: 4 * 0.28 / n.squareRoot())
        let lost = Double(draws.filter { $0.dropoutDay != nil }.count) / n
        XCTAssertEqual(lost, 0.098, accuracy: 4 * (0.098 * 0.902 / n).squareRoot())
        XCTAssertTrue(draws.allSatisfy { $0.scheduled == 60 }, "stretching: 5 sessions a week for 12 weeks")
        XCTAssertTrue(draws.allSatisfy { ($0.dropoutDay ?? 1) >= 1 && ($0.dropoutDay ?? 84) <= 84 })

        let everyone = ParticipationModel(meanAdherence: 1, concentration: d.adherenceConcentration, dropout: 0)
        XCTAssertTrue((0..<20).allSatisfy { everyone.draw(subject: $0, regimen: stretching, followUpDays: 84, seed: 4).adherence == 1 })

        // In a trial: dropouts have no follow-up, and nobody attends more sessions than scheduled.
        let result = try TrialFixture.run(setup, TrialFixture.design(setup, perArm: 12, dropout: 0.3))
        let dropouts = result.subjects.filter { $0.participation.dropoutDay != nil }
        XCTAssertFalse(dropouts.isEmpty)
        XCTAssertTrue(dropouts.allSatisfy { !$0.completed && $0.followUp(.pain) == nil })
        XCTAssertTrue(result.subjects.allSatisfy { $0.sessionsAttended <= $0.participation.scheduled })
        let full = try TrialFixture.run(setup, TrialFixture.design(setup, perArm: 12, adherence: 1, dropout: 0))
        XCTAssertTrue(full.subjects.allSatisfy { $0.completed && $0.sessionsAttended == $0.participation.scheduled })
    }

    func testFollowUpBeyondTheRegimenIsUsualCareAndGainsFade() throws {
        let setup = try TrialFixture.setup(arms: ["control", "core-strengthening"])
        let design = TrialFixture.design(setup, perArm: 6, adherence: 1, dropout: 0, followUpWeeks: 40)
        XCTAssertEqual(design.visitWeeks, [0, 6, 12, 40])
        let result = try TrialFixture.run(setup, design)
        let trained = result.subjects.filter { $0.arm == 1 }
        XCTAssertTrue(trained.allSatisfy { $0.sessionsAttended == 12 }, "no sessions after the regimen's 12 weeks")
        // Means over the arm: single tests carry a day-to-day effort error of about 10 %.
        func mean(_ value: (TrialSubject) throws -> Double) rethrows -> Double {
            try trained.map(value).reduce(0, +) / Double(trained.count)
        }
        let baseline = try mean { try XCTUnwrap($0.baseline(.torque0)) }
        let atEnd = try mean { try XCTUnwrap($0.value(.torque0, week: 12)) }
        let later = try mean { try XCTUnwrap($0.value(.torque0, week: 40)) }
        XCTAssertGreaterThan(baseline, 0)
        XCTAssertLessThan(later, atEnd, "detraining after week 12")
        XCTAssertGreaterThan(later, baseline, "part of the gain remains at week 40")
    }

    /// Pollock 1989 and Carpenter 1991: ILEX raises lumbar extension strength; Hayden 2021 (exercise vs no
    /// treatment) and Steele 2013 (ILEX in CLBP): pain and disability fall against control.
    func testCoreStrengtheningAgainstControlShowsThePublishedDirectionOfEffects() throws {
        let setup = try TrialFixture.setup(arms: ["control", "core-strengthening"])
        let result = try TrialFixture.run(setup, TrialFixture.design(setup, perArm: 30))
        let analysis = TrialAnalysis(result, responders: setup.defaults.responders)
        let strength = try XCTUnwrap(analysis.row(.torqueMean, arm: 1)?.effect)
        XCTAssertGreaterThan(strength.ciLow, 0, "strength: \(strength)")
        XCTAssertLessThan(strength.pValue, 0.05)
        let gainAtExtension = try XCTUnwrap(analysis.row(.torque0, arm: 1)?.effect), gainFlexed = try XCTUnwrap(analysis.row(.torque60, arm: 1)?.effect)
        let baselineAt = { (o: TrialOutcome) in Summary(result.subjects.compactMap { $0.baseline(o) }).mean }
        XCTAssertGreaterThan(gainAtExtension.estimate / baselineAt(.torque0), gainFlexed.estimate / baselineAt(.torque60),
                             "relative gains are largest at full extension")
        let pain = try XCTUnwrap(analysis.row(.pain, arm: 1))
        XCTAssertLessThan(try XCTUnwrap(pain.effect).ciHigh, 0, "pain falls against control")
        XCTAssertLessThan(try XCTUnwrap(pain.hedgesG).g, 0)
        XCTAssertGreaterThan(try XCTUnwrap(pain.respondersArm), try XCTUnwrap(pain.respondersReference))
        XCTAssertLessThan(try XCTUnwrap(analysis.row(.odi, arm: 1)?.effect).estimate, 0, "disability falls against control")
    }

    func testPowerRisesWithTheNumberPerArm() throws {
        let setup = try TrialFixture.setup(arms: ["control", "core-strengthening"])
        let runner = try TrialRunner(setup: setup, design: TrialFixture.design(setup, perArm: 4),
                                     settings: try setup.run.deviceSettings(), seed: 3)
        let power = try PowerAnalysis(runner: runner, sizes: [4, 24], trials: 24, instrument: .ideal, threads: 2)
        func row(_ n: Int, _ o: TrialOutcome) throws -> PowerAnalysis.Row {
            try XCTUnwrap(power.rows.first { $0.nPerArm == n && $0.outcome == o && $0.arm == 1 })
        }
        for outcome in [TrialOutcome.pain, .odi] {
            let small = try row(4, outcome), large = try row(24, outcome)
            XCTAssertEqual(large.trials, 24)
            XCTAssertGreaterThan(large.power, small.power, "\(outcome)")
            XCTAssertGreaterThan(large.interval.low, small.interval.low, "\(outcome)")
        }
        XCTAssertGreaterThan(try row(24, .pain).power, 0.7)
    }
}
