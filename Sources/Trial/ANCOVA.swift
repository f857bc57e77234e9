import LumbarNumerics

/// Analysis of covariance of a trial outcome: follow-up ~ arm + baseline [+ stratum], by least squares on LAPACK.
///
/// Arms are coded against the reference (one indicator per other arm present), strata against the first stratum
/// in label order. The baseline is centred on its mean, which changes only the intercept: the arm effects and their
/// standard errors are those of the uncentred model, with a better-conditioned XᵀX.
public struct ANCOVA: Sendable {
    public struct Observation: Sendable {
        public var arm: Int
        public var baseline: Double
        public var followUp: Double
        public var stratum: String

        public init(arm: Int, baseline: Double, followUp: Double, stratum: String) {
            self.arm = arm
            self.baseline = baseline
            self.followUp = followUp
            self.stratum = stratum
        }
    }

    /// An arm's adjusted difference from the reference, with its t-based inference.
    public struct Effect: Sendable {
        public var estimate: Double
        public var standardError: Double
        public var df: Int
        public var pValue: Double
        public var ciLow: Double
        public var ciHigh: Double
    }

    /// By arm index, for every arm with observations other than the reference.
    public let effects: [Int: Effect]
    /// The coefficient of the baseline (0 when the baseline did not vary).
    public let baselineSlope: Double
    /// Strata levels in the model (the first is the reference level); empty when not adjusted for strata.
    public let strata: [String]
    /// The covariates besides arm in the model: `baseline` unless it did not vary (the model is then an ANOVA),
    /// and `stratum` when adjusted for more than one stratum.
    public let covariates: [String]

    /// The fit, or nil when it cannot be made: no reference observations, no other arm, no residual degrees of
    /// freedom, or a rank-deficient design.
    public init?(_ observations: [Observation], reference: Int, adjustForStrata: Bool, alpha: Double) {
        let arms = Set(observations.map(\.arm)).subtracting([reference]).sorted()
        guard observations.contains(where: { $0.arm == reference }), !arms.isEmpty else { return nil }
        let levels = adjustForStrata ? Set(observations.map(\.stratum)).sorted() : []
        let centre = observations.reduce(0) { $0 + $1.baseline } / Double(observations.count)
        // A baseline without variation is collinear with the intercept: leave it out.
        let slope = observations.contains { $0.baseline != observations[0].baseline } ? 1 : 0
        let columns = 1 + arms.count + slope + max(0, levels.count - 1)
        var x = Matrix(rows: observations.count, columns: columns)
        for (i, o) in observations.enumerated() {
            x[i, 0] = 1
            if let j = arms.firstIndex(of: o.arm) { x[i, 1 + j] = 1 }
            if slope == 1 { x[i, 1 + arms.count] = o.baseline - centre }
            if let level = levels.firstIndex(of: o.stratum), level > 0 { x[i, arms.count + slope + level] = 1 }
        }
        guard let fit = try? LinearModel(design: x, response: observations.map(\.followUp)) else { return nil }
        let critical = StudentT.quantile(1 - alpha / 2, df: Double(fit.residualDF))
        var effects: [Int: Effect] = [:]
        for (j, arm) in arms.enumerated() {
            let estimate = fit.coefficients[1 + j], se = fit.standardError(1 + j)
            effects[arm] = Effect(estimate: estimate, standardError: se, df: fit.residualDF,
                                  pValue: StudentT.twoSidedP(estimate / se, df: Double(fit.residualDF)),
                                  ciLow: estimate - critical * se, ciHigh: estimate + critical * se)
        }
        self.effects = effects
        baselineSlope = slope == 1 ? fit.coefficients[1 + arms.count] : 0
        strata = levels
        covariates = (slope == 1 ? ["baseline"] : []) + (levels.count > 1 ? ["stratum"] : [])
    }
}
