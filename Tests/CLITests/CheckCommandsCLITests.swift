import Foundation
import XCTest

/// `validate` and `calibrate` end to end, on copies of Datasets/ (never the checkout's own files): a target
/// outside its band fails validate with its id, `calibrate --check` names a parameter that is not the fit, and
/// `calibrate --write` replaces the fitted set of the folder it was given and of no other.
final class CheckCommandsCLITests: CLITestCase {
    /// Only the normative scenario (the quickest) and the list of targets no scenario simulates, with norm_men_36's
    /// band moved away from the model's value.
    func testValidateFailsOnARequiredTargetOutsideItsBandAndReportsEveryTarget() throws {
        let copy = try datasetsCopy("data")
        let validation = copy.appendingPathComponent("validation")
        for name in try FileManager.default.contentsOfDirectory(atPath: validation.path) where name.hasSuffix(".yaml") && !["normative.yaml", "not-simulated.yaml"].contains(name) {
            try FileManager.default.removeItem(at: validation.appendingPathComponent(name))
        }
        try edit(validation.appendingPathComponent("normative.yaml")) {
            $0.replacingOccurrences(of: "band: {lower: 270.0, upper: 330.0}", with: "band: {lower: 1000.0, upper: 1100.0}")
                .replacingOccurrences(of: "sample_rate_hz: 250", with: "sample_rate_hz: 100")
        }
        // Without their scenarios the other targets would be unaccounted for: they go too.
        let covered = try String(contentsOf: validation.appendingPathComponent("normative.yaml"), encoding: .utf8)
            + String(contentsOf: validation.appendingPathComponent("not-simulated.yaml"), encoding: .utf8)
        try edit(copy.appendingPathComponent("calibration/targets.csv")) { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().filter { index, line in
                let id = String(line.prefix { $0 != "," })
                return index == 0 || line.isEmpty || covered.contains("target: \(id)\n") || covered.contains("\n  \(id): ")
            }.map { String($0.element) }.joined(separator: "\n")
        }
        let result = try CLI.run(["validate", "--json", "--datasets", copy.path], in: tmp)
        XCTAssertEqual(result.status, 1, result.summary)
        XCTAssertEqual(result.stderrLines, ["Error: 1 required target(s) outside their band: norm_men_36"])
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let byID = Dictionary(rows.compactMap { row in (row["id"] as? String).map { ($0, row) } }) { a, _ in a }
        let moved = try XCTUnwrap(byID["norm_men_36"])
        XCTAssertEqual(moved["within"] as? Bool, false)
        XCTAssertEqual(moved["required"] as? Bool, true)
        // The simulated mean itself is what CI's validate accepts: inside the published ±10 % band.
        let simulated = try XCTUnwrap(moved["simulated"] as? Double)
        XCTAssertTrue((270.0...330.0).contains(simulated), "norm_men_36 simulated \(simulated)")
        // Every other normative target passes, and the targets of the removed scenarios are listed as not simulated.
        let normative = rows.filter { ($0["scenario"] as? String) == "normative" }
        XCTAssertGreaterThan(normative.count, 10)
        XCTAssertEqual(normative.filter { ($0["within"] as? Bool) == false && ($0["required"] as? Bool) == true }.map { $0["id"] as? String }, ["norm_men_36"])
        let targets = try String(contentsOf: copy.appendingPathComponent("calibration/targets.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().filter { !$0.isEmpty }.count
        XCTAssertEqual(rows.count, targets, "one row per target")
        XCTAssertTrue(rows.contains { $0["scenario"] == nil || $0["scenario"] is NSNull }, "unsimulated targets are listed")
        XCTAssertGreaterThan(rows.count, normative.count)
    }

    /// One short refit each (a few subjects per scenario, one iteration): enough to bring back a parameter set 10
    /// standard errors off, and to write a new set.
    static let quick = ["--iterations", "1", "--subjects", "20", "--threads", "2"]
    static let parameters = ["aerobic_pain_weight", "exercise_pain_effect", "neural_gain_per_session", "neural_reserve_at_0",
                             "neural_reserve_at_72", "optimal_flexion_deg", "slr_max_gain_deg", "specific_tension_mean_Ncm2", "width_deg"]

    func testCalibrateCheckNamesAParameterThatIsNotTheFit() throws {
        let copy = try datasetsCopy("data")
        let fitted = copy.appendingPathComponent("calibration/fitted.yaml")
        // 10 standard errors away from the committed specific tension.
        let committed = try self.fitted("specific_tension_mean_Ncm2", in: copy)
        let moved = (committed.value + 10 * committed.se).rounded()
        try setFitted("specific_tension_mean_Ncm2", to: moved, in: copy)
        let before = try Data(contentsOf: fitted)
        let result = try CLI.run(["calibrate", "--check", "--datasets", copy.path] + Self.quick, in: tmp)
        XCTAssertEqual(result.status, 1, result.summary)
        XCTAssertEqual(result.stderrLines.count, 1, result.summary)
        let error = try XCTUnwrap(result.stderrLines.last)
        XCTAssertTrue(error.hasPrefix("Error: Datasets/calibration/fitted.yaml is not calibrate's fit: ") && error.contains("specific_tension_mean_Ncm2"), error)
        // One iteration brings it back at least halfway towards the committed fit.
        let line = try XCTUnwrap(result.stdoutLines.first { $0.contains("specific_tension_mean_Ncm2: committed \(String(format: "%g", moved)), refit ") },
                                 result.summary)
        let refit = try XCTUnwrap(line.components(separatedBy: "refit ").last?.split(separator: " ").first.flatMap { Double($0) })
        XCTAssertLessThan(abs(refit - committed.value), 0.5 * (moved - committed.value), line)
        XCTAssertEqual(try Data(contentsOf: fitted), before, "--check writes nothing")
        XCTAssertEqual(try CLI.entries(of: tmp), ["data"])
        assertRefused(try CLI.run(["calibrate", "--check", "--profile", "poor"], in: tmp), mentioning: ["--profile", "--check"], usageAllowed: true)
        let unknown = try CLI.run(["calibrate", "--profile", "no_such", "--datasets", copy.path] + Self.quick, in: tmp)
        assertRefused(unknown, mentioning: ["no_such", "width_deg"])
    }

    /// `--out` and `--write` from the same start fit the same bytes (the fit is deterministic); `--write` replaces
    /// the given folder's set, never the checkout's.
    func testCalibrateWriteReplacesOnlyTheGivenFoldersFittedSet() throws {
        let bundled = CLI.datasets.appendingPathComponent("calibration/fitted.yaml")
        let bundledBefore = try Data(contentsOf: bundled)
        let copy = try datasetsCopy("data")
        let fitted = copy.appendingPathComponent("calibration/fitted.yaml")

        let out = try CLI.run(["calibrate", "--out", "mine.yaml", "--datasets", copy.path] + Self.quick, in: tmp)
        XCTAssertEqual(out.status, 0, out.summary)
        XCTAssertEqual(try Data(contentsOf: fitted), bundledBefore, "--out leaves the folder's set alone")
        let mine = try Data(contentsOf: tmp.appendingPathComponent("mine.yaml"))

        let result = try CLI.run(["calibrate", "--write", "--datasets", copy.path] + Self.quick, in: tmp)
        XCTAssertEqual(result.status, 0, result.summary)
        XCTAssertEqual(result.stdoutLines.last, "wrote \(fitted.path)")
        // Its joint uncertainty beside it: every parameter, its method, and the correlation matrix.
        let uncertainty = try String(contentsOf: copy.appendingPathComponent("calibration/fitted-uncertainty.yaml"), encoding: .utf8)
        for name in Self.parameters { XCTAssertTrue(uncertainty.contains("\n  \(name):\n"), name) }
        XCTAssertTrue(uncertainty.contains("method: gauss-newton") && uncertainty.contains("correlation:"), uncertainty)
        XCTAssertTrue(CLI.exists(tmp.appendingPathComponent("mine-uncertainty.yaml")))
        XCTAssertTrue(result.stdoutLines.first?.hasPrefix("fitted 9 parameters to ") ?? false, result.stdout)
        XCTAssertEqual(try Data(contentsOf: bundled), bundledBefore, "the checkout's Datasets are never written")
        XCTAssertEqual(try Data(contentsOf: fitted), mine, "the same start and settings give the same fit")
        XCTAssertNotEqual(mine, bundledBefore, "a 20-subject, one-iteration fit differs from the committed one")
        let written = String(decoding: mine, as: UTF8.self)
        XCTAssertTrue(written.hasPrefix("# Population-level parameters fitted by `lumbarsim calibrate`"), written)
        for name in Self.parameters { XCTAssertTrue(written.contains("\n  \(name):\n"), name) }
        // The written set is read back by a run.
        let run = try simulate(["--subjects", "2", "--rate", "50", "--datasets", copy.path, "--out", "run"])
        XCTAssertEqual(run.status, 0, run.summary)
    }
}
