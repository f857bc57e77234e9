import LumbarNumerics
import Trial
import XCTest

/// The trial statistics against textbook answers: ANCOVA, Hedges' g, the exact binomial interval, summaries.
final class StatisticsTests: XCTestCase {
    /// Montgomery, Design and Analysis of Experiments, the analysis-of-covariance example: breaking strength y (lb)
    /// of a fibre from three machines, with its diameter x (10⁻³ in) as the covariate.
    static let fibre: [(machine: Int, y: Double, x: Double)] = [
        (0, 36, 20), (0, 41, 25), (0, 39, 24), (0, 42, 25), (0, 49, 32),
        (1, 40, 22), (1, 48, 28), (1, 39, 22), (1, 45, 30), (1, 44, 28),
        (2, 35, 21), (2, 37, 23), (2, 42, 26), (2, 34, 21), (2, 32, 15),
    ]

    func fibreANCOVA() throws -> ANCOVA {
        let observations = Self.fibre.map { ANCOVA.Observation(arm: $0.machine, baseline: $0.x, followUp: $0.y, stratum: "all") }
        return try XCTUnwrap(ANCOVA(observations, reference: 0, adjustForStrata: false, alpha: 0.05))
    }

    func testANCOVAReproducesTheTextbookFibreExample() throws {
        let fit = try fibreANCOVA()
        // Published: slope 0.954; adjusted means 40.38, 41.42, 38.80; MSE 2.54 on 11 degrees of freedom.
        XCTAssertEqual(fit.baselineSlope, 0.954, accuracy: 0.0005)
        XCTAssertEqual(fit.effects[1]?.estimate ?? .nan, 41.42 - 40.38, accuracy: 0.01)
        XCTAssertEqual(fit.effects[2]?.estimate ?? .nan, 38.80 - 40.38, accuracy: 0.01)
        XCTAssertEqual(fit.effects[1]?.df, 11)
        XCTAssertEqual(fit.covariates, ["baseline"])
    }

    /// The same fit in closed form: the pooled within-group slope b = Exy/Exx, the adjusted difference
    /// (ȳᵢ − ȳ₀) − b(x̄ᵢ − x̄₀), and its SE √(MSE·(1/nᵢ + 1/n₀ + (x̄ᵢ − x̄₀)²/Exx)) with MSE = (Eyy − Exy²/Exx)/(N − a − 1).
    func testANCOVAAgreesWithTheClosedFormToRoundOff() throws {
        let fit = try fibreANCOVA()
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
        let groups = (0..<3).map { g in Self.fibre.filter { $0.machine == g } }
        let xbar = groups.map { mean($0.map(\.x)) }, ybar = groups.map { mean($0.map(\.y)) }
        var exx = 0.0, exy = 0.0, eyy = 0.0
        for (g, members) in groups.enumerated() {
            for m in members {
                exx += (m.x - xbar[g]) * (m.x - xbar[g])
                exy += (m.x - xbar[g]) * (m.y - ybar[g])
                eyy += (m.y - ybar[g]) * (m.y - ybar[g])
            }
        }
        let slope = exy / exx
        let mse = (eyy - exy * exy / exx) / Double(Self.fibre.count - 3 - 1)
        XCTAssertEqual(fit.baselineSlope, slope, accuracy: 1e-12)
        for g in 1...2 {
            let effect = try XCTUnwrap(fit.effects[g])
            let difference = (ybar[g] - ybar[0]) - slope * (xbar[g] - xbar[0])
            let se = (mse * (1.0 / 5 + 1.0 / 5 + (xbar[g] - xbar[0]) * (xbar[g] - xbar[0]) / exx)).squareRoot()
            XCTAssertEqual(effect.estimate, difference, accuracy: 1e-12)
            XCTAssertEqual(effect.standardError, se, accuracy: 1e-12)
            let t = StudentT.quantile(0.975, df: 11)
            XCTAssertEqual(effect.ciLow, difference - t * se, accuracy: 1e-11)
            XCTAssertEqual(effect.pValue, StudentT.twoSidedP(difference / se, df: 11), accuracy: 1e-14)
        }
    }

    func testStrataAndAConstantBaselineEnterTheModelAsDocumented() throws {
        // y = 10 + 2·arm + 5·stratum exactly, with a constant baseline: the stratum adjustment recovers the arm
        // effect exactly, and the baseline is left out.
        var observations: [ANCOVA.Observation] = []
        for i in 0..<12 {
            let arm = i % 2, stratum = (i / 2) % 2
            observations.append(.init(arm: arm, baseline: 7, followUp: 10 + 2 * Double(arm) + 5 * Double(stratum) + (i % 3 == 0 ? 0.1 : -0.05),
                                      stratum: stratum == 0 ? "F-clbp" : "M-clbp"))
        }
        let fit = try XCTUnwrap(ANCOVA(observations, reference: 0, adjustForStrata: true, alpha: 0.05))
        XCTAssertEqual(fit.covariates, ["stratum"])
        XCTAssertEqual(fit.strata, ["F-clbp", "M-clbp"])
        XCTAssertEqual(fit.baselineSlope, 0)
        XCTAssertEqual(fit.effects[1]?.estimate ?? .nan, 2, accuracy: 0.1)
        // Without a reference arm there is nothing to compare with.
        XCTAssertNil(ANCOVA(observations.filter { $0.arm == 1 }, reference: 0, adjustForStrata: true, alpha: 0.05))
    }

    /// Borenstein, Hedges, Higgins & Rothstein, Introduction to Meta-Analysis (2009), ch. 4 worked example:
    /// means 103 and 100, SDs 5.5 and 4.5, 50 per group: d = 0.5970, V(d) = 0.0418, J = 0.9923, g = 0.5924,
    /// V(g) = 0.0411.
    func testHedgesGReproducesTheWorkedExample() throws {
        let g = try XCTUnwrap(HedgesG(difference: 3, arm: Summary(n: 50, mean: 103, sd: 5.5),
                                      reference: Summary(n: 50, mean: 100, sd: 4.5), alpha: 0.05))
        XCTAssertEqual(g.g, 0.5924, accuracy: 0.00005)
        XCTAssertEqual(g.standardError * g.standardError, 0.0411, accuracy: 0.00005)
        XCTAssertEqual(g.ciLow, g.g - 1.959964 * g.standardError, accuracy: 1e-6)
        XCTAssertNil(HedgesG(difference: 3, arm: Summary(n: 5, mean: 1, sd: 0), reference: Summary(n: 5, mean: 1, sd: 0), alpha: 0.05))
    }

    func testClopperPearsonMatchesItsClosedFormsAtTheEnds() {
        // With no successes in n the upper limit is 1 − (α/2)^(1/n); with all, the lower is (α/2)^(1/n).
        let none = ClopperPearson.interval(successes: 0, trials: 10, alpha: 0.05)
        XCTAssertEqual(none.low, 0)
        XCTAssertEqual(none.high, 1 - pow(0.025, 0.1), accuracy: 1e-12)
        let all = ClopperPearson.interval(successes: 20, trials: 20, alpha: 0.05)
        XCTAssertEqual(all.low, pow(0.025, 1.0 / 20), accuracy: 1e-12)
        XCTAssertEqual(all.high, 1)
        // 5 of 10: the interval 0.187–0.813 of the binomial tables, symmetric about ½.
        let half = ClopperPearson.interval(successes: 5, trials: 10, alpha: 0.05)
        XCTAssertEqual(half.low, 0.1871, accuracy: 0.0001)
        XCTAssertEqual(half.low + half.high, 1, accuracy: 1e-12)
    }

    func testSummaryOfIdenticalValuesHasNoSpreadAndATInterval() {
        let same = Summary([139.7, 139.7, 139.7])
        XCTAssertEqual(same.mean, 139.7)
        XCTAssertEqual(same.sumOfSquares, 0)
        let s = Summary([2, 4, 4, 4, 5, 5, 7, 9])
        XCTAssertEqual(s.mean, 5)
        XCTAssertEqual(s.sd, (32.0 / 7).squareRoot(), accuracy: 1e-14)
        let ci = s.interval(alpha: 0.05)
        XCTAssertEqual(ci.high - s.mean, StudentT.quantile(0.975, df: 7) * s.sd / 8.0.squareRoot(), accuracy: 1e-12)
        XCTAssertTrue(Summary([1.0]).interval(alpha: 0.05).low.isNaN)
    }
}

/// The ANCOVA's inference under its own assumptions: data drawn from a model with no arm effect.
final class ANCOVACalibrationTests: XCTestCase {
    /// 2,000 datasets of 3 arms × 10 with normal errors: the rejection rate of "arm 1 = reference" at 5 % and
    /// the coverage of the 95 % interval must be within 4 binomial SEs of 5 % and 95 %.
    func testTypeOneErrorAndCoverageAreNominalUnderTheNull() throws {
        let replicates = 2000
        var rejections = 0, covered = 0
        for r in 0..<replicates {
            var rng = RandomStream(seed: 17, stream: UInt64(r), substream: 1)
            let observations = (0..<30).map { i -> ANCOVA.Observation in
                let baseline = 50 + 10 * rng.nextNormal()
                return .init(arm: i % 3, baseline: baseline, followUp: 5 + 0.8 * baseline + 5 * rng.nextNormal(), stratum: "")
            }
            let effect = try XCTUnwrap(ANCOVA(observations, reference: 0, adjustForStrata: false, alpha: 0.05)?.effects[1])
            if effect.pValue < 0.05 { rejections += 1 }
            if effect.ciLow < 0 && effect.ciHigh > 0 { covered += 1 }
        }
        let se = (0.05 * 0.95 / Double(replicates)).squareRoot()
        XCTAssertEqual(Double(rejections) / Double(replicates), 0.05, accuracy: 4 * se)
        XCTAssertEqual(Double(covered) / Double(replicates), 0.95, accuracy: 4 * se)
        XCTAssertEqual(rejections + covered, replicates, "p < alpha exactly when the interval excludes 0")
    }
}
