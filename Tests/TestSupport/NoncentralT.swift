import Foundation
import LumbarNumerics

/// The noncentral t distribution: the law of a t statistic when the effect is not zero, and so the analytic power
/// of a t test that the simulated power is checked against.
public enum NoncentralT {
    /// P(T ≤ t) for T with `df` degrees of freedom and noncentrality `delta`: Lenth's series (1989, Applied
    /// Statistics algorithm AS 243), a Poisson-weighted sum of incomplete beta functions, to 1e-13.
    public static func cdf(_ t: Double, df: Double, delta: Double) -> Double {
        // P(T ≤ t; δ) = 1 − P(T ≤ −t; −δ): the series below wants t ≥ 0.
        if t < 0 { return 1 - cdf(-t, df: df, delta: -delta) }
        let normalTail = StandardNormal.cdf(-delta)
        guard t > 0 else { return normalTail }
        let x = t * t / (t * t + df)
        let lambda = delta * delta
        var p = 0.5 * exp(-0.5 * lambda)
        var q = (2 / Double.pi).squareRoot() * p * delta
        var s = 0.5 - p
        var a = 0.5
        let b = 0.5 * df
        let rxb = pow(1 - x, b)
        var xOdd = IncompleteBeta.regularized(x: x, a: a, b: b)
        var gOdd = 2 * rxb * exp(a * log(x) - IncompleteBeta.logBeta(a, b))
        var xEven = 1 - rxb
        var gEven = b * x * rxb
        var sum = p * xOdd + q * xEven
        for j in 1...2000 {
            a += 1
            xOdd -= gOdd
            xEven -= gEven
            gOdd *= x * (a + b - 1) / a
            gEven *= x * (a + b - 0.5) / (a + 0.5)
            p *= lambda / Double(2 * j)
            q *= lambda / Double(2 * j + 1)
            s -= p
            sum += p * xOdd + q * xEven
            if 2 * s * (xOdd - gOdd) <= 1e-14 { break }
        }
        return sum + normalTail
    }

    /// The power of a two-sided t test at `alpha` with `df` degrees of freedom when the statistic's noncentrality
    /// is `delta`: P(|T| > t₁₋α/₂).
    public static func twoSidedPower(df: Double, delta: Double, alpha: Double) -> Double {
        let critical = StudentT.quantile(1 - alpha / 2, df: df)
        return 1 - cdf(critical, df: df, delta: delta) + cdf(-critical, df: df, delta: delta)
    }
}
