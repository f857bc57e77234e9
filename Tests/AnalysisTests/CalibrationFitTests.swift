import Analysis
import Foundation
import LumbarDatasets
import XCTest

/// `Calibrator.fit` and leave-one-study-out in the suite, on small cohorts (CI's `calibrate --check` and
/// `validate --cross` run them at full size).
final class CalibrationFitTests: XCTestCase {
    let store: DatasetStore = { do { return try DatasetStore.locate() } catch { fatalError("\(error)") } }()

    /// Targets the model itself made at the committed parameters: a fit from a start 2 standard errors away must
    /// find them again. The reserve at 0 deg starts below and the one at 72 deg above: 2 SE below would put the
    /// reserve at 72 deg (0.30 +- 0.15 since the gain per session is fitted) under its bound of 0.
    func testFitRecoversPerturbedNeuralReservesWithinTheirStandardErrors() throws {
        let calibrator = Calibrator(store: store, threads: 2, subjects: 16)
        let truth = try FittedParameters.load(from: store)
        var targets = try calibrator.targets().filter { $0.scenario.id == "pollock1989" }
        XCTAssertEqual(targets.count, 2)
        let made = try calibrator.residuals(truth, targets: targets)
        for i in targets.indices {
            targets[i].published += made[i] * (targets[i].measurement.upper - targets[i].measurement.lower) / 2
        }
        let names = ["neural_reserve_at_0", "neural_reserve_at_72"]
        var start = truth
        for (name, sign) in zip(names, [-1.0, 1.0]) { start.parameters[name]!.value += sign * 2 * truth.parameters[name]!.se! }
        let (fitted, result) = try calibrator.fit(start: start, maxIterations: 10, targets: targets,
                                                  holding: Set(truth.names).subtracting(names))
        for name in names {
            let se = try XCTUnwrap(truth.parameters[name]?.se)
            XCTAssertEqual(fitted.parameters[name]!.value, truth.parameters[name]!.value, accuracy: se, name)
        }
        XCTAssertLessThan(result.cost, 0.01, "the made targets are matched")
        for name in truth.names where !names.contains(name) {
            XCTAssertEqual(fitted.parameters[name]!.value, truth.parameters[name]!.value, "\(name) is held")
        }
    }

    /// The neural gain per session is identified by carpenter1991's time course (gains after 12 and 20 weeks): from
    /// targets made at the committed fit, a start 2 standard errors higher (about the 0.3 once assumed) is brought
    /// back within one standard error with every other parameter held.
    func testCarpentersTwelveAndTwentyWeekGainsRecoverTheGainPerSession() throws {
        let calibrator = Calibrator(store: store, threads: 2, subjects: 12)
        let truth = try FittedParameters.load(from: store)
        var targets = try calibrator.targets().filter { $0.scenario.id == "carpenter1991" }
        XCTAssertEqual(targets.map { $0.measurement.week }, [12, 12, 20, 20])
        let made = try calibrator.residuals(truth, targets: targets)
        for i in targets.indices {
            targets[i].published += made[i] * (targets[i].measurement.upper - targets[i].measurement.lower) / 2
        }
        let name = "neural_gain_per_session"
        let se = try XCTUnwrap(truth.parameters[name]?.se)
        var start = truth
        start.parameters[name]!.value += 2 * se
        let (fitted, result) = try calibrator.fit(start: start, maxIterations: 10, targets: targets,
                                                  holding: Set(truth.names).subtracting([name]))
        XCTAssertEqual(fitted.parameters[name]!.value, truth.parameters[name]!.value, accuracy: se)
        XCTAssertLessThan(result.cost, 0.01, "the made targets are matched")
    }

    func testLeavingPollockOutRefitsTheReservesToCarpenterAndPredictsPollock() throws {
        let calibrator = Calibrator(store: store, threads: 2, subjects: 8)
        let start = try FittedParameters.load(from: store)
        let cross = try calibrator.crossValidate(start: start, maxIterations: 1, only: ["pollock1989"])
        XCTAssertEqual(cross.studies.map(\.study), ["pollock1989"])
        XCTAssertEqual(cross.rows.map(\.target), ["pollock_gain_0", "pollock_gain_72"])
        let study = cross.studies[0]
        XCTAssertEqual(study.held, [], "carpenter1991 still determines the neural reserves")
        XCTAssertNotEqual(study.parameters["neural_reserve_at_72"], start.parameters["neural_reserve_at_72"]!.value)
        // In-sample offsets are calibrate's own residuals at the committed fit, in half-bands.
        let targets = try calibrator.targets().filter { $0.scenario.id == "pollock1989" }
        let residuals = try calibrator.residuals(start, targets: targets)
        for (row, r) in zip(cross.rows, residuals) {
            XCTAssertEqual(row.inSampleOffset / row.halfBand, r, accuracy: 1e-9)
            XCTAssertNotEqual(row.outOfSample, row.inSample, "\(row.target) moves when its study is left out")
        }
        let rms = (residuals.map { $0 * $0 }.reduce(0, +) / 2).squareRoot()
        XCTAssertEqual(cross.rmsInSample, rms, accuracy: 1e-9)
        XCTAssertEqual(cross.rmsOutOfSampleNoneHeld ?? .nan, cross.rmsOutOfSample, accuracy: 0)
        // The text table reports the same figures: a row per target in half-bands, and the RMS summary.
        let lines = cross.table.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.filter { $0.hasPrefix("pollock1989 ") && $0.contains("pollock_gain_") }.count, 2, cross.table)
        for row in cross.rows {
            XCTAssertTrue(lines.contains { $0.contains(row.target) && $0.contains(String(format: "%+.2f", row.inSampleOffset / row.halfBand)) },
                          "\(row.target) in half-bands: \(cross.table)")
        }
        XCTAssertTrue(lines.contains { $0.hasPrefix("pollock1989: RMS in-sample") && $0.contains("none held") }, cross.table)
        XCTAssertTrue(lines.last?.contains(String(format: "in-sample %.2f, out-of-sample %.2f", cross.rmsInSample, cross.rmsOutOfSample)) == true,
                      cross.table)
    }

    func testAStudyOnlyItselfDeterminesIsReportedAsHeld() throws {
        let calibrator = Calibrator(store: store, threads: 2, subjects: 8)
        let start = try FittedParameters.load(from: store)
        let cross = try calibrator.crossValidate(start: start, maxIterations: 1, only: ["stretching"])
        XCTAssertEqual(cross.studies[0].held, ["slr_max_gain_deg"], "nothing but gribble1999 moves the straight-leg-raise gain")
        XCTAssertNil(cross.rmsOutOfSampleNoneHeld)
        XCTAssertThrowsError(try calibrator.crossValidate(start: start, maxIterations: 1, only: ["endurance"]))
    }
}
