import Foundation

/// The regularized incomplete beta function I_x(a, b) and its inverse: the distribution function of the beta
/// distribution, and through it Student's t, the F distribution and exact binomial confidence limits.
public enum IncompleteBeta {
    /// Relative size of the last continued-fraction step at which the expansion is taken as converged.
    static let tolerance = 1e-16
    /// Continued-fraction steps before giving up; convergence needs about √max(a, b) steps.
    static let maxSteps = 10_000

    /// I_x(a, b) for a, b > 0 and x in [0, 1]; NaN outside that domain. Relative precision about 1e-15, and
    /// about 1e-13 once a or b is in the hundreds (log Γ of large arguments cancels in log B(a, b)).
    ///
    /// `complement` is 1 − x when the caller has it more accurately than `1 - x` (e.g. t²/(ν + t²) in Student's t).
    public static func regularized(x: Double, a: Double, b: Double, complement: Double? = nil) -> Double {
        let y = complement ?? 1 - x
        guard a > 0, b > 0, x >= 0, y >= 0, x.isFinite, y.isFinite else { return .nan }
        if x == 0 { return 0 }
        if y == 0 { return 1 }
        // The continued fraction converges fast for x below the mean (a+1)/(a+b+2); above it, use the symmetry
        // I_x(a, b) = 1 − I_{1−x}(b, a).
        if x < (a + 1) / (a + b + 2) {
            return front(x: x, y: y, a: a, b: b) * continuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - front(x: y, y: x, a: b, b: a) * continuedFraction(x: y, a: b, b: a) / b
    }

    /// Absolute width of the bracket at which `quantile` stops (about 54 bisection steps).
    static let quantileTolerance = 1e-16

    /// The x with I_x(a, b) = p, to ``quantileTolerance``, by bisection: I is monotone in x, and bisection stays
    /// robust where a or b < 1 makes the density unbounded at an end. Above the median it solves for 1 − x
    /// (I_x(a, b) = 1 − I_{1−x}(b, a)), so that a quantile close to 1 is found as precisely as one close to 0.
    public static func quantile(_ p: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        if p > 0.5 { return 1 - quantile(1 - p, a: b, b: a) }
        var low = 0.0, high = 1.0
        while high - low > quantileTolerance {
            let mid = 0.5 * (low + high)
            guard mid > low, mid < high else { break }
            if regularized(x: mid, a: a, b: b) < p { low = mid } else { high = mid }
        }
        return 0.5 * (low + high)
    }

    /// x^a (1−x)^b / B(a, b), in logs so that large a and b do not overflow.
    static func front(x: Double, y: Double, a: Double, b: Double) -> Double {
        exp(a * log(x) + b * log(y) - logBeta(a, b))
    }

    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b).
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        lgamma(a) + lgamma(b) - lgamma(a + b)
    }

    /// The continued fraction of I_x(a, b) (Abramowitz & Stegun 26.5.8), evaluated by the modified Lentz method.
    static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = Double.leastNormalMagnitude / Double.ulpOfOne
        func guarded(_ v: Double) -> Double { abs(v) < tiny ? tiny : v }
        var c = 1.0
        var d = 1 / guarded(1 - (a + b) * x / (a + 1))
        var value = d
        for m in 1...maxSteps {
            let k = Double(m)
            // Even step: m (b − m) x / ((a + 2m − 1)(a + 2m)).
            let even = k * (b - k) * x / ((a + 2 * k - 1) * (a + 2 * k))
            d = 1 / guarded(1 + even * d)
            c = guarded(1 + even / c)
            value *= d * c
            // Odd step: −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
            let odd = -(a + k) * (a + b + k) * x / ((a + 2 * k) * (a + 2 * k + 1))
            d = 1 / guarded(1 + odd * d)
            c = guarded(1 + odd / c)
            let step = d * c
            value *= step
            if abs(step - 1) < tolerance { break }
        }
        return value
    }
}

/// The beta distribution Beta(a, b) on (0, 1).
public struct BetaDistribution: Sendable, Equatable {
    public let a: Double
    public let b: Double

    public init(a: Double, b: Double) {
        self.a = a
        self.b = b
    }

    /// The beta distribution with this mean and concentration a + b (its variance is mean(1 − mean)/(a + b + 1)).
    public init(mean: Double, concentration: Double) {
        self.init(a: mean * concentration, b: (1 - mean) * concentration)
    }

    /// The concentration a + b that gives a beta distribution this mean and standard deviation; nil when no beta
    /// distribution has them (sd² must be below mean(1 − mean)).
    public static func concentration(mean: Double, sd: Double) -> Double? {
        let spread = mean * (1 - mean)
        guard mean > 0, mean < 1, sd > 0, sd * sd < spread else { return nil }
        return spread / (sd * sd) - 1
    }

    public func cdf(_ x: Double) -> Double { IncompleteBeta.regularized(x: x, a: a, b: b) }

    public func quantile(_ p: Double) -> Double { IncompleteBeta.quantile(p, a: a, b: b) }

    /// One draw by inversion (one uniform per draw, so a stream's position stays predictable).
    public func sample(using rng: inout RandomStream) -> Double { quantile(rng.nextUniform()) }
}
