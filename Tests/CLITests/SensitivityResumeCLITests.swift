import Foundation
import XCTest

/// `sensitivity --resume DIR`: a run killed between model runs keeps the finished ones and its resume writes the
/// bytes of an uninterrupted run, computing only the rest.
final class SensitivityResumeCLITests: CLITestCase {
    private let options = ["sensitivity", "--input", "fitted.", "--regimen", "control", "--regimen", "core-strengthening",
                           "--subjects", "4", "--trajectories", "2", "--sobol-inputs", "2", "--base", "4", "--resamples", "10"]

    func testAKilledRunResumesToTheUninterruptedBytes() throws {
        let reference = try CLI.run(options + ["--threads", "1", "--out", "reference"], in: tmp)
        XCTAssertEqual(reference.status, 0, reference.summary)
        XCTAssertEqual(try CLI.leftovers(in: tmp), [], "a finished run leaves no staging or work files")
        XCTAssertFalse(CLI.exists(tmp.appendingPathComponent("reference/evaluations")))

        let process = try CLI.start(options + ["--threads", "2", "--out", "run"], in: tmp)
        let log = tmp.appendingPathComponent(".run.partial/evaluations/screening.log")
        let deadline = Date().addingTimeInterval(300)
        while logged(log) < 3 {
            guard process.isRunning, Date() < deadline else { return XCTFail("the run ended or stalled before 3 model runs were logged") }
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.pid, SIGKILL)
        process.wait()
        let kept = logged(log)
        XCTAssertGreaterThanOrEqual(kept, 3)
        XCTAssertFalse(CLI.exists(tmp.appendingPathComponent("run")), "the folder appears only when complete")

        assertRefused(try CLI.run(["sensitivity", "--resume", "run", "--subjects", "5"], in: tmp), mentioning: ["--subjects", "--resume"])
        let resumed = try CLI.run(["sensitivity", "--resume", "run", "--threads", "1"], in: tmp)
        XCTAssertEqual(resumed.status, 0, resumed.summary)
        for file in ["sensitivity.csv", "sensitivity.json"] {
            XCTAssertEqual(try Data(contentsOf: tmp.appendingPathComponent("reference/\(file)")),
                           try Data(contentsOf: tmp.appendingPathComponent("run/\(file)")), "\(file) as uninterrupted")
        }
        XCTAssertEqual(try CLI.leftovers(in: tmp), [])
        XCTAssertEqual(try CLI.run(["verify", "run"], in: tmp).status, 0)
        assertRefused(try CLI.run(["sensitivity", "--resume", "run"], in: tmp), mentioning: ["nothing to resume"])
    }

    /// Whole lines in the log (a line torn by the kill does not count).
    private func logged(_ url: URL) -> Int {
        ((try? String(contentsOf: url, encoding: .utf8)) ?? "").filter { $0 == "\n" }.count
    }
}
