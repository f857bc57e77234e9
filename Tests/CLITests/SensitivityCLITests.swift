import Foundation
import XCTest

/// `lumbarsim sensitivity` and `plot sensitivity` end to end, on a tiny analysis of the fitted parameters.
final class SensitivityCLITests: CLITestCase {
    private let tiny = ["sensitivity", "--input", "fitted.", "--regimen", "control", "--regimen", "core-strengthening",
                        "--subjects", "4", "--trajectories", "2", "--sobol-inputs", "2", "--base", "4", "--resamples", "10"]

    func testWritesTheTablesAndTheFigure() throws {
        let result = try CLI.run(tiny + ["--out", "sens"], in: tmp)
        XCTAssertEqual(result.status, 0, result.summary)
        XCTAssertTrue(result.stdoutLines.last?.hasPrefix("wrote ") == true, result.stdout)
        let run = tmp.appendingPathComponent("sens")
        let table = try CLI.readCSV(run.appendingPathComponent("sensitivity.csv"))
        XCTAssertEqual(table.header, "output,input,basis,low,high,rank,mu_star,mu,sigma,mu_star_scaled,first,first_low,first_high,total,total_low,total_high")
        XCTAssertEqual(table.rows.count, 21 * 9, "2 arms and 1 contrast x 7 headlines, 9 fitted parameters")
        XCTAssertTrue(table.rows.contains { $0[0] == "core-strengthening_vs_control.recurrence_12m_pct" }, "recurrence is an output")
        XCTAssertEqual(Set(table.rows.map { $0[2] }), ["fitted"])
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("manifest.json"))) as? [String: Any]
        XCTAssertEqual(manifest?["command"] as? String, "sensitivity")
        XCTAssertEqual(manifest?["outputs"] as? [String], ["sensitivity.csv", "sensitivity.json"])

        let plot = try CLI.run(["plot", "sensitivity", "sens"], in: tmp)
        XCTAssertEqual(plot.status, 0, plot.summary)
        let svg = try String(contentsOf: run.appendingPathComponent("plots/sensitivity.svg"), encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), String(svg.prefix(80)))
        XCTAssertTrue(svg.contains("Sobol total indices"))
        XCTAssertEqual(try CLI.run(tiny + ["--out", "sens"], in: tmp).status, 0, "its own earlier folder, plots and all, is replaced")
    }

    func testJSONIsTheFolderJSONAndAUsersFolderIsNeverReplaced() throws {
        let result = try CLI.run(tiny + ["--out", "sens", "--json"], in: tmp)
        XCTAssertEqual(result.status, 0, result.summary)
        XCTAssertEqual(result.stdout, try String(contentsOf: tmp.appendingPathComponent("sens/sensitivity.json"), encoding: .utf8) + "\n")
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("mine"), withIntermediateDirectories: true)
        try CLI.write("my notes", to: tmp.appendingPathComponent("mine/notes.txt"))
        let refused = try CLI.run(tiny + ["--out", "mine", "--force"], in: tmp)
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stderrLines.count, 1, refused.summary)
        XCTAssertTrue(CLI.exists(tmp.appendingPathComponent("mine/notes.txt")))
    }

    func testBadOptionsAreOneLineUsageErrors() throws {
        for (options, word) in [(["--levels", "3"], "--levels"), (["--trajectories", "1"], "--trajectories"),
                                (["--input", "nothing."], "nothing."), (["--unranged-spread", "1.5"], "--unranged-spread")] {
            let result = try CLI.run(["sensitivity", "--out", "x"] + options, in: tmp)
            XCTAssertNotEqual(result.status, 0, options.joined(separator: " "))
            XCTAssertTrue(result.stderr.contains(word), result.summary)
        }
        let plot = try CLI.run(["plot", "sensitivity", "."], in: tmp)
        XCTAssertEqual(plot.status, 1, plot.summary)
        XCTAssertEqual(plot.stderrLines.count, 1, plot.summary)
    }
}
