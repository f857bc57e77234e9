import LumbarNumerics

/// Latin hypercube points on (0, 1)^d: each column puts one point in each of `count` equal strata, at a uniform
/// position inside it, in a random order.
///
/// Column j draws only from its own stream (`StreamAddress.sensitivity(.hypercubeColumn, key: firstColumn + j)`),
/// so the points depend on the seed alone and a design with more columns keeps the ones it shares.
public enum LatinHypercube {
    /// `count` points (rows) of `dimensions` coordinates, all strictly inside (0, 1).
    public static func points(count: Int, dimensions: Int, seed: UInt64, firstColumn: Int = 0) -> [[Double]] {
        precondition(count > 0 && dimensions > 0, "a hypercube needs points and dimensions")
        var rows = [[Double]](repeating: [Double](repeating: 0, count: dimensions), count: count)
        for column in 0..<dimensions {
            var stream = RandomStream(seed: seed, address: .sensitivity(.hypercubeColumn, key: firstColumn + column))
            var strata = Array(0..<count)
            // Fisher–Yates from the top: one uniform per swap, so the order is fixed by the stream.
            for i in stride(from: count - 1, to: 0, by: -1) {
                strata.swapAt(i, min(i, Int(stream.nextUniform() * Double(i + 1))))
            }
            for row in 0..<count {
                rows[row][column] = (Double(strata[row]) + stream.nextUniform()) / Double(count)
            }
        }
        return rows
    }
}
