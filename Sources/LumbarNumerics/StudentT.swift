import Foundation

/// Student's t distribution with ν degrees of freedom (ν > 0, not necessarily whole), through the regularized
/// incomplete beta function: P(|T| > t) = I_{ν/(ν+t²)}(ν/2, 1/2).
public enum StudentT {
    /// P(|T| ≥ |t|): the two-sided p-value of a t statistic. Full relative precision in the far tail.
    public static func twoSidedP(_ t: Double, df: Double) -> Double {
        guard df > 0, !t.isNaN else { return .nan }
        if t.isInfinite { return 0 }
        let t2 = t * t
        return IncompleteBeta.regularized(x: df / (df + t2), a: df / 2, b: 0.5, complement: t2 / (df + t2))
    }

    /// Distribution function P(T ≤ t).
    public static func cdf(_ t: Double, df: Double) -> Double {
        let tail = 0.5 * twoSidedP(t, df: df)
        return t > 0 ? 1 - tail : tail
    }

    /// Density at t.
    public static func pdf(_ t: Double, df: Double) -> Double {
        let logNorm = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * Double.pi)
        return exp(logNorm - (df + 1) / 2 * log1p(t * t / df))
    }

    /// The t with P(T ≤ t) = p: Newton's method on the upper tail from the normal quantile, kept inside a bracket
    /// that bisection narrows whenever a Newton step would leave it.
    public static func quantile(_ p: Double, df: Double) -> Double {
        guard df > 0, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, df: df) }
        let target = 1 - p  // the upper tail, formed exactly for p ≥ 0.5
        func tail(_ t: Double) -> Double { 0.5 * twoSidedP(t, df: df) }
        var low = 0.0
        var high = max(1, StandardNormal.quantile(p))
        while tail(high) > target { low = high; high *= 2 }
        var t = 0.5 * (low + high)
        for _ in 0..<200 {
            let excess = tail(t) - target
            if excess > 0 { low = t } else { high = t }
            var next = t + excess / pdf(t, df: df)
            if !(next > low && next < high) { next = 0.5 * (low + high) }
            if abs(next - t) <= 4 * Double.ulpOfOne * t { return next }
            t = next
        }
        return t
    }
}
