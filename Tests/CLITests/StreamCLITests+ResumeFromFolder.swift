import Foundation
import XCTest

extension StreamCLITests {
    /// `--resume DIR` alone finishes an interrupted run: the folder knows how it was started. Options given beside
    /// it must still agree with the recorded ones.
    func testResumeNeedsNothingButTheFolder() throws {
        let run = ["--subjects", "60", "--seed", "5", "--cohort", "clbp-adults", "--regimen", "stretching", "--rate", "50",
                   "--chunk-size", "4", "--gzip", "--test-weeks", "0,6"]
        try simulateOK(run + ["--out", "reference"])
        let process = try CLI.start(["simulate"] + run + ["--out", "run"], in: tmp)
        try waitForChunks("run", atLeast: 2, while: process)
        kill(process.pid, SIGKILL)
        process.wait()
        assertRefused(try simulate(["--resume", "run", "--seed", "6"]), mentioning: ["cannot resume", "started with seed 5", "gives 6"])
        let resumed = try simulate(["--resume", "run", "--threads", "1"])
        XCTAssertEqual(resumed.status, 0, resumed.summary)
        try assertSameTables("reference", "run", names: ["subjects.csv.gz", "tests.csv.gz", "outcomes.csv.gz"])
        let again = try simulate(["--resume", "run"])
        XCTAssertTrue(again.stdout.contains("already complete"), again.summary)
    }

    /// A run started from a study file resumes with `simulate --resume DIR` alone: the staging folder holds the
    /// study and its copied inputs from the start, so even the user's regimen file may be gone.
    func testStudyFileRunResumesFromTheFolder() throws {
        let regimen = tmp.appendingPathComponent("mine/my-stretching.yaml")
        try FileManager.default.createDirectory(at: regimen.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.datasets.appendingPathComponent("regimens/stretching.yaml"), to: regimen)
        try CLI.write("command: simulate\nsubjects: 60\nseed: 8\nrate: 50\nregimen: [mine/my-stretching.yaml]\nchunk_size: 4\n",
                      to: tmp.appendingPathComponent("study.yaml"))
        let reference = try CLI.run(["run", "study.yaml", "--out", "reference"], in: tmp)
        XCTAssertEqual(reference.status, 0, reference.summary)
        let process = try CLI.start(["run", "study.yaml", "--out", "run"], in: tmp)
        try waitForChunks("run", atLeast: 2, while: process)
        kill(process.pid, SIGKILL)
        process.wait()
        XCTAssertTrue(CLI.exists(tmp.appendingPathComponent(".run.partial/inputs/my-stretching.yaml")),
                      "killed mid-run, the staging folder holds the study and its inputs")
        try FileManager.default.removeItem(at: regimen)
        let resumed = try simulate(["--resume", "run"])
        XCTAssertEqual(resumed.status, 0, resumed.summary)
        try assertSameTables("reference", "run", names: Self.tables + ["study.yaml", "inputs/my-stretching.yaml"])
    }

    /// `--out` and `--resume` naming different folders is refused: the folder is given once.
    func testOutAndResumeOfDifferentFoldersAreRefused() throws {
        assertRefused(try simulate(["--subjects", "4", "--out", "a", "--resume", "b"]), mentioning: ["give the folder once", "--resume b"])
        XCTAssertEqual(try CLI.entries(of: tmp), [])
    }
}
