import Foundation
import LumbarNumerics
import XCTest

/// The regularized incomplete beta function, the beta distribution and Student's t against closed forms and
/// published quantiles.
final class DistributionTests: XCTestCase {
    func testIncompleteBetaMatchesItsClosedForms() {
        for x in [1e-9, 0.01, 0.3, 0.5, 0.77, 0.999] {
            for a in [0.2, 1, 2.5, 40] {
                // I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b.
                XCTAssertEqual(IncompleteBeta.regularized(x: x, a: a, b: 1), pow(x, a), accuracy: 1e-14 * max(1, pow(x, a)))
                XCTAssertEqual(IncompleteBeta.regularized(x: x, a: 1, b: a), -expm1(a * log1p(-x)), accuracy: 1e-14)
            }
        }
        // Symmetry: I_½(a, a) = ½, and I_x(a, b) = 1 − I_{1−x}(b, a).
        for a in [0.3, 1.7, 12] { XCTAssertEqual(IncompleteBeta.regularized(x: 0.5, a: a, b: a), 0.5, accuracy: 1e-14) }
        XCTAssertEqual(IncompleteBeta.regularized(x: 0.5, a: 300, b: 300), 0.5, accuracy: 1e-12)
        XCTAssertEqual(IncompleteBeta.regularized(x: 0.2, a: 3, b: 7) + IncompleteBeta.regularized(x: 0.8, a: 7, b: 3), 1, accuracy: 1e-15)
        // I_x(2, 2) = 3x² − 2x³.
        XCTAssertEqual(IncompleteBeta.regularized(x: 0.3, a: 2, b: 2), 3 * 0.09 - 2 * 0.027, accuracy: 1e-15)
        XCTAssertTrue(IncompleteBeta.regularized(x: 1.5, a: 1, b: 1).isNaN)
        XCTAssertTrue(IncompleteBeta.regularized(x: 0.5, a: 0, b: 1).isNaN)
    }

    func testBetaQuantileInvertsTheDistribution() {
        for (a, b) in [(0.78, 0.18), (2.0, 5.0), (30.0, 0.5)] {
            let beta = BetaDistribution(a: a, b: b)
            // Up to 0.99: Beta(0.78, 0.18)'s 0.999 quantile lies closer to 1 than a double can.
            for p in [0.001, 0.1, 0.5, 0.9, 0.99] {
                let x = beta.quantile(p)
                // x carries the rounding of a double near 1, which the density magnifies in the CDF.
                let density = exp((a - 1) * log(x) + (b - 1) * log1p(-x) - IncompleteBeta.logBeta(a, b))
                XCTAssertEqual(beta.cdf(x), p, accuracy: 1e-13 + 2 * density * x.ulp, "Beta(\(a), \(b)) at \(p)")
            }
        }
        // Beta(a, 1) has quantile p^(1/a).
        XCTAssertEqual(IncompleteBeta.quantile(0.3, a: 4, b: 1), pow(0.3, 0.25), accuracy: 1e-15)
        XCTAssertEqual(IncompleteBeta.quantile(0, a: 2, b: 3), 0)
        XCTAssertEqual(IncompleteBeta.quantile(1, a: 2, b: 3), 1)
    }

    func testBetaByMeanAndSDHasThatMeanAndSD() throws {
        let concentration = try XCTUnwrap(BetaDistribution.concentration(mean: 0.81, sd: 0.28))
        let beta = BetaDistribution(mean: 0.81, concentration: concentration)
        XCTAssertEqual(beta.a / (beta.a + beta.b), 0.81, accuracy: 1e-15)
        let variance = beta.a * beta.b / ((beta.a + beta.b) * (beta.a + beta.b) * (beta.a + beta.b + 1))
        XCTAssertEqual(variance.squareRoot(), 0.28, accuracy: 1e-14)
        // No beta distribution has an SD of 0.5 around a mean of 0.9 (it would need sd² < 0.09).
        XCTAssertNil(BetaDistribution.concentration(mean: 0.9, sd: 0.5))
        // Draws by inversion: the sample mean of 5,000 is within 4 standard errors.
        var rng = RandomStream(seed: 5, stream: 0, substream: 99)
        let draws = (0..<5_000).map { _ in beta.sample(using: &rng) }
        XCTAssertEqual(draws.reduce(0, +) / 5_000, 0.81, accuracy: 4 * 0.28 / 5_000.0.squareRoot())
    }

    func testStudentTMatchesClosedFormsForOneAndTwoDegreesOfFreedom() {
        for t in [-30.0, -2.5, -0.4, 0, 0.7, 3, 100] {
            // ν = 1 is the Cauchy distribution; ν = 2 has F(t) = ½ + t / (2√(2 + t²)).
            XCTAssertEqual(StudentT.cdf(t, df: 1), 0.5 + atan(t) / Double.pi, accuracy: 1e-15)
            XCTAssertEqual(StudentT.cdf(t, df: 2), 0.5 + t / (2 * (2 + t * t).squareRoot()), accuracy: 1e-15)
        }
        // The far tail keeps its relative precision: ν = 1, P(|T| > 1e6) = 2·atan(1e-6)/π.
        XCTAssertEqual(StudentT.twoSidedP(1e6, df: 1), 2 * atan(1e-6) / Double.pi, accuracy: 1e-12 * 2 * atan(1e-6) / Double.pi)
        XCTAssertEqual(StudentT.pdf(0, df: 1), 1 / Double.pi, accuracy: 1e-15)
    }

    func testStudentTQuantilesMatchTheTables() {
        // Critical values as printed in t tables (12.706, 2.228, 2.042, 4.032, 2.920), here to 12 significant digits
        // as scipy.stats.t.ppf gives them.
        let cases: [(p: Double, df: Double, t: Double)] = [
            (0.975, 1, 12.7062047362), (0.975, 10, 2.22813885199), (0.975, 30, 2.04227245630),
            (0.995, 5, 4.03214298356), (0.95, 2, 2.91998558035),
        ]
        for c in cases {
            XCTAssertEqual(StudentT.quantile(c.p, df: c.df), c.t, accuracy: 1e-9, "t(\(c.p), \(c.df))")
            XCTAssertEqual(StudentT.quantile(1 - c.p, df: c.df), -c.t, accuracy: 1e-9)
            XCTAssertEqual(StudentT.cdf(StudentT.quantile(c.p, df: c.df), df: c.df), c.p, accuracy: 1e-14)
        }
        // Many degrees of freedom approach the normal: t(0.975, 1e7) → 1.959964.
        XCTAssertEqual(StudentT.quantile(0.975, df: 1e7), StandardNormal.quantile(0.975), accuracy: 1e-6)
        XCTAssertEqual(StudentT.quantile(0.5, df: 3), 0)
        XCTAssertTrue(StudentT.quantile(0.5, df: 0).isNaN)
    }
}
