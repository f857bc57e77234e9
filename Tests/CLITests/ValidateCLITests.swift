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

    func testCrossOptionsAreChecked() throws {
        assertRefused(try CLI.run(["validate", "--cross", "--subjects", "1"]), mentioning: ["--subjects"], usageAllowed: true)
        assertRefused(try CLI.run(["validate", "--cross", "--iterations", "0"]), mentioning: ["--iterations"], usageAllowed: true)
    }
}
