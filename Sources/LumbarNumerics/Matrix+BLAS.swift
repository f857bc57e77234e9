import CLapack

/// Products over OpenBLAS (CBLAS), column-major throughout.
///
/// These are not throwing: shape errors are programming errors and trap with a
/// message, and BLAS propagates NaN/∞ by IEEE rules rather than failing.
extension Matrix {
    /// The matrix product a·b (cblas_dgemm).
    public static func * (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.columns == b.rows,
                     "Cannot multiply a \(a.rows)×\(a.columns) by a \(b.rows)×\(b.columns) matrix")
        var c = Matrix(rows: a.rows, columns: b.columns)
        // An empty inner dimension gives the zero matrix; BLAS is not needed (or handed empty buffers).
        guard a.rows > 0, b.columns > 0, a.columns > 0 else { return c }
        a.storage.withUnsafeBufferPointer { ap in
            b.storage.withUnsafeBufferPointer { bp in
                c.storage.withUnsafeMutableBufferPointer { cp in
                    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans,
                                cDimension(a.rows), cDimension(b.columns), cDimension(a.columns),
                                1, ap.baseAddress, cDimension(a.rows),
                                bp.baseAddress, cDimension(b.rows),
                                0, cp.baseAddress, cDimension(c.rows))
                }
            }
        }
        return c
    }

    /// The matrix-vector product A·x (cblas_dgemv).
    public func multiply(_ x: [Double]) -> [Double] {
        precondition(x.count == columns,
                     "Cannot multiply a \(rows)×\(columns) matrix by a vector of length \(x.count)")
        var y = [Double](repeating: 0, count: rows)
        guard rows > 0, columns > 0 else { return y }
        storage.withUnsafeBufferPointer { ap in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    cblas_dgemv(CblasColMajor, CblasNoTrans, cDimension(rows), cDimension(columns),
                                1, ap.baseAddress, cDimension(rows), xp.baseAddress, 1,
                                0, yp.baseAddress, 1)
                }
            }
        }
        return y
    }

    /// y = L·z for a square lower-triangular L (cblas_dtrmv), e.g. a Cholesky factor:
    /// x = μ + L·z turns independent standard normals z into correlated ones.
    /// Only the lower triangle is read, so the raw output of a factorization can be used.
    public func lowerTriangularMultiply(_ z: [Double]) -> [Double] {
        precondition(isSquare, "lowerTriangularMultiply needs a square matrix, got \(rows)×\(columns)")
        precondition(z.count == rows,
                     "Cannot multiply a \(rows)×\(columns) matrix by a vector of length \(z.count)")
        var y = z
        guard rows > 0 else { return y }
        storage.withUnsafeBufferPointer { ap in
            y.withUnsafeMutableBufferPointer { yp in
                cblas_dtrmv(CblasColMajor, CblasLower, CblasNoTrans, CblasNonUnit,
                            cDimension(rows), ap.baseAddress, cDimension(rows), yp.baseAddress, 1)
            }
        }
        return y
    }
}

/// A dimension as the 32-bit integer of the LP64 BLAS/LAPACK interface. Traps with a
/// clear message rather than passing a truncated size to C.
func cDimension(_ n: Int) -> Int32 {
    guard let value = Int32(exactly: n) else {
        preconditionFailure("Dimension \(n) exceeds the 32-bit BLAS/LAPACK integer range")
    }
    return value
}
