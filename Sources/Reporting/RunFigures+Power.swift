import Plots

extension RunFigures {
    /// The conventional design target for a trial's power (Cohen 1988, Statistical Power Analysis, ch. 2.4).
    public static let powerTarget = 0.8

    /// Power against subjects per arm, one panel per outcome and one line per arm, with the binomial confidence
    /// band of each estimate and the 80 % line. From `power.csv` (`lumbarsim trial --power ...`).
    public func power() throws(ReportError) -> Figure {
        let csv = try run.trialTable("power.csv", columns: PowerPoint.columns, for: "plot power")
        let points = try PowerPoint.read(csv)
        guard !points.isEmpty else { throw .noData(file: "power.csv", what: "power rows") }
        if let bad = points.firstIndex(where: { $0.power.isFinite && !(0...1).contains($0.power) }) {
            throw .malformed(file: "power.csv", line: bad + 2, problem: "power \(points[bad].power) is not a fraction between 0 and 1")
        }
        let arms = armOrder(points.map(\.arm))
        let percent = 100.0
        let panels = OutcomeLabel.summarised(points.map(\.outcome)).map { outcome in
            let series = arms.compactMap { arm -> LineSeries? in
                let armPoints = points.filter { $0.outcome == outcome && $0.arm == arm }.sorted { $0.nPerArm < $1.nPerArm }
                guard !armPoints.isEmpty else { return nil }
                return LineSeries(name: arm, points: armPoints.map {
                    DataPoint(x: $0.nPerArm, y: $0.power * percent, low: $0.ciLow * percent, high: $0.ciHigh * percent)
                }, style: SeriesStyle(colour: colour(arm)))
            }
            return Panel(title: OutcomeLabel.of(outcome).name, x: Axis(title: "Subjects per arm", include: [0]),
                         y: Axis(title: "Power (%)", fixed: LinearScale(lower: 0, upper: percent, step: 20)), series: series,
                         rules: [Rule(y: Self.powerTarget * percent, label: "\(Int(Self.powerTarget * percent)) % power")])
        }
        let references = Set(points.map(\.reference)).sorted().joined(separator: ", ")
        return Figure(title: "Power of a trial against \(references), by subjects per arm",
                      subtitle: ["Share of simulated trials whose ANCOVA found the arm's effect, with its \(confidence) band.", provenance],
                      legend: arms.map { LegendEntry(name: $0, style: SeriesStyle(colour: colour($0)), band: true) },
                      panels: panels, columns: min(panels.count, 2), panelWidth: 440, panelHeight: 300)
    }
}
