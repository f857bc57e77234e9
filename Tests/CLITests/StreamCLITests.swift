import Foundation
import TestSupport
import XCTest

/// End-to-end tests of the streaming engine: the same bytes for any thread count, shard layout, chunk size or
/// interruption (SIGKILL, SIGINT, SIGTERM, then `--resume`), gzip output, and refusals of bad shards, merges and
/// resumes with nothing overwritten. Low sample rates keep the debug build quick: no property here depends on them.
final class StreamCLITests: CLITestCase {
    static let tables = ["subjects.csv", "tests.csv", "outcomes.csv"]
    /// A regimen run, so that chunks hold several test visits per subject and training between them.
    static let run = ["--subjects", "70", "--seed", "21", "--regimen", "core-strengthening", "--rate", "20"]

    /// Runs `simulate` and requires success.
    func simulateOK(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try simulate(arguments)
        XCTAssertEqual(result.status, 0, result.summary, file: file, line: line)
    }

    func assertSameTables(_ a: String, _ b: String, names: [String] = tables, file: StaticString = #filePath, line: UInt = #line) throws {
        for name in names {
            let x = try Data(contentsOf: tmp.appendingPathComponent("\(a)/\(name)"))
            let y = try Data(contentsOf: tmp.appendingPathComponent("\(b)/\(name)"))
            XCTAssertFalse(x.isEmpty, "\(a)/\(name) is empty", file: file, line: line)
            XCTAssertTrue(x == y, "\(name) differs between \(a) and \(b)", file: file, line: line)
        }
    }

    // MARK: - Same bytes whatever the layout

    func testOneAndTwoThreadsAndAnyChunkSizeGiveTheSameBytes() throws {
        try simulateOK(Self.run + ["--threads", "1", "--chunk-size", "4", "--out", "t1"])
        try simulateOK(Self.run + ["--threads", "2", "--chunk-size", "4", "--out", "t2"])
        try simulateOK(Self.run + ["--threads", "2", "--out", "whole"])
        try assertSameTables("t1", "t2")
        try assertSameTables("t1", "whole")
        XCTAssertEqual(try CLI.readCSV(tmp.appendingPathComponent("t1/subjects.csv")).rows.map { $0[0] }, (0..<70).map(String.init))
        // core-strengthening tests at weeks 0, 6 and 12.
        XCTAssertEqual(try CLI.readCSV(tmp.appendingPathComponent("t1/tests.csv")).rows.count, 3 * 70)
        let manifest = try manifestObject("t1")
        XCTAssertEqual(manifest["chunk_size"] as? Int, 4)
        XCTAssertEqual((manifest["shard"] as? [String: Any])?["count"] as? Int, 1)
        XCTAssertEqual(try CLI.entries(of: tmp), ["t1", "t2", "whole"], "no staging folder is left behind")
    }

    func testOneFourAndSixtyFourShardsMergeToTheUnshardedBytes() throws {
        // 130 subjects in chunks of 2 are 65 chunks: enough for 64 shards.
        let run = ["--subjects", "130", "--seed", "22", "--regimen", "core-strengthening", "--rate", "20"]
        try simulateOK(run + ["--out", "whole"])
        for count in [1, 4, 64] {
            var folders: [String] = []
            for index in 1...count {
                let folder = "s\(count)-\(index)"
                try simulateOK(run + ["--chunk-size", "2", "--shard", "\(index)/\(count)", "--out", folder])
                folders.append(folder)
            }
            // The order of the folders on the command line does not matter.
            let merge = try CLI.run(["merge"] + folders.reversed() + ["--out", "merged\(count)"], in: tmp)
            XCTAssertEqual(merge.status, 0, merge.summary)
            try assertSameTables("whole", "merged\(count)")
            let manifest = try manifestObject("merged\(count)")
            XCTAssertEqual((manifest["merged_from"] as? [String])?.count, count)
            XCTAssertEqual(manifest["seed"] as? Int, 22)
            XCTAssertEqual(manifest["samples_computed"] as? Int, try manifestObject("whole")["samples_computed"] as? Int)
        }
        // Shard 2 of 4 runs chunks 16..<32 of 65: subjects 32..<64.
        let shard = try CLI.readCSV(tmp.appendingPathComponent("s4-2/subjects.csv")).rows.map { $0[0] }
        XCTAssertEqual(shard, (32..<64).map(String.init))
    }

    func testGzipTablesAreTheCSVCompressedAndMergeToTheSameBytes() throws {
        try simulateOK(Self.run + ["--chunk-size", "8", "--out", "plain"])
        try simulateOK(Self.run + ["--chunk-size", "8", "--gzip", "--out", "gz"])
        // Shards follow the chunk grid, so with the same chunk size even the gzip members are the same.
        for index in 1...3 { try simulateOK(Self.run + ["--chunk-size", "8", "--gzip", "--shard", "\(index)/3", "--out", "g\(index)"]) }
        let merge = try CLI.run(["merge", "g1", "g2", "g3", "--out", "gzmerged"], in: tmp)
        XCTAssertEqual(merge.status, 0, merge.summary)
        try assertSameTables("gz", "gzmerged", names: Self.tables.map { $0 + ".gz" })
        XCTAssertEqual(try CLI.entries(of: tmp.appendingPathComponent("gz")),
                       ["datapackage.json", "manifest.json", "outcomes.csv.gz", "study.yaml", "subjects.csv.gz", "tests.csv.gz"])
        for name in Self.tables {
            let plain = try Data(contentsOf: tmp.appendingPathComponent("plain/\(name)"))
            let compressed = tmp.appendingPathComponent("gz/\(name).gz")
            XCTAssertEqual(try gunzip(compressed), plain, name)
            XCTAssertLessThan(try Data(contentsOf: compressed).count * 2, plain.count, "\(name) compresses")
        }
    }

    // MARK: - Interruptions

    func testSIGKILLAtRandomPointsThenResumeGivesTheUninterruptedBytes() throws {
        let run = ["--subjects", "120", "--seed", "5", "--regimen", "core-strengthening", "--rate", "50", "--chunk-size", "4"]
        try simulateOK(run + ["--out", "reference"])
        var midRunKills = 0
        var log: [String] = []
        // Each attempt is killed after a random number of newly finished chunks (of 30): four attempts of at most
        // five chunks each always land mid-run, whatever the machine's load.
        var generator = seededGenerator(20_260_416)
        let attempts = 4
        for attempt in 0..<attempts {
            let resume = attempt > 0
            let process = try CLI.start(["simulate"] + run + (resume ? ["--resume", "run"] : ["--out", "run"]), in: tmp)
            let before = try chunkProgress("run")?.done ?? 0
            let more = Int.random(in: 1...5, using: &generator)
            try waitForChunks("run", atLeast: before + more, while: process)
            kill(process.pid, SIGKILL)
            process.wait()
            let after = try chunkProgress("run")
            log.append("kill \(attempt) after \(more) more chunks: " + (after.map { "\($0.done)/\($0.total) chunks" } ?? "no record"))
            if process.process.terminationReason == .uncaughtSignal, let after, after.done < after.total { midRunKills += 1 }
        }
        let last = try simulate(run + ["--resume", "run"])
        XCTAssertEqual(last.status, 0, last.summary + "\n" + log.joined(separator: "\n"))
        XCTAssertEqual(midRunKills, attempts, "every kill lands mid-run:\n" + log.joined(separator: "\n"))
        try assertSameTables("reference", "run")
        XCTAssertEqual(try CLI.entries(of: tmp), ["reference", "run"], "the staging folder is gone once the run completes")
        XCTAssertEqual(try CLI.entries(of: tmp.appendingPathComponent("run")), ["datapackage.json", "manifest.json", "outcomes.csv", "study.yaml", "subjects.csv", "tests.csv"])
        XCTAssertGreaterThanOrEqual(try manifestObject("run")["resumed"] as? Int ?? 0, 1)
    }

    func testSIGINTAndSIGTERMStopAtAChunkBoundaryAndTheirResumeCommandFinishesTheRun() throws {
        let run = ["--subjects", "120", "--seed", "6", "--regimen", "core-strengthening", "--rate", "50", "--chunk-size", "4"]
        try simulateOK(run + ["--out", "reference"])
        var arguments = ["simulate"] + run + ["--out", "run"]
        for signal in [SIGINT, SIGTERM] {
            let process = try CLI.start(arguments, in: tmp)
            try waitForChunks("run", atLeast: (try chunkProgress("run")?.done ?? 0) + 1, while: process)
            kill(process.pid, signal)
            process.wait()
            let stderr = process.stderrLines
            XCTAssertEqual(process.process.terminationReason, .exit)
            XCTAssertEqual(process.process.terminationStatus, 128 + signal, stderr.joined(separator: "\n"))
            XCTAssertEqual(stderr.count, 1, "one line: \(stderr)")
            let line = try XCTUnwrap(stderr.last)
            XCTAssertTrue(line.hasPrefix("interrupted: "), line)
            let progress = try XCTUnwrap(chunkProgress("run"))
            XCTAssertLessThan(progress.done, progress.total)
            XCTAssertTrue(line.contains("interrupted: \(4 * progress.done) of 120 subjects"), "stopped at a chunk boundary: \(line)")
            // The printed command is the way on.
            let command = try XCTUnwrap(line.components(separatedBy: "continue with: ").last?.split(separator: " ").map(String.init))
            XCTAssertEqual(command.first, "lumbarsim")
            XCTAssertEqual(Array(command.suffix(2)), ["--resume", "run"])
            arguments = Array(command.dropFirst())
        }
        let last = try CLI.run(arguments, in: tmp)
        XCTAssertEqual(last.status, 0, last.summary)
        try assertSameTables("reference", "run")
        let again = try CLI.run(arguments, in: tmp)
        XCTAssertEqual(again.status, 0, again.summary)
        XCTAssertTrue(again.stdout.contains("already complete"), again.summary)
        try assertSameTables("reference", "run")
    }

    // MARK: - Bad input: one line, nothing written or overwritten

    func testBadShardsAreRefused() throws {
        for (shard, fragments) in [("5/4", ["--shard 5/4", "1 to 4"]), ("0/0", ["--shard 0/0", "at least 1"]),
                                   ("0/4", ["--shard 0/4", "1 to 4"]), ("two/4", ["--shard two/4", "i/N"])] {
            let result = try simulate(["--subjects", "10", "--rate", "20", "--shard", shard, "--out", "run"])
            assertRefused(result, mentioning: fragments)
            try assertNoOutput(tmp.appendingPathComponent("run"))
        }
        let tooMany = try simulate(["--subjects", "30", "--chunk-size", "10", "--rate", "20", "--shard", "1/4", "--out", "run"])
        assertRefused(tooMany, mentioning: ["30 subjects in chunks of 10 are 3 chunk(s)", "4 shards"])
        try assertNoOutput(tmp.appendingPathComponent("run"))
    }

    func testBadTestWeeksAreRefused() throws {
        let run = ["--subjects", "4", "--rate", "20", "--regimen", "stretching", "--out", "run"]
        for (weeks, fragments) in [("12", ["start with 0"]), ("0,12,12", ["ascending"]), ("0,6,x", ["'x'", "whole number"]),
                                   ("0,-4", ["'-4'"]), ("0,,12", ["''"])] {
            assertRefused(try simulate(run + ["--test-weeks", weeks]), mentioning: ["--test-weeks"] + fragments, usageAllowed: true)
            try assertNoOutput(tmp.appendingPathComponent("run"))
        }
        assertRefused(try simulate(["--subjects", "4", "--rate", "20", "--test-weeks", "0,12", "--out", "run"]),
                      mentioning: ["--test-weeks needs a --regimen"], usageAllowed: true)
        try assertNoOutput(tmp.appendingPathComponent("run"))
    }

    func testMergingShardsOfDifferentRunsOrAnIncompleteSetIsRefused() throws {
        let small = ["--subjects", "12", "--rate", "20", "--chunk-size", "4"]
        try simulateOK(small + ["--shard", "1/3", "--out", "a1"])
        try simulateOK(small + ["--shard", "2/3", "--out", "a2"])
        try simulateOK(small + ["--shard", "3/3", "--out", "a3"])
        try simulateOK(small + ["--shard", "2/3", "--seed", "2", "--out", "b2"])
        try simulateOK(small + ["--shard", "2/3", "--out", "a2again"])
        try simulateOK(small + ["--shard", "2/3", "--gzip", "--out", "z2"])
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("notes"), withIntermediateDirectories: true)
        try CLI.write("mine\n", to: tmp.appendingPathComponent("notes/readme.txt"))
        let cases: [([String], [String])] = [
            (["a1", "b2", "a3"], ["different runs", "seed 2", "seed 1"]),
            (["a1", "z2", "a3"], ["different runs", "format gzip"]),
            (["a1", "a3"], ["shard 2/3 is missing"]),
            (["a1", "a2", "a2again", "a3"], ["shard 2/3 is given twice"]),
            (["a1", "notes", "a3"], ["notes", "not a LumbarSim run folder"]),
        ]
        for (folders, fragments) in cases {
            let result = try CLI.run(["merge"] + folders + ["--out", "merged"], in: tmp)
            assertRefused(result, mentioning: fragments)
            try assertNoOutput(tmp.appendingPathComponent("merged"))
        }
        // A shard changed after it was written no longer matches its manifest.
        let before = try Data(contentsOf: tmp.appendingPathComponent("a3/tests.csv"))
        try CLI.write(String(decoding: before, as: UTF8.self) + "99,baseline,0,1,1,1,1,1,1,1\n", to: tmp.appendingPathComponent("a3/tests.csv"))
        assertRefused(try CLI.run(["merge", "a1", "a2", "a3", "--out", "merged"], in: tmp), mentioning: ["a3/tests.csv", "does not match"])
        try assertNoOutput(tmp.appendingPathComponent("merged"))
        // Merging into one of the shards would destroy it.
        assertRefused(try CLI.run(["merge", "a1", "a2", "a3", "--out", "a1"], in: tmp), mentioning: ["a1", "one of the shards"])
        XCTAssertEqual(try CLI.entries(of: tmp.appendingPathComponent("a1")), ["datapackage.json", "manifest.json", "outcomes.csv", "study.yaml", "subjects.csv", "tests.csv"])
    }

    func testResumingSomethingThatIsNotARunOrAnotherRunIsRefusedAndTouchesNothing() throws {
        let folder = tmp.appendingPathComponent("mydata")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try CLI.write("precious\n", to: folder.appendingPathComponent("notes.txt"))
        assertRefused(try simulate(["--subjects", "5", "--resume", "mydata"]), mentioning: ["cannot resume", "mydata", "no unfinished or finished"])
        XCTAssertEqual(try CLI.entries(of: folder), ["notes.txt"])
        assertRefused(try simulate(["--subjects", "5", "--resume", "absent"]), mentioning: ["cannot resume", "absent"])
        XCTAssertEqual(try CLI.entries(of: tmp), ["mydata"])

        // An interrupted run refuses other settings, and a fresh run over it, and keeps its chunks as they were.
        let run = ["--subjects", "120", "--seed", "8", "--regimen", "core-strengthening", "--rate", "50", "--chunk-size", "4"]
        let process = try CLI.start(["simulate"] + run + ["--out", "run"], in: tmp)
        try waitForChunks("run", atLeast: 1, while: process)
        kill(process.pid, SIGKILL)
        process.wait()
        let record = tmp.appendingPathComponent(".run.partial/chunks.json")
        let saved = try Data(contentsOf: record)
        for (changed, fragments) in [(["--seed", "9"], ["started with seed 8", "gives 9"]), (["--rate", "40"], ["sample_rate_hz 50", "gives 40"]),
                                     (["--chunk-size", "5"], ["--chunk-size 4", "gives 5"]), (["--gzip"], ["format csv", "gives gzip"]),
                                     (["--test-weeks", "0,12"], ["test_weeks default", "gives 0,12"])] {
            var arguments = run
            if let i = arguments.firstIndex(of: changed[0]), changed.count == 2 { arguments[i + 1] = changed[1] } else { arguments += changed }
            assertRefused(try simulate(arguments + ["--resume", "run"]), mentioning: ["cannot resume"] + fragments)
            XCTAssertEqual(try Data(contentsOf: record), saved)
        }
        assertRefused(try simulate(run + ["--out", "run"]), mentioning: ["unfinished run", "--resume"])
        XCTAssertEqual(try Data(contentsOf: record), saved)
        XCTAssertFalse(CLI.exists(tmp.appendingPathComponent("run")))
    }

    // MARK: - Helpers

    func manifestObject(_ folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: tmp.appendingPathComponent("\(folder)/manifest.json"))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Chunks recorded so far in the staging folder of the run at `folder`, or nil when there is no record.
    func chunkProgress(_ folder: String) throws -> (done: Int, total: Int)? {
        guard let data = try? Data(contentsOf: tmp.appendingPathComponent(".\(folder).partial/chunks.json")),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let completed = object["completed"] as? [Any], let total = object["chunk_count"] as? Int else { return nil }
        return (completed.count, total)
    }

    /// Waits until the run has recorded `count` chunks (the process must still be running then).
    func waitForChunks(_ folder: String, atLeast count: Int, while process: CLIProcess) throws {
        let deadline = Date().addingTimeInterval(120)
        while (try chunkProgress(folder)?.done ?? 0) < count {
            guard process.isRunning, Date() < deadline else { throw StreamTestError("the run ended or stalled before \(count) chunks were recorded") }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    struct StreamTestError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
