import LumbarNumerics

/// An ordinary least-squares fit y = Xβ + ε on LAPACK: β by QR (dgels), and the covariance σ²(XᵀX)⁻¹ from the
/// Cholesky factor of XᵀX (dpotrf, dpotri), with σ² = RSS / (n − p).
public struct LinearModel: Sendable {
    public let coefficients: [Double]
    /// σ²(XᵀX)⁻¹.
    public let covariance: Matrix
    public let residualVariance: Double
    public let residualDF: Int

    /// Throws `LAPACKError` when X is rank-deficient (dgels or dpotrf name the routine), and
    /// `NumericsError.dimensionMismatch` unless there are more observations than coefficients.
    public init(design x: Matrix, response y: [Double]) throws {
        guard x.rows > x.columns else {
            throw NumericsError.dimensionMismatch(routine: "dgels", detail: "\(x.rows) observations for \(x.columns) coefficients: no residual degrees of freedom")
        }
        coefficients = try x.leastSquares(y)
        let fitted = x.multiply(coefficients)
        let rss = zip(y, fitted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        residualDF = x.rows - x.columns
        let variance = rss / Double(residualDF)
        residualVariance = variance
        let inverse = try (x.transposed * x).choleskyInverse()
        covariance = Matrix(rows: inverse.rows, columns: inverse.columns, columnMajor: inverse.storage.map { $0 * variance })
    }

    public func standardError(_ j: Int) -> Double { covariance[j, j].squareRoot() }
}
