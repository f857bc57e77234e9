import Foundation
import Sensitivity
import XCTest

/// Jansen's estimators on functions whose Sobol indices are known in closed form.
///
/// Tolerances: each estimate's standard error is read from its bootstrap 95 % interval (half-width / 1.96), and the
/// estimate must lie within 4 of those standard errors (`StandardError.allowance`) of the analytic value. So that
/// the check has teeth, the design must be precise: at N = 2¹⁴ base rows every standard error must be below 0.02
/// (measured: about 0.016 at most, Jansen's first-order estimator being the noisier), i.e. an error of 0.08 fails.
final class SobolIndicesTests: XCTestCase {
    private static let baseCount = 1 << 14
    /// The largest standard error a 2¹⁴-row design may have here.
    private static let maxStandardError = 0.02

    private func assertIndices(_ indices: [SobolIndex], first: [Double], total: [Double],
                               file: StaticString = #filePath, line: UInt = #line) {
        func check(_ estimate: Double, _ low: Double, _ high: Double, _ analytic: Double, _ name: String) {
            let se = (high - low) / (2 * 1.96)
            XCTAssertLessThan(se, Self.maxStandardError, "\(name): standard error", file: file, line: line)
            XCTAssertEqual(estimate, analytic, accuracy: 4 * se, "\(name) vs its analytic value (4 SE = \(4 * se))", file: file, line: line)
        }
        for (i, index) in indices.enumerated() {
            check(index.first, index.firstLow, index.firstHigh, first[i], "S\(i + 1)")
            check(index.total, index.totalLow, index.totalHigh, total[i], "ST\(i + 1)")
        }
    }

    /// Ishigami (a = 7, b = 0.1) on U(−π, π)³: S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)
    /// (../shared/reference/engineering-notes.md; Ishigami & Homma 1990, Sobol' 2001).
    func testIshigamiIndices() {
        let design = SaltelliDesign(dimensions: 3, baseCount: Self.baseCount, seed: 11)
        let x = InputDistribution.uniform(lower: -.pi, upper: .pi)
        let values = design.points.map { u -> Double in
            let (x1, x2, x3) = (x.quantile(u[0]), x.quantile(u[1]), x.quantile(u[2]))
            return sin(x1) + 7 * sin(x2) * sin(x2) + 0.1 * pow(x3, 4) * sin(x1)
        }
        assertIndices(design.indices(values: values, resamples: 100, seed: 11),
                      first: [0.3139, 0.4424, 0], total: [0.5576, 0.4424, 0.2437])
    }

    /// Sobol's g-function with a = (0, 1, 4.5, 9, 99, 99): V_i = 1/(3 (1 + a_i)²), V = Π(1 + V_i) − 1,
    /// S_i = V_i / V and S_Ti = V_i Π_{j≠i}(1 + V_j) / V.
    func testGFunctionIndices() {
        let a = [0, 1, 4.5, 9, 99, 99]
        let partial = a.map { 1 / (3 * (1 + $0) * (1 + $0)) }
        let total = partial.reduce(1) { $0 * (1 + $1) } - 1
        let first = partial.map { $0 / total }
        let totals = partial.indices.map { i in
            partial[i] * partial.indices.filter { $0 != i }.reduce(1) { $0 * (1 + partial[$1]) } / total
        }
        let design = SaltelliDesign(dimensions: a.count, baseCount: Self.baseCount, seed: 5)
        let values = design.points.map { u in zip(u, a).reduce(1.0) { $0 * (abs(4 * $1.0 - 2) + $1.1) / (1 + $1.1) } }
        assertIndices(design.indices(values: values, resamples: 100, seed: 5), first: first, total: totals)
    }

    /// The design and the indices depend on the seed alone: the same seed gives the same bits.
    func testSameSeedSameIndices() {
        let f: ([Double]) -> Double = { $0[0] + 2 * $0[1] * $0[0] }
        let one = SaltelliDesign(dimensions: 2, baseCount: 64, seed: 3)
        let two = SaltelliDesign(dimensions: 2, baseCount: 64, seed: 3)
        XCTAssertEqual(one.points, two.points)
        XCTAssertEqual(one.indices(values: one.points.map(f), resamples: 20, seed: 3),
                       two.indices(values: two.points.map(f), resamples: 20, seed: 3))
        XCTAssertNotEqual(one.points, SaltelliDesign(dimensions: 2, baseCount: 64, seed: 4).points)
    }

    /// A and B are Latin hypercubes: each column has one point in each stratum, and A_B^i differs from A in column i only.
    func testDesignIsStratifiedAndMixesOneColumn() {
        let design = SaltelliDesign(dimensions: 3, baseCount: 50, seed: 9)
        for block in 0..<2 {
            let rows = design.points[block * 50..<(block + 1) * 50]
            for column in 0..<3 {
                XCTAssertEqual(Set(rows.map { Int($0[column] * 50) }), Set(0..<50), "block \(block) column \(column)")
            }
        }
        for i in 0..<3 {
            for j in 0..<50 {
                let mixed = design.points[(2 + i) * 50 + j]
                for column in 0..<3 {
                    XCTAssertEqual(mixed[column], design.points[(column == i ? 50 : 0) + j][column])
                }
            }
        }
    }

    /// Normal inputs are cut at ±2 SD and at hard bounds; uniform inputs span their range.
    func testInputDistributionQuantiles() {
        XCTAssertEqual(InputDistribution.uniform(lower: 2, upper: 6).quantile(0.25), 3)
        let normal = InputDistribution.normal(mean: 10, sd: 1)
        XCTAssertEqual(normal.quantile(0), 8, accuracy: 1e-9)
        XCTAssertEqual(normal.quantile(0.5), 10, accuracy: 1e-9)
        XCTAssertEqual(normal.quantile(1), 12, accuracy: 1e-9)
        XCTAssertEqual(InputDistribution.normal(mean: 1, sd: 1, lower: 0).range.lowerBound, 0, accuracy: 1e-9)
    }
}
