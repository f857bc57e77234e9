import Foundation
import XCTest

/// What a user meets first: mistyped subcommands, `help`, the help text at 80 columns, `--version`, and one exit
/// status for every usage error.
final class UsageCLITests: CLITestCase {
    /// Every command and subcommand, as typed after `lumbarsim`.
    static let commands: [[String]] = [
        [], ["simulate"], ["merge"], ["validate"], ["calibrate"], ["trial"], ["device"], ["device", "test"], ["device", "train"],
        ["device", "endurance"], ["device", "sweep"], ["device", "throughput"], ["plot"], ["plot", "curves"], ["plot", "timecourse"],
        ["plot", "forest"], ["plot", "power"], ["plot", "all"], ["export"], ["export", "notebook"], ["run"], ["sensitivity"],
        ["credibility"], ["verify"],
    ]

    func testAMistypedSubcommandIsNamedWithTheNearestOne() throws {
        let result = try CLI.run(["simualte", "--subjects", "3"], in: tmp)
        assertRefused(result, mentioning: ["unknown subcommand 'simualte'; did you mean 'simulate'?"])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(try CLI.entries(of: tmp), [], "nothing was simulated")

        let nested = try CLI.run(["device", "tets"], in: tmp)
        assertRefused(nested, mentioning: ["unknown subcommand 'tets' of 'lumbarsim device'; did you mean 'test'?"])
        XCTAssertEqual(nested.status, 64)

        let far = try CLI.run(["frobnicate"], in: tmp)
        assertRefused(far, mentioning: ["unknown subcommand 'frobnicate' (known: simulate, run, merge, device, validate, calibrate, trial, sensitivity, credibility, plot, export, verify)"])
        XCTAssertEqual(far.status, 64)
    }

    func testOptionsAloneStillRunTheDefaultSimulate() throws {
        let result = try CLI.run(["--subjects", "2", "--rate", "20", "--out", "run"], in: tmp)
        XCTAssertEqual(result.status, 0, result.summary)
        XCTAssertTrue(CLI.exists(tmp.appendingPathComponent("run/subjects.csv")))
    }

    func testHelpOfAnUnknownSubcommandIsAnErrorAndOfAKnownOneIsItsHelp() throws {
        let unknown = try CLI.run(["help", "nosuch"], in: tmp)
        assertRefused(unknown, mentioning: ["unknown subcommand 'nosuch'"])
        XCTAssertEqual(unknown.status, 64)
        let nested = try CLI.run(["help", "device", "trian"], in: tmp)
        assertRefused(nested, mentioning: ["unknown subcommand 'trian' of 'lumbarsim device'; did you mean 'train'?"])
        for command in [["trial"], ["device", "train"]] {
            let known = try CLI.run(["help"] + command, in: tmp)
            XCTAssertEqual(known.status, 0, known.summary)
            XCTAssertTrue(known.stdout.contains("USAGE: lumbarsim \(command.joined(separator: " "))"), known.stdout)
        }
    }

    /// At 80 columns every example in every command's help is on lines of its own, continued with a backslash
    /// where it is long, never wrapped into the next line by the help formatter.
    func testExamplesInHelpAreNotWrappedMidCommandAt80Columns() throws {
        var checked = 0
        for command in Self.commands {
            let result = try CLI.run(command + ["--help"], in: tmp, environment: ["COLUMNS": "80"])
            XCTAssertEqual(result.status, 0, result.summary)
            let lines = result.stdout.components(separatedBy: "\n")
            guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "Examples:" }) else { continue }
            var previous = ""
            for line in lines[(start + 1)...] {
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { break }
                XCTAssertLessThanOrEqual(line.count, 80, "\(command): \(line)")
                XCTAssertTrue(text.hasPrefix("lumbarsim ") || text == "lumbarsim" || previous.hasSuffix("\\"),
                              "\(command): an example wrapped mid-command: '\(line)'")
                previous = text
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 20, "the examples were found")
    }

    func testRootHelpDocumentsTheExitStatuses() throws {
        let result = try CLI.run(["--help"], in: tmp, environment: ["COLUMNS": "120"])
        XCTAssertEqual(result.status, 0, result.summary)
        let text = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for fragment in ["Exit status: 0 done; 1 the run failed", "64 a usage error", "128+N stopped by signal N"] {
            XCTAssertTrue(text.contains(fragment), "root help mentions '\(fragment)':\n\(result.stdout)")
        }
    }

    /// 64 (EX_USAGE) for every usage error, whether ArgumentParser or the command finds it.
    func testEveryUsageErrorExits64() throws {
        let usage: [[String]] = [
            ["simulate", "--subjects", "0"], ["simulate", "--nosuch"], ["trial", "--per-arm", "1"], ["trial", "--dropout", "1"],
            ["trial", "--randomisation", "coin"], ["trial", "--reference", "nosuch", "--per-arm", "3"], ["trial", "--follow-up-weeks", "0"],
            ["trial", "--power-instrument", "ruler"], ["trial", "--power", "a,b"], ["device", "train", "--rom", "72,36"],
            ["device", "sweep", "--rates", "fast"], ["calibrate", "--iterations", "0"],
        ]
        for arguments in usage {
            let result = try CLI.run(arguments, in: tmp)
            XCTAssertEqual(result.status, 64, "\(arguments)\n\(result.summary)")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
            XCTAssertTrue(result.stderrLines.first?.hasPrefix("Error: ") ?? false, "\(arguments)\n\(result.summary)")
        }
        XCTAssertEqual(try CLI.entries(of: tmp), [], "no refused command wrote anything")
        // A failed run is not a usage error.
        let missing = try CLI.run(["simulate", "--cohort", "missing.yaml", "--subjects", "2"], in: tmp)
        XCTAssertEqual(missing.status, 1, missing.summary)
    }

    /// `--version`: the package version and the git commit it was built from (embedded at build time by the
    /// BuildCommit plugin, marked "+dirty" when tracked files had uncommitted changes; "unknown" outside a git
    /// checkout, which the plugin's script is checked for here).
    func testVersionNamesTheBuildsCommit() throws {
        let result = try CLI.run(["--version"], in: tmp)
        XCTAssertEqual(result.status, 0, result.summary)
        let line = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let pattern = #"^\d+\.\d+\.\d+ \(git commit ([0-9a-f]{40}(\+dirty)?|unknown)\)$"#
        XCTAssertNotNil(line.range(of: pattern, options: .regularExpression), line)
        let commit = String(line.split(separator: " ").last!.dropLast()).replacingOccurrences(of: "+dirty", with: "")
        let root = CLI.datasets.deletingLastPathComponent()
        if commit != "unknown" {
            XCTAssertEqual(try git(["-C", root.path, "cat-file", "-t", commit]), "commit", "\(commit) is a commit of this checkout")
        }
        // Outside a checkout (a tarball) the script writes "unknown".
        let script = root.appendingPathComponent("Plugins/BuildCommit/build-commit.sh")
        let copy = tmp.appendingPathComponent("tarball"), out = tmp.appendingPathComponent("generated")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        XCTAssertEqual(try run("/bin/sh", [script.path, copy.path, out.path]), "")
        let generated = try String(contentsOf: out.appendingPathComponent("BuildStamp.swift"), encoding: .utf8)
        XCTAssertTrue(generated.contains(#"static let commit = "unknown""#), generated)
        XCTAssertTrue(generated.contains("static let dirty: Bool? = nil"), generated)
        // Inside a checkout it writes HEAD.
        XCTAssertEqual(try run("/bin/sh", [script.path, root.path, out.path]), "")
        let head = try git(["-C", root.path, "rev-parse", "HEAD"])
        let inCheckout = try String(contentsOf: out.appendingPathComponent("BuildStamp.swift"), encoding: .utf8)
        XCTAssertTrue(inCheckout.contains("static let commit = \"\(head)\""), inCheckout)
        let dirty = try !git(["-C", root.path, "status", "--porcelain", "--untracked-files=no"]).isEmpty
        XCTAssertTrue(inCheckout.contains("static let dirty: Bool? = \(dirty)"), inCheckout)
    }

    private func git(_ arguments: [String]) throws -> String { try run("/usr/bin/env", ["git"] + arguments) }

    /// Runs a program and returns its trimmed stdout.
    private func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
