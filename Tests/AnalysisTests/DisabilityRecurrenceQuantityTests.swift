import Analysis
import Foundation
import LumbarDatasets
import StudySetup
import XCTest

/// The quantities that score disability on the Roland scale (`rdq_change_difference`) and compare recurrence
/// between arms (`recurrence_risk_ratio`), recomputed from the subjects' visits of small scenarios.
final class DisabilityRecurrenceQuantityTests: XCTestCase {
    let store: DatasetStore = { do { return try DatasetStore.locate() } catch { fatalError("\(error)") } }()

    func outcome(_ file: String, subjects: Int) throws -> (ScenarioOutcome, [String: Analysis.Measurement]) {
        let scenario = try store.decode(ValidationScenario.self, from: "validation/\(file).yaml")
        let outcome = try ScenarioOutcome(scenario: scenario, store: store, subjects: subjects, threads: 2)
        return (outcome, Dictionary(uniqueKeysWithValues: scenario.measurements.map { ($0.target, $0) }))
    }

    /// Mean ODI and share with a recurrence over the subjects at a week of an arm (0: the treatment, 1: the comparator).
    func means(_ outcome: ScenarioOutcome, arm: Int, week: Int) -> (odi: Double, recurrence: Double) {
        let visits = outcome.subjects.map { $0.arms[arm].first { $0.week == week }!.outcomes }
        let n = Double(visits.count)
        return (visits.map(\.odi).reduce(0, +) / n, Double(visits.filter(\.recurrence12m).count) / n)
    }

    func testRolandDifferenceIsTheODIChangeDifferenceTimesTheSourcedConversion() throws {
        let (outcome, m) = try outcome("cherkin2001", subjects: 40)
        let perPoint = outcome.setup.physiology.adaptation.rdqPerOdiPoint
        XCTAssertEqual(perPoint, 0.5, "ostelo2008: a minimal important change of 5 RDQ points is 10 ODI points")
        func change(_ arm: Int) -> Double { means(outcome, arm: arm, week: 10).odi - means(outcome, arm: arm, week: 0).odi }
        let rdq = try outcome.value(of: try XCTUnwrap(m["cherkin2001_massage_rdq_10wk"]))
        XCTAssertEqual(rdq, (change(0) - change(1)) * perPoint, accuracy: 1e-9)
        XCTAssertLessThan(rdq, 0, "ten weekly massages lower disability against self-care")
    }

    func testRecurrenceRiskRatioIsTheRatioOfTheArmsTwelveMonthRisks() throws {
        let (outcome, m) = try outcome("ferreira2021", subjects: 200)
        let risk = (0...1).map { means(outcome, arm: $0, week: 12).recurrence }
        XCTAssertGreaterThan(risk[1], 0)
        let ratio = try outcome.value(of: try XCTUnwrap(m["ferreira2021_recurrence_1y"]))
        XCTAssertEqual(ratio, risk[0] / risk[1], accuracy: 1e-12)
        XCTAssertLessThan(ratio, 1, "exercise lowers the risk of a new episode")
    }

    func testARiskRatioWithoutAComparatorIsAOneLineError() throws {
        var scenario = try store.decode(ValidationScenario.self, from: "validation/ferreira2021.yaml")
        scenario.comparator = nil
        let outcome = try ScenarioOutcome(scenario: scenario, store: store, subjects: 2, threads: 1)
        XCTAssertThrowsError(try outcome.value(of: scenario.measurements[0])) { error in
            XCTAssertEqual("\(error)", "validation scenario ferreira2021, ferreira2021_recurrence_1y: needs a comparator")
        }
    }
}
