import LumbarNumerics

/// Count, mean and SD of a sample, with the t-based confidence interval of the mean.
public struct Summary: Sendable {
    public let n: Int
    public let mean: Double
    /// Sum of squared deviations from the mean.
    public let sumOfSquares: Double

    /// Computed on the values shifted by the first one, so that identical values give exactly zero spread and
    /// large values with small differences lose no precision.
    public init<C: Collection<Double>>(_ values: C) {
        n = values.count
        let shift = values.first ?? 0
        let offset = n > 0 ? values.reduce(0) { $0 + ($1 - shift) } / Double(n) : .nan
        mean = shift + offset
        sumOfSquares = values.reduce(0) { $0 + ($1 - shift - offset) * ($1 - shift - offset) }
    }

    /// A summary given as published: count, mean and sample SD.
    public init(n: Int, mean: Double, sd: Double) {
        self.n = n
        self.mean = mean
        sumOfSquares = n >= 2 ? sd * sd * Double(n - 1) : 0
    }

    /// The sample SD (n − 1); NaN below 2 values.
    public var sd: Double { n >= 2 ? (sumOfSquares / Double(n - 1)).squareRoot() : .nan }

    /// mean ± t(1 − alpha/2, n − 1)·SD/√n; NaN below 2 values.
    public func interval(alpha: Double) -> (low: Double, high: Double) {
        guard n >= 2 else { return (.nan, .nan) }
        let half = StudentT.quantile(1 - alpha / 2, df: Double(n - 1)) * sd / Double(n).squareRoot()
        return (mean - half, mean + half)
    }
}

/// Hedges' g of an arm against the reference, with its normal-theory confidence interval.
///
/// g = ω·D / S: D is the covariate-adjusted mean difference (the ANCOVA estimate), S the pooled within-arm SD of
/// the unadjusted follow-up values, ω = 1 − 3/(4(n₁ + n₂) − 9) the small-sample correction (the What Works
/// Clearinghouse's effect size for ANCOVA results). Var(g) = ω²[(n₁ + n₂)/(n₁n₂) + d²/(2(n₁ + n₂))] with d = D/S
/// (Hedges & Olkin 1985; Borenstein et al. 2009, ch. 4).
public struct HedgesG: Sendable {
    public let g: Double
    public let standardError: Double
    public let ciLow: Double
    public let ciHigh: Double

    /// Nil unless both groups have values and the pooled SD is positive.
    public init?(difference: Double, arm: Summary, reference: Summary, alpha: Double) {
        let n1 = Double(arm.n), n2 = Double(reference.n)
        guard arm.n >= 1, reference.n >= 1, arm.n + reference.n > 2 else { return nil }
        let pooled = ((arm.sumOfSquares + reference.sumOfSquares) / (n1 + n2 - 2)).squareRoot()
        guard pooled > 0, difference.isFinite else { return nil }
        let d = difference / pooled
        let omega = 1 - 3 / (4 * (n1 + n2) - 9)
        g = omega * d
        standardError = omega * ((n1 + n2) / (n1 * n2) + d * d / (2 * (n1 + n2))).squareRoot()
        let z = StandardNormal.quantile(1 - alpha / 2)
        ciLow = g - z * standardError
        ciHigh = g + z * standardError
    }
}

/// The exact (Clopper–Pearson) confidence interval of a binomial proportion, through the beta quantile.
public enum ClopperPearson {
    public static func interval(successes x: Int, trials n: Int, alpha: Double) -> (low: Double, high: Double) {
        guard n > 0, (0...n).contains(x) else { return (.nan, .nan) }
        let low = x == 0 ? 0 : IncompleteBeta.quantile(alpha / 2, a: Double(x), b: Double(n - x + 1))
        let high = x == n ? 1 : IncompleteBeta.quantile(1 - alpha / 2, a: Double(x + 1), b: Double(n - x))
        return (low, high)
    }
}
