import Foundation
import RunOutput

/// The tidy CSV files of a trial run (file names and columns are the output contract; later versions only add
/// columns at the end).
public enum TrialTables {
    public static let trialData = "trial_data.csv"
    public static let effects = "effects.csv"
    public static let curves = "curves.csv"
    public static let timecourse = "timecourse.csv"
    public static let power = "power.csv"
    public static let report = "report.md"

    /// Column names, from the data dictionary (`TrialTables+Dictionary.swift`), which says what each holds.
    public static var trialDataColumns: [String] { trialDataFields.map(\.name) }
    public static var effectColumns: [String] { effectFields.map(\.name) }
    public static var curveColumns: [String] { curveFields.map(\.name) }
    public static var timecourseColumns: [String] { timecourseFields.map(\.name) }
    public static var powerColumns: [String] { powerFields.map(\.name) }
    /// Added to `effects.csv` by `--uncertainty`.
    public static var modelColumns: [String] { modelFields.map(\.name) }

    /// Every file of a run folder but the manifest, in the order they are written: the tables, then the report.
    public static func files(report: TrialReport) -> [(name: String, data: Data)] {
        let result = report.result, design = report.result.design
        var files = [(trialData, trialData(result).data),
                     (effects, effects(report.analysis, design: design, evidence: report.evidence, model: report.model).data),
                     (curves, curves(result).data), (timecourse, timecourse(result).data)]
        if let analysis = report.power { files.append((power, power(analysis, design: design).data)) }
        files.append((self.report, Data(report.markdown.utf8)))
        files.append((DataPackage.fileName, dataPackage(withPower: report.power != nil, withModel: report.model != nil).json()))
        return files.map { (name: $0.0, data: $0.1) }
    }

    /// One row per randomised subject; follow-up values are empty for subjects lost to follow-up.
    public static func trialData(_ result: TrialResult) -> CSVTable {
        var table = CSVTable(header: trialDataColumns)
        let names = result.design.armNames
        for s in result.subjects {
            var row = [String(s.id), names[s.arm], s.sex.rawValue, s.clbp ? "1" : "0", s.stratum.label,
                       s.completed ? "1" : "0", String(s.sessionsAttended)]
            for (o, outcome) in TrialOutcome.allCases.enumerated() {
                let follow = s.completed ? s.followUp(outcome) : nil
                row += [s.visits[0].values[o], follow].map { $0.map { CSVTable.number($0, outcome.decimals) } ?? "" }
            }
            row += [s.cohort, String(s.participation.scheduled), CSVTable.number(s.participation.adherence, 4),
                    s.participation.dropoutDay.map(String.init) ?? "", s.recurrence12m.map { $0 ? "1" : "0" } ?? "",
                    s.daysToRecurrence.map(String.init) ?? ""]
            table.append(row)
        }
        return table
    }

    /// One row per outcome and compared arm; statistics with 12 significant digits, so that a reader can check
    /// them against another implementation. `evidence` says whether the effect is a mechanism's prediction or an
    /// evidence-synthesis input, and its basis with sources; with `model`, the model-uncertainty interval and share
    /// follow at the end (empty on risk-ratio rows).
    public static func effects(_ analysis: TrialAnalysis, design: TrialDesign, evidence: OutcomeEvidence,
                               model: ModelUncertainty? = nil) -> CSVTable {
        var table = CSVTable(header: effectColumns + (model == nil ? [] : modelColumns))
        let names = design.armNames
        for (r, row) in analysis.rows.enumerated() {
            let e = row.effect, g = row.hedgesG
            let who: [String] = [row.outcome.rawValue, names[row.arm], names[design.reference], String(row.nArm), String(row.nReference)]
            let statistics: [Double?] = [e?.estimate, e?.standardError, e?.ciLow, e?.ciHigh, e?.pValue, g?.g, g?.ciLow, g?.ciHigh]
            let rates: [String] = [row.respondersArm, row.respondersReference].map { rate in rate.map { CSVTable.number($0, 4) } ?? "" }
            let fit: [String] = [precise(row.mcid), e.map { String($0.df) } ?? "", row.covariates]
            let label = evidence.label(row.outcome, kind: design.arms[row.arm].kind)
            let interval = model.map { m in m.intervals[r].map { [$0.low, $0.high, $0.share] } ?? [nil, nil, nil] } ?? []
            table.append(who + statistics.map(precise) + rates + fit + [label.evidence.rawValue, label.described, "difference", "", "", "", ""]
                         + interval.map(precise))
        }
        // Binary outcomes: the risk ratio in `estimate` (its log-scale SE in `se`), events and risks per group.
        for row in analysis.recurrence {
            let r = row.riskRatio
            let label = evidence.label(recurrence: design.arms[row.arm].kind)
            let who: [String] = [RecurrenceRow.outcome, names[row.arm], names[design.reference], String(row.nArm), String(row.nReference)]
            let statistics: [Double?] = [r?.ratio, r?.logSE, r?.ciLow, r?.ciHigh, r?.pValue, nil, nil, nil]
            let counts = [r.map { String($0.eventsArm) } ?? "", r.map { String($0.eventsReference) } ?? "",
                          r.map { CSVTable.number($0.riskArm, 4) } ?? "", r.map { CSVTable.number($0.riskReference, 4) } ?? ""]
            table.append(who + statistics.map(precise) + ["", "", "", "", "", label.evidence.rawValue, label.described, "risk_ratio"] + counts
                         + (model == nil ? [] : ["", "", ""]))
        }
        return table
    }

    /// Mean torque–angle curves by arm at baseline (all randomised) and at follow-up (completers).
    public static func curves(_ result: TrialResult) -> CSVTable {
        var table = CSVTable(header: curveColumns)
        let alpha = result.design.alpha
        for (arm, name) in result.design.armNames.enumerated() {
            let members = result.subjects.filter { $0.arm == arm }
            for (visit, week) in [("baseline", 0), ("followup", result.design.followUpWeeks)] {
                for (o, angle) in RunTables.torqueColumnAngles.enumerated() {
                    let summary = Summary(members.compactMap { $0.value(TrialOutcome.allCases[o], week: week) })
                    table.append([name, visit, CSVTable.number(angle, 0)] + summaryFields(summary, alpha: alpha))
                }
            }
        }
        return table
    }

    /// Every outcome by arm at every visit week, over the subjects seen at that visit.
    public static func timecourse(_ result: TrialResult) -> CSVTable {
        var table = CSVTable(header: timecourseColumns)
        let alpha = result.design.alpha
        for (arm, name) in result.design.armNames.enumerated() {
            let members = result.subjects.filter { $0.arm == arm }
            for week in result.design.visitWeeks {
                for outcome in TrialOutcome.allCases {
                    let summary = Summary(members.compactMap { $0.value(outcome, week: week) })
                    table.append([name, String(week), outcome.rawValue] + summaryFields(summary, alpha: alpha))
                }
            }
        }
        return table
    }

    public static func power(_ power: PowerAnalysis, design: TrialDesign) -> CSVTable {
        var table = CSVTable(header: powerColumns)
        let names = design.armNames
        for row in power.rows {
            table.append([String(row.nPerArm), row.outcome.rawValue, names[row.arm], names[design.reference], String(row.trials)]
                         + [row.power, row.interval.low, row.interval.high].map { CSVTable.number($0, 4) })
        }
        return table
    }

    /// n, mean, SD and the t interval of the mean, 4 decimals (empty where undefined).
    static func summaryFields(_ s: Summary, alpha: Double) -> [String] {
        let ci = s.interval(alpha: alpha)
        return [String(s.n)] + [s.mean, s.sd, ci.low, ci.high].map { CSVTable.number($0, 4) }
    }

    /// 12 significant digits (empty when missing or not finite): enough for a 1e-8 relative comparison.
    static func precise(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        let text = String(format: "%.12g", x)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
}
