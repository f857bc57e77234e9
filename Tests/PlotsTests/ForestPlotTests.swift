import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Plots
import XCTest

final class ForestPlotTests: XCTestCase {
    private let plot = ForestPlot(
        title: "Effects", axisTitle: "Hedges' g", groups: [
            ForestGroup(title: "Pain VAS (0–100)", rows: [
                ForestRow(label: "core-strengthening", estimate: -1.06, low: -2.18, high: 0.06, colour: Palette.colour(0), values: "-1.06 [-2.18, 0.06]"),
                ForestRow(label: "stretching", estimate: -0.63, low: -1.70, high: 0.45, colour: Palette.colour(1), values: "-0.63 [-1.70, 0.45]"),
            ]),
            ForestGroup(title: "Endurance (s)", rows: [
                ForestRow(label: "core-strengthening", estimate: 1.41, low: 0.24, high: 2.58, colour: Palette.colour(0), values: "1.41 [0.24, 2.58]"),
                ForestRow(label: "no interval", estimate: 0.5, low: .nan, high: .nan, colour: Palette.colour(1), values: "0.50"),
            ]),
        ], valuesHeading: "g [95 % CI]")

    func testRowsDrawTheirIntervalAroundTheEstimateOnAnAxisThatHoldsThemAndZero() throws {
        let svg = try SVGInspection(plot.svg())
        let forest = svg.elements("forest").first!
        let left = SVGInspection.number(forest, "data-left"), right = SVGInspection.number(forest, "data-right")
        let lower = SVGInspection.number(forest, "data-x-lower"), upper = SVGInspection.number(forest, "data-x-upper")
        let pixel = { (v: Double) in left + (v - lower) / (upper - lower) * (right - left) }
        XCTAssertLessThanOrEqual(lower, -2.18)
        XCTAssertGreaterThanOrEqual(upper, 2.58)
        let reference = svg.elements("reference").first!
        XCTAssertEqual(SVGInspection.number(reference, "x1"), pixel(0), accuracy: 0.01)

        let rows = svg.elements("row")
        XCTAssertEqual(rows.map { SVGInspection.attribute($0, "data-label") }, ["core-strengthening", "stretching", "core-strengthening", "no interval"])
        XCTAssertEqual(svg.elements("group-title").map(\.stringValue), ["Pain VAS (0–100)", "Endurance (s)"])
        for (row, model) in zip(rows, plot.groups.flatMap(\.rows)) {
            let box = svg.elements("estimate", under: row).first!
            let centre = SVGInspection.number(box, "x") + SVGInspection.number(box, "width") / 2
            XCTAssertEqual(centre, pixel(model.estimate), accuracy: 0.02)
            let ci = svg.elements("ci", under: row)
            if model.low.isFinite {
                XCTAssertEqual(SVGInspection.number(ci[0], "x1"), pixel(model.low), accuracy: 0.01)
                XCTAssertEqual(SVGInspection.number(ci[0], "x2"), pixel(model.high), accuracy: 0.01)
                XCTAssertEqual(svg.elements("cap", under: row).count, 2)
            } else {
                XCTAssertTrue(ci.isEmpty, "a row without an interval draws the estimate alone")
            }
            XCTAssertEqual(svg.elements("row-values", under: row).first?.stringValue, model.values)
        }
        // Rows go down the page in order.
        let ys = rows.map { SVGInspection.number(svg.elements("estimate", under: $0).first!, "y") }
        XCTAssertEqual(ys, ys.sorted())
    }

    /// A row's model interval is a bar at its bounds on the same axis, which widens to hold it; rows without draw none.
    func testAModelIntervalIsDrawnAsABarAtItsBoundsAndWidensTheAxis() throws {
        var withModel = plot
        withModel.groups[0].rows[0].model = -3.5 ... -0.2
        withModel.groups[1].rows[1] = ForestRow(label: "no interval", estimate: 0.5, low: .nan, high: .nan, colour: Palette.colour(1),
                                                values: "0.50", model: -.infinity ... 1)
        XCTAssertNil(withModel.groups[1].rows[1].model, "a non-finite interval is none")
        let svg = try SVGInspection(withModel.svg())
        let forest = svg.elements("forest").first!
        let left = SVGInspection.number(forest, "data-left"), right = SVGInspection.number(forest, "data-right")
        let lower = SVGInspection.number(forest, "data-x-lower"), upper = SVGInspection.number(forest, "data-x-upper")
        XCTAssertLessThanOrEqual(lower, -3.5)
        let pixel = { (v: Double) in left + (v - lower) / (upper - lower) * (right - left) }
        let rows = svg.elements("row")
        let bar = try XCTUnwrap(svg.elements("model-interval", under: rows[0]).first)
        XCTAssertEqual(SVGInspection.number(bar, "x"), pixel(-3.5), accuracy: 0.01)
        XCTAssertEqual(SVGInspection.number(bar, "x") + SVGInspection.number(bar, "width"), pixel(-0.2), accuracy: 0.02)
        XCTAssertEqual(rows.dropFirst().map { svg.elements("model-interval", under: $0).count }, [0, 0, 0])
        XCTAssertFalse(plot.svg().contains("model-interval"))
    }

    func testTheSamePlotGivesTheSameBytes() {
        XCTAssertEqual(plot.svg(), plot.svg())
    }
}
