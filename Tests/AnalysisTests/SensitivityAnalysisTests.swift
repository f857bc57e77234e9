import Analysis
import Foundation
import LumbarDatasets
import XCTest

/// The model as a function of its inputs, and the two-stage analysis on tiny cohorts.
final class SensitivityAnalysisTests: XCTestCase {
    let store: DatasetStore = { do { return try DatasetStore.locate() } catch { fatalError("\(error)") } }()

    private func model() throws -> SensitivityModel {
        try SensitivityModel(datasets: store.root.path, cohort: "clbp-adults", regimens: ["control", "core-strengthening"],
                             subjects: 6, seed: 3)
    }

    /// A larger neural reserve at 0° raises the training arm's torque gain at 0°, and its effect against control.
    func testNeuralReserveDrivesTheTorqueGain() throws {
        let model = try model()
        XCTAssertEqual(model.outputs.count, 3 * SensitivityModel.Headline.allCases.count)
        let nominal = try model.evaluate(DatasetOverrides())
        let reserve = try FittedParameters.load(from: store).parameters["neural_reserve_at_0"]!.value
        var more = DatasetOverrides()
        more.set(file: FittedParameters.datasetPath, path: "parameters.neural_reserve_at_0", to: reserve * 1.5)
        let raised = try model.evaluate(more)
        for name in ["core-strengthening.torque_gain_0_pct", "core-strengthening_vs_control.torque_gain_0_pct"] {
            let k = try XCTUnwrap(model.outputs.firstIndex(of: name))
            XCTAssertGreaterThan(raised[k], nominal[k] + 1, name)
        }
        XCTAssertTrue(nominal.allSatisfy(\.isFinite))
        XCTAssertEqual(nominal, try model.evaluate(DatasetOverrides()), "a point's outputs depend on the point alone")
    }

    /// Both stages, tiny: the same seed gives the same bytes on one thread and on two, and the table has one row per
    /// output and input, with Sobol indices exactly for the inputs carried into the second stage.
    func testAnalysisIsSeedExactWhateverTheThreads() throws {
        var options = SensitivityAnalysis.Options()
        options.regimens = ["control", "core-strengthening"]
        options.subjects = 3
        options.trajectories = 2
        options.sobolInputs = 2
        options.baseCount = 4
        options.resamples = 10
        options.inputPrefixes = ["fitted.", "fatigue."]
        options.threads = 1
        let one = try SensitivityAnalysis.run(datasets: store.root.path, options: options)
        options.threads = 2
        let two = try SensitivityAnalysis.run(datasets: store.root.path, options: options)
        XCTAssertEqual(try one.json(), try two.json())
        XCTAssertEqual(one.table.data, two.table.data)
        XCTAssertEqual(one.rows.count, one.outputs.count * one.inputs.count)
        XCTAssertEqual(one.inputs.filter(\.sobol).count, 2)
        XCTAssertTrue(one.inputs.allSatisfy { $0.name.hasPrefix("fitted.") || $0.name.hasPrefix("fatigue.") })
        XCTAssertEqual(one.modelRuns, 2 * (one.inputs.count + 1) + 4 * (2 + 2))
        for row in one.rows {
            let carried = one.inputs.first { $0.name == row.input }!.sobol
            if !carried { XCTAssertNil(row.sobol, row.input) }
        }
    }
}
