import Foundation
import XCTest

/// `lumbarsim credibility` end to end at a tiny size: the files and their five sections, a high-risk context from the
/// options, an out-of-range cohort, and a bad context file. (The JSON's independence of the thread count is checked
/// by CI: scripts/docs.sh regenerates the example, committed from one thread, on two.)
final class CredibilityCLITests: CLITestCase {
    private let tiny = ["credibility", "--per-arm", "4", "--parameter-sets", "2", "--trajectories", "2", "--sensitivity-subjects", "2",
                        "--validation-subjects", "8", "--cross-iterations", "0", "--regimen", "control", "--regimen", "core-strengthening"]

    func testWritesEverySectionFlagsAnOldCohortAndRefusesABadContext() throws {
        var cohort = try CLI.bundledCohort("clbp-adults")
        cohort = cohort.replacingOccurrences(of: "{value: 44, sd: 11, unit: y", with: "{value: 70, sd: 2, unit: y")
        try CLI.write(cohort, to: tmp.appendingPathComponent("old.yaml"))
        let result = try CLI.run(tiny + ["--cohort", "old.yaml", "--influence", "high", "--consequence", "high", "--out", "old"], in: tmp)
        XCTAssertEqual(result.status, 0, result.summary)
        XCTAssertTrue(result.stdout.contains("model risk high"), result.stdout)
        let run = tmp.appendingPathComponent("old")
        let json = try Data(contentsOf: run.appendingPathComponent("credibility.json"))
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: json) as? [String: Any])
        for section in ["context", "verification", "validation", "uncertainty", "sensitivity", "applicability"] {
            XCTAssertNotNil(report[section], section)
        }
        let risk = try XCTUnwrap((report["context"] as? [String: Any])?["risk"] as? [String: Any])
        XCTAssertEqual(risk["name"] as? String, "high")
        let code = try XCTUnwrap((report["verification"] as? [String: Any])?["code"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(code.count, 4)
        XCTAssertTrue(code.allSatisfy { $0["passed"] as? Bool == true }, "\(code)")
        let counts = try XCTUnwrap((report["validation"] as? [String: Any])?["counts"] as? [[String: Any]])
        XCTAssertEqual(Set(counts.compactMap { $0["evidence"] as? String }), ["fitted", "input", "derived", "independent"])
        XCTAssertGreaterThan(counts.reduce(0) { $0 + ($1["simulated"] as? Int ?? 0) }, 10)
        let effects = try XCTUnwrap((report["uncertainty"] as? [String: Any])?["effects"] as? [[String: Any]])
        XCTAssertTrue(effects.contains { $0["outcome"] as? String == "pain_vas" && $0["model_low"] is Double }, "\(effects)")
        let ranked = try XCTUnwrap((report["sensitivity"] as? [String: Any])?["ranked"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(ranked.count, 5)
        XCTAssertTrue(ranked.prefix(5).allSatisfy { ["sourced", "fitted", "assumed"].contains($0["standing"] as? String ?? "") })
        let warnings = try XCTUnwrap((report["applicability"] as? [String: Any])?["warnings"] as? [String])
        XCTAssertTrue(warnings.contains { $0.hasPrefix("neural_adaptation:") && $0.contains("66-74 y") }, "\(warnings)")

        let markdown = try String(contentsOf: run.appendingPathComponent("credibility.md"), encoding: .utf8)
        for heading in ["## Context of use", "## Verification", "## Validation", "## Uncertainty", "## Sensitivity", "## Applicability"] {
            XCTAssertTrue(markdown.contains(heading), heading)
        }
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("manifest.json"))) as? [String: Any])
        XCTAssertEqual(manifest["command"] as? String, "credibility")
        XCTAssertEqual(manifest["outputs"] as? [String], ["credibility.md", "credibility.json"])
        XCTAssertEqual(manifest["applicability_warnings"] as? [String], warnings)
        XCTAssertNotNil((manifest["input_sha256"] as? [String: String])?["credibility/applicability.yaml"])

        try CLI.write("question: q\ndecision: d\ninfluence: extreme\nconsequence: low\ncohort: clbp-adults\nregimens: [control]\n",
                      to: tmp.appendingPathComponent("context.yaml"))
        let bad = try CLI.run(["credibility", "--context", "context.yaml", "--out", "bad"], in: tmp)
        XCTAssertEqual(bad.status, 1, bad.summary)
        XCTAssertEqual(bad.stderrLines.count, 1, bad.summary)
        XCTAssertTrue(bad.stderr.contains("context.yaml") && bad.stderr.contains("influence"), bad.summary)
        XCTAssertFalse(CLI.exists(tmp.appendingPathComponent("bad")))
    }
}
