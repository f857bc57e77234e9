import LumbarNumerics

extension Summary {
    /// The confidence level of every interval LumbarSim reports.
    public static let confidenceLevel = 0.95

    /// Mean, sample SD and the normal-approximation confidence interval of the mean of `values` (missing ones,
    /// NaN, left out). Used for `simulate` folders, whose cohorts are large; a trial writes its own intervals.
    static func of(_ values: [Double]) -> Summary {
        let finite = values.filter(\.isFinite)
        let n = finite.count
        guard n > 0 else { return Summary(n: 0, mean: .nan, sd: .nan, ciLow: .nan, ciHigh: .nan) }
        let mean = finite.reduce(0, +) / Double(n)
        guard n > 1 else { return Summary(n: 1, mean: mean, sd: .nan, ciLow: .nan, ciHigh: .nan) }
        let sd = (finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
        let half = StandardNormal.quantile(0.5 + confidenceLevel / 2) * sd / Double(n).squareRoot()
        return Summary(n: n, mean: mean, sd: sd, ciLow: mean - half, ciHigh: mean + half)
    }
}
