import LumbarNumerics

/// Saltelli's sampling for Sobol indices (Saltelli 2010): two independent Latin hypercube matrices A and B of
/// `baseCount` rows, and for each input i the matrix A_B^i (A with column i taken from B); `baseCount × (d + 2)`
/// model runs in all.
///
/// A and B are the two halves of one 2d-column hypercube, so the design depends on the seed alone.
public struct SaltelliDesign: Sendable {
    public let dimensions: Int
    public let baseCount: Int
    /// Rows of A, then of B, then of A_B^0, A_B^1, …
    public let points: [[Double]]

    public init(dimensions: Int, baseCount: Int, seed: UInt64) {
        precondition(dimensions > 0 && baseCount > 1, "Sobol indices need inputs and at least two base points")
        self.dimensions = dimensions
        self.baseCount = baseCount
        let both = LatinHypercube.points(count: baseCount, dimensions: 2 * dimensions, seed: seed)
        let a = both.map { Array($0[0..<dimensions]) }
        let b = both.map { Array($0[dimensions...]) }
        var points = a + b
        for i in 0..<dimensions {
            points += zip(a, b).map { rowA, rowB in
                var mixed = rowA
                mixed[i] = rowB[i]
                return mixed
            }
        }
        self.points = points
    }

    /// Sobol first-order and total indices of each input for one output, from its values at ``points`` (in order),
    /// with percentile intervals from `resamples` bootstrap resamples of the base rows (each its own stream).
    public func indices(values: [Double], resamples: Int = 200, confidence: Double = 0.95, seed: UInt64) -> [SobolIndex] {
        precondition(values.count == points.count, "one value per design point")
        let n = baseCount
        let all = Array(0..<n)
        let estimates = (0..<dimensions).map { estimate(values, input: $0, rows: all) }
        var draws = [[(first: Double, total: Double)]](repeating: [], count: dimensions)
        for r in 0..<resamples {
            var stream = RandomStream(seed: seed, address: .sensitivity(.bootstrap, key: r))
            let rows = (0..<n).map { _ in min(n - 1, Int(stream.nextUniform() * Double(n))) }
            for i in 0..<dimensions { draws[i].append(estimate(values, input: i, rows: rows)) }
        }
        let tail = (1 - confidence) / 2
        return (0..<dimensions).map { i in
            let first = Percentiles.interval(draws[i].map(\.first), tail: tail)
            let total = Percentiles.interval(draws[i].map(\.total), tail: tail)
            return SobolIndex(first: estimates[i].first, firstLow: first.low, firstHigh: first.high,
                              total: estimates[i].total, totalLow: total.low, totalHigh: total.high)
        }
    }

    /// Jansen's estimators (Jansen 1999; Saltelli 2010, table 2) over the base rows `rows`: with V the variance of
    /// f over A and B, S_i = (V − mean((f(B) − f(A_B^i))²)/2) / V and S_Ti = mean((f(A) − f(A_B^i))²)/2 / V.
    func estimate(_ f: [Double], input i: Int, rows: [Int]) -> (first: Double, total: Double) {
        let n = baseCount
        let m = Double(rows.count)
        let mean = rows.reduce(0) { $0 + f[$1] + f[n + $1] } / (2 * m)
        var variance = 0.0, firstGap = 0.0, totalGap = 0.0
        for j in rows {
            let a = f[j], b = f[n + j], ab = f[(2 + i) * n + j]
            variance += ((a - mean) * (a - mean) + (b - mean) * (b - mean)) / (2 * m)
            firstGap += (b - ab) * (b - ab)
            totalGap += (a - ab) * (a - ab)
        }
        guard variance > 0 else { return (.nan, .nan) }
        return ((variance - firstGap / (2 * m)) / variance, totalGap / (2 * m) / variance)
    }
}

/// Sobol indices of one input for one output: the share of the output's variance due to the input alone (first
/// order) and to the input with all its interactions (total), with bootstrap intervals.
public struct SobolIndex: Sendable, Equatable, Codable {
    public var first: Double
    public var firstLow: Double
    public var firstHigh: Double
    public var total: Double
    public var totalLow: Double
    public var totalHigh: Double

    public init(first: Double, firstLow: Double, firstHigh: Double, total: Double, totalLow: Double, totalHigh: Double) {
        self.first = first
        self.firstLow = firstLow
        self.firstHigh = firstHigh
        self.total = total
        self.totalLow = totalLow
        self.totalHigh = totalHigh
    }

    enum CodingKeys: String, CodingKey {
        case first, firstLow = "first_low", firstHigh = "first_high", total, totalLow = "total_low", totalHigh = "total_high"
    }
}
