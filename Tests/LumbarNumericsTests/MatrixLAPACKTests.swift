import TestSupport
import XCTest
@testable import LumbarNumerics

private func randomMatrix(rows: Int, columns: Int, seed: UInt64) -> Matrix {
    var rng = TestLCG(state: seed)
    return Matrix(rows: rows, columns: columns, columnMajor: (0..<(rows * columns)).map { _ in rng.nextSigned() })
}

/// Bᵀ·B + n·I, symmetrised exactly so LAPACK sees a bit-for-bit symmetric matrix.
private func randomSPD(_ n: Int, seed: UInt64) -> Matrix {
    let b = randomMatrix(rows: n, columns: n, seed: seed)
    let g = b.transposed * b + Matrix.diagonal([Double](repeating: Double(n), count: n))
    let sum = g + g.transposed
    return Matrix(rows: n, columns: n, columnMajor: sum.storage.map { $0 / 2 })
}

private func norm(_ v: [Double]) -> Double {
    Matrix(rows: v.count, columns: 1, columnMajor: v).frobeniusNorm
}

private func assertMatrix(_ actual: Matrix, equals expected: Matrix, accuracy: Double,
                          file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.rows, expected.rows, "rows", file: file, line: line)
    XCTAssertEqual(actual.columns, expected.columns, "columns", file: file, line: line)
    guard actual.rows == expected.rows, actual.columns == expected.columns else { return }
    XCTAssertLessThanOrEqual((actual - expected).maxAbs, accuracy,
                             "\(actual) != \(expected)", file: file, line: line)
}

final class MatrixTests: XCTestCase {
    func testRowListInitIsColumnMajor() {
        let m = Matrix([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(m.rows, 2)
        XCTAssertEqual(m.columns, 3)
        XCTAssertEqual(m.storage, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(m[1, 2], 6)
        XCTAssertEqual(m.row(1), [4, 5, 6])
        XCTAssertEqual(m.column(2), [3, 6])
        XCTAssertEqual(m.transposed, Matrix([[1, 4], [2, 5], [3, 6]]))
        XCTAssertEqual(m, Matrix(rows: 2, columns: 3, columnMajor: [1, 4, 2, 5, 3, 6]))
    }

    func testSubscriptSetAndConstructors() {
        var m = Matrix(rows: 2, columns: 2, repeating: 7)
        m[0, 1] = -1
        XCTAssertEqual(m, Matrix([[7, -1], [7, 7]]))
        XCTAssertEqual(Matrix.identity(3), Matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
        XCTAssertEqual(Matrix.diagonal([2, 3]), Matrix([[2, 0], [0, 3]]))
        XCTAssertEqual(Matrix([]).rows, 0)
        XCTAssertEqual(Matrix([]).columns, 0)
    }

    func testNormsAndArithmetic() {
        let a = Matrix([[3, -4], [0, 0]])
        XCTAssertEqual(a.frobeniusNorm, 5, accuracy: 1e-15)
        XCTAssertEqual(a.maxAbs, 4)
        XCTAssertEqual(Matrix(rows: 2, columns: 2).frobeniusNorm, 0)
        // Scaling keeps the norm from overflowing where a naive Σa² would be +∞.
        XCTAssertEqual(Matrix([[3e200, 4e200]]).frobeniusNorm, 5e200, accuracy: 1e186)
        XCTAssertTrue(Matrix([[1, .nan]]).maxAbs.isNaN)
        XCTAssertTrue(Matrix([[1, .nan]]).frobeniusNorm.isNaN)
        XCTAssertEqual(Matrix([[1, -.infinity]]).frobeniusNorm, .infinity)
        XCTAssertEqual(a + a, Matrix([[6, -8], [0, 0]]))
        XCTAssertEqual(a - a, Matrix(rows: 2, columns: 2))
    }

    func testPredicates() {
        XCTAssertTrue(Matrix([[2, 1], [1, 2]]).isSymmetric())
        XCTAssertFalse(Matrix([[2, 1], [1.5, 2]]).isSymmetric())
        XCTAssertTrue(Matrix([[1e6, 1], [1 + 1e-7, 1e6]]).isSymmetric(tolerance: 1e-12))
        XCTAssertFalse(Matrix([[1, 2, 3]]).isSymmetric())
        XCTAssertFalse(Matrix([[1, .nan], [.nan, 1]]).isSymmetric())
        XCTAssertTrue(Matrix([[1, 2], [3, 4]]).isSquare)
        XCTAssertFalse(Matrix([[1, 2]]).isSquare)
        XCTAssertTrue(Matrix([[1, 2]]).allFinite)
        XCTAssertFalse(Matrix([[1, .infinity]]).allFinite)
    }

    func testDescriptionIsCompactOneLine() {
        XCTAssertEqual(Matrix([[1, 2], [3, 4]]).description, "Matrix 2×2 [[1.0, 2.0], [3.0, 4.0]]")
        let big = randomSPD(50, seed: 1).description
        XCTAssertFalse(big.contains("\n"))
        XCTAssertTrue(big.hasPrefix("Matrix 50×50 [["))
        XCTAssertLessThan(big.count, 1000)
    }
}

final class MatrixBLASTests: XCTestCase {
    func testGemmMatchesNaiveTripleLoop() {
        let a = randomMatrix(rows: 7, columns: 5, seed: 11)
        let b = randomMatrix(rows: 5, columns: 3, seed: 12)
        var naive = Matrix(rows: 7, columns: 3)
        for i in 0..<7 {
            for j in 0..<3 {
                var sum = 0.0
                for k in 0..<5 { sum += a[i, k] * b[k, j] }
                naive[i, j] = sum
            }
        }
        assertMatrix(a * b, equals: naive, accuracy: 1e-14)
    }

    func testGemmKnownAnswerAndEmptyInnerDimension() {
        XCTAssertEqual(Matrix([[1, 2], [3, 4]]) * Matrix([[5, 6], [7, 8]]), Matrix([[19, 22], [43, 50]]))
        XCTAssertEqual(Matrix(rows: 2, columns: 0) * Matrix(rows: 0, columns: 3), Matrix(rows: 2, columns: 3))
    }

    func testGemv() {
        XCTAssertEqual(Matrix([[1, 2, 3], [4, 5, 6]]).multiply([1, 0, -1]), [-2, -2])
    }

    func testLowerTriangularMultiplyIgnoresUpperTriangle() {
        let l = Matrix([[2, 99, 99], [6, 1, 99], [-8, 5, 3]])
        XCTAssertEqual(l.lowerTriangularMultiply([1, 1, 1]), [2, 7, 0])
        XCTAssertEqual(l.lowerTriangularMultiply([1, -2, 0.5]), [2, 4, -16.5])
    }

    func testBLASThreads() {
        BLASThreads.set(1)
        XCTAssertEqual(BLASThreads.count, 1)
    }
}

final class MatrixLAPACKTests: XCTestCase {
    // MARK: Cholesky

    func testCholeskyKnownAnswer() throws {
        let a = Matrix([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
        let l = try a.cholesky()
        XCTAssertEqual(l, Matrix([[2, 0, 0], [6, 1, 0], [-8, 5, 3]]))
        XCTAssertTrue(a.isPositiveDefinite())
    }

    func testCholeskyResidualOnRandomSPD() throws {
        let a = randomSPD(50, seed: 42)
        let l = try a.cholesky()
        for j in 1..<50 {
            for i in 0..<j { XCTAssertEqual(l[i, j], 0) }
        }
        XCTAssertLessThan((l * l.transposed - a).frobeniusNorm / a.frobeniusNorm, 1e-13)
    }

    func testNonPositiveDefiniteReportsFailingMinor() {
        assertThrows(LAPACKError(routine: "dpotrf", info: 2), try Matrix([[1, 2], [2, 1]]).cholesky())
        let a = Matrix([[4, 12, -16], [12, 37, -43], [-16, -43, 80]])
        XCTAssertFalse(a.isPositiveDefinite())
        XCTAssertThrowsError(try a.cholesky()) { error in
            guard let error = error as? LAPACKError else { return XCTFail("threw \(error)") }
            XCTAssertEqual(error.routine, "dpotrf")
            XCTAssertEqual(error.info, 3)
            XCTAssertEqual(error.description,
                           "LAPACK dpotrf failed (info 3): matrix is not positive definite (leading minor 3 is not positive)")
        }
    }

    func testCholeskyRejectsNonSquareAndNonFinite() {
        assertThrows(NumericsError.notSquare(routine: "dpotrf", rows: 2, columns: 3),
                     try Matrix([[1, 0, 0], [0, 1, 0]]).cholesky())
        assertThrows(NumericsError.nonFinite(routine: "dpotrf"), try Matrix([[1, 0], [0, .nan]]).cholesky())
        XCTAssertFalse(Matrix([[1, 0], [0, .nan]]).isPositiveDefinite())
        XCTAssertFalse(Matrix([[1, 0, 0]]).isPositiveDefinite())
    }

    // MARK: Solve and inverse

    func testSolveKnownIntegerSolution() throws {
        let a = Matrix([[2, 1, -1], [-3, -1, 2], [-2, 1, 2]])
        let x = try a.solve([8, -11, -3])
        XCTAssertEqual(x[0], 2, accuracy: 1e-14)
        XCTAssertEqual(x[1], 3, accuracy: 1e-14)
        XCTAssertEqual(x[2], -1, accuracy: 1e-14)
        let two = try a.solve(Matrix([[8, 1], [-11, 0], [-3, 3]]))
        assertMatrix(two, equals: Matrix([[2, 1], [3, 1], [-1, 2]]), accuracy: 1e-14)
    }

    func testSolveResidualOnRandomSPD() throws {
        let a = randomSPD(50, seed: 7)
        var rng = TestLCG(state: 99)
        let b = (0..<50).map { _ in rng.nextSigned() }
        let x = try a.solve(b)
        let r = zip(a.multiply(x), b).map { $0 - $1 }
        XCTAssertLessThan(norm(r) / norm(b), 1e-12)
    }

    func testSingularSolveThrowsDgesv() {
        assertThrows(LAPACKError(routine: "dgesv", info: 2), try Matrix([[1, 2], [2, 4]]).solve([1, 2]))
        XCTAssertEqual(LAPACKError(routine: "dgesv", info: 2).meaning,
                       "U(2,2) is exactly zero: the matrix is singular")
    }

    func testSolveRejectsBadInput() {
        let a = Matrix([[2, 1], [1, 3]])
        assertThrows(NumericsError.nonFinite(routine: "dgesv"), try a.solve([1, .nan]))
        assertThrows(NumericsError.nonFinite(routine: "dgesv"), try Matrix([[.infinity, 1], [1, 3]]).solve([1, 2]))
        assertThrows(NumericsError.notSquare(routine: "dgesv", rows: 1, columns: 2), try Matrix([[1, 2]]).solve([1]))
        XCTAssertThrowsError(try a.solve([1, 2, 3])) { error in
            guard case NumericsError.dimensionMismatch(routine: "dgesv", _)? = error as? NumericsError else {
                return XCTFail("threw \(error)")
            }
        }
    }

    func testInverse() throws {
        let a = Matrix([[4, 7], [2, 6]])
        assertMatrix(try a.inverse(), equals: Matrix([[0.6, -0.7], [-0.2, 0.4]]), accuracy: 1e-14)
        let spd = randomSPD(50, seed: 3)
        XCTAssertLessThan((spd * (try spd.inverse()) - .identity(50)).maxAbs, 1e-13)
        assertThrows(LAPACKError(routine: "dgesv", info: 2), try Matrix([[1, 2], [2, 4]]).inverse())
    }

    func testCholeskyInverseIsSymmetricAndCorrect() throws {
        let a = Matrix([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
        let inv = try a.choleskyInverse()
        XCTAssertEqual(inv, inv.transposed)
        assertMatrix(a * inv, equals: .identity(3), accuracy: 1e-12)
        // Known answer: A⁻¹ = L⁻ᵀL⁻¹ with L from the Cholesky test.
        assertMatrix(inv, equals: Matrix([[49.361111111111111, -13.555555555555556, 2.1111111111111111],
                                          [-13.555555555555556, 3.7777777777777778, -0.55555555555555556],
                                          [2.1111111111111111, -0.55555555555555556, 0.11111111111111111]]),
                     accuracy: 1e-12)
        let spd = randomSPD(50, seed: 5)
        assertMatrix(try spd.choleskyInverse(), equals: try spd.inverse(), accuracy: 1e-14)
        assertThrows(LAPACKError(routine: "dpotrf", info: 2), try Matrix([[1, 2], [2, 1]]).choleskyInverse())
    }

    // MARK: Least squares

    func testLeastSquaresLineFit() throws {
        // y = 1 + 2x plus residuals (1, -1, -1, 1, 0), which sum to zero and are orthogonal to x,
        // so the fitted intercept and slope are exactly 1 and 2.
        let xs: [Double] = [0, 1, 2, 3, 4]
        let design = Matrix(xs.map { [1, $0] })
        let fit = try design.leastSquares([2, 2, 4, 8, 9])
        XCTAssertEqual(fit.count, 2)
        XCTAssertEqual(fit[0], 1, accuracy: 1e-14)
        XCTAssertEqual(fit[1], 2, accuracy: 1e-14)

        // (1,6), (2,5), (3,7), (4,10): y = 3.5 + 1.4x.
        let second = try Matrix([[1, 1], [1, 2], [1, 3], [1, 4]]).leastSquares([6, 5, 7, 10])
        XCTAssertEqual(second[0], 3.5, accuracy: 1e-14)
        XCTAssertEqual(second[1], 1.4, accuracy: 1e-14)
    }

    func testLeastSquaresResidualIsOrthogonalToColumns() throws {
        let a = randomMatrix(rows: 50, columns: 6, seed: 21)
        let b = randomMatrix(rows: 50, columns: 2, seed: 22)
        let x = try a.leastSquares(b)
        XCTAssertEqual(x.rows, 6)
        XCTAssertEqual(x.columns, 2)
        let normal = a.transposed * (a * x - b)
        XCTAssertLessThan(normal.maxAbs / (a.frobeniusNorm * a.frobeniusNorm * b.frobeniusNorm), 1e-14)
        // A square, non-singular system is solved exactly.
        let sq = randomSPD(10, seed: 23)
        let rhs = randomMatrix(rows: 10, columns: 1, seed: 24)
        assertMatrix(try sq.leastSquares(rhs), equals: try sq.solve(rhs), accuracy: 1e-13)
    }

    func testRankDeficientLeastSquaresThrows() {
        let a = Matrix([[1, 0], [2, 0], [3, 0]])
        XCTAssertThrowsError(try a.leastSquares([1, 2, 3])) { error in
            guard let error = error as? LAPACKError else { return XCTFail("threw \(error)") }
            XCTAssertEqual(error.routine, "dgels")
            XCTAssertEqual(error.info, 2)
            XCTAssertEqual(error.meaning,
                           "the 2-th diagonal element of the triangular factor is zero: A does not have full rank")
        }
    }

    func testLeastSquaresRejectsBadInput() {
        assertThrows(NumericsError.nonFinite(routine: "dgels"), try Matrix([[1, 0], [0, 1], [1, 1]]).leastSquares([1, .nan, 0]))
        XCTAssertThrowsError(try Matrix([[1, 2, 3]]).leastSquares([1])) { error in
            guard case NumericsError.dimensionMismatch(routine: "dgels", _)? = error as? NumericsError else {
                return XCTFail("threw \(error)")
            }
        }
        XCTAssertThrowsError(try Matrix([[1], [2]]).leastSquares([1])) { error in
            guard case NumericsError.dimensionMismatch(routine: "dgels", _)? = error as? NumericsError else {
                return XCTFail("threw \(error)")
            }
        }
    }

    // MARK: Symmetric eigen-decomposition

    func testEigenTwoByTwo() throws {
        let (values, vectors) = try Matrix([[2, 1], [1, 2]]).symmetricEigen()
        XCTAssertEqual(values[0], 1, accuracy: 1e-14)
        XCTAssertEqual(values[1], 3, accuracy: 1e-14)
        let s = 0.5.squareRoot()
        // Eigenvectors are unique up to sign.
        XCTAssertEqual(abs(vectors[0, 0]), s, accuracy: 1e-14)
        XCTAssertEqual(vectors[0, 0], -vectors[1, 0], accuracy: 1e-14)
        XCTAssertEqual(vectors[0, 1], vectors[1, 1], accuracy: 1e-14)
    }

    func testEigenKnownThreeByThree() throws {
        // The 1-D discrete Laplacian: eigenvalues 2 − √2, 2, 2 + √2.
        let (values, _) = try Matrix([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]).symmetricEigen()
        XCTAssertEqual(values[0], 2 - 2.0.squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(values[1], 2, accuracy: 1e-14)
        XCTAssertEqual(values[2], 2 + 2.0.squareRoot(), accuracy: 1e-14)
    }

    func testEigenResidualOnRandomSPD() throws {
        let a = randomSPD(50, seed: 8)
        let (values, v) = try a.symmetricEigen()
        XCTAssertEqual(values, values.sorted())
        XCTAssertLessThan((v.transposed * v - .identity(50)).frobeniusNorm, 1e-12)
        XCTAssertLessThan((a * v - v * .diagonal(values)).frobeniusNorm / a.frobeniusNorm, 1e-13)
    }

    func testEigenRejectsBadInput() {
        assertThrows(NumericsError.notSymmetric(routine: "dsyevd"), try Matrix([[1, 2], [3, 4]]).symmetricEigen())
        assertThrows(NumericsError.nonFinite(routine: "dsyevd"), try Matrix([[1, .nan], [.nan, 1]]).symmetricEigen())
        assertThrows(NumericsError.notSquare(routine: "dsyevd", rows: 1, columns: 2), try Matrix([[1, 2]]).symmetricEigen())
    }

    // MARK: Edge cases and messages

    func testEmptySystems() throws {
        let empty = Matrix(rows: 0, columns: 0)
        XCTAssertEqual(try empty.cholesky(), empty)
        XCTAssertEqual(try empty.solve([]), [])
        XCTAssertEqual(try empty.symmetricEigen().values, [])
    }

    func testErrorDescriptionsAreSingleLines() {
        let errors: [any Error & CustomStringConvertible] = [
            LAPACKError(routine: "dpotrf", info: 3),
            LAPACKError(routine: "dgesv", info: -4),
            LAPACKError(routine: "dgels", info: 2),
            LAPACKError(routine: "dsyevd", info: 1),
            LAPACKError(routine: "dpotri", info: 1),
            NumericsError.nonFinite(routine: "dgesv"),
            NumericsError.dimensionMismatch(routine: "dgesv", detail: "A is 2×2 but b has 3 rows"),
            NumericsError.notSquare(routine: "dpotrf", rows: 2, columns: 3),
            NumericsError.notSymmetric(routine: "dsyevd"),
        ]
        for error in errors {
            XCTAssertFalse(error.description.contains("\n"), error.description)
            XCTAssertFalse(error.description.isEmpty)
        }
        XCTAssertEqual(LAPACKError(routine: "dgesv", info: -4).description,
                       "LAPACK dgesv failed (info -4): argument 4 had an illegal value")
        XCTAssertEqual(LAPACKError(routine: "dsyevd", info: 1).meaning, "the algorithm failed to converge")
        XCTAssertEqual(NumericsError.nonFinite(routine: "dgesv").description, "input to dgesv contains NaN or infinity")
    }
}
