import Foundation
import XCTest

/// `lumbarsim validate` refusals that need no simulation (the full run is CI's release-mode gate; --cross is
/// tested on a small configuration in AnalysisTests).
final class ValidateCLITests: CLITestCase {
    func testAnUnknownEvidenceKindIsRefusedInOneLineNamingFileAndRow() throws {
        let datasets = tmp.appendingPathComponent("Datasets")
        let bundled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Datasets")
        try FileManager.default.copyItem(at: bundled, to: datasets)
        let targets = datasets.appendingPathComponent("calibration/targets.csv")
        let text = try String(contentsOf: targets, encoding: .utf8)
        let edited = text.replacingOccurrences(of: ",abstract,independent,", with: ",abstract,validated,")
        XCTAssertNotEqual(edited, text)
        try CLI.write(edited, to: targets)
        for arguments in [["validate"], ["validate", "--cross"]] {
            assertRefused(try CLI.run(arguments + ["--datasets", datasets.path]), mentioning: ["calibration/targets.csv", ".evidence", "validated"])
        }
    }

    /// `--uncertainty N` adds each simulated row's model interval (JSON keys) and changes nothing else; the same seed
    /// gives the same bytes on 1 or 2 threads. Scenarios at 12 subjects keep it quick (the exit status then reflects
    /// reduced-size verdicts, so it is not asserted); the table's column is tested in ValidationTableTests.
    func testUncertaintyAddsModelIntervalsAndChangesNothingElse() throws {
        let datasets = try datasetsCopy()
        for name in try FileManager.default.contentsOfDirectory(atPath: datasets.appendingPathComponent("validation").path)
        where name.hasSuffix(".yaml") && name != "not-simulated.yaml" {
            try edit(datasets.appendingPathComponent("validation/\(name)")) {
                $0.replacingOccurrences(of: #"(?m)^subjects: \d+$"#, with: "subjects: 8", options: .regularExpression)
            }
        }
        let base = ["validate", "--json", "--datasets", datasets.path]
        let plain = try CLI.run(base + ["--threads", "2"])
        let model = try CLI.run(base + ["--uncertainty", "2", "--threads", "2"])
        let oneThread = try CLI.run(base + ["--uncertainty", "2", "--threads", "1"])
        XCTAssertEqual(model.stdout, oneThread.stdout, "seed-exact on any number of threads")
        let rows = { (text: String) throws -> [[String: Any]] in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        }
        let plainRows = try rows(plain.stdout), modelRows = try rows(model.stdout)
        XCTAssertEqual(plainRows.count, modelRows.count)
        let added: Set<String> = ["model_low", "model_high", "model_meets_band"]
        var intervals = 0
        for (p, m) in zip(plainRows, modelRows) {
            XCTAssertTrue(Set(p.keys).isDisjoint(with: added), "no model keys without --uncertainty")
            XCTAssertEqual(NSDictionary(dictionary: p), NSDictionary(dictionary: m.filter { !added.contains($0.key) }), "\(p["id"] ?? "")")
            guard let low = m["model_low"] as? Double, let high = m["model_high"] as? Double else {
                XCTAssertTrue(p["simulated"] is NSNull, "every simulated row has a model interval: \(p["id"] ?? "")")
                continue
            }
            XCTAssertLessThanOrEqual(low, high)
            let (lower, upper) = (try XCTUnwrap(m["lower"] as? Double), try XCTUnwrap(m["upper"] as? Double))
            XCTAssertEqual(m["model_meets_band"] as? Bool, high >= lower && low <= upper)
            intervals += 1
        }
        XCTAssertGreaterThan(intervals, 20)
        XCTAssertTrue(modelRows.contains { ($0["model_high"] as? Double ?? 0) > ($0["model_low"] as? Double ?? 0) },
                      "the parameter sets move some target")

        assertRefused(try CLI.run(["validate", "--uncertainty", "1"]), mentioning: ["--uncertainty"], usageAllowed: true)
        assertRefused(try CLI.run(["validate", "--cross", "--uncertainty", "2"]), mentioning: ["--uncertainty", "--cross"], usageAllowed: true)
    }

    func testCrossOptionsAreChecked() throws {
        assertRefused(try CLI.run(["validate", "--cross", "--subjects", "1"]), mentioning: ["--subjects"], usageAllowed: true)
        assertRefused(try CLI.run(["validate", "--cross", "--iterations", "0"]), mentioning: ["--iterations"], usageAllowed: true)
    }
}
