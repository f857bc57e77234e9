import Foundation
import XCTest

/// `lumbarsim trial` end to end: the run folder and its columns, the printed report, seed-exactness across
/// threads, the statsmodels agreement check, and bad input.
final class TrialCLITests: CLITestCase {
    /// A quick seven-arm trial: every bundled regimen, a few subjects per arm, the ideal instrument.
    func runTrial(_ extra: [String] = [], out: String = "trial") throws -> CLIResult {
        try CLI.run(["trial", "--per-arm", "5", "--instrument", "ideal", "--out", out] + extra, in: tmp)
    }

    func testTheDefaultSevenArmTrialWritesEveryTableAndPrintsTheReport() throws {
        let result = try runTrial(["--power", "3,6", "--power-trials", "2"])
        XCTAssertEqual(result.status, 0, result.summary)
        XCTAssertTrue(result.stdout.hasPrefix("# Virtual trial: 7 arms against control"), result.stdout)
        for section in ["## Participants", "## Effects at week 12 against control", "### pain_vas", "## Responders", "## Power"] {
            XCTAssertTrue(result.stdout.contains(section), section)
        }
        let run = tmp.appendingPathComponent("trial")
        let report = try String(contentsOf: run.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(result.stdout.hasPrefix(report), "stdout starts with report.md")

        let outcomes = ["torque_0", "torque_12", "torque_24", "torque_36", "torque_48", "torque_60", "torque_72", "torque_mean",
                        "csa_cm2", "endurance_s", "rom_deg", "pain_vas", "odi"]
        let data = try CLI.readCSV(run.appendingPathComponent("trial_data.csv"))
        XCTAssertTrue(data.header.hasPrefix((["subject_id", "arm", "sex", "clbp", "stratum", "completed", "sessions_attended"]
                                             + outcomes.flatMap { ["\($0)_baseline", "\($0)_followup"] }).joined(separator: ",")), data.header)
        XCTAssertEqual(data.rows.count, 35)
        XCTAssertEqual(Set(data.rows.map { $0[1] }).count, 7, "every subject in one of seven arms")
        let effects = try CLI.readCSV(run.appendingPathComponent("effects.csv"))
        XCTAssertTrue(effects.header.hasPrefix("outcome,arm,reference,n_arm,n_reference,estimate,se,ci_low,ci_high,p_value,hedges_g,g_ci_low,g_ci_high,responders_arm,responders_reference,mcid"))
        XCTAssertEqual(effects.rows.count, 13 * 6 + 6, "13 outcomes and recurrence's risk ratio per compared arm")
        XCTAssertEqual(effects.rows.filter { $0[0] == "recurrence_12m" }.count, 6)
        XCTAssertEqual(effects.rows.filter { $0[0] == "pain_vas" }.map { $0[15] }, Array(repeating: "15", count: 6))
        XCTAssertEqual(effects.rows.filter { $0[0] == "csa_cm2" }.map { $0[13] }, Array(repeating: "", count: 6), "no MCID, no responders")
        XCTAssertTrue(try CLI.readCSV(run.appendingPathComponent("curves.csv")).header
            .hasPrefix("arm,visit,angle_deg,n,mean_nm,sd_nm,ci_low_nm,ci_high_nm"))
        let timecourse = try CLI.readCSV(run.appendingPathComponent("timecourse.csv"))
        XCTAssertTrue(timecourse.header.hasPrefix("arm,week,outcome,n,mean,sd,ci_low,ci_high"))
        XCTAssertEqual(Set(timecourse.rows.map { $0[1] }), ["0", "6", "12"], "the weeks the regimens test at")
        let power = try CLI.readCSV(run.appendingPathComponent("power.csv"))
        XCTAssertTrue(power.header.hasPrefix("n_per_arm,outcome,arm,reference,trials,power,power_ci_low,power_ci_high"))
        XCTAssertEqual(power.rows.count, 2 * 13 * 6)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("manifest.json"))) as? [String: Any]
        XCTAssertEqual(manifest?["command"] as? String, "trial")
        XCTAssertEqual(manifest?["alpha"] as? Double, 0.05, "the significance level the intervals and p-values used")
        XCTAssertEqual(manifest?["outputs"] as? [String], ["trial_data.csv", "effects.csv", "curves.csv", "timecourse.csv", "power.csv", "report.md", "datapackage.json", "study.yaml"])
        XCTAssertEqual((manifest?["arms"] as? [String])?.first, "control")
    }

    func testTheSameSeedGivesTheSameFilesOnOneOrTwoThreads() throws {
        let options = ["--arm", "control", "--arm", "stretching", "--per-arm", "4", "--seed", "5", "--rate", "250"]
        XCTAssertEqual(try CLI.run(["trial"] + options + ["--threads", "1", "--out", "one"], in: tmp).status, 0)
        XCTAssertEqual(try CLI.run(["trial"] + options + ["--threads", "2", "--out", "two"], in: tmp).status, 0)
        for file in ["trial_data.csv", "effects.csv", "curves.csv", "timecourse.csv"] {
            XCTAssertEqual(try Data(contentsOf: tmp.appendingPathComponent("one/\(file)")),
                           try Data(contentsOf: tmp.appendingPathComponent("two/\(file)")), file)
        }
    }

    /// scripts/check_ancova.py refits every ANCOVA with statsmodels; CI installs statsmodels and sets
    /// LUMBARSIM_REQUIRE_STATSMODELS=1 so that the check cannot be skipped there.
    func testStatsmodelsAgreesWithEveryEstimateAndStandardError() throws {
        let script = CLI.datasets.deletingLastPathComponent().appendingPathComponent("scripts/check_ancova.py")
        let probe = try Self.python(["-c", "import statsmodels, pandas"])
        if probe.status != 0 {
            if ProcessInfo.processInfo.environment["LUMBARSIM_REQUIRE_STATSMODELS"] == "1" {
                XCTFail("LUMBARSIM_REQUIRE_STATSMODELS=1 but python3 cannot import statsmodels and pandas: \(probe.output)")
            }
            throw XCTSkip("python3 with statsmodels and pandas is not installed (pip install statsmodels pandas); .ci/run installs them")
        }
        let designs = [["--per-arm", "8"], ["--per-arm", "6", "--cohort", "clbp-adults", "--cohort", "healthy-adults"],
                       ["--per-arm", "6", "--randomisation", "simple", "--dropout", "0.3"]]
        for (index, options) in designs.enumerated() {
            let out = "check-\(index)"
            let run = try runTrial(options, out: out)
            XCTAssertEqual(run.status, 0, run.summary)
            let check = try Self.python([script.path, tmp.appendingPathComponent(out).path])
            XCTAssertEqual(check.status, 0, check.output)
            XCTAssertTrue(check.output.contains("max relative difference"), check.output)
        }
    }

    func testBadInputIsRefusedInOneLineWithNothingWritten() throws {
        let cases: [([String], [String])] = [
            (["--arm", "control", "--arm", "yoga"], ["unknown regimen 'yoga'", "core-strengthening"]),
            (["--per-arm", "1"], ["--per-arm must be at least 2", "got 1"]),
            (["--outcome", "strength"], ["unknown outcome 'strength'", "pain_vas"]),
            (["--power", "20,1"], ["--power must be at least 2"]),
            (["--power", "20,x"], ["--power must list whole numbers"]),
            (["--arm", "stretching", "--arm", "combined"], ["--reference 'control' is not one of the trial's arms"]),
            (["--arm", "control"], ["at least 2 arms"]),
            (["--adherence", "1.2"], ["--adherence must be a fraction within 0-1"]),
            (["--randomisation", "minimisation"], ["unknown --randomisation 'minimisation'"]),
            (["--cohort", "clbp-adults", "--cohort", "clbp-adults"], ["--cohort 'clbp-adults' is given twice"]),
        ]
        for (options, fragments) in cases {
            let result = try runTrial(options, out: "refused")
            assertRefused(result, mentioning: fragments)
            try assertNoOutput(tmp.appendingPathComponent("refused"))
        }
    }

    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
