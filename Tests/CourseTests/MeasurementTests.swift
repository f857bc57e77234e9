import Cohort
import Course
import Foundation
import Physiology
import StudySetup
import TestSupport
import XCTest

/// Visit-to-visit variability: a strength test repeated without training differs by about the published
/// test-retest error, measured outcomes carry their measurement error, and backs differ in how fast they tire.
final class MeasurementTests: XCTestCase {
    func control(count: Int) throws -> (RunSetup, [SubjectOutcome]) {
        let setup = try RunSetup(cohort: "clbp-adults", regimens: ["control"])
        let runner = try setup.runner(settings: try setup.deviceSettings(sampleRateHz: 100), seed: 21, instrument: .ideal)
        return (setup, try runner.run(count: count, threads: 2))
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
        let n = relative.count
        assertWithinStandardErrors(sd(relative), expected, se: StandardError.sd(expected, n: n), "test-retest SD")
        assertWithinStandardErrors(relative.reduce(0, +) / Double(n), 0, se: StandardError.mean(sd: expected, n: n), "mean change")
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
        for (name, values, visitSD) in [("CSA", csa, p.csaMeasurementSD), ("SLR", change { $0.slrDeg }, p.slrMeasurementSDDeg),
                                        ("endurance", change { $0.endurance50S }, p.enduranceMeasurementSDS)] {
            let expected = 2.0.squareRoot() * visitSD
            assertWithinStandardErrors(sd(values), expected, se: StandardError.sd(expected, n: values.count), "\(name) change SD")
        }
    }

    /// McGill 1999: Biering-Sørensen holding times have a CV of about a third between healthy people; the
    /// subjects' fatigability spreads the simulated hold about as much.
    func testEnduranceDiffersBetweenSubjects() throws {
        let setup = try RunSetup(cohort: "healthy-adults")
        let runner = try setup.runner(settings: try setup.deviceSettings(sampleRateHz: 100), seed: 4, instrument: .ideal)
        let holds = try runner.run(count: 500, threads: 2).map { $0.arms[0][0].outcomes.endurance50S }
        let mean = holds.reduce(0, +) / Double(holds.count)
        // McGill 1999: men 146 ± 51 s (n = 31), women 189 ± 60 s (n = 44). The published CV is itself an estimate, so
        // the check allows for both standard errors: the pooled published CV's and the simulated one's (n = 500).
        let published = [(mean: 146.0, sd: 51.0, n: 31), (mean: 189.0, sd: 60.0, n: 44)]
        let total = Double(published.map(\.n).reduce(0, +))
        let publishedCV = published.map { Double($0.n) * $0.sd / $0.mean }.reduce(0, +) / total
        let publishedSE = published.map { pow(Double($0.n) * StandardError.coefficientOfVariation($0.sd / $0.mean, n: $0.n), 2) }
            .reduce(0, +).squareRoot() / total
        let simulatedCV = sd(holds) / mean
        assertWithinStandardErrors(simulatedCV, publishedCV,
                                   se: (publishedSE * publishedSE + pow(StandardError.coefficientOfVariation(simulatedCV, n: holds.count), 2)).squareRoot(),
                                   "between-subject CV of the 50 % hold vs McGill's Biering-Sørensen CV")
        let fatigability = try (0..<500).map { try setup.sampler.subject(id: $0, seed: 4).fatigability }
        assertWithinStandardErrors(fatigability.reduce(0, +) / 500, 1, se: StandardError.mean(sd: sd(fatigability), n: 500),
                                   "mean fatigability 1: the population's F is unchanged")
    }
}
