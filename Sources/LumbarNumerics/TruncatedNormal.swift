/// Invalid parameters for a probability distribution.
public enum DistributionError: Error, Equatable, CustomStringConvertible {
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .invalidParameter(let message): "invalid distribution parameter: \(message)"
        }
    }
}

/// N(mean, sd²) restricted to [lower, upper]; either bound may be infinite.
///
/// Sampled by inversion, x = Φ⁻¹(Φ(α) + u·(Φ(β) − Φ(α))), so each draw costs
/// exactly one uniform (stream positions stay predictable) and there is no
/// rejection loop that stalls on narrow or far-tail intervals.
public struct TruncatedNormal: Sendable {
    public let mean: Double
    public let sd: Double
    public let lower: Double
    public let upper: Double

    /// Whether the work is done on the mirror image [−β, −α]. Φ rounds to 1 in
    /// the upper tail (Φ(9) == 1), so an interval above the mean is handled in
    /// the lower tail, where Φ keeps full relative precision.
    private let mirrored: Bool
    /// Standardized bounds in the working (possibly mirrored) frame.
    private let alpha: Double
    private let beta: Double
    /// Φ(alpha) and the probability mass Z, cached so a draw costs one Φ⁻¹ only.
    private let cdfAlpha: Double
    private let mass: Double

    /// Throws unless mean and sd are finite, sd > 0, neither bound is NaN,
    /// lower < upper, and the interval's mass is representable (it underflows
    /// only for bounds beyond about 37 sd on the same side of the mean).
    public init(mean: Double, sd: Double, lower: Double, upper: Double) throws(DistributionError) {
        guard mean.isFinite else { throw .invalidParameter("mean must be finite, got \(mean)") }
        guard sd.isFinite, sd > 0 else { throw .invalidParameter("sd must be finite and > 0, got \(sd)") }
        guard !lower.isNaN, !upper.isNaN, lower < upper else {
            throw .invalidParameter("need lower < upper, got [\(lower), \(upper)]")
        }
        let a = (lower - mean) / sd
        let b = (upper - mean) / sd
        let mirrored = a > 0
        let alpha = mirrored ? -b : a
        let beta = mirrored ? -a : b
        let cdfAlpha = StandardNormal.cdf(alpha)
        let mass = StandardNormal.cdf(beta) - cdfAlpha
        guard mass > 0 else {
            throw .invalidParameter("[\(lower), \(upper)] has no probability mass representable in double precision")
        }
        self.mean = mean
        self.sd = sd
        self.lower = lower
        self.upper = upper
        self.mirrored = mirrored
        self.alpha = alpha
        self.beta = beta
        self.cdfAlpha = cdfAlpha
        self.mass = mass
    }

    /// One draw, consuming exactly one uniform from `stream`.
    public func sample(using stream: inout RandomStream) -> Double {
        // Keep p off 0 and 1 so Φ⁻¹ stays finite even when rounding pushes it
        // there (e.g. Φ(α) + u·Z rounding up to 1 for u just below 1).
        let p = min(max(cdfAlpha + stream.nextUniform() * mass, .leastNonzeroMagnitude), 1.0.nextDown)
        let z = StandardNormal.quantile(p)
        let x = mean + sd * (mirrored ? -z : z)
        // Rounding in Φ, Φ⁻¹ and the affine map can land a few ulps outside.
        return min(max(x, lower), upper)
    }

    /// E[X] = μ + σ·(φ(α) − φ(β))/Z.
    public var expectedMean: Double {
        let shift = sd * inverseMillsDifference
        return mirrored ? mean - shift : mean + shift
    }

    /// Var[X] = σ²·[1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²].
    public var expectedVariance: Double {
        let lambda = inverseMillsDifference
        return sd * sd * (1 + (Self.xPdf(alpha) - Self.xPdf(beta)) / mass - lambda * lambda)
    }

    /// (φ(α) − φ(β))/Z in the working frame.
    private var inverseMillsDifference: Double {
        (StandardNormal.pdf(alpha) - StandardNormal.pdf(beta)) / mass
    }

    /// x·φ(x), taking its limit 0 at ±∞ where the product would be ∞·0 = NaN.
    private static func xPdf(_ x: Double) -> Double {
        x.isFinite ? x * StandardNormal.pdf(x) : 0
    }
}
