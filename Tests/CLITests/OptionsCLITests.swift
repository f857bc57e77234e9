import Foundation
import XCTest

/// The options no other test exercises: `--datasets`, `--device FILE`, and the trial's `--reference`,
/// `--follow-up-weeks` and `--power-instrument`, each shown to change what it names and nothing else.
final class OptionsCLITests: CLITestCase {
    func manifest(_ folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: tmp.appendingPathComponent("\(folder)/manifest.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func data(_ path: String) throws -> Data { try Data(contentsOf: tmp.appendingPathComponent(path)) }

    // MARK: - --datasets

    /// An unchanged copy gives the bundled run's bytes; a copy with one fitted parameter moved (width_deg, 51.7 to
    /// 65) changes the strength tests and the parameter hash but not who the subjects are; a folder without data is
    /// refused.
    func testSimulateReadsTheDatasetsFolderItIsGiven() throws {
        let run = ["--subjects", "6", "--seed", "3", "--rate", "50"]
        try XCTAssertEqual(simulate(run + ["--out", "bundled"]).status, 0)
        let copy = try datasetsCopy()
        let same = try simulate(run + ["--datasets", copy.path, "--out", "copy"])
        XCTAssertEqual(same.status, 0, same.summary)
        for table in ["subjects.csv", "tests.csv", "outcomes.csv"] {
            XCTAssertEqual(try data("copy/\(table)"), try data("bundled/\(table)"), table)
        }
        XCTAssertEqual(try manifest("copy")["parameter_hash"] as? String, try manifest("bundled")["parameter_hash"] as? String)

        try setFitted("width_deg", to: 65, in: copy)
        let moved = try simulate(run + ["--datasets", copy.path, "--out", "moved"])
        XCTAssertEqual(moved.status, 0, moved.summary)
        XCTAssertEqual(try data("moved/subjects.csv"), try data("bundled/subjects.csv"), "the same subjects")
        XCTAssertNotEqual(try data("moved/tests.csv"), try data("bundled/tests.csv"), "a wider strength curve")
        XCTAssertNotEqual(try manifest("moved")["parameter_hash"] as? String, try manifest("bundled")["parameter_hash"] as? String)

        let empty = tmp.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        // (The refusal names the cohort the empty folder lacks.)
        assertRefused(try simulate(run + ["--datasets", empty.path, "--out", "none"]), mentioning: ["healthy-adults"])
        try assertNoOutput(tmp.appendingPathComponent("none"))
    }

    // MARK: - --device FILE

    /// A device file's own sample rate is used (the bundled file says 1000 Hz); a missing file is refused.
    func testDeviceFileIsReadByDeviceTestAndSimulate() throws {
        let device = tmp.appendingPathComponent("slow-device.yaml")
        try FileManager.default.copyItem(at: CLI.datasets.appendingPathComponent("device/medx-lumbar-extension.yaml"), to: device)
        try edit(device, replacing: "sample_rate_hz:\n    value: 1000", with: "sample_rate_hz:\n    value: 125")

        let test = try CLI.run(["device", "test", "--device", device.path, "--subject", "1", "--trace", "t.csv", "--json"], in: tmp)
        XCTAssertEqual(test.status, 0, test.summary)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(test.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["sample_rate_hz"] as? Double, 125)
        XCTAssertEqual(report["samples"] as? Int, Int(DeviceCLITests.protocolSeconds * 125), "the protocol's length at 125 Hz")
        XCTAssertEqual(try CLI.readCSV(tmp.appendingPathComponent("t.csv")).rows.count, Int(DeviceCLITests.protocolSeconds * 125))

        let run = try simulate(["--subjects", "2", "--device", device.path, "--out", "run"])
        XCTAssertEqual(run.status, 0, run.summary)
        XCTAssertEqual(try manifest("run")["sample_rate_hz"] as? Double, 125)

        assertRefused(try CLI.run(["device", "test", "--device", "absent.yaml", "--trace", "u.csv"], in: tmp), mentioning: ["absent.yaml"])
        XCTAssertFalse(CLI.exists(tmp.appendingPathComponent("u.csv")))
    }

    // MARK: - trial options

    func trial(_ extra: [String], out: String) throws -> CLIResult {
        try CLI.run(["trial", "--per-arm", "5", "--instrument", "ideal", "--out", out] + extra, in: tmp)
    }

    /// Every effect is against the chosen reference, which is not itself among the compared arms.
    func testReferenceIsTheArmEveryOtherIsComparedWith() throws {
        let arms = ["--arm", "control", "--arm", "core-strengthening", "--arm", "stretching"]
        let result = try trial(arms + ["--reference", "core-strengthening"], out: "t")
        XCTAssertEqual(result.status, 0, result.summary)
        XCTAssertTrue(result.stdout.contains("## Effects at week 12 against core-strengthening"), result.stdout)
        let effects = try CLI.readCSV(tmp.appendingPathComponent("t/effects.csv"))
        XCTAssertEqual(Set(effects.rows.map { $0[2] }), ["core-strengthening"])
        XCTAssertEqual(Set(effects.rows.map { $0[1] }), ["control", "stretching"])
        XCTAssertEqual(effects.rows.count, (13 + 1) * 2, "13 ANCOVA outcomes and the recurrence risk ratio per compared arm")
    }

    /// The follow-up visit is the week asked for: the report says so and the ANCOVA's follow-up values are the
    /// timecourse's values at that week.
    func testFollowUpWeeksMovesTheFollowUpVisit() throws {
        let arms = ["--arm", "control", "--arm", "core-strengthening"]
        let result = try trial(arms + ["--follow-up-weeks", "6", "--outcome", "torque_36"], out: "t")
        XCTAssertEqual(result.status, 0, result.summary)
        XCTAssertTrue(result.stdout.contains("## Effects at week 6 against control"), result.stdout)
        XCTAssertTrue(result.stdout.contains("follow-up at week 6"), result.stdout)
        // The mean follow-up torque of each arm's completers is the timecourse's week-6 mean.
        let data = try CLI.readCSV(tmp.appendingPathComponent("t/trial_data.csv"))
        let header = try CLI.readCSV(tmp.appendingPathComponent("t/trial_data.csv")).header.split(separator: ",").map(String.init)
        let column = try XCTUnwrap(header.firstIndex(of: "torque_36_followup"))
        let timecourse = try CLI.readCSV(tmp.appendingPathComponent("t/timecourse.csv"))
        for arm in ["control", "core-strengthening"] {
            let values = data.rows.filter { $0[1] == arm }.compactMap { Double($0[column]) }
            let mean = values.reduce(0, +) / Double(values.count)
            let week6 = try XCTUnwrap(timecourse.rows.first { $0[0] == arm && $0[1] == "6" && $0[2] == "torque_36" })
            XCTAssertEqual(Int(week6[3]), values.count, arm)
            XCTAssertEqual(mean, try XCTUnwrap(Double(week6[4])), accuracy: 0.05, "\(arm) (the tables round)")
        }
    }

    /// The power trials measure as asked, and the report says how.
    func testPowerInstrumentChoosesHowThePowerTrialsMeasure() throws {
        let arms = ["--arm", "control", "--arm", "core-strengthening", "--power", "3", "--power-trials", "2", "--rate", "50"]
        for (instrument, text) in [("sampled", "power trials: sampled load cell, 50 Hz"), ("ideal", "power trials: ideal (true peaks")] {
            let result = try trial(arms + ["--power-instrument", instrument], out: instrument)
            XCTAssertEqual(result.status, 0, result.summary)
            XCTAssertTrue(result.stdout.contains(text), "\(instrument): \(result.stdout)")
            XCTAssertEqual(try CLI.readCSV(tmp.appendingPathComponent("\(instrument)/power.csv")).rows.count, 13)
        }
    }
}
