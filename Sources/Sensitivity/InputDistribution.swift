import LumbarNumerics

/// How an uncertain input is spread, given by its quantile so that any unit-hypercube design maps onto it.
public enum InputDistribution: Sendable, Equatable {
    /// Every value in [lower, upper] equally plausible (an assumption's stated range).
    case uniform(lower: Double, upper: Double)
    /// A published mean and SD (or SE): normal, cut at ±``normalCutoff`` SD and at the hard bounds the model allows.
    case normal(mean: Double, sd: Double, lower: Double = -.infinity, upper: Double = .infinity)

    /// Normal inputs are cut at ±2 SD: Morris designs use the ends of the range, where an uncut quantile is infinite,
    /// and ±2 SD is the interval a published SD or SE commonly spans (95 %).
    public static let normalCutoff = 2.0

    /// The value at probability `u` in [0, 1].
    public func quantile(_ u: Double) -> Double {
        switch self {
        case let .uniform(lower, upper):
            // Clamped: at u = 1 the sum can round one ulp past `upper`, a value the range itself refuses.
            return min(max(lower + (upper - lower) * u, lower), upper)
        case let .normal(mean, sd, lower, upper):
            guard sd > 0 else { return mean }
            let low = StandardNormal.cdf((max(lower, mean - Self.normalCutoff * sd) - mean) / sd)
            let high = StandardNormal.cdf((min(upper, mean + Self.normalCutoff * sd) - mean) / sd)
            return mean + sd * StandardNormal.quantile(low + (high - low) * u)
        }
    }

    /// The smallest and largest values the input takes.
    public var range: ClosedRange<Double> { quantile(0)...quantile(1) }
}
