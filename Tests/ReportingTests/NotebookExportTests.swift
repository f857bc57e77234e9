import Foundation
@testable import Reporting
import XCTest

/// The exported notebook is nbformat 4 JSON with a python3 kernel, reads copies of the run's files beside it, and is
/// byte-identical for the same run folder.
final class NotebookExportTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws { scratch = try ReportingFixtures.scratch() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    private func json(_ url: URL) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    func testATrialNotebookIsNbformat4WithProvenanceAndCopiedData() throws {
        let export = NotebookExport(run: try RunDirectory(path: ReportingFixtures.trialSmall.path), alpha: try ReportingFixtures.alpha(), evidence: try ReportingFixtures.evidence())
        let notebook = scratch.appendingPathComponent("Notebooks-export/example.ipynb")
        let data = try export.write(to: notebook)
        XCTAssertEqual(data.lastPathComponent, "example")

        let document = try json(notebook)
        XCTAssertEqual(document["nbformat"] as? Int, 4)
        XCTAssertEqual(document["nbformat_minor"] as? Int, 5)
        let metadata = try XCTUnwrap(document["metadata"] as? [String: Any])
        XCTAssertEqual((metadata["kernelspec"] as? [String: String])?["name"], "python3")
        let cells = try XCTUnwrap(document["cells"] as? [[String: Any]])
        XCTAssertEqual(Set(cells.compactMap { $0["id"] as? String }).count, cells.count, "cell ids are unique")
        for cell in cells where cell["cell_type"] as? String == "code" {
            XCTAssertEqual((cell["outputs"] as? [Any])?.count, 0)
            XCTAssertTrue(cell["execution_count"] is NSNull)
        }
        let sources = cells.map { ($0["source"] as? [String] ?? []).joined() }
        XCTAssertTrue(sources[0].contains("| seed | 1 |"))
        XCTAssertTrue(sources[0].contains("commit `0123456789abcdef0123456789abcdef01234567`"))
        XCTAssertTrue(sources[1].contains("DATA = Path(\"example\")"))
        XCTAssertTrue(sources[1].contains("ALPHA = 0.05"))
        for file in ["trial_data.csv", "effects.csv", "curves.csv", "timecourse.csv", "power.csv"] {
            XCTAssertTrue(sources.contains { $0.contains("pd.read_csv(DATA / \"\(file)\")") }, file)
            XCTAssertEqual(try Data(contentsOf: data.appendingPathComponent(file)),
                           try Data(contentsOf: ReportingFixtures.trialSmall.appendingPathComponent(file)))
        }
        XCTAssertEqual(sources.filter { $0.contains("plt.show()") }.count, 4, "curves, time courses, forest, power")
    }

    func testTheSameRunGivesTheSameBytes() throws {
        let export = NotebookExport(run: try RunDirectory(path: ReportingFixtures.trialSmall.path), alpha: try ReportingFixtures.alpha(), evidence: try ReportingFixtures.evidence())
        let a = scratch.appendingPathComponent("a/run.ipynb"), b = scratch.appendingPathComponent("b/run.ipynb")
        try export.write(to: a)
        try export.write(to: b)
        XCTAssertEqual(try Data(contentsOf: a), try Data(contentsOf: b))
        // Exporting again over an earlier export replaces it.
        try export.write(to: a)
        XCTAssertEqual(try Data(contentsOf: a), try Data(contentsOf: b))
    }

    func testASimulateNotebookIsTheReducedForm() throws {
        let folder = try ReportingFixtures.simulateFolder(in: scratch, tests: "subject_id,arm,week\n", outcomes: "subject_id,arm,week\n", arms: ["control"])
        let export = NotebookExport(run: try RunDirectory(path: folder.path), alpha: try ReportingFixtures.alpha(), evidence: try ReportingFixtures.evidence())
        XCTAssertEqual(export.files, ["manifest.json", "subjects.csv", "tests.csv", "outcomes.csv"])
        XCTAssertEqual(NotebookExport(run: try RunDirectory(path: ReportingFixtures.trialSmall.path), alpha: 0.05, evidence: try ReportingFixtures.evidence()).files,
                       ["manifest.json", "trial_data.csv", "effects.csv", "curves.csv", "timecourse.csv", "power.csv", "report.md"])
        let text = String(decoding: try export.notebook(dataFolder: "sim"), as: UTF8.self)
        XCTAssertTrue(text.contains("assert manifest[\\\"command\\\"] == \\\"simulate\\\""))
        XCTAssertFalse(text.contains("effects.csv"))
        // Pain and ODI are labelled evidence-synthesis inputs, with their sources (issue 13 (a)).
        XCTAssertTrue(text.contains("Where the effects come from") && text.contains("| pain_vas | core-strengthening | input |"))
        XCTAssertTrue(text.contains("(hayden2021)"))
    }
}
