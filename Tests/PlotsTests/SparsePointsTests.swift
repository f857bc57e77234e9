import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Plots
import XCTest

/// Means of very few subjects (a trial arm of which one or two reached an angle): their band is drawn where it is
/// defined, they are marked open and not joined, and their wide intervals do not stretch the axis.
final class SparsePointsTests: XCTestCase {
    /// Follow-up means at 0-72 deg from 10 subjects, except 48 deg (n = 1: no interval) and 72 deg (n = 2: an
    /// interval reaching −200 N·m).
    func figure() -> Figure {
        let points = [
            DataPoint(x: 0, y: 150, low: 140, high: 160, n: 10), DataPoint(x: 12, y: 190, low: 180, high: 200, n: 10),
            DataPoint(x: 24, y: 220, low: 208, high: 232, n: 10), DataPoint(x: 36, y: 250, low: 238, high: 262, n: 10),
            DataPoint(x: 48, y: 265, low: .nan, high: .nan, n: 1), DataPoint(x: 60, y: 280, low: 266, high: 294, n: 10),
            DataPoint(x: 72, y: 300, low: -200, high: 800, n: 2),
        ]
        let series = LineSeries(name: "follow-up", points: points, style: SeriesStyle(colour: Palette.colour(2)))
        return Figure(title: "t", subtitle: [], legend: [],
                      panels: [Panel(title: "arm", x: Axis(title: "Flexion angle (deg)"), y: Axis(title: "Peak torque (N·m)"), series: [series])],
                      columns: 1)
    }

    func testBandsCoverEveryRunWithAnIntervalAndTheAxisHoldsTheData() throws {
        let svg = try SVGInspection(figure().svg())
        let panel = try XCTUnwrap(svg.elements("panel").first)
        let lower = SVGInspection.number(panel, "data-y-lower"), upper = SVGInspection.number(panel, "data-y-upper")
        // The axis holds every mean and every interval of n ≥ 3 (140-294), not the n = 2 interval's −200-800.
        XCTAssertLessThanOrEqual(lower, 140)
        XCTAssertGreaterThanOrEqual(upper, 300)
        XCTAssertGreaterThan(lower, 0, "not stretched to −200")
        XCTAssertLessThan(upper, 400, "not stretched to 800")
        // Two bands: 0-36 deg (four points) and 60-72 deg (two points), split at the n = 1 point, which has no interval.
        let bands = svg.elements("band")
        XCTAssertEqual(bands.map { SVGInspection.points(SVGInspection.attribute($0, "points")).count }, [8, 4])
        // Clipped to the plot area.
        let top = SVGInspection.number(panel, "data-top"), bottom = SVGInspection.number(panel, "data-bottom")
        for band in bands {
            for (_, y) in SVGInspection.points(SVGInspection.attribute(band, "points")) {
                XCTAssertTrue((top - 1e-6...bottom + 1e-6).contains(y), "band vertex \(y) outside \(top)-\(bottom)")
            }
        }
    }

    func testSparsePointsAreMarkedOpenAndNotJoined() throws {
        let svg = try SVGInspection(figure().svg())
        // The line runs through 0-36 deg, and alone 60 deg cannot make a line: one path of four vertices.
        let lines = svg.elements("series")
        XCTAssertEqual(lines.map { SVGInspection.points(SVGInspection.attribute($0, "d")).count }, [4])
        let markers = svg.elements("marker")
        XCTAssertEqual(markers.count, 7, "every mean is marked")
        let sparse = markers.filter { SVGInspection.attribute($0, "data-sparse") == "true" }
        XCTAssertEqual(sparse.count, 2)
        XCTAssertEqual(Set(sparse.map { SVGInspection.attribute($0, "fill") }), ["#ffffff"], "open")
        XCTAssertEqual(Set(markers.filter { SVGInspection.attribute($0, "data-sparse") != "true" }.map { SVGInspection.attribute($0, "fill") }),
                       [Palette.colour(2)])
    }

    /// A lone point with an interval (its neighbours have none) shows it as a whisker.
    func testALonePointWithAnIntervalGetsAWhisker() throws {
        let series = LineSeries(name: "s", points: [DataPoint(x: 0, y: 10, low: .nan, high: .nan, n: 1),
                                                    DataPoint(x: 1, y: 12, low: 9, high: 15, n: 5),
                                                    DataPoint(x: 2, y: 11, low: .nan, high: .nan, n: 1)],
                                style: SeriesStyle(colour: "#000000"))
        let figure = Figure(title: "t", subtitle: [], legend: [],
                            panels: [Panel(title: "p", x: Axis(title: "x"), y: Axis(title: "y"), series: [series])], columns: 1)
        let svg = try SVGInspection(figure.svg())
        XCTAssertEqual(svg.elements("band").count, 0)
        XCTAssertEqual(svg.elements("band-whisker").count, 1)
        XCTAssertEqual(svg.elements("series").count, 0, "no neighbour to join")
    }
}
