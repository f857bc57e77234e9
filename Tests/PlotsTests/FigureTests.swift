import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Plots
import XCTest

final class FigureTests: XCTestCase {
    /// Two panels: a curve pair with bands (one point missing, as an angle nobody reached) and a power-like panel.
    private func sampleFigure(title: String = "Torque <before> & \"after\"") -> Figure {
        let baseline = LineSeries(name: "baseline", points: [
            DataPoint(x: 0, y: 120, low: 110, high: 131), DataPoint(x: 36, y: 210, low: 196, high: 225),
            DataPoint(x: 72, y: 252, low: 231, high: 270),
        ], style: SeriesStyle(colour: "#6f6f6f", dashed: true, filledMarker: false))
        let followup = LineSeries(name: "follow-up", points: [
            DataPoint(x: 0, y: 190, low: 172, high: 207), DataPoint(x: 36, y: 281, low: 262, high: 300),
            DataPoint(x: 72, y: .nan, low: .nan, high: .nan),
        ], style: SeriesStyle(colour: Palette.colour(0)))
        let power = LineSeries(name: "core & more", points: [
            DataPoint(x: 10, y: 34, low: 28, high: 41), DataPoint(x: 40, y: 88, low: 83, high: 92), DataPoint(x: 80, y: 99.5, low: 97, high: 100),
        ], style: SeriesStyle(colour: Palette.colour(1), marker: .square))
        return Figure(title: title, subtitle: ["95 % CI bands"],
                      legend: [LegendEntry(name: "baseline", style: baseline.style, band: true),
                               LegendEntry(name: "follow-up", style: followup.style, band: true)],
                      panels: [Panel(title: "curves", x: Axis(title: "Flexion angle (deg)"), y: Axis(title: "Peak torque (N·m)"),
                                     series: [baseline, followup]),
                               Panel(title: "power", x: Axis(title: "Subjects per arm", include: [0]),
                                     y: Axis(title: "Power (%)", fixed: LinearScale(lower: 0, upper: 100, step: 20)),
                                     series: [power], rules: [Rule(y: 80, label: "80 % power")])],
                      columns: 2)
    }

    func testTheDocumentIsXMLWithEscapedTextAndOnePathPerSeries() throws {
        let figure = sampleFigure()
        let svg = try SVGInspection(figure.svg())
        XCTAssertEqual(svg.elements("figure-title").first?.stringValue, "Torque <before> & \"after\"")
        let paths = svg.elements("series")
        XCTAssertEqual(paths.map { SVGInspection.attribute($0, "data-series") }, ["baseline", "follow-up", "core & more"])
        XCTAssertEqual(svg.elements("band").count, 3)
        // The missing follow-up point is skipped: two points in its line, two markers.
        XCTAssertEqual(SVGInspection.points(SVGInspection.attribute(paths[1], "d")).count, 2)
        let markers = svg.elements("markers").first { SVGInspection.attribute($0, "data-series") == "follow-up" }!
        XCTAssertEqual(markers.children?.count, 2)
        XCTAssertEqual(SVGInspection.attribute(paths[0], "stroke-dasharray"), "6 4")
    }

    func testAxesContainEveryValueAndBandsBracketTheirLine() throws {
        let figure = sampleFigure()
        let svg = try SVGInspection(figure.svg())
        let panels = svg.elements("panel")
        XCTAssertEqual(panels.count, 2)
        for (panel, model) in zip(panels, figure.panels) {
            let number = { SVGInspection.number(panel, $0) }
            for point in model.series.flatMap(\.points) where point.y.isFinite {
                XCTAssertTrue((number("data-x-lower")...number("data-x-upper")).contains(point.x))
                for v in [point.y, point.low!, point.high!] {
                    XCTAssertTrue((number("data-y-lower")...number("data-y-upper")).contains(v), "\(v) outside the y axis")
                }
            }
            // In pixels: every line vertex lies inside the plot area and between its band's edges.
            for path in svg.elements("series", under: panel) {
                let name = SVGInspection.attribute(path, "data-series")
                let line = SVGInspection.points(SVGInspection.attribute(path, "d"))
                let band = svg.elements("band", under: panel).first { SVGInspection.attribute($0, "data-series") == name }!
                let outline = SVGInspection.points(SVGInspection.attribute(band, "points"))
                XCTAssertEqual(outline.count, 2 * line.count)
                for (i, vertex) in line.enumerated() {
                    XCTAssertTrue((number("data-left")...number("data-right")).contains(vertex.0))
                    XCTAssertTrue((number("data-top")...number("data-bottom")).contains(vertex.1))
                    let upper = outline[i], lower = outline[outline.count - 1 - i]
                    XCTAssertEqual(upper.0, vertex.0)
                    XCTAssertEqual(lower.0, vertex.0)
                    XCTAssertLessThan(upper.1, vertex.1, "the upper bound is drawn above the mean")
                    XCTAssertGreaterThan(lower.1, vertex.1, "the lower bound is drawn below the mean")
                }
            }
        }
        // The fixed power axis stays 0-100, and the 80 % rule is drawn at 80 % of its height.
        let power = panels[1]
        XCTAssertEqual(SVGInspection.number(power, "data-y-upper"), 100)
        let rule = svg.elements("rule", under: power).first!
        let ruleY = SVGInspection.points(SVGInspection.attribute(rule, "d"))[0].1
        let top = SVGInspection.number(power, "data-top"), bottom = SVGInspection.number(power, "data-bottom")
        XCTAssertEqual((bottom - ruleY) / (bottom - top), 0.8, accuracy: 1e-3)
    }

    func testTheLegendSitsAboveEveryPlotAreaAndNamesTheRule() throws {
        let svg = try SVGInspection(sampleFigure().svg())
        let entries = svg.elements("legend-entry")
        XCTAssertEqual(entries.map { SVGInspection.attribute($0, "data-series") }, ["baseline", "follow-up", "80 % power"])
        let legendBottom = entries.flatMap { svg.elements("legend-label", under: $0) }.map { SVGInspection.number($0, "y") }.max()!
        let plotTop = svg.elements("panel").map { SVGInspection.number($0, "data-top") }.min()!
        XCTAssertLessThan(legendBottom, plotTop)
    }

    func testTheSameFigureGivesTheSameBytes() {
        let a = sampleFigure().svg(), b = sampleFigure().svg()
        XCTAssertEqual(a, b)
        XCTAssertTrue(a.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertFalse(a.contains("-0.00"), "negative zero must not leak into coordinates")
    }

    func testSharedYAxisIsTheSameInEveryPanel() throws {
        var figure = sampleFigure()
        figure.panels[1] = Panel(title: "other", x: Axis(title: "x"), y: Axis(title: "y"),
                                 series: [LineSeries(name: "low", points: [DataPoint(x: 0, y: 40), DataPoint(x: 1, y: 60)], style: SeriesStyle(colour: "#000000"))])
        figure.sharedY = true
        let panels = try SVGInspection(figure.svg()).elements("panel")
        XCTAssertEqual(SVGInspection.attribute(panels[0], "data-y-lower"), SVGInspection.attribute(panels[1], "data-y-lower"))
        XCTAssertEqual(SVGInspection.attribute(panels[0], "data-y-upper"), SVGInspection.attribute(panels[1], "data-y-upper"))
        XCTAssertLessThanOrEqual(SVGInspection.number(panels[0], "data-y-lower"), 40)
        XCTAssertGreaterThanOrEqual(SVGInspection.number(panels[0], "data-y-upper"), 300)
    }

    func testWhiskersBracketTheirDodgedMarkersInsideThePlotArea() throws {
        let series = (0..<5).map { i in
            LineSeries(name: "arm \(i)", points: [DataPoint(x: 0, y: 46, low: 38, high: 54), DataPoint(x: 12, y: 30 + Double(i), low: 25, high: 36 + Double(i))],
                       style: SeriesStyle(colour: Palette.colour(i)), uncertainty: .whiskers, dodge: (Double(i) - 2) * 4)
        }
        let figure = Figure(title: "t", panels: [Panel(title: "pain", x: Axis(title: "Week"), y: Axis(title: "Pain"), series: series)])
        let svg = try SVGInspection(figure.svg())
        let panel = svg.elements("panel")[0]
        XCTAssertTrue(svg.elements("band").isEmpty)
        let left = SVGInspection.number(panel, "data-left"), right = SVGInspection.number(panel, "data-right")
        var xsAtZero: [Double] = []
        for group in svg.elements("whiskers") {
            let name = SVGInspection.attribute(group, "data-series")
            let line = SVGInspection.points(SVGInspection.attribute(svg.elements("series").first { SVGInspection.attribute($0, "data-series") == name }!, "d"))
            let whiskers = svg.elements("whisker", under: group)
            XCTAssertEqual(whiskers.count, 2)
            for (vertex, whisker) in zip(line, whiskers) {
                let stem = SVGInspection.points(SVGInspection.attribute(whisker, "d"))
                XCTAssertEqual(stem[0].0, vertex.0)
                XCTAssertGreaterThan(stem[0].1, vertex.1, "low end below the marker")
                XCTAssertLessThan(stem[1].1, vertex.1, "high end above the marker")
                XCTAssertTrue((left...right).contains(vertex.0 - Layout.markerRadius) && (left...right).contains(vertex.0 + Layout.markerRadius))
            }
            xsAtZero.append(line[0].0)
        }
        XCTAssertEqual(xsAtZero.count, 5)
        XCTAssertEqual(Set(xsAtZero).count, 5, "each arm is shifted to its own x")
    }

    func testAOnePanelFigureIsWideEnoughForItsHeader() throws {
        let title = "Torque–angle curves before and after care, by arm, with a long subtitle below"
        let figure = Figure(title: title, subtitle: [String(repeating: "provenance ", count: 12)],
                            panels: [Panel(title: "baseline", x: Axis(title: "x"), y: Axis(title: "y"),
                                           series: [LineSeries(name: "a", points: [DataPoint(x: 0, y: 1), DataPoint(x: 1, y: 2)], style: SeriesStyle(colour: "#000000"))])],
                            panelWidth: 300)
        let root = try SVGInspection(figure.svg()).document.rootElement()!
        let width = SVGInspection.number(root, "width")
        XCTAssertGreaterThanOrEqual(width, Typography.width(title, size: Typography.figureTitle) + 2 * Layout.margin)
        XCTAssertGreaterThanOrEqual(width, Typography.width(figure.subtitle[0], size: Typography.subtitle) + 2 * Layout.margin)
    }
}
