import XCTest
@testable import LumbarNumerics

/// The profile-likelihood interval: on a quadratic cost (a model linear in its parameters) it is the Gauss–Newton
/// interval v̂ ± 1.96·SE, correlated parameters included; a bound inside that interval leaves its side open.
final class ProfileLikelihoodTests: XCTestCase {
    /// y = a + b·x with x far from 0, so a and b correlate strongly (about −0.99), and a fixed pattern of errors.
    let x: [Double] = (0..<12).map { 10 + Double($0) }
    var y: [Double] { x.enumerated().map { i, x in 3 + 0.5 * x + [0.3, -0.2, 0.1, -0.4, 0.25, 0.05, -0.15, 0.2, -0.3, 0.1, 0.35, -0.25][i] } }
    func residuals(_ p: [Double]) -> [Double] { zip(x, y).map { p[0] + p[1] * $0 - $1 } }

    func testAQuadraticCostGivesTheGaussNewtonInterval() throws {
        let solver = NonlinearLeastSquares()
        let fit = try solver.fit(initial: [0, 0], residuals: residuals)
        let correlation = fit.covariance[0, 1] / (fit.standardErrors[0] * fit.standardErrors[1])
        XCTAssertLessThan(correlation, -0.95, "a strongly correlated pair, as the force-length optimum and width")
        for j in 0..<2 {
            let profile = try solver.profile(parameter: j, of: fit, residuals: residuals)
            let z = StandardNormal.quantile(0.975)
            XCTAssertEqual(profile.low, fit.parameters[j] - z * fit.standardErrors[j], accuracy: 1e-6 * fit.standardErrors[j])
            XCTAssertEqual(profile.high, fit.parameters[j] + z * fit.standardErrors[j], accuracy: 1e-6 * fit.standardErrors[j])
            XCTAssertFalse(profile.lowIsOpen || profile.highIsOpen)
            // The signed root is linear in the value: k standard errors away it is k.
            for (value, root) in zip(profile.values, profile.signedRoot) {
                XCTAssertEqual(root, (value - fit.parameters[j]) / fit.standardErrors[j], accuracy: 1e-6)
            }
        }
    }

    func testABoundInsideTheIntervalLeavesThatSideOpen() throws {
        let solver = NonlinearLeastSquares()
        let free = try solver.fit(initial: [0, 0], residuals: residuals)
        let bound = free.parameters[1] + free.standardErrors[1]
        let upper = [Double.infinity, bound]
        let profile = try solver.profile(parameter: 1, of: free, upper: upper, residuals: residuals)
        XCTAssertTrue(profile.highIsOpen)
        XCTAssertEqual(profile.high, bound)
        XCTAssertFalse(profile.lowIsOpen)
    }
}
