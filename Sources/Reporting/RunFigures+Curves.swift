import Plots

extension RunFigures {
    /// Torque–angle curves, one panel per arm on a shared torque axis: baseline (grey, dashed) and follow-up (the
    /// arm's colour), each with its confidence band. From `curves.csv`, or from `tests.csv` of a simulate run.
    public func curves() throws(ReportError) -> Figure {
        let points = run.kind == .trial
            ? try CurvePoint.read(run.table("curves.csv", columns: CurvePoint.columns))
            : try SimulateSummaries.curves(run, alpha: alpha)
        guard !points.isEmpty else { throw .noData(file: run.kind == .trial ? "curves.csv" : "tests.csv", what: "torque rows") }
        let baselineStyle = SeriesStyle(colour: Self.baselineGrey, dashed: true, marker: .circle, filledMarker: false)
        let panels = armOrder(points.map(\.arm)).map { arm in
            let series = CurvePoint.Visit.allCases.compactMap { visit -> LineSeries? in
                let visitPoints = points.filter { $0.arm == arm && $0.visit == visit }.sorted { $0.angleDeg < $1.angleDeg }
                guard !visitPoints.isEmpty else { return nil }
                let style = visit == .baseline ? baselineStyle : SeriesStyle(colour: colour(arm))
                return LineSeries(name: visit == .baseline ? "baseline" : "follow-up",
                                  points: visitPoints.map { DataPoint(x: $0.angleDeg, y: $0.summary.mean, low: $0.summary.ciLow, high: $0.summary.ciHigh, n: $0.summary.n) },
                                  style: style)
            }
            return Panel(title: arm, x: Axis(title: "Flexion angle (deg)", fixed: Self.angleScale(points.map(\.angleDeg))),
                         y: Axis(title: "Peak torque (N·m)"), series: series, note: "no torque measured")
        }
        let hasFollowup = points.contains { $0.visit == .followup }
        var legend = [LegendEntry(name: "baseline (week 0)", style: baselineStyle, band: true)]
        if hasFollowup { legend.append(LegendEntry(name: "follow-up (colour of the arm)", style: SeriesStyle(colour: "#222222"), band: true)) }
        return Figure(title: "Torque–angle curves before and after care, by arm",
                      subtitle: ["Mean peak isometric extension torque with its \(confidence) band." + sparseNote(points.map(\.summary.n)), provenance],
                      legend: legend, panels: panels, columns: panels.count <= 4 ? panels.count : (panels.count <= 6 ? 3 : 4),
                      sharedY: true, panelWidth: 330, panelHeight: 270)
    }

    static let baselineGrey = "#6f6f6f"

    /// Said under the title when some point summarises too few subjects to be joined to its neighbours.
    func sparseNote(_ counts: [Int]) -> String {
        counts.contains { $0 < DataPoint.fewObservations }
            ? " Open markers: fewer than \(DataPoint.fewObservations) subjects, not joined; intervals clipped to the axis." : ""
    }

    /// Ticks at the tested angles when they are evenly spaced (0, 12, ..., 72), else a nice scale.
    static func angleScale(_ angles: [Double]) -> LinearScale? {
        let distinct = Array(Set(angles)).sorted()
        guard distinct.count >= 3, let first = distinct.first, let last = distinct.last else { return nil }
        let step = distinct[1] - first
        let even = zip(distinct, distinct.dropFirst()).allSatisfy { abs(($1 - $0) - step) < 1e-9 }
        return even && step > 0 ? LinearScale(lower: first, upper: last, step: step) : nil
    }
}
