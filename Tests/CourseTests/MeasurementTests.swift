import Cohort
import Course
import Foundation
import Physiology
import StudySetup
import XCTest

/// Visit-to-visit variability: a strength test repeated without training differs by about the published
/// test-retest error, measured outcomes carry their measurement error, and backs differ in how fast they tire.
final class MeasurementTests: XCTestCase {
    func control(count: Int) throws -> (RunSetup, [SubjectOutcome]) {
        let setup = try RunSetup(cohort: "clbp-adults", regimens: ["control"])
        let runner = try setup.runner(settings: try setup.deviceSettings(sampleRateHz: 100), seed: 21, instrument: .ideal)
        return (setup, try runner.run(count: count, threads: 2))
    }

    func sd(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }

    /// Robinson 1992 (CLBP): test-retest SEE about 8-15 % of the torque. Two untrained visits of one subject
    /// differ by √2 times the per-visit effort SD (0.10), about 14 %, and not at all on average.
    func testRepeatedStrengthTestsDifferByTheTestRetestError() throws {
        let (setup, outcomes) = try control(count: 400)
        var relative: [Double] = []
        for o in outcomes {
            let visits = o.arms[0]
            guard let first = visits.first?.isometric.reportedPeak(atDeg: 36),
                  let last = visits.last?.isometric.reportedPeak(atDeg: 36) else { continue }
            relative.append(last / first - 1)
        }
        let expected = 2.0.squareRoot() * setup.physiology.adaptation.effortDaySD
        XCTAssertEqual(sd(relative), expected, accuracy: 0.25 * expected)
        XCTAssertEqual(relative.reduce(0, +) / Double(relative.count), 0, accuracy: 0.03)
    }

    /// Measured CSA, range and straight-leg raise move between visits by their measurement SDs when nothing
    /// changes them (control arm), and the endurance hold by Latimer's SEM.
    func testMeasuredOutcomesCarryTheirMeasurementError() throws {
        let (setup, outcomes) = try control(count: 400)
        let p = setup.physiology.adaptation
        func change(_ value: (VisitOutcomes) -> Double) -> [Double] {
            outcomes.map { value($0.arms[0].last!.outcomes) - value($0.arms[0].first!.outcomes) }
        }
        let csa = outcomes.map { $0.arms[0].last!.outcomes.csaCm2.multifidus / $0.arms[0].first!.outcomes.csaCm2.multifidus - 1 }
        // CLBP multifidus atrophy adds a small drift, not spread.
        XCTAssertEqual(sd(csa), 2.0.squareRoot() * p.csaMeasurementSD, accuracy: 0.01)
        XCTAssertEqual(sd(change { $0.slrDeg }), 2.0.squareRoot() * p.slrMeasurementSDDeg, accuracy: 1)
        XCTAssertEqual(sd(change { $0.endurance50S }), 2.0.squareRoot() * p.enduranceMeasurementSDS, accuracy: 5)
    }

    /// McGill 1999: Biering-Sørensen holding times have a CV of about a third between healthy people; the
    /// subjects' fatigability spreads the simulated hold about as much.
    func testEnduranceDiffersBetweenSubjects() throws {
        let setup = try RunSetup(cohort: "healthy-adults")
        let runner = try setup.runner(settings: try setup.deviceSettings(sampleRateHz: 100), seed: 4, instrument: .ideal)
        let holds = try runner.run(count: 500, threads: 2).map { $0.arms[0][0].outcomes.endurance50S }
        let mean = holds.reduce(0, +) / Double(holds.count)
        XCTAssertEqual(sd(holds) / mean, 0.33, accuracy: 0.1)
        let fatigability = try (0..<500).map { try setup.sampler.subject(id: $0, seed: 4).fatigability }
        XCTAssertEqual(fatigability.reduce(0, +) / 500, 1, accuracy: 0.04, "mean 1: the population's F is unchanged")
    }
}
