/// The model's part of an estimate's uncertainty over parameter sets (`--uncertainty N` of `trial` and `simulate`):
/// the 2.5th and 97.5th percentiles of its values over the sets, and the sets' share of its variance, the sampling
/// part being the committed parameters' squared standard error.
public struct ModelSpread: Sendable, Equatable {
    public var low: Double
    public var high: Double
    /// The values' variance over that plus `standardError`²; 0 below two values or when both are 0.
    public var share: Double

    public init(_ values: [Double], standardError se: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1) : .nan
        (low, high) = Percentiles.interval(values, tail: 0.025)
        let total = variance + se * se
        share = total > 0 ? variance / total : 0
    }
}
