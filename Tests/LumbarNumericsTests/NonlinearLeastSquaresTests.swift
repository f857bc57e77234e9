import TestSupport
import XCTest
@testable import LumbarNumerics

private func noise(count: Int, seed: UInt64) -> [Double] {
    var generator = TestLCG(state: seed)
    return (0..<count).map { _ in generator.nextIrwinHall() }
}

/// y = a + b·x observed with noise of standard deviation σ.
private struct LinearData {
    static let sigma = 0.5
    let x = (0..<20).map { Double($0) * 0.5 }
    let y: [Double]

    init() {
        let eps = noise(count: 20, seed: 7)
        y = zip(x, eps).map { (x: Double, e: Double) in 2 + 0.7 * x + Self.sigma * e }
    }

    func residuals(_ p: [Double]) -> [Double] {
        zip(x, y).map { (p[0] + p[1] * $0 - $1) / Self.sigma }
    }
}

/// y = A·e^(−k t) + c observed with noise of standard deviation σ (or exactly, with `noisy: false`).
private struct DecayData {
    static let truth = [5.0, 0.8, 1.0]
    static let sigma = 0.05
    let t = (0..<25).map { Double($0) * 0.4 }
    let y: [Double]

    init(noisy: Bool) {
        let eps = noise(count: 25, seed: 2024)
        let scale = noisy ? Self.sigma : 0
        y = zip(t, eps).map { (t: Double, e: Double) in Self.model(Self.truth, t) + scale * e }
    }

    static func model(_ p: [Double], _ t: Double) -> Double {
        p[0] * exp(-p[1] * t) + p[2]
    }

    func residuals(_ p: [Double]) -> [Double] {
        zip(t, y).map { (Self.model(p, $0) - $1) / Self.sigma }
    }
}

private func rosenbrock(_ p: [Double]) -> [Double] {
    [10 * (p[1] - p[0] * p[0]), 1 - p[0]]
}

final class NonlinearLeastSquaresTests: XCTestCase {
    private let solver = NonlinearLeastSquares()

    // (1) A linear model: LM must land on the QR least-squares solution, with the textbook covariance.
    func testLinearModelMatchesLAPACKLeastSquaresAndCovariance() throws {
        let data = LinearData()
        let result = try solver.fit(initial: [0, 0], residuals: data.residuals)
        XCTAssertTrue(result.converged, result.reason)

        let sigma = LinearData.sigma
        let design = Matrix(data.x.map { [1 / sigma, $0 / sigma] })
        let exact = try design.leastSquares(data.y.map { $0 / sigma })
        XCTAssertEqual(result.parameters[0], exact[0], accuracy: 1e-8)
        XCTAssertEqual(result.parameters[1], exact[1], accuracy: 1e-8)

        // s²·(XᵀX)⁻¹ by the closed-form 2×2 inverse, without LAPACK.
        let w = 1 / (sigma * sigma)
        let s0 = w * Double(data.x.count)
        let s1 = w * data.x.reduce(0, +)
        let s2 = w * data.x.reduce(0) { $0 + $1 * $1 }
        let det = s0 * s2 - s1 * s1
        let rss = data.residuals(exact).reduce(0) { $0 + $1 * $1 }
        let variance = rss / Double(data.x.count - 2)
        let expected = Matrix([[s2, -s1], [-s1, s0]].map { $0.map { variance * $0 / det } })
        XCTAssertLessThanOrEqual((result.covariance - expected).maxAbs, 1e-8 * expected.maxAbs,
                                 "\(result.covariance) vs \(expected)")
        XCTAssertEqual(result.standardErrors[1], expected[1, 1].squareRoot(), accuracy: 1e-8)
        XCTAssertEqual(result.cost, rss / 2, accuracy: 1e-9 * rss)
        XCTAssertEqual(result.jacobian.rows, 20)
        XCTAssertEqual(result.jacobian.columns, 2)
    }

    // (2) Exponential decay: exact recovery from a poor start, and honest standard errors with noise.
    func testExponentialDecayExactDataRecoversParameters() throws {
        let data = DecayData(noisy: false)
        let result = try solver.fit(initial: [1, 0.1, 0], residuals: data.residuals)
        XCTAssertTrue(result.converged, result.reason)
        for (estimate, truth) in zip(result.parameters, DecayData.truth) {
            XCTAssertEqual(estimate, truth, accuracy: 1e-6)
        }
        XCTAssertLessThan(result.cost, 1e-12)
    }

    func testExponentialDecayNoisyDataCoversTruthWithinThreeStandardErrors() throws {
        let data = DecayData(noisy: true)
        let result = try solver.fit(initial: [1, 0.1, 0], residuals: data.residuals)
        XCTAssertTrue(result.converged, result.reason)
        for j in 0..<3 {
            XCTAssertGreaterThan(result.standardErrors[j], 0)
            XCTAssertLessThanOrEqual((result.parameters[j] - DecayData.truth[j]).magnitude,
                                     3 * result.standardErrors[j], "parameter \(j)")
        }
        // With σ correct, ‖r‖²/(m − n) is a χ²₂₂/22 draw: mean 1, SD √(2/22) ≈ 0.30. The allowance is 2 SD, not 4:
        // 4 SD would reach below zero and could not fail low (the noise is fixed, so this is one known draw).
        let sd = (2.0 / 22).squareRoot()
        XCTAssertEqual(2 * result.cost / 22, 1, accuracy: 2 * sd)
    }

    // (3) Rosenbrock's curved valley.
    func testRosenbrockConvergesToOneOne() throws {
        let result = try solver.fit(initial: [-1.2, 1], residuals: rosenbrock)
        XCTAssertTrue(result.converged, result.reason)
        XCTAssertEqual(result.parameters[0], 1, accuracy: 1e-8)
        XCTAssertEqual(result.parameters[1], 1, accuracy: 1e-8)
    }

    // (4) Bounds that exclude the unconstrained optimum.
    func testUpperBoundExcludingOptimumEndsOnTheBound() throws {
        let data = LinearData()
        let result = try solver.fit(initial: [0, 0], lower: [-10, -1], upper: [10, 0.5],
                                    residuals: data.residuals)
        XCTAssertTrue(result.converged, result.reason)
        XCTAssertEqual(result.parameters[1], 0.5)
        // With b fixed at 0.5, the best a is the mean of y − 0.5·x.
        let conditional = zip(data.y, data.x).reduce(0) { $0 + $1.0 - 0.5 * $1.1 } / Double(data.x.count)
        XCTAssertEqual(result.parameters[0], conditional, accuracy: 1e-8)
    }

    func testRosenbrockWithBoundEndsAtConstrainedMinimum() throws {
        let result = try solver.fit(initial: [-1.2, 1], upper: [0.5, .infinity], residuals: rosenbrock)
        XCTAssertTrue(result.converged, result.reason)
        XCTAssertEqual(result.parameters[0], 0.5)
        XCTAssertEqual(result.parameters[1], 0.25, accuracy: 1e-8)
    }

    // (5) Parameters the residuals cannot determine.
    func testParameterWithNoEffectIsNamedNotIdentifiable() {
        let data = DecayData(noisy: true)
        assertThrows(FitError.notIdentifiable([3]),
                     try solver.fit(initial: [1, 0.1, 0, 2]) { p in
                         data.residuals(Array(p.prefix(3)))
                     })
    }

    func testCollinearParametersAreBothNamed() {
        let data = LinearData()
        assertThrows(FitError.notIdentifiable([1, 2]),
                     try solver.fit(initial: [0, 0.1, 0.3]) { p in
                         data.residuals([p[0], p[1] + p[2]])
                     })
    }

    // (6) Bad input.
    func testNonFiniteResidualAtStartThrows() {
        assertThrows(FitError.nonFiniteResidual(parameters: [1, 2]),
                     try solver.fit(initial: [1, 2]) { p in [p[0], .nan, p[1]] })
    }

    func testNonFiniteResidualAtTrialStepIsRejectedNotFatal() throws {
        // Undefined beyond x = 3, as a model outside its valid range; the first Gauss–Newton step
        // from 0.5 lands at 4.25, so the solver must back off and approach 2 from inside.
        let result = try solver.fit(initial: [0.5]) { p in
            [p[0] > 3 ? .nan : p[0] * p[0] - 4]
        }
        XCTAssertTrue(result.converged, result.reason)
        XCTAssertEqual(result.parameters[0], 2, accuracy: 1e-8)
    }

    func testInvalidStartThrows() {
        let data = LinearData()
        assertThrows(FitError.invalidStart("parameter 1 = 2.0 lies outside [0.0, 1.0]"),
                     try solver.fit(initial: [0, 2], lower: [-1, 0], upper: [1, 1], residuals: data.residuals))
        assertThrows(FitError.invalidStart("parameter 0 needs lower < upper, got [1.0, 1.0]"),
                     try solver.fit(initial: [1, 0], lower: [1, 0], upper: [1, 1], residuals: data.residuals))
        assertThrows(FitError.invalidStart("parameter 0 is nan"),
                     try solver.fit(initial: [.nan, 0], residuals: data.residuals))
        assertThrows(FitError.dimension("2 parameters but 1 lower and 2 upper bounds"),
                     try solver.fit(initial: [0, 0], lower: [0], upper: [1, 1], residuals: data.residuals))
        assertThrows(FitError.dimension("no parameters to fit"),
                     try solver.fit(initial: [], residuals: data.residuals))
        assertThrows(FitError.dimension("1 residuals cannot determine 2 parameters"),
                     try solver.fit(initial: [0, 0]) { p in [p[0] + p[1]] })
        assertThrows(FitError.dimension("residual function returned 2 values at the start, 1 later"),
                     try solver.fit(initial: [0]) { p in p[0] == 0 ? [1, 1] : [p[0]] })
    }

    func testErrorDescriptionsAreOneLine() {
        let errors: [FitError] = [.invalidStart("parameter 0 is nan"), .nonFiniteResidual(parameters: [1]),
                                  .notIdentifiable([0, 2]), .dimension("no parameters to fit")]
        for error in errors {
            XCTAssertFalse(error.description.contains("\n"), error.description)
        }
        XCTAssertEqual(FitError.notIdentifiable([0, 2]).description,
                       "parameters 0, 2 are not identifiable: changing them (alone or together) leaves the residuals unchanged")
    }

    // (7) Evaluations are counted exactly and bounded by the iteration count.
    func testEvaluationCountIsExactAndPlausible() throws {
        let data = DecayData(noisy: true)
        for central in [false, true] {
            var calls = 0
            let solver = NonlinearLeastSquares(options: .init(centralDifferences: central))
            let result = try solver.fit(initial: [1, 0.1, 0]) { p in
                calls += 1
                return data.residuals(p)
            }
            XCTAssertTrue(result.converged, result.reason)
            XCTAssertEqual(result.evaluations, calls)
            // Each trial costs one evaluation plus, if accepted, a Jacobian (n or 2n), plus the
            // start and its Jacobian.
            let perJacobian = central ? 6 : 3
            XCTAssertLessThanOrEqual(result.evaluations, result.iterations * (perJacobian + 1) + perJacobian + 1)
            XCTAssertGreaterThan(result.iterations, 0)
        }
    }

    func testIterationLimitIsReportedAsNotConverged() throws {
        let solver = NonlinearLeastSquares(options: .init(maxIterations: 2))
        let result = try solver.fit(initial: [-1.2, 1], residuals: rosenbrock)
        XCTAssertFalse(result.converged)
        XCTAssertEqual(result.iterations, 2)
        XCTAssertEqual(result.reason, "iteration limit reached")
    }

    func testSameInputsGiveIdenticalBits() throws {
        let data = DecayData(noisy: true)
        let first = try solver.fit(initial: [1, 0.1, 0], residuals: data.residuals)
        let second = try solver.fit(initial: [1, 0.1, 0], residuals: data.residuals)
        XCTAssertEqual(first.parameters.map(\.bitPattern), second.parameters.map(\.bitPattern))
        XCTAssertEqual(first.covariance.storage.map(\.bitPattern), second.covariance.storage.map(\.bitPattern))
        XCTAssertEqual(first.evaluations, second.evaluations)
    }
}
