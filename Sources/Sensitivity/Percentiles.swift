/// Empirical intervals of a sample (bootstrap replicates, estimates over parameter sets).
public enum Percentiles {
    /// The `tail` and `1 − tail` quantiles (nearest rank) of `sample`, ignoring values that are not finite; NaN for
    /// an empty sample.
    public static func interval(_ sample: [Double], tail: Double) -> (low: Double, high: Double) {
        let sorted = sample.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return (.nan, .nan) }
        func rank(_ p: Double) -> Double { sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))] }
        return (rank(tail), rank(1 - tail))
    }
}
