/// Knuth's MMIX linear congruential generator: fixed, cheap inputs (matrices, noise) that are the same on every run.
/// Not for statistical checks, which use ``SeededGenerator``.
public struct TestLCG: Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }

    /// Uniform on [0, 1).
    public mutating func nextUnit() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(UInt64(1) << 53)
    }

    /// Uniform on [-1, 1).
    public mutating func nextSigned() -> Double { nextUnit() * 2 - 1 }

    /// Roughly standard normal (Irwin–Hall: the sum of 12 uniforms minus 6).
    public mutating func nextIrwinHall() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += nextUnit() }
        return sum - 6
    }
}
