import Trial

extension MeanCI {
    /// Mean, sample SD and the t-based confidence interval of the mean of `values` (missing ones, NaN, left
    /// out), as `lumbarsim trial` summarises its arms: for the figures of `simulate` folders.
    static func of(_ values: [Double], alpha: Double) -> MeanCI {
        let summary = Summary(values.filter(\.isFinite))
        let interval = summary.interval(alpha: alpha)
        return MeanCI(n: summary.n, mean: summary.mean, sd: summary.sd, ciLow: interval.low, ciHigh: interval.high)
    }
}
