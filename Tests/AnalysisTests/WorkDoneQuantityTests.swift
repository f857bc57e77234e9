import Analysis
import Foundation
import LumbarDatasets
import XCTest

/// The quantities that read what the sessions did (`reps_to_failure`, `mvc_change`), on the Fisher 2018 scenario
/// at a few subjects.
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
}
