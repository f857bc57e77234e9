import Foundation
import XCTest

/// End-to-end tests of `lumbarsim simulate` (and of `lumbarsim` alone, whose default subcommand it is):
/// the run folder's files and their contract, reproducibility, and refusal of bad input without leftovers.
final class SimulateCLITests: CLITestCase {
    static let subjectsHeaderPrefix = "subject_id,sex,age_y,height_cm,mass_kg"
    static let testsHeader = "subject_id,arm,week,torque_0,torque_12,torque_24,torque_36,torque_48,torque_60,torque_72"

    /// The subset of manifest.json the tests read, typed.
    struct ManifestProbe: Decodable {
        var tool: String
        var version: String
        var git_commit: String
        var seed: UInt64
        var command_line: [String]
        var parameter_hash: String
        var timings_s: [String: Double]
        var subjects: Int
    }

    // MARK: - A run folder and its contract

    func testSimulateWritesCompleteRunFolder() throws {
        let result = try simulate(["--subjects", "50", "--seed", "7", "--out", "run"])
        XCTAssertEqual(result.status, 0, result.summary)
        let run = tmp.appendingPathComponent("run")
        for name in ["subjects.csv", "tests.csv", "manifest.json"] {
            XCTAssertTrue(CLI.exists(run.appendingPathComponent(name)), "\(name) missing\n\(result.summary)")
        }
        XCTAssertEqual(try CLI.entries(of: run), ["datapackage.json", "manifest.json", "outcomes.csv", "study.yaml", "subjects.csv", "tests.csv"])

        // subjects.csv: one row per subject, ids 0..<50 in order.
        let subjects = try CLI.readCSV(run.appendingPathComponent("subjects.csv"))
        XCTAssertTrue(subjects.header.hasPrefix(Self.subjectsHeaderPrefix), subjects.header)
        XCTAssertEqual(subjects.rows.count, 50)
        let subjectColumns = subjects.header.split(separator: ",").count
        XCTAssertEqual(subjects.rows.map(\.count), Array(repeating: subjectColumns, count: subjects.rows.count))
        XCTAssertEqual(subjects.rows.map { $0[0] }, (0..<50).map(String.init))
        XCTAssertTrue(subjects.rows.allSatisfy { $0[1] == "M" || $0[1] == "F" }, "sex must be M or F")

        // tests.csv: exact header, one baseline row per subject, every torque a positive number.
        let tests = try CLI.readCSV(run.appendingPathComponent("tests.csv"))
        XCTAssertEqual(tests.header, Self.testsHeader)
        XCTAssertEqual(tests.rows.count, 50)
        XCTAssertEqual(tests.rows.map { $0[0] }, (0..<50).map(String.init))
        for row in tests.rows {
            XCTAssertEqual(row.count, 10, "row \(row)")
            guard row.count == 10 else { continue }
            XCTAssertEqual(row[1], "baseline")
            XCTAssertEqual(row[2], "0")
            for field in row[3...] {
                guard let torque = Double(field) else {
                    XCTFail("torque '\(field)' is not a number in row \(row)")
                    continue
                }
                XCTAssertGreaterThan(torque, 0, "row \(row)")
                XCTAssertTrue(torque.isFinite)
            }
        }

        // manifest.json: parses, has the provenance keys, records the seed and the command line.
        let manifestData = try Data(contentsOf: run.appendingPathComponent("manifest.json"))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        for key in ["tool", "version", "git_commit", "seed", "command_line", "parameter_hash", "timings_s"] {
            XCTAssertNotNil(object[key], "manifest.json lacks \(key)")
        }
        let manifest = try JSONDecoder().decode(ManifestProbe.self, from: manifestData)
        XCTAssertEqual(manifest.tool, "lumbarsim")
        XCTAssertFalse(manifest.version.isEmpty)
        XCTAssertFalse(manifest.git_commit.isEmpty)
        XCTAssertEqual(manifest.seed, 7)
        XCTAssertEqual(manifest.subjects, 50)
        XCTAssertTrue(manifest.command_line.contains("--subjects"), "\(manifest.command_line)")
        XCTAssertTrue(manifest.command_line.contains("50"), "\(manifest.command_line)")
        XCTAssertFalse(manifest.parameter_hash.isEmpty)
        XCTAssertFalse(manifest.timings_s.isEmpty)
        XCTAssertTrue(manifest.timings_s.values.allSatisfy { $0.isFinite && $0 >= 0 }, "\(manifest.timings_s)")

        // Nothing else beside the run: no staging or backup folder.
        XCTAssertEqual(try CLI.leftovers(in: tmp), [])
        XCTAssertEqual(try CLI.entries(of: tmp), ["run"])
    }

    // MARK: - Reproducibility

    func testResultsAreIdenticalForAnyThreadCountAndChangeWithSeed() throws {
        // 120 subjects in chunks of 16 are 8 chunks, so two threads really interleave.
        let one = tmp.appendingPathComponent("t1"), two = tmp.appendingPathComponent("t2")
        let other = tmp.appendingPathComponent("seed2")
        let r1 = try simulate(["--subjects", "120", "--seed", "11", "--threads", "1", "--chunk-size", "16", "--out", "t1"])
        XCTAssertEqual(r1.status, 0, r1.summary)
        let r2 = try simulate(["--subjects", "120", "--seed", "11", "--threads", "2", "--chunk-size", "16", "--out", "t2"])
        XCTAssertEqual(r2.status, 0, r2.summary)
        let r3 = try simulate(["--subjects", "120", "--seed", "12", "--threads", "2", "--out", "seed2"])
        XCTAssertEqual(r3.status, 0, r3.summary)

        for name in ["subjects.csv", "tests.csv", "outcomes.csv"] {
            let a = try Data(contentsOf: one.appendingPathComponent(name))
            let b = try Data(contentsOf: two.appendingPathComponent(name))
            let c = try Data(contentsOf: other.appendingPathComponent(name))
            XCTAssertFalse(a.isEmpty)
            XCTAssertEqual(a, b, "\(name) differs between --threads 1 and --threads 2")
            XCTAssertNotEqual(a, c, "\(name) is the same for seeds 11 and 12")
        }
        XCTAssertEqual(try CLI.readCSV(one.appendingPathComponent("tests.csv")).rows.count, 120)
    }

    // MARK: - Default subcommand and replacing a run

    func testNoSubcommandRunsSimulateAndRerunReplacesTheFolder() throws {
        let run = tmp.appendingPathComponent("X")
        let first = try CLI.run(["--subjects", "20", "--out", "X"], in: tmp)
        XCTAssertEqual(first.status, 0, first.summary)
        XCTAssertEqual(try CLI.entries(of: run), ["datapackage.json", "manifest.json", "outcomes.csv", "study.yaml", "subjects.csv", "tests.csv"])
        XCTAssertEqual(try CLI.readCSV(run.appendingPathComponent("subjects.csv")).rows.count, 20)
        XCTAssertEqual(try CLI.readCSV(run.appendingPathComponent("tests.csv")).header, Self.testsHeader)
        XCTAssertEqual(try CLI.readCSV(run.appendingPathComponent("tests.csv")).rows.count, 20)

        // The same run as `simulate` proper: identical tables for the same seed.
        let explicit = try simulate(["--subjects", "20", "--out", "explicit"])
        XCTAssertEqual(explicit.status, 0, explicit.summary)
        for name in ["subjects.csv", "tests.csv", "outcomes.csv"] {
            XCTAssertEqual(try Data(contentsOf: run.appendingPathComponent(name)),
                           try Data(contentsOf: tmp.appendingPathComponent("explicit/\(name)")), name)
        }

        // Re-running into X replaces the earlier run (the new one is smaller, so a merge would show).
        let second = try CLI.run(["--subjects", "5", "--seed", "3", "--out", "X"], in: tmp)
        XCTAssertEqual(second.status, 0, second.summary)
        XCTAssertEqual(try CLI.entries(of: run), ["datapackage.json", "manifest.json", "outcomes.csv", "study.yaml", "subjects.csv", "tests.csv"])
        XCTAssertEqual(try CLI.readCSV(run.appendingPathComponent("subjects.csv")).rows.count, 5)
        XCTAssertEqual(try CLI.readCSV(run.appendingPathComponent("tests.csv")).rows.count, 5)
        let manifest = try JSONDecoder().decode(ManifestProbe.self, from: Data(contentsOf: run.appendingPathComponent("manifest.json")))
        XCTAssertEqual(manifest.seed, 3)
        XCTAssertEqual(manifest.subjects, 5)
        XCTAssertEqual(try CLI.leftovers(in: tmp), [])
        XCTAssertEqual(try CLI.entries(of: tmp), ["X", "explicit"])
    }

    // MARK: - Bad input: refused with one line, nothing written

    func testUnknownCohortNameIsRefused() throws {
        let result = try simulate(["--cohort", "no-such-cohort", "--subjects", "5", "--out", "run"])
        assertRefused(result, mentioning: ["no-such-cohort", "healthy-adults", "clbp-adults"])
        try assertNoOutput(tmp.appendingPathComponent("run"))
    }

    func testZeroSubjectsIsRefused() throws {
        let result = try simulate(["--subjects", "0", "--out", "run"])
        assertRefused(result, mentioning: ["--subjects", "at least 1"], usageAllowed: true)
        try assertNoOutput(tmp.appendingPathComponent("run"))
    }

    func testNegativeSubjectsIsRefused() throws {
        // As two words ArgumentParser reads "-3" as an option, so the value is reported missing.
        let separate = try simulate(["--subjects", "-3", "--out", "run"])
        assertRefused(separate, mentioning: ["--subjects"], usageAllowed: true)
        try assertNoOutput(tmp.appendingPathComponent("run"))

        // Attached, the value reaches the command's own validation.
        let attached = try simulate(["--subjects=-3", "--out", "run"])
        assertRefused(attached, mentioning: ["--subjects", "-3"], usageAllowed: true)
        try assertNoOutput(tmp.appendingPathComponent("run"))
    }

    func testZeroThreadsIsRefused() throws {
        let result = try simulate(["--subjects", "5", "--threads", "0", "--out", "run"])
        assertRefused(result, mentioning: ["--threads"], usageAllowed: true)
        try assertNoOutput(tmp.appendingPathComponent("run"))
    }

    func testMalformedYAMLCohortIsRefused() throws {
        let original = try CLI.bundledCohort()
        let variants: [(String, String)] = [
            // An unclosed flow sequence.
            ("unclosed.yaml", try edited(original, replacing: "traits: [age_y, height_cm,", with: "traits: [age_y, height_cm,\n  oops: [1, 2")),
            // A key indented deeper than its siblings, then one shallower.
            ("indent.yaml", try edited(original, replacing: "    lower: 140\n    upper: 200\n", with: "      lower: 140\n   upper: 200\n")),
        ]
        for (name, text) in variants {
            let file = tmp.appendingPathComponent(name)
            try CLI.write(text, to: file)
            let result = try simulate(["--cohort", file.path, "--subjects", "5", "--out", "run"])
            assertRefused(result, mentioning: [name, "YAML"])
            try assertNoOutput(tmp.appendingPathComponent("run"))
        }
    }

    func testIndefiniteCorrelationMatrixIsRefused() throws {
        // Each entry is valid and the matrix symmetric, but r(mf,lo) = r(lo,il) = 0.99 with r(mf,il) = -0.99
        // cannot all hold: the matrix is indefinite.
        let text = try cohortWithCorrelations([
            ("csa_longissimus_cm2", "csa_iliocostalis_cm2", 0.99),
            ("csa_multifidus_cm2", "csa_longissimus_cm2", 0.99),
            ("csa_multifidus_cm2", "csa_iliocostalis_cm2", -0.99),
        ])
        let file = tmp.appendingPathComponent("indefinite.yaml")
        try CLI.write(text, to: file)
        let result = try simulate(["--cohort", file.path, "--subjects", "5", "--out", "run"])
        assertRefused(result, mentioning: ["positive definite"])
        try assertNoOutput(tmp.appendingPathComponent("run"))
    }

    func testValueWithoutSourceOrAssumptionIsRefused() throws {
        let original = try CLI.bundledCohort()
        let line = "M: {value: 169, sd: 6, unit: cm, assumption: \"Anthropometrics of the normative sample were not reported; typical Korean men around 50 y.\"}"
        let text = try edited(original, replacing: line, with: "M: {value: 169, sd: 6, unit: cm}")
        let file = tmp.appendingPathComponent("unsourced.yaml")
        try CLI.write(text, to: file)
        let result = try simulate(["--cohort", file.path, "--subjects", "5", "--out", "run"])
        assertRefused(result, mentioning: ["unsourced.yaml", "traits.height_cm.M", "source", "assumption"])
        try assertNoOutput(tmp.appendingPathComponent("run"))
    }

    func testMissingCohortFileIsRefused() throws {
        let result = try simulate(["--cohort", tmp.appendingPathComponent("absent.yaml").path, "--subjects", "5", "--out", "run"])
        assertRefused(result, mentioning: ["absent.yaml"])
        try assertNoOutput(tmp.appendingPathComponent("run"))
    }

    func testUnwritableOutIsRefused() throws {
        // Running as root, permissions do not stop a write; a path under a regular file always fails.
        let blocker = tmp.appendingPathComponent("afile")
        try CLI.write("not a folder\n", to: blocker)
        let out = blocker.appendingPathComponent("out")
        let result = try simulate(["--subjects", "5", "--out", out.path])
        assertRefused(result, mentioning: ["afile/out"])
        XCTAssertFalse(CLI.isDirectory(blocker), "the blocking file was replaced")
        XCTAssertEqual(try String(contentsOf: blocker, encoding: .utf8), "not a folder\n")
        XCTAssertEqual(try CLI.entries(of: tmp), ["afile"])
    }

    func testExistingNonRunFolderIsRefusedAndUntouched() throws {
        let folder = tmp.appendingPathComponent("mydata")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try CLI.write("precious\n", to: folder.appendingPathComponent("notes.txt"))
        let result = try simulate(["--subjects", "5", "--out", "mydata"])
        assertRefused(result, mentioning: ["mydata", "not a LumbarSim run folder"])
        XCTAssertEqual(try CLI.entries(of: folder), ["notes.txt"])
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8), "precious\n")
        XCTAssertEqual(try CLI.entries(of: tmp), ["mydata"])
    }

    func testExistingFileAsOutIsRefusedAndUntouched() throws {
        let file = tmp.appendingPathComponent("report.txt")
        try CLI.write("keep me\n", to: file)
        let result = try simulate(["--subjects", "5", "--out", "report.txt"])
        assertRefused(result, mentioning: ["report.txt"])
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "keep me\n")
        XCTAssertEqual(try CLI.entries(of: tmp), ["report.txt"])
    }

    func testZeroSampleRateIsRefused() throws {
        let result = try simulate(["--subjects", "5", "--rate", "0", "--out", "run"])
        assertRefused(result, mentioning: ["sample rate"])
        try assertNoOutput(tmp.appendingPathComponent("run"))
    }

    func testADCBitsOutOfRangeIsRefused() throws {
        let result = try simulate(["--subjects", "5", "--adc-bits", "30", "--out", "run"])
        assertRefused(result, mentioning: ["ADC bits", "30"])
        try assertNoOutput(tmp.appendingPathComponent("run"))
    }

    /// A failure after the staging folder exists (no subject can be drawn inside impossibly narrow bounds)
    /// removes the staging folder and leaves an earlier run at the destination as it was.
    func testFailureDuringRunLeavesNoStagingAndKeepsEarlierRun() throws {
        let earlier = try simulate(["--subjects", "5", "--out", "run"])
        XCTAssertEqual(earlier.status, 0, earlier.summary)
        let run = tmp.appendingPathComponent("run")
        let before = try Data(contentsOf: run.appendingPathComponent("tests.csv"))

        // Age must fall within 49 +- 0.0001 y with an SD of 10 y: about one draw in 125,000 does, so 10,000 redraws fail.
        var text = try edited(try CLI.bundledCohort(), replacing: "    lower: 25\n    upper: 75\n", with: "    lower: 48.9999\n    upper: 49.0001\n")
        text = try edited(text, replacing: "F: {value: 48, sd: 10,", with: "F: {value: 49, sd: 10,")
        let file = tmp.appendingPathComponent("narrow.yaml")
        try CLI.write(text, to: file)
        let result = try simulate(["--cohort", file.path, "--subjects", "20", "--out", "run"])
        assertRefused(result, mentioning: ["trait bounds"])
        XCTAssertEqual(try CLI.leftovers(in: tmp), [])
        XCTAssertEqual(try CLI.entries(of: run), ["datapackage.json", "manifest.json", "outcomes.csv", "study.yaml", "subjects.csv", "tests.csv"])
        XCTAssertEqual(try Data(contentsOf: run.appendingPathComponent("tests.csv")), before)
    }

    // MARK: - Regressions found by these tests

    /// The reason for an unwritable --out is the OS's ("Not a directory"), not Foundation's wrapper text.
    func testUnwritableOutExplainsWhy() throws {
        let blocker = tmp.appendingPathComponent("afile")
        try CLI.write("x\n", to: blocker)
        let result = try simulate(["--subjects", "5", "--out", blocker.appendingPathComponent("out").path])
        assertRefused(result, mentioning: ["Not a directory"])
        XCTAssertFalse(result.stderr.contains("NSCocoaErrorDomain"), result.stderr)
    }

    /// A run that fails into a nested --out whose parents did not exist leaves no parent folders behind.
    func testFailedRunIntoNestedOutLeavesNoParentFolders() throws {
        var text = try edited(try CLI.bundledCohort(), replacing: "    lower: 25\n    upper: 75\n", with: "    lower: 48.9999\n    upper: 49.0001\n")
        text = try edited(text, replacing: "F: {value: 48, sd: 10,", with: "F: {value: 49, sd: 10,")
        let file = tmp.appendingPathComponent("narrow.yaml")
        try CLI.write(text, to: file)
        let result = try simulate(["--cohort", file.path, "--subjects", "3", "--out", "deep/er/run"])
        assertRefused(result, mentioning: ["trait bounds"])
        XCTAssertEqual(try CLI.entries(of: tmp), ["narrow.yaml"])
    }

    // MARK: - Helpers

    /// `text` with `old` replaced once; fails loudly if the bundled file no longer contains `old`.
    func edited(_ text: String, replacing old: String, with new: String) throws -> String {
        guard let range = text.range(of: old) else { throw EditError(message: "bundled cohort changed: '\(old)' not found") }
        return text.replacingCharacters(in: range, with: new)
    }

    /// The bundled healthy-adults cohort with some correlations (set symmetrically) changed.
    func cohortWithCorrelations(_ changes: [(String, String, Double)]) throws -> String {
        let original = try CLI.bundledCohort()
        let parts = original.components(separatedBy: "  matrix:\n")
        XCTAssertEqual(parts.count, 2, "the bundled cohort should have one correlation matrix")
        let rows = parts[1].split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("- [") }
        var matrix = rows.map { row -> [Double] in
            let inner = row.trimmingCharacters(in: .whitespaces).dropFirst(3).dropLast()
            return inner.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        }
        guard let traitsLine = parts[0].split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("traits: [") }) else {
            throw EditError(message: "bundled cohort has no correlation traits line")
        }
        let traits = traitsLine.split(separator: "[")[1].dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(matrix.count, traits.count)
        for (a, b, r) in changes {
            let i = try XCTUnwrap(traits.firstIndex(of: a)), j = try XCTUnwrap(traits.firstIndex(of: b))
            matrix[i][j] = r
            matrix[j][i] = r
        }
        let body = matrix.map { "    - [" + $0.map { String(format: "%.2f", $0) }.joined(separator: ", ") + "]\n" }.joined()
        return parts[0] + "  matrix:\n" + body
    }

    struct EditError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
