import CLapack

/// Dense factorizations and solvers, each a thin wrapper over one LAPACKE routine.
///
/// Every entry point validates shapes and rejects NaN/∞ before calling LAPACK, so
/// a failure is a thrown `NumericsError` or `LAPACKError`, never a NaN result.
/// Inputs are copied (value semantics); LAPACK overwrites only the copies.
extension Matrix {
    /// Lower-triangular L with A = L·Lᵀ (LAPACK dpotrf); the upper part of L is zero.
    ///
    /// As in LAPACK, only the lower triangle of A is read, so A is assumed symmetric.
    /// Throws `NumericsError.notSquare`/`.nonFinite`, or `LAPACKError` (routine "dpotrf",
    /// `info` = the first leading minor that is not positive) when A is not positive definite.
    public func cholesky() throws -> Matrix {
        var factor = try lowerCholeskyFactor()
        for j in 0..<columns {
            for i in 0..<j {
                factor.storage[i + j * rows] = 0
            }
        }
        return factor
    }

    /// Whether a Cholesky factorization succeeds, i.e. the (lower-triangle-defined)
    /// symmetric matrix is square, finite and numerically positive definite.
    public func isPositiveDefinite() -> Bool {
        (try? lowerCholeskyFactor()) != nil
    }

    /// X solving A·X = B by LU with partial pivoting (LAPACK dgesv), for each column of `b`.
    ///
    /// Throws `LAPACKError` (routine "dgesv") when a pivot is exactly zero.
    public func solve(_ b: Matrix) throws -> Matrix {
        let routine = "dgesv"
        try requireSquare(routine)
        guard b.rows == rows else {
            throw NumericsError.dimensionMismatch(
                routine: routine, detail: "A is \(rows)×\(columns) but b has \(b.rows) rows")
        }
        try requireFinite(routine, b)
        var lu = self
        var x = b
        var pivots = [Int32](repeating: 0, count: rows)
        let info = lu.storage.withUnsafeMutableBufferPointer { a in
            x.storage.withUnsafeMutableBufferPointer { bx in
                pivots.withUnsafeMutableBufferPointer { p in
                    LAPACKE_dgesv(lapackColumnMajor, cDimension(rows), cDimension(b.columns),
                                  a.baseAddress, leadingDimension(rows), p.baseAddress,
                                  bx.baseAddress, leadingDimension(rows))
                }
            }
        }
        try LAPACKError.check(info, routine: routine)
        return x
    }

    /// x solving A·x = b (LAPACK dgesv); see `solve(_: Matrix)`.
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).storage
    }

    /// The n×k X minimising ‖A·X − B‖ column by column, for a full-rank m×n A with
    /// m ≥ n (QR via LAPACK dgels).
    ///
    /// Throws `LAPACKError` (routine "dgels") when R has an exactly zero diagonal entry.
    /// dgels does not estimate conditioning, so a nearly rank-deficient A is not detected.
    public func leastSquares(_ b: Matrix) throws -> Matrix {
        let routine = "dgels"
        guard rows >= columns else {
            throw NumericsError.dimensionMismatch(
                routine: routine, detail: "A is \(rows)×\(columns); least squares needs rows ≥ columns")
        }
        guard b.rows == rows else {
            throw NumericsError.dimensionMismatch(
                routine: routine, detail: "A is \(rows)×\(columns) but b has \(b.rows) rows")
        }
        try requireFinite(routine, b)
        var qr = self
        var work = b
        let info = qr.storage.withUnsafeMutableBufferPointer { a in
            work.storage.withUnsafeMutableBufferPointer { bx in
                LAPACKE_dgels(lapackColumnMajor, CChar(UInt8(ascii: "N")), cDimension(rows), cDimension(columns),
                              cDimension(b.columns), a.baseAddress, leadingDimension(rows),
                              bx.baseAddress, leadingDimension(rows))
            }
        }
        try LAPACKError.check(info, routine: routine)
        // dgels leaves the solution in the first n rows of each m-row column of B.
        var x = Matrix(rows: columns, columns: b.columns)
        for j in 0..<b.columns {
            for i in 0..<columns {
                x.storage[i + j * columns] = work.storage[i + j * rows]
            }
        }
        return x
    }

    /// x minimising ‖A·x − b‖ (LAPACK dgels); see `leastSquares(_: Matrix)`.
    public func leastSquares(_ b: [Double]) throws -> [Double] {
        try leastSquares(Matrix(rows: b.count, columns: 1, columnMajor: b)).storage
    }

    /// Eigen-decomposition A = V·diag(values)·Vᵀ of a symmetric matrix (LAPACK dsyevd):
    /// `values` ascending, `vectors` orthonormal with the eigenvector for `values[k]` in column k.
    ///
    /// Throws `NumericsError.notSymmetric` unless `isSymmetric(tolerance: 1e-12)`, because
    /// dsyevd would otherwise silently decompose just the lower triangle.
    public func symmetricEigen() throws -> (values: [Double], vectors: Matrix) {
        let routine = "dsyevd"
        try requireSquare(routine)
        try requireFinite(routine)
        guard isSymmetric(tolerance: 1e-12) else {
            throw NumericsError.notSymmetric(routine: routine)
        }
        var vectors = self
        var values = [Double](repeating: 0, count: rows)
        let info = vectors.storage.withUnsafeMutableBufferPointer { a in
            values.withUnsafeMutableBufferPointer { w in
                LAPACKE_dsyevd(lapackColumnMajor, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "L")),
                               cDimension(rows), a.baseAddress, leadingDimension(rows), w.baseAddress)
            }
        }
        try LAPACKError.check(info, routine: routine)
        return (values, vectors)
    }

    /// A⁻¹ for a general square matrix, computed as the solution of A·X = I, so errors
    /// are reported as from dgesv. Prefer `solve` when only A⁻¹·b is needed.
    public func inverse() throws -> Matrix {
        try solve(Matrix.identity(rows))
    }

    /// A⁻¹ for a symmetric positive-definite A (LAPACK dpotrf then dpotri), with both
    /// triangles filled — e.g. the covariance of fitted parameters from a normal matrix.
    /// Cheaper and more accurate than `inverse()` for SPD input; only A's lower triangle is read.
    public func choleskyInverse() throws -> Matrix {
        var inverse = try lowerCholeskyFactor()
        let info = inverse.storage.withUnsafeMutableBufferPointer { a in
            LAPACKE_dpotri(lapackColumnMajor, CChar(UInt8(ascii: "L")), cDimension(rows),
                           a.baseAddress, leadingDimension(rows))
        }
        try LAPACKError.check(info, routine: "dpotri")
        // dpotri fills only the lower triangle; mirror it so the result is a true symmetric matrix.
        for j in 0..<columns {
            for i in 0..<j {
                inverse.storage[i + j * rows] = inverse.storage[j + i * rows]
            }
        }
        return inverse
    }

    /// dpotrf's in-place output: L in the lower triangle, A's original upper triangle untouched.
    private func lowerCholeskyFactor() throws -> Matrix {
        let routine = "dpotrf"
        try requireSquare(routine)
        try requireFinite(routine)
        var factor = self
        let info = factor.storage.withUnsafeMutableBufferPointer { a in
            LAPACKE_dpotrf(lapackColumnMajor, CChar(UInt8(ascii: "L")), cDimension(rows),
                           a.baseAddress, leadingDimension(rows))
        }
        try LAPACKError.check(info, routine: routine)
        return factor
    }

    private func requireSquare(_ routine: String) throws(NumericsError) {
        guard isSquare else {
            throw NumericsError.notSquare(routine: routine, rows: rows, columns: columns)
        }
    }

    private func requireFinite(_ routine: String, _ others: Matrix...) throws(NumericsError) {
        guard allFinite, others.allSatisfy(\.allFinite) else {
            throw NumericsError.nonFinite(routine: routine)
        }
    }
}

/// LAPACKE's matrix-layout flag; every Matrix is column-major.
private let lapackColumnMajor = Int32(LAPACK_COL_MAJOR)

/// LAPACK requires a leading dimension of at least 1, even for an empty matrix.
private func leadingDimension(_ rows: Int) -> Int32 {
    cDimension(max(1, rows))
}
