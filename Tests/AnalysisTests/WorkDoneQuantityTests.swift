import Analysis
import Foundation
import LumbarDatasets
import XCTest

/// The quantities that read what the sessions did (`reps_to_failure`, `mvc_change`, `mvc_change_es`, `mvc_smd`,
/// `torque_change_difference`), on the Fisher 2018, Steele 2017, Tataryn 2021 and Helmhout 2004 scenarios at a few subjects.
final class WorkDoneQuantityTests: XCTestCase {
    let store: DatasetStore = { do { return try DatasetStore.locate() } catch { fatalError("\(error)") } }()

    func testRepetitionsPerSetFallWithLoadAndEverySessionIsCounted() throws {
        let scenario = try store.decode(ValidationScenario.self, from: "validation/fisher2018.yaml")
        let outcome = try ScenarioOutcome(scenario: scenario, store: store, subjects: 6, threads: 2)
        let measurements = Dictionary(uniqueKeysWithValues: scenario.measurements.map { ($0.target, $0) })
        let heavy = try outcome.value(of: try XCTUnwrap(measurements["fisher2018_reps_to_failure_80"]))
        let light = try outcome.value(of: try XCTUnwrap(measurements["fisher2018_reps_to_failure_50"]))
        XCTAssertGreaterThan(heavy, 0, "80 % of the tested maximum can be lifted")
        XCTAssertGreaterThan(light, 2 * heavy, "50 % of the maximum allows far more repetitions than 80 %")
        for o in outcome.subjects {
            for arm in 0..<2 {
                let visits = o.arms[arm]
                XCTAssertEqual(visits.first { $0.week == 0 }?.outcomes.dynamicSets, 0)
                XCTAssertEqual(visits.first { $0.week == 6 }?.outcomes.dynamicSets, 6, "one set a week for 6 weeks")
            }
        }
        // The MVC change is the mean change of each subject's highest torque over the tested angles.
        let hl = try XCTUnwrap(measurements["fisher2018_hl80_mvc_change_6wk"])
        let expected = outcome.subjects.map { o -> Double in
            let before = o.arms[0].first { $0.week == 0 }!.isometric.reportedPeakNm.max()!
            let after = o.arms[0].first { $0.week == 6 }!.isometric.reportedPeakNm.max()!
            return after - before
        }.reduce(0, +) / Double(outcome.subjects.count)
        XCTAssertEqual(try outcome.value(of: hl), expected, accuracy: 1e-9)
        XCTAssertGreaterThan(expected, 0, "six sets to failure raise the MVC")
    }

    /// The effect size is the mean MVC change over the SD of the week-0 MVC (n - 1), as small trials report it.
    func testTheMVCEffectSizeIsTheMeanChangeOverTheBaselineSD() throws {
        let scenario = try store.decode(ValidationScenario.self, from: "validation/steele2017.yaml")
        let outcome = try ScenarioOutcome(scenario: scenario, store: store, subjects: 8, threads: 2)
        let m = try XCTUnwrap(scenario.measurements.first { $0.quantity == .mvcChangeEffectSize })
        let before = outcome.subjects.map { $0.arms[0].first { $0.week == 0 }!.isometric.reportedPeakNm.max()! }
        let after = outcome.subjects.map { $0.arms[0].first { $0.week == m.week }!.isometric.reportedPeakNm.max()! }
        let mean = before.reduce(0, +) / Double(before.count)
        let sd = (before.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(before.count - 1)).squareRoot()
        let change = zip(after, before).map { $0 - $1 }.reduce(0, +) / Double(before.count)
        XCTAssertEqual(try outcome.value(of: m), change / sd, accuracy: 1e-9)
        XCTAssertGreaterThan(change / sd, 0, "twelve sets to failure raise the MVC in chronic LBP")
    }

    /// The between-arm SMD is the arm's mean MVC minus the comparator's at the week, over their pooled SD.
    func testTheMVCSMDIsTheArmMinusTheComparatorOverThePooledSD() throws {
        let scenario = try store.decode(ValidationScenario.self, from: "validation/tataryn2021.yaml")
        let outcome = try ScenarioOutcome(scenario: scenario, store: store, subjects: 8, threads: 2)
        let m = try XCTUnwrap(scenario.measurements.first { $0.quantity == .mvcSMD })
        func mvc(_ arm: Int) -> [Double] { outcome.subjects.map { $0.arms[arm].first { $0.week == m.week }!.isometric.reportedPeakNm.max()! } }
        func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
        func variance(_ x: [Double]) -> Double { x.reduce(0) { $0 + ($1 - mean(x)) * ($1 - mean(x)) } / Double(x.count - 1) }
        let (treated, control) = (mvc(0), mvc(1))
        let expected = (mean(treated) - mean(control)) / ((variance(treated) + variance(control)) / 2).squareRoot()
        XCTAssertEqual(try outcome.value(of: m), expected, accuracy: 1e-9)
        XCTAssertGreaterThan(expected, 0, "strengthening leaves the extensors stronger than walking")
    }

    /// The between-programme difference is the change in each subject's mean torque over the tested angles, the
    /// arm's mean minus the comparator's; sets stopped far short of failure (LIT) give next to no gain.
    func testTheTorqueChangeDifferenceIsTheArmsMeanTorqueGainMinusTheComparators() throws {
        let scenario = try store.decode(ValidationScenario.self, from: "validation/helmhout2004.yaml")
        let outcome = try ScenarioOutcome(scenario: scenario, store: store, subjects: 16, threads: 2)
        let m = try XCTUnwrap(scenario.measurements.first { $0.quantity == .torqueChangeDifference })
        func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
        func change(_ arm: Int) -> Double {
            mean(outcome.subjects.map { o in
                mean(o.arms[arm].first { $0.week == m.week }!.isometric.reportedPeakNm)
                    - mean(o.arms[arm].first { $0.week == 0 }!.isometric.reportedPeakNm)
            })
        }
        XCTAssertEqual(try outcome.value(of: m), change(0) - change(1), accuracy: 1e-9)
        XCTAssertGreaterThan(change(0), 0, "sets to failure raise the mean torque")
        XCTAssertLessThan(abs(change(1)), 0.2 * change(0), "light sets stopped far from failure barely train")
    }
}
