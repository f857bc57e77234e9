import Foundation
import XCTest

/// The `kernel-compare` tool as a user runs it: one JSON line whose counts are the work asked for and whose engines
/// agree (C and the 2-core run bit for bit), and usage errors that exit 64.
final class KernelCompareCLITests: CLITestCase {
    var tool: URL { CLI.executable.deletingLastPathComponent().appendingPathComponent("kernel-compare") }

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    func testASmallComparisonReportsTheWorkAskedForAndAgreement() throws {
        let result = try run(["--subjects", "16", "--samples", "200", "--repeats", "1", "--numpy-subjects", "8"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
        XCTAssertEqual(json["subjects"] as? Int, 16)
        XCTAssertEqual(json["samples_per_subject"] as? Int, 200)
        XCTAssertEqual(json["max_relative_difference"] as? Double, 0, "C and the 2-core run are Swift's bits")
        for key in ["swift_samples_per_s", "c_samples_per_s", "swift_2core_samples_per_s", "c_2core_samples_per_s"] {
            XCTAssertGreaterThan(json[key] as? Double ?? 0, 0, key)
        }
        let swift = try XCTUnwrap(json["swift_samples_per_s"] as? Double), c = try XCTUnwrap(json["c_samples_per_s"] as? Double)
        XCTAssertEqual(try XCTUnwrap(json["swift_over_c"] as? Double), swift / c, accuracy: 0.0005 + 0.005 * swift / c, "the ratio to 3 significant digits")
        XCTAssertTrue(result.stderr.contains("max relative difference from Swift"), result.stderr)
        if json["numpy_subjects"] != nil {
            XCTAssertEqual(json["numpy_subjects"] as? Int, 8)
        }
    }

    func testUsageErrorsExit64AndHelpPrintsTheUsage() throws {
        for arguments in [["--subjects", "0"], ["--bogus"], ["--samples"]] {
            let result = try run(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stdout, "")
            XCTAssertTrue(result.stderr.contains("usage: kernel-compare"), result.stderr)
        }
        let help = try run(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.hasPrefix("usage: kernel-compare"), help.stdout)
    }
}
