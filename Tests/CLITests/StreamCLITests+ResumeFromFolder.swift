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

    /// `--out` and `--resume` naming different folders is refused: the folder is given once.
    func testOutAndResumeOfDifferentFoldersAreRefused() throws {
        assertRefused(try simulate(["--subjects", "4", "--out", "a", "--resume", "b"]), mentioning: ["give the folder once", "--resume b"])
        XCTAssertEqual(try CLI.entries(of: tmp), [])
    }
}
