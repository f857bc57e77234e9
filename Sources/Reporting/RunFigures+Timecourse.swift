import Plots

extension RunFigures {
    /// One panel per outcome (mean torque, CSA, endurance as the fatigue measure, ROM, pain, ODI; not the single
    /// angles, which the curves show) over the weeks of care,
    /// one line per arm with its confidence band. From `timecourse.csv`, or built from a simulate run's tables.
    public func timecourse() throws(ReportError) -> Figure {
        let points = run.kind == .trial
            ? try TimePoint.read(run.table("timecourse.csv", columns: TimePoint.columns))
            : try SimulateSummaries.timecourse(run, alpha: alpha)
        guard points.contains(where: { $0.week > 0 }) else {
            throw .noData(file: run.kind == .trial ? "timecourse.csv" : "tests.csv", what: "test after week 0 to draw a time course over (simulate tests after week 0 only with --regimen)")
        }
        let arms = armOrder(points.map(\.arm))
        // Bands of more than three arms overlap into mud: whiskers, each arm shifted a little, read better.
        let whiskers = arms.count > 3
        let panels = OutcomeLabel.summarised(points.map(\.outcome)).map { outcome in
            let series = arms.enumerated().compactMap { index, arm -> LineSeries? in
                let armPoints = points.filter { $0.outcome == outcome && $0.arm == arm }.sorted { $0.week < $1.week }
                guard !armPoints.isEmpty else { return nil }
                return LineSeries(name: arm, points: armPoints.map { DataPoint(x: $0.week, y: $0.summary.mean, low: $0.summary.ciLow, high: $0.summary.ciHigh, n: $0.summary.n) },
                                  style: SeriesStyle(colour: colour(arm)), uncertainty: whiskers ? .whiskers : .band,
                                  dodge: whiskers ? (Double(index) - Double(arms.count - 1) / 2) * Self.dodgeStep : 0)
            }
            let label = OutcomeLabel.of(outcome)
            return Panel(title: label.name, x: Axis(title: "Week", include: [0]), y: Axis(title: label.titled), series: series)
        }
        return Figure(title: "Outcomes over the weeks of care, by arm",
                      subtitle: ["Arm means at each test visit with their \(confidence) (\(whiskers ? "whiskers; arms shifted apart" : "bands")); endurance is the fatigue measure (hold at 50 % of maximal torque)." + sparseNote(points.map(\.summary.n)), provenance],
                      legend: arms.map { LegendEntry(name: $0, style: SeriesStyle(colour: colour($0)), band: !whiskers) },
                      panels: panels, columns: 2, panelWidth: 440, panelHeight: 290)
    }
}

extension RunFigures {
    /// Pixels between the whiskers of neighbouring arms at one week.
    static let dodgeStep = 4.0
}
