import Foundation
import XCTest

/// Provenance a reviewer can check: the manifest names the build, the times, the host, and the SHA-256 of every
/// input by content and of every table; `lumbarsim verify` recomputes the table digests and names what changed.
final class VerifyCLITests: CLITestCase {
    private let run = ["--cohort", "clbp-adults", "--subjects", "6", "--rate", "50", "--regimen", "control"]

    func manifest(_ folder: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: tmp.appendingPathComponent("\(folder)/manifest.json"))) as? [String: Any])
    }

    /// coreutils' sha256sum, an implementation other than ours.
    func sha256sum(_ url: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let line = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return "sha256:" + (line.split(separator: " ").first.map(String.init) ?? "")
    }

    func testTheManifestRecordsBuildTimesHostAndDigestsOfInputsAndTables() throws {
        XCTAssertEqual(try simulate(run + ["--out", "a"]).status, 0)
        let m = try manifest("a")
        let build = try XCTUnwrap(m["build"] as? [String: Any])
        XCTAssertEqual(build["git_commit"] as? String, m["git_commit"] as? String, "the commit is the build's")
        for key in ["swift", "openblas", "lapack", "zlib"] { XCTAssertFalse((build[key] as? String ?? "").isEmpty, key) }
        XCTAssertTrue((build["openblas"] as? String ?? "").hasPrefix("OpenBLAS"))
        let format = ISO8601DateFormatter()
        let started = try XCTUnwrap((m["started_at"] as? String).flatMap(format.date(from:)))
        let finished = try XCTUnwrap((m["finished_at"] as? String).flatMap(format.date(from:)))
        XCTAssertLessThanOrEqual(started, finished)
        XCTAssertEqual(m["host_cores"] as? Int, ProcessInfo.processInfo.activeProcessorCount)

        let files = try XCTUnwrap(m["files"] as? [String: [String: Any]])
        XCTAssertEqual(files.keys.sorted(), ["datapackage.json", "outcomes.csv", "study.yaml", "subjects.csv", "tests.csv"])
        for (name, record) in files {
            XCTAssertEqual(record["sha256"] as? String, try sha256sum(tmp.appendingPathComponent("a/\(name)")), name)
        }
        let inputs = try XCTUnwrap(m["input_sha256"] as? [String: String])
        XCTAssertEqual(Set(inputs.keys), Set(try XCTUnwrap(m["parameter_files"] as? [String])))

        // By content: the same regimen file in two folders has one digest, though the paths (and the parameter hash,
        // which hashes names) differ.
        let regimen = try String(contentsOf: CLI.datasets.appendingPathComponent("regimens/stretching.yaml"), encoding: .utf8)
        for folder in ["x", "y"] {
            try FileManager.default.createDirectory(at: tmp.appendingPathComponent(folder), withIntermediateDirectories: true)
            try regimen.write(to: tmp.appendingPathComponent("\(folder)/mine.yaml"), atomically: true, encoding: .utf8)
            XCTAssertEqual(try simulate(run + ["--regimen", "\(folder)/mine.yaml", "--out", "run-\(folder)"]).status, 0)
        }
        let digests = try ["x", "y"].map { folder in
            try XCTUnwrap((try manifest("run-\(folder)")["input_sha256"] as? [String: String])?.first { $0.key.hasSuffix("\(folder)/mine.yaml") }?.value)
        }
        XCTAssertEqual(digests[0], digests[1])
        XCTAssertEqual(digests[0], try sha256sum(tmp.appendingPathComponent("x/mine.yaml")))
    }

    func testVerifyPassesOnFreshRunsAndNamesTheTableAfterAByteChanges() throws {
        XCTAssertEqual(try simulate(run + ["--out", "a"]).status, 0)
        XCTAssertEqual(try CLI.run(["trial", "--per-arm", "3", "--instrument", "ideal", "--out", "t"], in: tmp).status, 0)
        // A merged folder: its tables' digests are taken while merge writes them.
        for shard in 1...2 {
            XCTAssertEqual(try simulate(run + ["--chunk-size", "3", "--shard", "\(shard)/2", "--out", "s\(shard)"]).status, 0)
        }
        XCTAssertEqual(try CLI.run(["merge", "s1", "s2", "--out", "m"], in: tmp).status, 0)
        for folder in ["a", "t", "m"] {
            let verify = try CLI.run(["verify", folder], in: tmp)
            XCTAssertEqual(verify.status, 0, verify.summary)
            XCTAssertTrue(verify.stdout.contains("files match their manifest"), verify.summary)
        }

        // Same size, one digit changed: only the digest can tell.
        let tests = tmp.appendingPathComponent("a/tests.csv")
        var bytes = [UInt8](try Data(contentsOf: tests))
        let digit = try XCTUnwrap(bytes.lastIndex { (UInt8(ascii: "1")...UInt8(ascii: "8")).contains($0) })
        bytes[digit] += 1
        try Data(bytes).write(to: tests)
        try FileManager.default.removeItem(at: tmp.appendingPathComponent("t/effects.csv"))
        for (folder, table, what) in [("a", "tests.csv", "SHA-256 differs"), ("t", "effects.csv", "missing")] {
            let verify = try CLI.run(["verify", folder], in: tmp)
            XCTAssertEqual(verify.status, 1, verify.summary)
            XCTAssertEqual(verify.stdoutLines.count, 1, verify.summary)
            XCTAssertTrue(verify.stdout.contains("\(folder)/\(table): \(what)"), verify.summary)
            XCTAssertEqual(verify.stderrLines.count, 1, verify.summary)
        }

        let notARun = try CLI.run(["verify", "x-absent"], in: tmp)
        XCTAssertEqual(notARun.status, 1)
        XCTAssertEqual(notARun.stderrLines.count, 1, notARun.summary)
        XCTAssertTrue(notARun.stderr.contains("x-absent: not a folder"), notARun.summary)
    }
}

/// `datapackage.json` (Frictionless Tabular Data Package) describes every column of every table, in order, with a
/// type and, where the value has one, a unit.
final class DataPackageCLITests: CLITestCase {
    func resources(_ folder: String) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: tmp.appendingPathComponent("\(folder)/datapackage.json")))
        let package = try XCTUnwrap(json as? [String: Any])
        XCTAssertEqual(package["profile"] as? String, "tabular-data-package")
        return try XCTUnwrap(package["resources"] as? [[String: Any]])
    }

    /// Each resource's fields are the header of the table it names, in order; returns fields by table and name.
    func checkAgainstHeaders(_ folder: String, gzip: Bool = false) throws -> [String: [String: [String: Any]]] {
        var byTable: [String: [String: [String: Any]]] = [:]
        for resource in try resources(folder) {
            let path = try XCTUnwrap(resource["path"] as? String)
            XCTAssertEqual(resource["compression"] as? String, gzip ? "gz" : nil, path)
            let fields = try XCTUnwrap((resource["schema"] as? [String: Any])?["fields"] as? [[String: Any]])
            let url = tmp.appendingPathComponent("\(folder)/\(path)")
            let data = try gzip ? gunzip(url) : Data(contentsOf: url)
            let header = String(decoding: data.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self).split(separator: ",").map(String.init)
            XCTAssertEqual(fields.compactMap { $0["name"] as? String }, header, path)
            for field in fields {
                XCTAssertTrue(["integer", "number", "string", "boolean"].contains(field["type"] as? String ?? ""), "\(path) \(field)")
                XCTAssertFalse((field["description"] as? String ?? "").isEmpty, "\(path) \(field)")
            }
            byTable[path] = Dictionary(uniqueKeysWithValues: fields.map { ($0["name"] as? String ?? "", $0) })
        }
        return byTable
    }

    func testSimulateAndTrialTablesAreDescribedColumnByColumn() throws {
        let run = ["--cohort", "clbp-adults", "--subjects", "4", "--rate", "50", "--regimen", "control"]
        XCTAssertEqual(try simulate(run + ["--out", "plain"]).status, 0)
        XCTAssertEqual(try simulate(run + ["--gzip", "--out", "gz"]).status, 0)
        XCTAssertEqual(try CLI.run(["trial", "--per-arm", "3", "--instrument", "ideal", "--out", "t"], in: tmp).status, 0)

        let simulate = try checkAgainstHeaders("plain")
        XCTAssertEqual(simulate.keys.sorted(), ["outcomes.csv", "subjects.csv", "tests.csv"])
        XCTAssertEqual(simulate["tests.csv"]?["torque_72"]?["unit"] as? String, "N*m")
        XCTAssertEqual(simulate["subjects.csv"]?["clbp"]?["type"] as? String, "boolean")
        XCTAssertEqual(try checkAgainstHeaders("gz", gzip: true).keys.sorted(), ["outcomes.csv.gz", "subjects.csv.gz", "tests.csv.gz"])
        let trial = try checkAgainstHeaders("t")
        XCTAssertEqual(trial.keys.sorted(), ["curves.csv", "effects.csv", "timecourse.csv", "trial_data.csv"])
        XCTAssertEqual(trial["curves.csv"]?["mean_nm"]?["unit"] as? String, "N*m", "mean_nm is N*m, not nanometres")
    }
}
