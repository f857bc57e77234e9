import Foundation
import LumbarDatasets
import LumbarNumerics
import Sensitivity

/// Calibrate's parameters drawn from their joint distribution rather than one by one.
///
/// Gauss–Newton's covariance s²(JᵀJ)⁻¹ (`fitted.yaml`) couples parameters the data cannot separate: the force–length
/// optimum and width correlate at about 0.9, so drawing them independently would pair an early optimum with a wide
/// curve the fit rules out. A point's coordinates for the fitted inputs become standard normal values cut at
/// ±``InputDistribution/normalCutoff`` (as each marginal is cut), are correlated by the Cholesky factor of the
/// covariance (LAPACK dpotrf), and are clamped to the fit's bounds. The approximation is poor where a bound is
/// active (the clamp then piles values on the bound) or where the cost is far from quadratic over ±2 SE; calibrate
/// reports neither yet, so both are stated rather than corrected.
struct JointFittedDraw: Sendable {
    /// Positions of the fitted inputs among the varied ones, in the covariance's order.
    let columns: [Int]
    let names: [String]
    let means: [Double]
    let bounds: [ClosedRange<Double>]
    /// Lower-triangular L with L·Lᵀ the covariance of `names`.
    let factor: Matrix

    /// The fitted inputs of `inputs` (basis ``UncertainInput/Basis/fitted``) and the part of the covariance between
    /// them; without a covariance in the file, their standard errors alone (independent draws).
    init(fitted: FittedParameters, inputs: [UncertainInput]) throws {
        let chosen = fitted.names.enumerated().compactMap { index, name -> (Int, Int, String)? in
            inputs.firstIndex { $0.basis == .fitted && $0.name == "fitted.\(name)" }.map { ($0, index, name) }
        }
        columns = chosen.map(\.0)
        names = chosen.map(\.2)
        means = names.map { fitted.parameters[$0]!.value }
        bounds = names.map { fitted.parameters[$0]!.lower...fitted.parameters[$0]!.upper }
        let covariance = fitted.covariance.isEmpty
            ? Matrix.diagonal(names.map { pow(fitted.parameters[$0]!.se ?? 0, 2) })
            : Matrix(chosen.map { _, i, _ in chosen.map { _, j, _ in fitted.covariance[i][j] } })
        factor = chosen.isEmpty ? Matrix(rows: 0, columns: 0) : try covariance.cholesky()
    }

    /// The fitted values at a point of the unit hypercube over the varied inputs, by name.
    func values(at point: [Double]) -> [(name: String, value: Double)] {
        let cut = InputDistribution.normalCutoff
        let low = StandardNormal.cdf(-cut), high = StandardNormal.cdf(cut)
        let z = columns.map { StandardNormal.quantile(low + (high - low) * point[$0]) }
        return names.indices.map { i in
            let value = means[i] + (0...i).reduce(0) { $0 + factor[i, $1] * z[$1] }
            return (names[i], min(max(value, bounds[i].lowerBound), bounds[i].upperBound))
        }
    }
}
