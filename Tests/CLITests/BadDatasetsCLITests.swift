import Foundation
import XCTest

/// A datasets folder that is missing or wrong is refused in one line naming the file and the field, before anything
/// is written; LUMBARSIM_DATASETS names the folder as --datasets does.
final class BadDatasetsCLITests: CLITestCase {
    let run = ["--subjects", "2", "--rate", "20"]

    func testAFittedSetThatIsNotAValidSetIsRefusedNamingItsField() throws {
        // Patterns, not values: a recalibration moves every number in the file.
        let cases: [(String, String, [String])] = [
            (#"(  width_deg:\n(?:    .*\n)*?    value:) [^\n]+"#, "$1 1.717e+2", ["calibration/fitted.yaml", "field parameters.width_deg", "outside [20.0, 150.0]"]),
            (#"names:\n- specific_tension_mean_Ncm2"#, "names:\n- specific_tension_mean_Ncm2\n- specific_tension_mean_Ncm2",
             ["calibration/fitted.yaml", "field names: must list each parameter once"]),
            (#"covariance:\n- - "#, "covariance:\n- - 1\n- - ", ["calibration/fitted.yaml", "field covariance: must be 9x9"]),
            (#"names:\n"#, "names: [unclosed\n", ["calibration/fitted.yaml", "malformed YAML"]),
        ]
        for (index, (pattern, template, fragments)) in cases.enumerated() {
            let copy = try datasetsCopy("data-\(index)")
            try edit(copy.appendingPathComponent("calibration/fitted.yaml")) { text in
                XCTAssertNotNil(text.range(of: pattern, options: .regularExpression), pattern)
                return text.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
            }
            let out = tmp.appendingPathComponent("run-\(index)")
            assertRefused(try simulate(run + ["--datasets", copy.path, "--out", out.path]), mentioning: fragments)
            try assertNoOutput(out)
        }
    }

    func testAMissingFolderIsRefusedAndTheEnvironmentVariableNamesTheFolder() throws {
        assertRefused(try simulate(run + ["--datasets", "nosuch", "--out", "a"]), mentioning: ["datasets folder", "nosuch"])
        try assertNoOutput(tmp.appendingPathComponent("a"))
        // LUMBARSIM_DATASETS: the same run as --datasets.
        let copy = try datasetsCopy()
        let byOption = try simulate(run + ["--datasets", copy.path, "--out", "option"])
        XCTAssertEqual(byOption.status, 0, byOption.summary)
        let byEnvironment = try CLI.run(["simulate"] + run + ["--out", "environment"], in: tmp, environment: ["LUMBARSIM_DATASETS": copy.path])
        XCTAssertEqual(byEnvironment.status, 0, byEnvironment.summary)
        for table in ["subjects.csv", "tests.csv"] {
            XCTAssertEqual(try Data(contentsOf: tmp.appendingPathComponent("option/\(table)")),
                           try Data(contentsOf: tmp.appendingPathComponent("environment/\(table)")), table)
        }
        let bad = try CLI.run(["simulate"] + run + ["--out", "b"], in: tmp, environment: ["LUMBARSIM_DATASETS": tmp.appendingPathComponent("nosuch").path])
        assertRefused(bad, mentioning: ["datasets folder", "nosuch"])
    }
}
