import LumbarDatasets
import Trial

/// The tables of a trial run folder (`curves.csv`, `timecourse.csv`, `effects.csv`, `power.csv`) as typed rows.
/// Column names are the trial's output contract (`TrialTables`).

/// A mean with its spread and confidence interval, as every summary table carries it.
public struct MeanCI: Sendable, Equatable {
    public var n: Int
    public var mean: Double
    public var sd: Double
    public var ciLow: Double
    public var ciHigh: Double

    /// The `n, mean, sd, ci_low, ci_high` columns of a row, each name followed by `suffix` but `n` (e.g. "_nm").
    init(_ csv: RunCSV, row r: Int, suffix: String) throws(ReportError) {
        n = try csv.count(r, "n")
        mean = try csv.optional(r, "mean" + suffix)
        sd = try csv.optional(r, "sd" + suffix)
        ciLow = try csv.optional(r, "ci_low" + suffix)
        ciHigh = try csv.optional(r, "ci_high" + suffix)
    }

    init(n: Int, mean: Double, sd: Double, ciLow: Double, ciHigh: Double) {
        self.n = n
        self.mean = mean
        self.sd = sd
        self.ciLow = ciLow
        self.ciHigh = ciHigh
    }
}

/// `curves.csv`: mean torque at one angle, for one arm at baseline or follow-up.
public struct CurvePoint: Sendable, Equatable {
    public enum Visit: String, Sendable, CaseIterable { case baseline, followup }
    public var arm: String
    public var visit: Visit
    public var angleDeg: Double
    public var summary: MeanCI

    static let columns = TrialTables.curveColumns

    static func read(_ csv: RunCSV) throws(ReportError) -> [CurvePoint] {
        var points: [CurvePoint] = []
        for r in csv.rowIndices {
            guard let visit = Visit(rawValue: csv.string(r, "visit")) else {
                throw .malformed(file: csv.file, line: r + 2, problem: "visit '\(DataFile.excerpt(csv.string(r, "visit")))' is not baseline or followup")
            }
            points.append(CurvePoint(arm: csv.string(r, "arm"), visit: visit, angleDeg: try csv.required(r, "angle_deg"),
                                     summary: try MeanCI(csv, row: r, suffix: "_nm")))
        }
        return points
    }
}

/// `timecourse.csv`: one outcome's mean for one arm at one week.
public struct TimePoint: Sendable, Equatable {
    public var arm: String
    public var week: Double
    public var outcome: String
    public var summary: MeanCI

    static let columns = TrialTables.timecourseColumns

    static func read(_ csv: RunCSV) throws(ReportError) -> [TimePoint] {
        var points: [TimePoint] = []
        for r in csv.rowIndices {
            points.append(TimePoint(arm: csv.string(r, "arm"), week: try csv.required(r, "week"), outcome: csv.string(r, "outcome"),
                                    summary: try MeanCI(csv, row: r, suffix: "")))
        }
        return points
    }
}

/// `effects.csv`: one arm against the reference arm on one outcome (ANCOVA difference, Hedges' g, responders).
public struct Effect: Sendable, Equatable {
    public var outcome: String
    public var arm: String
    public var reference: String
    public var estimate: Double
    public var ciLow: Double
    public var ciHigh: Double
    public var pValue: Double
    public var hedgesG: Double
    public var gCiLow: Double
    public var gCiHigh: Double
    /// What the ANCOVA adjusted for besides the arm, space-separated ("baseline stratum").
    public var covariates: String
    /// The estimate's model-uncertainty interval (`model_low`, `model_high` of `trial --uncertainty`); nil without.
    public var model: ClosedRange<Double>? = nil

    /// The columns read; later columns (evidence, risk ratios) are optional, so older runs still plot.
    static let columns = ["outcome", "arm", "reference", "estimate", "ci_low", "ci_high", "p_value", "hedges_g", "g_ci_low",
                          "g_ci_high", "covariates"]

    /// The ANCOVA rows; risk-ratio rows of binary outcomes (`measure` `risk_ratio`) are not differences.
    static func read(_ csv: RunCSV) throws(ReportError) -> [Effect] {
        var effects: [Effect] = []
        for r in csv.rowIndices where !csv.header.contains("measure") || csv.string(r, "measure") != "risk_ratio" {
            effects.append(Effect(outcome: csv.string(r, "outcome"), arm: csv.string(r, "arm"), reference: csv.string(r, "reference"),
                                  estimate: try csv.optional(r, "estimate"), ciLow: try csv.optional(r, "ci_low"),
                                  ciHigh: try csv.optional(r, "ci_high"), pValue: try csv.optional(r, "p_value"),
                                  hedgesG: try csv.optional(r, "hedges_g"), gCiLow: try csv.optional(r, "g_ci_low"),
                                  gCiHigh: try csv.optional(r, "g_ci_high"), covariates: csv.string(r, "covariates"),
                                  model: try modelInterval(csv, row: r)))
        }
        return effects
    }

    /// `model_low...model_high` when the run has the columns and the row both bounds.
    private static func modelInterval(_ csv: RunCSV, row r: Int) throws(ReportError) -> ClosedRange<Double>? {
        guard csv.header.contains("model_low"), csv.header.contains("model_high"),
              let low = try csv.number(r, "model_low"), let high = try csv.number(r, "model_high"), low <= high else { return nil }
        return low...high
    }
}

/// `power.csv`: the share of simulated trials of `nPerArm` per arm that found the arm's effect (missing, NaN, when
/// no simulated trial could be analysed, e.g. an angle too few subjects reach).
public struct PowerPoint: Sendable, Equatable {
    public var nPerArm: Double
    public var outcome: String
    public var arm: String
    public var reference: String
    public var power: Double
    public var ciLow: Double
    public var ciHigh: Double

    static let columns = TrialTables.powerColumns

    static func read(_ csv: RunCSV) throws(ReportError) -> [PowerPoint] {
        var points: [PowerPoint] = []
        for r in csv.rowIndices {
            points.append(PowerPoint(nPerArm: try csv.required(r, "n_per_arm"), outcome: csv.string(r, "outcome"),
                                     arm: csv.string(r, "arm"), reference: csv.string(r, "reference"),
                                     power: try csv.optional(r, "power"), ciLow: try csv.optional(r, "power_ci_low"),
                                     ciHigh: try csv.optional(r, "power_ci_high")))
        }
        return points
    }
}
