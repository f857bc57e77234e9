import Cohort
import Course
import Foundation
import LumbarDatasets
import Physiology
import Regimens
import RunOutput
import Simulation
import StudySetup
import XCTest

/// Properties that must hold for every subject: torque >= 0, fatigue compartments in [0, 1] summing to 1,
/// CSA within physiological bounds, more dose never less effect, same seed same result.
final class PropertyTests: XCTestCase {
    func course(_ cohort: String, _ regimens: [String], count: Int, seed: UInt64 = 5) throws -> (RunSetup, [SubjectOutcome]) {
        let setup = try RunSetup(cohort: cohort, regimens: regimens)
        let runner = try setup.runner(settings: try setup.deviceSettings(sampleRateHz: 100), seed: seed, instrument: .ideal)
        return (setup, try runner.run(count: count, threads: 2))
    }

    func testTorqueCSAAndFatigueStayPhysiologicalOverRandomSubjectsAndRegimens() throws {
        let (setup, outcomes) = try course("clbp-adults", ["combined", "core-strengthening"], count: 200, seed: 77)
        let ceiling = setup.physiology.adaptation.hypertrophyCeiling
        // Measured CSA carries the imaging error too: allow five of its SDs.
        let imaging = 5 * setup.physiology.adaptation.csaMeasurementSD
        for o in outcomes {
            for visit in o.arms.joined() {
                XCTAssertTrue(visit.isometric.reportedPeakNm.allSatisfy { $0 >= 0 && $0.isFinite })
                for group in ExtensorGroup.allCases {
                    let csa = visit.outcomes.csaCm2[group], baseline = o.subject.csaCm2[group]
                    XCTAssertGreaterThan(csa, 0.5 * (1 - imaging) * baseline)
                    XCTAssertLessThanOrEqual(csa, (1 + ceiling) * (1 + imaging) * baseline)
                }
                XCTAssertTrue((0...100).contains(visit.outcomes.painVAS) && (0...100).contains(visit.outcomes.odi))
            }
        }
    }

    func testFatigueCompartmentsStayInUnitIntervalThroughTrainingSessions() throws {
        let setup = try RunSetup(cohort: "healthy-adults")
        let physiology = setup.physiology
        var generator = SystemRandomNumberGenerator()
        for id in 0..<50 {
            let subject = try setup.sampler.subject(id: id, seed: 3)
            var state = SubjectState(baselineOf: subject)
            for _ in 0..<40 {
                let load = Double.random(in: 0...1, using: &generator)
                let seconds = Double.random(in: 0.01...600, using: &generator)
                for group in ExtensorGroup.allCases {
                    state.fatigue[group].advance(targetLoad: load, seconds: seconds, parameters: physiology.fatigueParameters(for: state))
                    let f = state.fatigue[group]
                    for x in [f.active, f.fatigued, f.resting] { XCTAssertTrue((-1e-12...1 + 1e-12).contains(x)) }
                    XCTAssertEqual(f.active + f.fatigued + f.resting, 1, accuracy: 1e-12)
                }
            }
        }
    }

    func testMoreSessionsNeverLessGainWithinTheTrainedRange() throws {
        let store = try DatasetStore.locate()
        let once = store.url("validation/regimens/carpenter-1991-1.yaml").path
        let twice = store.url("validation/regimens/carpenter-1991-2.yaml").path
        let (_, outcomes) = try course("healthy-adults", [once, twice], count: 60)
        for o in outcomes {
            for angle in [0.0, 36, 72] {
                let gain1 = o.arms[0].last!.isometric.reportedPeak(atDeg: angle)! / o.arms[0][0].isometric.reportedPeak(atDeg: angle)!
                let gain2 = o.arms[1].last!.isometric.reportedPeak(atDeg: angle)! / o.arms[1][0].isometric.reportedPeak(atDeg: angle)!
                XCTAssertGreaterThanOrEqual(gain2, gain1 - 1e-9, "subject \(o.subject.id) at \(angle) deg")
            }
        }
    }

    func testSameSeedSameResultWhateverTheThreadCountAndArmOrder() throws {
        let setup = try RunSetup(cohort: "clbp-adults", regimens: ["core-strengthening", "stretching"])
        let reversed = try RunSetup(cohort: "clbp-adults", regimens: ["stretching", "core-strengthening"])
        let settings = try setup.deviceSettings(sampleRateHz: 100)
        let one = try setup.runner(settings: settings, seed: 9).run(count: 40, threads: 1)
        let two = try setup.runner(settings: settings, seed: 9).run(count: 40, threads: 2)
        let other = try reversed.runner(settings: settings, seed: 9).run(count: 40, threads: 2)
        let names = ["core-strengthening", "stretching"]
        XCTAssertEqual(RunTables.tests(one, armNames: names).data, RunTables.tests(two, armNames: names).data)
        XCTAssertEqual(RunTables.outcomes(one, armNames: names).data, RunTables.outcomes(two, armNames: names).data)
        // An arm's results do not depend on which other arms run or in what order.
        for (a, b) in zip(one, other) {
            XCTAssertEqual(a.arms[0], b.arms[1])
            XCTAssertEqual(a.arms[1], b.arms[0])
        }
    }
}
