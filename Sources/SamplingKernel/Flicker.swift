import Foundation

/// The load cell's 1/f (flicker) noise as a sum of three first-order (AR(1)) processes with corner frequencies
/// one decade apart, driven by the sample's own white-noise draw.
///
/// A sum of Lorentzians of equal variance spaced a decade apart has a 1/f spectrum between the outer corners
/// (the classic construction of flicker noise). Driving the three poles with the white term's draw instead of a
/// second one halves the random numbers per sample; the total spectrum is then |σ_w + H_f(f)|², which is σ_w²
/// above the corners and 1/f-shaped below them — only near the crossover do the two terms add coherently.
/// Gains are scaled so that the stationary SD of the flicker sum is `sdNm` exactly.
public struct Flicker: Sendable, Equatable {
    /// x_k ← pole_k · x_k + gain_k · z, per sample.
    public var poles: SIMD3<Double>
    public var gains: SIMD3<Double>

    /// No flicker term.
    public static let none = Flicker(poles: .zero, gains: .zero)

    public init(poles: SIMD3<Double>, gains: SIMD3<Double>) {
        self.poles = poles
        self.gains = gains
    }

    /// Poles exp(−2π f_k / rate); equal stationary variance per pole, scaled so the sum's SD is `sdNm`.
    /// `@inlinable` so that this set-up code compiles in the caller, without the kernel's CPU target (valgrind,
    /// which the CI gate runs, rejects some of the AVX encodings it would otherwise get).
    @inlinable
    public init(sdNm: Double, cornersHz: SIMD3<Double>, sampleRateHz: Double) {
        var poles = SIMD3<Double>()
        var shape = SIMD3<Double>()
        for k in 0..<3 {
            poles[k] = exp(-2 * Double.pi * cornersHz[k] / sampleRateHz)
            shape[k] = (1 - poles[k] * poles[k]).squareRoot()
        }
        // Stationary variance of Σ x_k for unit gains·shape: Σ_jk shape_j shape_k / (1 − pole_j pole_k).
        var variance = 0.0
        for j in 0..<3 {
            for k in 0..<3 { variance += shape[j] * shape[k] / (1 - poles[j] * poles[k]) }
        }
        self.init(poles: poles, gains: sdNm > 0 ? shape * (sdNm / variance.squareRoot()) : .zero)
    }
}
