import Foundation
import XCTest

/// `lumbarsim run STUDY.yaml` and the `study.yaml` every run folder keeps: a study file runs `simulate` and `trial`
/// as their command lines do, a run folder's own study reruns it byte for byte (the user's regimen file copied to
/// `inputs/`), and a bad study file is refused in one line naming the file and the field, writing nothing.
final class StudyFileCLITests: CLITestCase {
    /// A copy of the bundled stretching regimen renamed `my-stretching`, in `tmp/mine/`, as a user would write one.
    func userRegimen() throws -> URL {
        let url = tmp.appendingPathComponent("mine/my-stretching.yaml")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.datasets.appendingPathComponent("regimens/stretching.yaml"), to: url)
        try edit(url) { $0.replacingOccurrences(of: "\nname: stretching\n", with: "\nname: my-stretching\n") }
        return url
    }

    /// Writes a study file at `tmp/studies/NAME` (its relative paths are read from there).
    func study(_ name: String, _ text: String) throws -> String {
        let url = tmp.appendingPathComponent("studies/\(name)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try CLI.write(text, to: url)
        return "studies/\(name)"
    }

    func run(_ arguments: [String]) throws -> CLIResult { try CLI.run(["run"] + arguments, in: tmp) }

    func data(_ path: String) throws -> Data { try Data(contentsOf: tmp.appendingPathComponent(path)) }

    func assertSame(_ a: String, _ b: String, tables: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        for table in tables {
            let x = try data("\(a)/\(table)")
            XCTAssertFalse(x.isEmpty, "\(a)/\(table) is empty", file: file, line: line)
            XCTAssertTrue(x == (try data("\(b)/\(table)")), "\(table) differs between \(a) and \(b)", file: file, line: line)
        }
    }

    func manifestOutputs(_ folder: String) throws -> [String] {
        let json = try JSONSerialization.jsonObject(with: try data("\(folder)/manifest.json")) as? [String: Any]
        return try XCTUnwrap(json?["outputs"] as? [String])
    }

    // MARK: - simulate

    func testSimulateStudyFileRunsAsItsCommandLineAndItsFolderRerunsIt() throws {
        let regimen = try userRegimen()
        let file = try study("simulate.yaml", """
            command: simulate
            cohort: clbp-adults
            subjects: 6
            seed: 3
            rate: 50
            regimen: [control, ../mine/my-stretching.yaml]
            test_weeks: [0, 6]
            chunk_size: 2
            out: first
            """)
        let first = try run([file, "--threads", "1"])
        XCTAssertEqual(first.status, 0, first.summary)
        let tables = ["subjects.csv", "tests.csv", "outcomes.csv"]

        // The same options on the command line: the same tables, and the same canonical study.
        let cli = try simulate(["--cohort", "clbp-adults", "--subjects", "6", "--seed", "3", "--rate", "50", "--regimen", "control",
                                "--regimen", regimen.path, "--test-weeks", "0,6", "--chunk-size", "2", "--out", "cli"])
        XCTAssertEqual(cli.status, 0, cli.summary)
        try assertSame("first", "cli", tables: tables + ["study.yaml", "inputs/my-stretching.yaml"])

        // The folder is self-contained: its study names the copy in inputs/, listed (and verified) as an output.
        let recorded = try String(contentsOf: tmp.appendingPathComponent("first/study.yaml"), encoding: .utf8)
        XCTAssertTrue(recorded.contains("regimen: [\"control\", \"inputs/my-stretching.yaml\"]"), recorded)
        XCTAssertEqual(try data("first/inputs/my-stretching.yaml"), try Data(contentsOf: regimen))
        XCTAssertTrue(try manifestOutputs("first").contains("inputs/my-stretching.yaml"))
        XCTAssertTrue(try manifestOutputs("first").contains("study.yaml"))
        XCTAssertEqual(try CLI.run(["verify", "first"], in: tmp).status, 0)

        // Rerun from the folder alone, the user's file gone: byte-identical tables, and the same study again.
        try FileManager.default.removeItem(at: regimen.deletingLastPathComponent())
        let again = try run(["first/study.yaml", "--out", "again"])
        XCTAssertEqual(again.status, 0, again.summary)
        try assertSame("first", "again", tables: tables + ["study.yaml"])
        // A folder with inputs/ is still the command's own run folder: rerunning into it replaces it.
        XCTAssertEqual(try run(["first/study.yaml", "--out", "first"]).status, 0)
        try assertSame("first", "again", tables: tables)
        // ...but a file LumbarSim did not write, even inside inputs/, keeps it from being replaced.
        try CLI.write("my notes\n", to: tmp.appendingPathComponent("first/inputs/notes.txt"))
        assertRefused(try run(["first/study.yaml", "--out", "first"]), mentioning: ["inputs/notes.txt", "did not write"])
        XCTAssertEqual(try String(contentsOf: tmp.appendingPathComponent("first/inputs/notes.txt"), encoding: .utf8), "my notes\n")
    }

    /// gzip and a shard are settings that decide the bytes; both are recorded and reproduced.
    func testGzipShardStudyIsReproduced() throws {
        let simulated = try simulate(["--subjects", "8", "--seed", "4", "--rate", "50", "--regimen", "stretching",
                                      "--chunk-size", "2", "--shard", "2/3", "--gzip", "--out", "shard"])
        XCTAssertEqual(simulated.status, 0, simulated.summary)
        let recorded = try String(contentsOf: tmp.appendingPathComponent("shard/study.yaml"), encoding: .utf8)
        for line in ["shard: \"2/3\"", "gzip: true", "chunk_size: 2"] { XCTAssertTrue(recorded.contains(line), recorded) }
        let again = try run(["shard/study.yaml", "--out", "again"])
        XCTAssertEqual(again.status, 0, again.summary)
        try assertSame("shard", "again", tables: ["subjects.csv.gz", "tests.csv.gz", "outcomes.csv.gz"])
    }

    // MARK: - trial

    func testTrialStudyFileRunsAndItsFolderRerunsIt() throws {
        _ = try userRegimen()
        let file = try study("trial.yaml", """
            command: trial
            arm: [control, ../mine/my-stretching.yaml]
            per_arm: 5
            instrument: ideal
            power: [4]
            power_trials: 2
            seed: 2
            out: t1
            """)
        let first = try run([file])
        XCTAssertEqual(first.status, 0, first.summary)
        let tables = ["trial_data.csv", "effects.csv", "curves.csv", "timecourse.csv", "power.csv"]
        XCTAssertTrue(try manifestOutputs("t1").contains("inputs/my-stretching.yaml"))
        XCTAssertEqual(try CLI.run(["verify", "t1"], in: tmp).status, 0)

        let again = try run(["t1/study.yaml", "--out", "t2", "--threads", "1"])
        XCTAssertEqual(again.status, 0, again.summary)
        try assertSame("t1", "t2", tables: tables + ["study.yaml", "inputs/my-stretching.yaml"])

        // The command line writes the same study.
        let cli = try CLI.run(["trial", "--arm", "control", "--arm", "mine/my-stretching.yaml", "--per-arm", "5", "--instrument", "ideal",
                               "--power", "4", "--power-trials", "2", "--seed", "2", "--out", "cli"], in: tmp)
        XCTAssertEqual(cli.status, 0, cli.summary)
        try assertSame("t1", "cli", tables: tables + ["study.yaml"])
    }

    // MARK: - refusals

    func testBadStudyFilesAreRefusedInOneLineNamingTheFieldAndWriteNothing() throws {
        let cases: [(text: String, fragments: [String])] = [
            ("command: simulate\nsubjects: 4\nsubjectz: 5\nout: o\n", ["bad.yaml", "field subjectz", "unknown field", "subjects"]),
            ("command: simulate\nsubjects: 0\nout: o\n", ["bad.yaml", "field subjects", "at least 1"]),
            ("command: simulate\nsubjects: 4\ntest_weeks: [3, 6]\nregimen: stretching\nout: o\n", ["bad.yaml", "field test_weeks", "start with 0"]),
            ("command: simulate\nsubjects: 4\ngzip: maybe\nout: o\n", ["bad.yaml", "field gzip"]),
            ("command: simulate\nsubjects: 4\nregimen: [no-such-regimen]\nout: o\n", ["bad.yaml", "no-such-regimen"]),
            ("command: simulat\nsubjects: 4\nout: o\n", ["bad.yaml", "field command", "unknown command", "simulate, trial"]),
            ("subjects: 4\nout: o\n", ["bad.yaml", "field command", "missing"]),
            ("command: trial\nper_arm: 1\nout: o\n", ["bad.yaml", "field per_arm", "--per-arm"]),
            ("command: trial\nadherence: 1.5\nout: o\n", ["bad.yaml", "field adherence"]),
            ("command: trial\nsubjects: 4\nout: o\n", ["bad.yaml", "field subjects", "unknown field for a trial study"]),
        ]
        for (text, fragments) in cases {
            let file = try study("bad.yaml", text)
            assertRefused(try run([file]), mentioning: fragments)
            try assertNoOutput(tmp.appendingPathComponent("o"))
        }
        assertRefused(try run(["studies/missing.yaml"]), mentioning: ["studies/missing.yaml"])
    }
}
