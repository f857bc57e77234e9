import Foundation
import XCTest

/// Every reader takes every run folder: a simulate run stored plain or gzip, whole or joined from shards by
/// `merge`, gives the same figures byte for byte and exports a notebook that reads the tables as stored.
final class GzipRunReadersCLITests: CLITestCase {
    private let run = ["--cohort", "clbp-adults", "--subjects", "24", "--rate", "50", "--regimen", "core-strengthening",
                       "--regimen", "control", "--chunk-size", "8"]

    func testPlotsAndNotebooksReadGzipAndMergedRuns() throws {
        XCTAssertEqual(try simulate(run + ["--out", "plain"]).status, 0)
        XCTAssertEqual(try simulate(run + ["--gzip", "--out", "gzip"]).status, 0)
        for shard in 1...3 {
            XCTAssertEqual(try simulate(run + ["--gzip", "--shard", "\(shard)/3", "--out", "s\(shard)"]).status, 0)
        }
        let merge = try CLI.run(["merge", "s1", "s2", "s3", "--out", "merged"], in: tmp)
        XCTAssertEqual(merge.status, 0, merge.summary)

        var figures: [String: [String: String]] = [:]
        for folder in ["plain", "gzip", "merged"] {
            let plot = try CLI.run(["plot", "all", folder], in: tmp)
            XCTAssertEqual(plot.status, 0, plot.summary)
            let plots = tmp.appendingPathComponent("\(folder)/plots")
            // The data drawn, without the header's subtitle (the folder's name and command), on which the width depends.
            figures[folder] = Dictionary(uniqueKeysWithValues: try CLI.entries(of: plots).map {
                ($0, try String(contentsOf: plots.appendingPathComponent($0), encoding: .utf8).split(separator: "\n")
                    .filter { !$0.contains("class=\"subtitle\"") && !$0.contains("<svg ") && !$0.contains("class=\"background\"") }
                    .joined(separator: "\n"))
            })
            let export = try CLI.run(["export", "notebook", folder, "--out", "nb/\(folder).ipynb"], in: tmp)
            XCTAssertEqual(export.status, 0, export.summary)
        }
        XCTAssertEqual(figures["plain"]?.keys.sorted(), ["curves.svg", "timecourse.svg"])
        XCTAssertEqual(figures["gzip"], figures["plain"], "gzip tables give other figures")
        XCTAssertEqual(figures["merged"], figures["plain"], "a merged run gives other figures")

        let plainNotebook = try String(contentsOf: tmp.appendingPathComponent("nb/plain.ipynb"), encoding: .utf8)
        let gzipNotebook = try String(contentsOf: tmp.appendingPathComponent("nb/merged.ipynb"), encoding: .utf8)
        XCTAssertTrue(plainNotebook.contains("DATA / \\\"tests.csv\\\""), "the plain notebook reads tests.csv")
        XCTAssertTrue(gzipNotebook.contains("DATA / \\\"tests.csv.gz\\\""), "the gzip notebook reads tests.csv.gz")
        XCTAssertTrue(CLI.exists(tmp.appendingPathComponent("nb/merged/tests.csv.gz")), "the data folder holds the stored tables")
    }

    /// A table edited after the run keeps its size but not its CRC-32: readers refuse it in one line.
    func testAnEditedTableIsRefusedByItsCRC() throws {
        XCTAssertEqual(try simulate(run + ["--out", "plain"]).status, 0)
        let tests = tmp.appendingPathComponent("plain/tests.csv")
        var bytes = [UInt8](try Data(contentsOf: tests))
        let digit = try XCTUnwrap(bytes.lastIndex { (UInt8(ascii: "1")...UInt8(ascii: "8")).contains($0) })
        bytes[digit] += 1
        try Data(bytes).write(to: tests)
        for command in [["plot", "all", "plain"], ["export", "notebook", "plain", "--out", "nb/p.ipynb"]] {
            assertRefused(try CLI.run(command, in: tmp), mentioning: ["tests.csv", "CRC-32"])
        }
    }
}
