import Foundation
import Plots
import Trial
@testable import Reporting
import XCTest

/// The figures of the trial fixture carry exactly the numbers of its CSV files, in the arms' and outcomes' order.
final class TrialFiguresTests: XCTestCase {
    private var figures: RunFigures!

    override func setUpWithError() throws {
        figures = RunFigures(run: try RunDirectory(path: ReportingFixtures.trialSmall.path), alpha: try ReportingFixtures.alpha())
    }

    func testCurvesHaveOnePanelPerArmWithBaselineAndFollowUpFromCurvesCSV() throws {
        let figure = try figures.curves()
        XCTAssertEqual(figure.panels.map(\.title), ["core-strengthening", "stretching", "control"])
        XCTAssertTrue(figure.sharedY)
        for panel in figure.panels {
            XCTAssertEqual(panel.series.map(\.name), ["baseline", "follow-up"])
            XCTAssertEqual(panel.series[0].points.map(\.x), [0, 12, 24, 36, 48, 60, 72])
        }
        // curves.csv: core-strengthening,baseline,0,8,101.415,28.115,77.907,124.923
        let first = figure.panels[0].series[0].points[0]
        XCTAssertEqual([first.y, first.low!, first.high!], [101.415, 77.907, 124.923])
        // Each arm keeps its colour (its place among the bundled regimens); the baseline is grey and dashed.
        XCTAssertEqual(figure.panels.map { $0.series[1].style.colour }, [Palette.colour(2), Palette.colour(6), Palette.colour(1)])
        XCTAssertTrue(figure.panels[0].series[0].style.dashed)
    }

    func testTimecourseHasOnePanelPerOutcomeInTheReportingOrder() throws {
        let figure = try figures.timecourse()
        XCTAssertEqual(figure.panels.map(\.title), ["Mean torque, 0–72°", "Extensor CSA", "Endurance at 50 % MVC", "Pain VAS"])
        XCTAssertEqual(figure.legend.map(\.name), ["core-strengthening", "stretching", "control"])
        for panel in figure.panels {
            XCTAssertEqual(panel.series.count, 3)
            XCTAssertEqual(panel.series[0].points.map(\.x), [0, 6, 12])
        }
        XCTAssertEqual(figure.panels[3].y.title, "Pain VAS (0–100)")
    }

    func testForestShowsHedgesGForTheSummaryOutcomesByDefault() throws {
        let plot = try figures.forest(outcome: nil)
        XCTAssertEqual(plot.groups.count, 6, "the six summary outcomes; single angles only with --outcome")
        XCTAssertTrue(plot.groups[4].title.hasPrefix("Pain VAS (0–100)"))
        XCTAssertTrue(plot.groups[4].title.hasSuffix("lower is better"))
        // effects.csv: pain_vas,core-strengthening,...,hedges_g -1.0592, g CI -2.1779 to 0.0595
        let pain = plot.groups[4].rows[0]
        XCTAssertEqual(pain.label, "core-strengthening")
        XCTAssertEqual([pain.estimate, pain.low, pain.high], [-1.0592, -2.1779, 0.0595])
        XCTAssertEqual(pain.values, "\u{2212}1.06 [\u{2212}2.18, 0.06]")
        XCTAssertEqual(plot.reference, 0)
    }

    func testForestForOneOutcomeShowsTheAncovaDifferenceInItsUnit() throws {
        let plot = try figures.forest(outcome: "torque_72")
        XCTAssertEqual(plot.groups.count, 1)
        XCTAssertEqual(plot.groups[0].rows.map(\.label), ["core-strengthening", "stretching"])
        // effects.csv: torque_72,core-strengthening,control,6,6,54.106410,6.461764,40.472089,67.740731,0,...
        let row = plot.groups[0].rows[0]
        XCTAssertEqual([row.estimate, row.low, row.high], [54.106410, 40.472089, 67.740731])
        XCTAssertEqual(row.values, "54.1 [40.5, 67.7]   p < 0.001")
        XCTAssertTrue(plot.axisTitle.hasSuffix("(N·m)"))
    }

    /// With `trial --uncertainty`'s columns, each row draws its model interval behind the sampling one: in the outcome's
    /// unit for one outcome, scaled by g over the difference on the standardised plot; a row without one draws none.
    func testForestDrawsTheModelIntervalBesideTheSamplingOneWhenEffectsHaveIt() throws {
        let scratch = try ReportingFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let copy = try ReportingFixtures.trialCopy(in: scratch)
        let file = copy.appendingPathComponent("effects.csv")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        let edited = lines.enumerated().map { i, line in
            i == 0 ? line + ",model_low,model_high"
                : line + (line.hasPrefix("torque_72,core-strengthening,") || line.hasPrefix("pain_vas,core-strengthening,") ? ",30,70" : ",,")
        }
        try (edited.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let withModel = RunFigures(run: try RunDirectory(path: copy.path), alpha: try ReportingFixtures.alpha())

        let one = try withModel.forest(outcome: "torque_72")
        XCTAssertEqual(one.groups[0].rows[0].model, 30...70)
        XCTAssertEqual(one.groups[0].rows[0].values, "54.1 [40.5, 67.7] {30.0, 70.0}   p < 0.001")
        XCTAssertNil(one.groups[0].rows[1].model, "stretching has no model interval")
        XCTAssertTrue(one.subtitle.contains { $0.contains("Pale bar, {in braces}: model") }, "\(one.subtitle)")
        XCTAssertEqual(one.valuesHeading, "difference [95 % CI] {model}   p")

        // pain_vas, core-strengthening: estimate -14.538 (effects.csv), g -1.0592.
        let all = try withModel.forest(outcome: nil)
        let pain = all.groups[4].rows[0]
        let effect = try XCTUnwrap(try Effect.read(RunDirectory(path: copy.path).trialTable("effects.csv", columns: Effect.columns, for: "test"))
            .first { $0.outcome == "pain_vas" && $0.arm == "core-strengthening" })
        let scale = effect.hedgesG / effect.estimate
        XCTAssertGreaterThan(scale, 0, "g and the difference share a sign")
        let model = try XCTUnwrap(pain.model)
        XCTAssertEqual(model.lowerBound, 30 * scale, accuracy: 1e-12)
        XCTAssertEqual(model.upperBound, 70 * scale, accuracy: 1e-12)

        let svg = one.svg()
        XCTAssertEqual(svg.components(separatedBy: "class=\"model-interval\"").count - 1, 1, "one row has a model interval")
        XCTAssertFalse(try figures.forest(outcome: "torque_72").svg().contains("model-interval"), "none without the columns")
    }

    func testAnUnknownOutcomeIsRefusedWithTheKnownOnes() {
        XCTAssertThrowsError(try figures.forest(outcome: "torque_99")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("unknown outcome 'torque_99' in effects.csv; known outcomes: torque_mean, csa_cm2"), text)
            XCTAssertFalse(text.contains("\n"))
        }
    }

    func testPowerIsInPercentWithTheEightyPercentRule() throws {
        let figure = try figures.power()
        XCTAssertEqual(figure.panels.map(\.title), ["Mean torque, 0–72°", "Pain VAS"])
        // power.csv: 10,pain_vas,core-strengthening,control,200,0.3450,0.2826,0.4133
        let point = figure.panels[1].series[0].points[0]
        XCTAssertEqual(point.x, 10)
        XCTAssertEqual(point.y, 34.5, accuracy: 1e-9)
        XCTAssertEqual(point.low!, 28.26, accuracy: 1e-9)
        XCTAssertEqual(figure.panels[1].rules.map(\.y), [80])
        XCTAssertEqual(figure.panels[1].y.fixed?.upper, 100)
    }

    func testPlotAllDrawsEveryTrialFigureAndTheSameBytesTwice() throws {
        XCTAssertEqual(figures.available, [.curves, .timecourse, .forest, .power])
        XCTAssertEqual(try figures.curves().svg(), try figures.curves().svg())
        XCTAssertEqual(try figures.forest(outcome: nil).svg(), try figures.forest(outcome: nil).svg())
    }
}

/// A table's cells are never trusted: a count edited to 1e20 trapped `plot curves` ("Double value cannot be converted
/// to Int"); every conversion from a cell is checked, and a quoted cell is an excerpt.
final class TableCellTests: XCTestCase {
    func curves(_ row: String) throws -> [CurvePoint] {
        let text = TrialTables.curveColumns.joined(separator: ",") + "\n" + row + "\n"
        return try CurvePoint.read(RunCSV(data: Data(text.utf8), file: "curves.csv", columns: CurvePoint.columns))
    }

    func testACountThatIsNotAWholeNumberInRangeIsRefusedNotTrapped() throws {
        XCTAssertEqual(try curves("stretching,baseline,0,8,101.4,28.1,77.9,124.9").first?.summary.n, 8)
        for bad in ["1e20", "-3", "2.5", "9.3e18"] {
            XCTAssertThrowsError(try curves("stretching,baseline,0,\(bad),101.4,28.1,77.9,124.9")) { error in
                XCTAssertEqual("\(error)", "curves.csv line 2: n \(Double(bad)!) is not a count")
            }
        }
    }

    func testAQuotedCellIsCutToAnExcerpt() throws {
        // An unbalanced quote runs the cell to the end of the file.
        let rest = String(repeating: "stretching,baseline,0,8,1,1,1,1\n", count: 5_000)
        XCTAssertThrowsError(try curves("stretching,\"baseline,0,8,1,1,1,1\n" + rest)) { error in
            XCTAssertLessThan("\(error)".count, 200, "\(error)")
            XCTAssertFalse("\(error)".contains("\n"))
        }
    }
}
