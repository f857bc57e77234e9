import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// `lumbarsim plot` and `lumbarsim export notebook` as a user runs them, on the trial fixture and a real simulate run.
final class PlotCLITests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws { scratch = try CLI.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    /// A copy of Tests/Fixtures/trial-small (a 3-arm trial folder with power.csv).
    private func trialFolder() throws -> URL {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/trial-small")
        let copy = scratch.appendingPathComponent("trial")
        try FileManager.default.copyItem(at: fixture, to: copy)
        return copy
    }

    /// The SVG parses as XML with an `<svg>` root; returns how many elements of each class it has.
    private func svgClasses(_ url: URL, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Int] {
        let document = try XMLDocument(data: Data(contentsOf: url), options: [])
        XCTAssertEqual(document.rootElement()?.name, "svg", file: file, line: line)
        var counts: [String: Int] = [:]
        func visit(_ node: XMLElement) {
            if let c = node.attributes?.first(where: { $0.name == "class" })?.stringValue { counts[c, default: 0] += 1 }
            for child in node.children ?? [] { if let e = child as? XMLElement { visit(e) } }
        }
        visit(document.rootElement()!)
        return counts
    }

    func testPlotAllWritesEveryTrialFigureIntoThePlotsFolder() throws {
        let run = try trialFolder()
        let result = try CLI.run(["plot", "all", run.path])
        XCTAssertEqual(result.status, 0, result.summary)
        let plots = run.appendingPathComponent("plots")
        XCTAssertEqual(try CLI.entries(of: plots), ["curves.svg", "forest.svg", "power.svg", "timecourse.svg"])
        XCTAssertEqual(result.stdoutLines, ["curves", "timecourse", "forest", "power"].map { "wrote \(plots.path)/\($0).svg" })
        let curves = try svgClasses(plots.appendingPathComponent("curves.svg"))
        XCTAssertEqual(curves["panel"], 3)
        XCTAssertEqual(curves["series"], 6, "baseline and follow-up in each of three arms")
        XCTAssertEqual(curves["band"], 6)
        XCTAssertEqual(try svgClasses(plots.appendingPathComponent("timecourse.svg"))["series"], 12, "3 arms x 4 outcomes")
        XCTAssertEqual(try svgClasses(plots.appendingPathComponent("forest.svg"))["row"], 12, "2 arms x 6 outcomes")
        XCTAssertEqual(try svgClasses(plots.appendingPathComponent("power.svg"))["rule"], 2)

        // Same run folder, same bytes.
        let first = try Data(contentsOf: plots.appendingPathComponent("forest.svg"))
        XCTAssertEqual(try CLI.run(["plot", "forest", run.path]).status, 0)
        XCTAssertEqual(try Data(contentsOf: plots.appendingPathComponent("forest.svg")), first)
        XCTAssertEqual(try CLI.leftovers(in: plots), [])
    }

    func testForestOfOneOutcomeGoesToItsOwnFileAndOutChoosesTheFolder() throws {
        let run = try trialFolder()
        let out = scratch.appendingPathComponent("figures/pain")
        let result = try CLI.run(["plot", "forest", run.path, "--outcome", "pain_vas", "--out", out.path])
        XCTAssertEqual(result.status, 0, result.summary)
        XCTAssertEqual(try CLI.entries(of: out), ["forest-pain_vas.svg"])
        XCTAssertEqual(try svgClasses(out.appendingPathComponent("forest-pain_vas.svg"))["row"], 2)
        XCTAssertFalse(CLI.exists(run.appendingPathComponent("plots")))
    }

    func testBadInputIsOneLineAndWritesNothing() throws {
        let run = try trialFolder()
        assertRefused(try CLI.run(["plot", "forest", run.path, "--outcome", "strength"]),
                      mentioning: ["unknown outcome 'strength'", "torque_mean", "pain_vas"])
        XCTAssertFalse(CLI.exists(run.appendingPathComponent("plots")))

        let interrupted = scratch.appendingPathComponent(".halfway.partial-99")
        try FileManager.default.createDirectory(at: interrupted, withIntermediateDirectories: true)
        assertRefused(try CLI.run(["plot", "curves", scratch.appendingPathComponent("halfway").path]), mentioning: ["interrupted"])
        assertRefused(try CLI.run(["plot", "curves", interrupted.path]), mentioning: ["no manifest.json", "interrupted"])

        try FileManager.default.removeItem(at: run.appendingPathComponent("timecourse.csv"))
        assertRefused(try CLI.run(["plot", "all", run.path]), mentioning: ["incomplete", "timecourse.csv"])
        assertRefused(try CLI.run(["export", "notebook", run.path, "--out", scratch.appendingPathComponent("n.ipynb").path]),
                      mentioning: ["incomplete", "timecourse.csv"])
        XCTAssertFalse(CLI.exists(scratch.appendingPathComponent("n.ipynb")))
        XCTAssertFalse(CLI.exists(scratch.appendingPathComponent("n")))

        let bad = try CLI.run(["export", "notebook", run.path, "--out", scratch.appendingPathComponent("n.json").path])
        assertRefused(bad, mentioning: ["--out must name a .ipynb file"], usageAllowed: true)
    }

    func testExportNotebookWritesIntoNotebooksExportByDefault() throws {
        let run = try trialFolder()
        let result = try CLI.run(["export", "notebook", run.path], in: scratch)
        XCTAssertEqual(result.status, 0, result.summary)
        let folder = scratch.appendingPathComponent("Notebooks-export")
        XCTAssertEqual(try CLI.entries(of: folder), ["trial", "trial.ipynb"])
        XCTAssertEqual(try CLI.entries(of: folder.appendingPathComponent("trial")),
                       ["curves.csv", "effects.csv", "manifest.json", "power.csv", "report.md", "timecourse.csv", "trial_data.csv"])
        let notebook = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("trial.ipynb"))) as? [String: Any])
        XCTAssertEqual(notebook["nbformat"] as? Int, 4)
    }

    func testASimulateRunGetsCurvesAndTimecourseButNoForest() throws {
        let run = scratch.appendingPathComponent("sim")
        let simulate = try CLI.run(["simulate", "--subjects", "6", "--regimen", "core-strengthening", "--regimen", "control",
                                    "--threads", "2", "--rate", "100", "--out", run.path])
        XCTAssertEqual(simulate.status, 0, simulate.summary)
        let result = try CLI.run(["plot", "all", run.path])
        XCTAssertEqual(result.status, 0, result.summary)
        XCTAssertEqual(try CLI.entries(of: run.appendingPathComponent("plots")), ["curves.svg", "timecourse.svg"])
        let curves = try svgClasses(run.appendingPathComponent("plots/curves.svg"))
        XCTAssertEqual(curves["panel"], 2)
        XCTAssertEqual(curves["series"], 4)
        assertRefused(try CLI.run(["plot", "forest", run.path]), mentioning: ["plot forest needs effects.csv from `lumbarsim trial`"])
        assertRefused(try CLI.run(["plot", "power", run.path]), mentioning: ["plot power needs power.csv"])
    }
}
