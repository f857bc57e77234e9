import TestSupport
import XCTest

/// The test support's noncentral t, against scipy 1.17.1 (`scipy.stats.nct.cdf`, Boost's algorithm).
final class NoncentralTTests: XCTestCase {
    func testCDFMatchesScipy() {
        // (t, df, δ, scipy.stats.nct.cdf(t, df, δ))
        let cases: [(Double, Double, Double, Double)] = [
            (1.0, 10, 0.5, 0.6786306386911292), (2.0, 5, 1.5, 0.6314492472556718), (-1.5, 20, -0.7, 0.2235062523454959),
            (0.0, 7, 2.0, 0.02275013194817922), (3.5, 30, 2.8, 0.7293746259759948), (-0.5, 3, 1.0, 0.07572611871138094),
            (2.1, 77, 2.6, 0.308617712036053), (1.0, 200, -0.3, 0.9027073064648852),
        ]
        for (t, df, delta, expected) in cases {
            XCTAssertEqual(NoncentralT.cdf(t, df: df, delta: delta), expected, accuracy: 1e-12, "t \(t), df \(df), δ \(delta)")
        }
    }

    func testTwoSidedPowerMatchesScipyAndIsAlphaWithoutAnEffect() {
        // 1 − nct.cdf(c, 21, 0.9·√6) + nct.cdf(−c, 21, 0.9·√6), c = t.ppf(0.975, 21)
        XCTAssertEqual(NoncentralT.twoSidedPower(df: 21, delta: 0.9 * 6.0.squareRoot(), alpha: 0.05), 0.5569521578214014, accuracy: 1e-10)
        XCTAssertEqual(NoncentralT.twoSidedPower(df: 21, delta: 0, alpha: 0.05), 0.05, accuracy: 1e-12)
    }
}
