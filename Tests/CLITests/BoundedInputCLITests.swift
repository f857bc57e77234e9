import Foundation
import XCTest

/// Every value a user's file can set is bounded, and every refusal is one short line naming the file and the field:
/// the cases an outside fuzzing campaign found (issue 15), each refused before anything is written.
final class BoundedInputCLITests: CLITestCase {
    let run = ["--subjects", "2", "--rate", "20"]

    /// A copy of the bundled device file at `tmp/name`.
    func deviceCopy(_ name: String) throws -> URL {
        let device = tmp.appendingPathComponent(name)
        try FileManager.default.copyItem(at: CLI.datasets.appendingPathComponent("device/medx-lumbar-extension.yaml"), to: device)
        return device
    }

    func testAbsurdButFiniteDeviceValuesAreRefusedNamingTheFileAndTheField() throws {
        let cases: [(old: String, new: String, field: String)] = [
            ("flicker_sd_Nm:\n    value: 0.4", "flicker_sd_Nm:\n    value: 1.7e308", "load_cell.flicker_sd_Nm"),
            ("drift_Nm_per_min:\n    value: 0.5", "drift_Nm_per_min:\n    value: 9.2e18", "load_cell.drift_Nm_per_min"),
            ("potentiometer_noise_sd_deg:\n    value: ", "potentiometer_noise_sd_deg:\n    value: -1 #", "dynamic.potentiometer_noise_sd_deg"),
            ("sample_rate_hz:\n    value: 1000", "sample_rate_hz:\n    value: 1.8e308", "load_cell.sample_rate_hz"),
            ("adc_bits:\n    value: 12", "adc_bits:\n    value: 1e300", "load_cell.adc_bits"),
        ]
        for (index, change) in cases.enumerated() {
            let device = try deviceCopy("device-\(index).yaml")
            try edit(device, replacing: change.old, with: change.new)
            let out = tmp.appendingPathComponent("run-\(index)")
            assertRefused(try simulate(run + ["--device", device.path, "--out", out.path]), mentioning: [device.path, change.field])
            try assertNoOutput(out)
            let trace = tmp.appendingPathComponent("trace-\(index).csv")
            assertRefused(try CLI.run(["device", "test", "--device", device.path, "--trace", trace.path], in: tmp),
                          mentioning: [device.path, change.field])
            XCTAssertFalse(CLI.exists(trace))
        }
    }

    func testUnknownKeysInCohortTraitsAndDeviceValueBlocksAreRefused() throws {
        let cohort = tmp.appendingPathComponent("my-cohort.yaml")
        try FileManager.default.copyItem(at: CLI.datasets.appendingPathComponent("cohorts/healthy-adults.yaml"), to: cohort)
        try edit(cohort, replacing: "  age_y:\n    lower: 25", with: "  age_y:\n    lowr: 20\n    lower: 25")
        assertRefused(try simulate(run + ["--cohort", cohort.path, "--out", "a"]), mentioning: [cohort.path, "field traits.age_y.lowr: unknown field"])

        let inQuantity = tmp.appendingPathComponent("typo-cohort.yaml")
        try FileManager.default.copyItem(at: CLI.datasets.appendingPathComponent("cohorts/healthy-adults.yaml"), to: inQuantity)
        try edit(inQuantity, replacing: "M: {value: 49, sd: 10,", with: "M: {value: 49, sdd: 3, sd: 10,")
        assertRefused(try simulate(run + ["--cohort", inQuantity.path, "--out", "b"]), mentioning: [inQuantity.path, "field traits.age_y.M.sdd"])

        let device = try deviceCopy("typo-device.yaml")
        try edit(device, replacing: "drift_Nm_per_min:\n    value: 0.5", with: "drift_Nm_per_min:\n    valeu: 9\n    value: 0.5")
        assertRefused(try simulate(run + ["--device", device.path, "--out", "c"]), mentioning: [device.path, "field load_cell.drift_Nm_per_min.valeu"])
        for out in ["a", "b", "c"] { try assertNoOutput(tmp.appendingPathComponent(out)) }
    }

    func testCohortTraitBoundsOutsidePhysicalLimitsAreRefused() throws {
        let cohort = tmp.appendingPathComponent("ancient.yaml")
        try FileManager.default.copyItem(at: CLI.datasets.appendingPathComponent("cohorts/healthy-adults.yaml"), to: cohort)
        try edit(cohort, replacing: "  age_y:\n    lower: 25\n    upper: 75", with: "  age_y:\n    lower: 25\n    upper: 1e6")
        assertRefused(try simulate(run + ["--cohort", cohort.path, "--out", "a"]), mentioning: [cohort.path, "field traits.age_y.upper", "limits.yaml"])
        try assertNoOutput(tmp.appendingPathComponent("a"))
    }

    /// 10^5 phases were decoded and run for minutes; a data file's size limit refuses them at once, and the course
    /// limit refuses more phases or weeks than ten years hold.
    func testACourseLongerThanTheLimitIsRefusedInOneLine() throws {
        let phase = "  - weeks: 1\n    sessions_per_week: 0\n"
        let regimen = tmp.appendingPathComponent("endless.yaml")
        try CLI.write("name: endless\nkind: control\ndescription: \"rest without end\"\nassumption: \"a fuzzed course\"\nphases:\n"
                      + String(repeating: phase, count: 100_000), to: regimen)
        let started = Date()
        assertRefused(try simulate(run + ["--regimen", regimen.path, "--out", "a"]), mentioning: [regimen.path, "a data file is at most 1048576"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "refused before the YAML is parsed")
        let many = tmp.appendingPathComponent("many.yaml")
        try CLI.write("name: many\nkind: control\ndescription: \"a week of rest, 600 times\"\nassumption: \"a test\"\nphases:\n"
                      + String(repeating: phase, count: 600), to: many)
        assertRefused(try simulate(run + ["--regimen", many.path, "--out", "a"]), mentioning: [many.path, "field phases: lists 600 phases", "at most 520 weeks"])
        let long = tmp.appendingPathComponent("long.yaml")
        try CLI.write("name: long\nkind: control\ndescription: \"six years of rest, twice\"\nassumption: \"a test\"\nphases:\n"
                      + String(repeating: "  - weeks: 300\n    sessions_per_week: 0\n", count: 2), to: long)
        assertRefused(try simulate(run + ["--regimen", long.path, "--out", "b"]), mentioning: [long.path, "field phases", "600 weeks"])
    }

    /// A duplicate key used to echo the whole file on one line; now at most a short excerpt.
    func testADuplicateKeyErrorQuotesOnlyAnExcerpt() throws {
        let cohort = tmp.appendingPathComponent("twice.yaml")
        let original = try String(contentsOf: CLI.datasets.appendingPathComponent("cohorts/healthy-adults.yaml"), encoding: .utf8)
        try CLI.write(original + "\nname: again\n" + String(repeating: "# padding\n", count: 20_000), to: cohort)
        let result = try simulate(run + ["--cohort", cohort.path, "--out", "a"])
        assertRefused(result, mentioning: [cohort.path])
        XCTAssertLessThan(result.stderr.count, 400 + cohort.path.count, result.stderr)
    }

    /// An unbalanced quote in a table runs one cell to the end of the file; the refusal quotes an excerpt of it.
    func testAnUnbalancedQuoteInATableIsQuotedAsAnExcerpt() throws {
        let copy = try datasetsCopy()
        try edit(copy.appendingPathComponent("calibration/targets.csv")) { text in
            // The quote opens norm_men_12's evidence cell, which then runs to the end of the file.
            text.replacingOccurrences(of: ",abstract,fitted,164 ft-lb", with: ",abstract,\"fitted,164 ft-lb")
        }
        let result = try CLI.run(["validate", "--datasets", copy.path], in: tmp)
        assertRefused(result, mentioning: ["targets.csv", "norm_men_12.evidence", "unknown evidence 'fitted,164 ft-lb "])
        XCTAssertLessThan(result.stderr.count, 400, result.stderr)
    }

    /// A study file's value is checked as its option, and quoted as an excerpt.
    func testAStudyFilesLongValueIsQuotedAsAnExcerpt() throws {
        let study = tmp.appendingPathComponent("study.yaml")
        try CLI.write("command: simulate\nseed: \"\(String(repeating: "9", count: 5_000))\"\n" + String(repeating: "k", count: 600) + ": 1\n", to: study)
        let unknown = try CLI.run(["run", study.path], in: tmp)
        assertRefused(unknown, mentioning: [study.path, "unknown field for a simulate study"])
        XCTAssertLessThan(unknown.stderr.count, 700 + study.path.count, unknown.stderr)
        try CLI.write("command: simulate\nseed: \"\(String(repeating: "9", count: 5_000))\"\n", to: study)
        let value = try CLI.run(["run", study.path], in: tmp)
        assertRefused(value, mentioning: [study.path, "field seed", "--seed"])
        XCTAssertLessThan(value.stderr.count, 300 + study.path.count, value.stderr)
    }

    /// ArgumentParser's usage block after a parse error took 3-5 lines; the README promises one.
    func testArgumentParserErrorsAreOneLine() throws {
        for arguments in [["simulate", "--subjects", "many"], ["simulate", "--nosuch"], ["trial", "--per-arm"], ["verify"],
                          ["plot", "curves"], ["simulate", "--seed", String(repeating: "9", count: 5_000)],
                          // Found by the campaign (study target): a value with a quote in it, quoted whole.
                          ["simulate", "--regimen", "stretching", "--test-weeks", "0,'" + String(repeating: "x", count: 5_000)]] {
            let result = try CLI.run(arguments, in: tmp)
            assertRefused(result, mentioning: ["Error: "])
            XCTAssertLessThan(result.stderr.count, 400, result.stderr)
            XCTAssertEqual(result.status, 64, result.summary)
        }
    }
}
