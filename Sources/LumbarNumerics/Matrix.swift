/// A dense matrix of `Double`.
///
/// Storage is column-major so a matrix can be passed to LAPACK and BLAS as-is,
/// without copying or transposing at every call.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// The entries, column after column: entry (i, j) is at `i + j * rows`.
    public internal(set) var storage: [Double]

    /// A `rows`×`columns` matrix with every entry equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative, got \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix taking ownership of column-major entries, e.g. a buffer filled by LAPACK.
    public init(rows: Int, columns: Int, columnMajor: [Double]) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative, got \(rows)×\(columns)")
        precondition(columnMajor.count == rows * columns,
                     "A \(rows)×\(columns) matrix needs \(rows * columns) entries, got \(columnMajor.count)")
        self.rows = rows
        self.columns = columns
        self.storage = columnMajor
    }

    /// A matrix written row by row, so literals read the way they are printed:
    /// `Matrix([[1, 2], [3, 4]])` has first row 1 2.
    public init(_ rowList: [[Double]]) {
        let columns = rowList.first?.count ?? 0
        precondition(rowList.allSatisfy { $0.count == columns },
                     "Matrix rows must all have the same length (\(columns))")
        var storage = [Double](repeating: 0, count: rowList.count * columns)
        for (i, row) in rowList.enumerated() {
            for (j, value) in row.enumerated() {
                storage[i + j * rowList.count] = value
            }
        }
        self.init(rows: rowList.count, columns: columns, columnMajor: storage)
    }

    /// The n×n identity.
    public static func identity(_ n: Int) -> Matrix {
        diagonal([Double](repeating: 1, count: n))
    }

    /// A square matrix with `d` on the diagonal and zeros elsewhere.
    public static func diagonal(_ d: [Double]) -> Matrix {
        var m = Matrix(rows: d.count, columns: d.count)
        for (i, value) in d.enumerated() {
            m.storage[i + i * d.count] = value
        }
        return m
    }

    /// Entry (row, column), written `m[i, j]`. Both indices are checked, because a bad
    /// row index could otherwise land silently on a valid entry of another column.
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Index (\(row), \(column)) out of range for a \(rows)×\(columns) matrix")
            return storage[row + column * rows]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Index (\(row), \(column)) out of range for a \(rows)×\(columns) matrix")
            storage[row + column * rows] = newValue
        }
    }

    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows {
                t.storage[j + i * columns] = storage[i + j * rows]
            }
        }
        return t
    }

    /// Column `j` (contiguous in storage, so this is a plain slice copy).
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "Column \(j) out of range for a \(rows)×\(columns) matrix")
        return Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// Row `i` (strided in storage).
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "Row \(i) out of range for a \(rows)×\(columns) matrix")
        return (0..<columns).map { storage[i + $0 * rows] }
    }

    public var isSquare: Bool { rows == columns }

    /// Whether the matrix is square and |aᵢⱼ − aⱼᵢ| ≤ `tolerance` · max|aᵢⱼ| for every pair.
    /// The tolerance is relative so the test does not depend on the units of the entries.
    public func isSymmetric(tolerance: Double = 1e-12) -> Bool {
        guard isSquare else { return false }
        let bound = tolerance * maxAbs
        for j in 0..<columns {
            for i in (j + 1)..<rows {
                // Written as `!(x <= bound)` so that a NaN entry makes the matrix non-symmetric.
                if !((storage[i + j * rows] - storage[j + i * rows]).magnitude <= bound) {
                    return false
                }
            }
        }
        return true
    }

    /// The Frobenius norm √(Σ aᵢⱼ²), scaled by the largest entry so that squaring
    /// cannot overflow or underflow. NaN if any entry is NaN, +∞ if any is infinite.
    public var frobeniusNorm: Double {
        let scale = maxAbs
        guard scale > 0, scale.isFinite else { return scale }
        var sum = 0.0
        for value in storage {
            let scaled = value / scale
            sum += scaled * scaled
        }
        return scale * sum.squareRoot()
    }

    /// The largest |aᵢⱼ| (0 for an empty matrix); NaN if any entry is NaN, rather than
    /// letting a comparison quietly skip it.
    public var maxAbs: Double {
        var largest = 0.0
        for value in storage {
            let magnitude = value.magnitude
            if magnitude.isNaN { return .nan }
            if magnitude > largest { largest = magnitude }
        }
        return largest
    }

    /// Whether every entry is finite; LAPACK entry points check this before running.
    public var allFinite: Bool { storage.allSatisfy(\.isFinite) }

    public static func + (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns,
                     "Cannot add a \(a.rows)×\(a.columns) and a \(b.rows)×\(b.columns) matrix")
        return Matrix(rows: a.rows, columns: a.columns, columnMajor: zip(a.storage, b.storage).map { $0 + $1 })
    }

    public static func - (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns,
                     "Cannot subtract a \(b.rows)×\(b.columns) from a \(a.rows)×\(a.columns) matrix")
        return Matrix(rows: a.rows, columns: a.columns, columnMajor: zip(a.storage, b.storage).map { $0 - $1 })
    }
}

extension Matrix: CustomStringConvertible {
    /// One line: the shape, then the rows. Large matrices show only their first
    /// rows and columns, so logging one never floods the output.
    public var description: String {
        let shown = 6
        func list(_ count: Int, _ item: (Int) -> String) -> String {
            let items = (0..<min(count, shown)).map(item)
            return "[" + (items + (count > shown ? ["…"] : [])).joined(separator: ", ") + "]"
        }
        let body = list(rows) { i in list(columns) { j in "\(storage[i + j * rows])" } }
        return "Matrix \(rows)×\(columns) \(body)"
    }
}
