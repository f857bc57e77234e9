import Foundation
import LumbarDatasets
import XCTest

/// Runs the built `lumbarsim` executable and captures its exit status and output.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The non-empty lines of stderr (trailing whitespace ignored).
    var stderrLines: [String] { CLI.nonEmptyLines(stderr) }
    /// The non-empty lines of stdout.
    var stdoutLines: [String] { CLI.nonEmptyLines(stdout) }

    /// Everything a failure message needs to show what the tool did.
    var summary: String { "exit \(status)\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)" }
}

enum CLI {
    /// The `lumbarsim` binary next to the test bundle in the build products folder.
    static var executable: URL {
        var folder = Bundle(for: Marker.self).bundleURL
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("lumbarsim")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        fatalError("lumbarsim executable not found next to the test bundle")
    }

    /// Runs the tool with `arguments` in `directory`, with `extra` added to the environment. Output goes to temporary files rather than pipes, so a
    /// chatty stderr can never fill a pipe buffer and dead-lock the run.
    /// `program` runs instead of the tool (a shell that sets limits first).
    static func run(_ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:],
                    program: URL = executable) throws -> CLIResult {
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-cli-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: capture) }
        let outURL = capture.appendingPathComponent("stdout"), errURL = capture.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        // A run must not depend on the caller's environment pointing somewhere else.
        var environment = ProcessInfo.processInfo.environment
        environment["LUMBARSIM_DATASETS"] = nil
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return CLIResult(status: process.terminationStatus,
                         stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Starts the tool in the background (for tests that signal it); output goes to files, as in ``run``.
    static func start(_ arguments: [String], in directory: URL) throws -> CLIProcess {
        try CLIProcess(arguments, in: directory)
    }

    /// A fresh empty folder for one test.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The checkout's `Datasets/` folder (this file is `Tests/CLITests/CLITestSupport.swift`).
    static var datasets: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Datasets")
    }

    /// The text of a bundled cohort file, to make edited copies of.
    static func bundledCohort(_ name: String = "healthy-adults") throws -> String {
        try String(contentsOf: datasets.appendingPathComponent("cohorts/\(name).yaml"), encoding: .utf8)
    }

    static func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    static func nonEmptyLines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// A simple CSV (no quoted fields, which LumbarSim's numeric tables never need): header and rows.
    static func readCSV(_ url: URL) throws -> (header: String, rows: [[String]]) {
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let header = text.split(separator: "\n", maxSplits: 1).first.map(String.init) else { return ("", []) }
        // Quoted fields (effects.csv's evidence_basis) hold commas: the library's RFC 4180 reader splits them.
        return (header, Array(CSVReader.rows(text).dropFirst()))
    }

    /// Names in `folder`, hidden ones included, sorted.
    static func entries(of folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// Staging or backup folders a run left behind (`.NAME.partial-PID`, `.NAME.old-PID`).
    static func leftovers(in folder: URL) throws -> [String] {
        try entries(of: folder).filter { $0.contains(".partial") || $0.contains(".old-") }
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }
}

private final class Marker {}

/// A `lumbarsim` process running in the background; it is ended if the test leaves it running.
final class CLIProcess {
    let process = Process()
    let capture: URL
    var stderrURL: URL { capture.appendingPathComponent("stderr") }

    init(_ arguments: [String], in directory: URL) throws {
        capture = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-cli-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
        let outURL = capture.appendingPathComponent("stdout")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = CLI.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["LUMBARSIM_DATASETS"] = nil
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    func wait() { process.waitUntilExit() }

    var stderrLines: [String] { CLI.nonEmptyLines((try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "") }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: capture)
    }
}

/// A CLI test with a temporary folder of its own, created before and removed after each test; commands run in it.
class CLITestCase: XCTestCase {
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = try CLI.temporaryFolder()
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    /// A copy of the checkout's Datasets/ at `tmp/name`, to edit (never the checkout's own files).
    func datasetsCopy(_ name: String = "data") throws -> URL {
        let copy = tmp.appendingPathComponent(name)
        try FileManager.default.copyItem(at: CLI.datasets, to: copy)
        return copy
    }

    /// Rewrites the text file at `url` with `change`.
    func edit(_ url: URL, _ change: (String) -> String) throws {
        try CLI.write(change(try String(contentsOf: url, encoding: .utf8)), to: url)
    }

    /// Replaces the one occurrence of `old` in the file at `url`.
    func edit(_ url: URL, replacing old: String, with new: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try edit(url) { text in
            XCTAssertEqual(text.components(separatedBy: old).count, 2, "'\(old)' occurs once in \(url.path)", file: file, line: line)
            return text.replacingOccurrences(of: old, with: new)
        }
    }

    /// A fitted parameter's `value` and `se` in a datasets folder's `calibration/fitted.yaml`, and the line range of its
    /// block (read by pattern: a recalibration moves every number in the file).
    func fitted(_ name: String, in datasets: URL) throws -> (value: Double, se: Double) {
        var lines = try String(contentsOf: datasets.appendingPathComponent("calibration/fitted.yaml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try XCTUnwrap(lines.firstIndex(of: "  \(name):"), "no fitted parameter \(name)")
        lines = Array(lines[(start + 1)...].prefix { $0.hasPrefix("    ") })
        func field(_ key: String) throws -> Double {
            try XCTUnwrap(lines.first { $0.hasPrefix("    \(key): ") }.flatMap { Double($0.dropFirst(key.count + 6)) }, "\(name).\(key)")
        }
        return (try field("value"), try field("se"))
    }

    /// Sets a fitted parameter's `value` in a datasets folder's `calibration/fitted.yaml`.
    func setFitted(_ name: String, to value: Double, in datasets: URL) throws {
        let url = datasets.appendingPathComponent("calibration/fitted.yaml")
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try XCTUnwrap(lines.firstIndex(of: "  \(name):"), "no fitted parameter \(name)")
        let offset = try XCTUnwrap(lines[(start + 1)...].prefix { $0.hasPrefix("    ") }.firstIndex { $0.hasPrefix("    value: ") })
        lines[offset] = "    value: \(value)"
        try CLI.write(lines.joined(separator: "\n"), to: url)
    }

    /// `lumbarsim simulate ARGS` in the test's folder.
    @discardableResult
    func simulate(_ arguments: [String]) throws -> CLIResult {
        try CLI.run(["simulate"] + arguments, in: tmp)
    }

    /// The file's contents decompressed by the system's gzip, an implementation other than ours.
    func gunzip(_ url: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", url.path]
        let output = tmp.appendingPathComponent("gunzip-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        defer { try? FileManager.default.removeItem(at: output) }
        XCTAssertEqual(process.terminationStatus, 0, "gzip -dc \(url.path)")
        return try Data(contentsOf: output)
    }
}

extension XCTestCase {
    /// A refused run: non-zero exit, nothing on stdout, exactly one line on stderr naming the problem.
    ///
    /// ArgumentParser follows a validation error with a usage block, so for those (`usageAllowed`) only the
    /// first line has to name the problem; an error thrown while running must be the only line on stderr.
    func assertRefused(_ result: CLIResult, mentioning fragments: [String], usageAllowed: Bool = false,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotEqual(result.status, 0, "expected a non-zero exit\n\(result.summary)", file: file, line: line)
        XCTAssertEqual(result.stdout, "", "a refused run prints nothing on stdout\n\(result.summary)", file: file, line: line)
        let lines = result.stderrLines
        guard let first = lines.first else {
            XCTFail("stderr is empty\n\(result.summary)", file: file, line: line)
            return
        }
        if !usageAllowed {
            XCTAssertEqual(lines.count, 1, "a run-time error must be one line on stderr\n\(result.summary)", file: file, line: line)
        }
        for fragment in fragments {
            XCTAssertTrue(first.contains(fragment), "first stderr line should mention '\(fragment)': \(first)", file: file, line: line)
        }
    }

    /// Nothing at `out` and no staging or backup folder beside it.
    func assertNoOutput(_ out: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertFalse(CLI.exists(out), "no output should exist at \(out.path)", file: file, line: line)
        let parent = out.deletingLastPathComponent()
        if CLI.isDirectory(parent) {
            XCTAssertEqual(try CLI.leftovers(in: parent), [], "staging folders left in \(parent.path)", file: file, line: line)
        }
    }
}
