import LumbarNumerics
import TestSupport
import Trial
import XCTest

/// The significance rate of the trial's ANCOVA, counted as `PowerAnalysis` counts it, against the analytic power
/// of its t test on a synthetic outcome with a known effect.
final class AnalyticPowerTests: XCTestCase {
    /// Both arms share the same baselines, so the arm is orthogonal to the covariate and the effect's t statistic is
    /// exactly noncentral t with 2n − 3 degrees of freedom and noncentrality Δ/(σ·√(2/n)).
    func testSignificanceRateMatchesNoncentralTPowerWithinItsBinomialError() throws {
        let n = 12, trials = 2000, sigma = 2.0, effect = 1.8, alpha = 0.05
        var generator = seededGenerator(20_260_417)
        var significant = 0
        for _ in 0..<trials {
            var observations: [ANCOVA.Observation] = []
            for arm in 0..<2 {
                for i in 0..<n {
                    let baseline = 40 + 2 * Double(i)
                    let z = StandardNormal.quantile(Double.random(in: Double.ulpOfOne..<1, using: &generator))
                    observations.append(.init(arm: arm, baseline: baseline, followUp: 5 + 0.6 * baseline + effect * Double(arm) + sigma * z,
                                              stratum: "all"))
                }
            }
            let fit = try XCTUnwrap(ANCOVA(observations, reference: 0, adjustForStrata: false, alpha: alpha))
            let estimate = try XCTUnwrap(fit.effects[1])
            XCTAssertEqual(estimate.df, 2 * n - 3)
            if estimate.pValue < alpha { significant += 1 }
        }
        let analytic = NoncentralT.twoSidedPower(df: Double(2 * n - 3), delta: effect / (sigma * (2 / Double(n)).squareRoot()), alpha: alpha)
        assertWithinStandardErrors(Double(significant) / Double(trials), analytic,
                                   se: StandardError.proportion(analytic, n: trials), "simulated power")
    }
}
