import Foundation
import XCTest

/// On a terminal (a pseudo-terminal from util-linux `script`) the long commands draw a progress line on stderr;
/// in logs and CI (no terminal) they draw nothing, which every other CLI test checks by its clean stderr.
final class TerminalCLITests: CLITestCase {
    /// Runs `lumbarsim ARGS` on a pseudo-terminal in the test's folder: its exit status and everything it wrote.
    func onTerminal(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let command = ([CLI.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["script", "-qec", command, "/dev/null"]
        process.currentDirectoryURL = tmp
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testSimulateAndTrialDrawAProgressLineOnATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("util-linux script is not installed") }
        let simulate = try onTerminal(["simulate", "--subjects", "12", "--rate", "20", "--out", "run"])
        XCTAssertEqual(simulate.status, 0, simulate.output)
        XCTAssertTrue(simulate.output.contains("] 12/12 subjects"), simulate.output)
        XCTAssertTrue(simulate.output.contains("[" + String(repeating: "=", count: 30) + "]"), "a full bar at the end: \(simulate.output)")

        let trial = try onTerminal(["trial", "--arm", "control", "--arm", "stretching", "--per-arm", "3", "--instrument", "ideal",
                                    "--power", "3", "--power-trials", "2", "--out", "t"])
        XCTAssertEqual(trial.status, 0, trial.output)
        XCTAssertTrue(trial.output.contains("] 6/6 subjects"), trial.output)
        XCTAssertTrue(trial.output.contains("] 2/2 trials"), trial.output)
    }
}
