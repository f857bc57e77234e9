import Foundation
import Plots
import RunOutput

extension RunFigures {
    /// Arm effects against the reference arm with confidence intervals. Without `outcome`: Hedges' g for every
    /// outcome but the single angles (standardised, so outcomes share one axis). With `outcome`: the ANCOVA
    /// difference in the outcome's own unit.
    public func forest(outcome: String?) throws(ReportError) -> ForestPlot {
        let effects = try Effect.read(run.trialTable("effects.csv", columns: Effect.columns, for: "plot forest"))
        let known = OutcomeLabel.sorted(effects.map(\.outcome))
        guard !known.isEmpty else { throw .noData(file: "effects.csv", what: "effect rows") }
        if let outcome, !known.contains(outcome) { throw .unknownOutcome(outcome, file: "effects.csv", known: known) }
        let references = Set(effects.map(\.reference)).sorted().joined(separator: ", ")
        let chosen = outcome.map { [$0] } ?? OutcomeLabel.summarised(known)
        let groups = chosen.map { name in
            let label = OutcomeLabel.of(name)
            let rows = effects.filter { $0.outcome == name }.sorted { armRank($0.arm) < armRank($1.arm) }.map { e in
                if outcome == nil {
                    let model = Self.standardised(e)
                    return ForestRow(label: e.arm, estimate: e.hedgesG, low: e.gCiLow, high: e.gCiHigh, colour: colour(e.arm),
                                     values: Self.interval(e.hedgesG, e.gCiLow, e.gCiHigh, decimals: Self.gDecimals)
                                         + Self.modelValues(model, decimals: Self.gDecimals), model: model)
                }
                return ForestRow(label: e.arm, estimate: e.estimate, low: e.ciLow, high: e.ciHigh, colour: colour(e.arm),
                                 values: Self.interval(e.estimate, e.ciLow, e.ciHigh) + Self.modelValues(e.model)
                                     + (e.estimate.isFinite ? "   " + Self.p(e.pValue) : ""), model: e.model)
            }
            return ForestGroup(title: label.titled + (label.lowerIsBetter ? ": lower is better" : ""), rows: rows)
        }
        let both = effects.contains { $0.model != nil }
        // Short enough for the figure's width: the sampling interval, then the model's (scaled to g by the committed SD).
        let modelNote = both ? ["Line: sampling \(confidence). Pale bar, {in braces}: model, 2.5–97.5th percentile over parameter sets"
                                + (outcome == nil ? " (g via committed SD)." : ".")] : []
        if let outcome {
            let label = OutcomeLabel.of(outcome)
            return ForestPlot(title: "Effect on \(label.name) against \(references)",
                              subtitle: ["ANCOVA (\(model(effects))): arm − \(references) at follow-up, \(confidence)."] + modelNote + [provenance],
                              axisTitle: "Difference at follow-up, arm − \(references) (\(label.unit))", groups: groups,
                              valuesHeading: "difference [\(confidence)]" + (both ? " {model}" : "") + "   p")
        }
        return ForestPlot(title: "Standardised effects of each arm against \(references)",
                          subtitle: ["Hedges' g of the follow-up difference, arm − \(references), \(confidence). Torque angle by angle: --outcome torque_36 etc."]
                              + modelNote + [provenance],
                          axisTitle: "Hedges' g (arm − \(references))", groups: groups, valuesHeading: "g [\(confidence)]" + (both ? " {model}" : ""))
    }

    /// The model interval on the g scale: the difference's interval times g over the difference (the committed
    /// parameters' pooled SD and small-sample factor), nil where that ratio is undefined.
    static func standardised(_ e: Effect) -> ClosedRange<Double>? {
        guard let model = e.model, e.estimate.isFinite, e.hedgesG.isFinite, e.estimate != 0 else { return nil }
        let scale = e.hedgesG / e.estimate
        let ends = [model.lowerBound * scale, model.upperBound * scale]
        return ends.min()!...ends.max()!
    }

    /// " {low, high}" after a row's numbers when it has a model interval, else nothing (runs without keep their text).
    static func modelValues(_ model: ClosedRange<Double>?, decimals: Int? = nil) -> String {
        guard let model else { return "" }
        let f = format(covering: [model.lowerBound, model.upperBound], decimals: decimals)
        return " {\(f(model.lowerBound)), \(f(model.upperBound))}"
    }

    /// "follow-up ~ arm + baseline + stratum", from the covariates the trial adjusted for.
    private func model(_ effects: [Effect]) -> String {
        var terms: [String] = []
        for e in effects { for term in e.covariates.split(separator: " ").map(String.init) where !terms.contains(term) { terms.append(term) } }
        return (["follow-up ~ arm"] + terms).joined(separator: " + ")
    }

    private func armRank(_ arm: String) -> Int {
        run.manifest.arms.firstIndex(of: arm) ?? run.manifest.arms.count
    }

    /// Hedges' g is read to two decimals.
    static let gDecimals = 2

    /// "12.3 [4.1, 20.5]": with `decimals`, else enough for three significant digits of the largest of the three.
    /// An effect the trial could not estimate (no spread, too few subjects) says so.
    static func interval(_ estimate: Double, _ low: Double, _ high: Double, decimals: Int? = nil) -> String {
        guard estimate.isFinite else { return "not estimable" }
        let f = format(covering: [estimate, low, high], decimals: decimals)
        return "\(f(estimate)) [\(f(low)), \(f(high))]"
    }

    /// Numbers with `decimals`, else enough for three significant digits of the largest of `values`; "–" for a
    /// missing one.
    static func format(covering values: [Double], decimals: Int?) -> (Double) -> String {
        let largest = values.filter(\.isFinite).map(abs).max() ?? 0
        let places = decimals ?? (largest > 0 ? max(0, min(3, 2 - Int(log10(largest).rounded(.down)))) : 2)
        return { $0.isFinite ? CSVTable.number($0, places).replacingOccurrences(of: "-", with: "\u{2212}") : "–" }
    }

    static func p(_ value: Double) -> String {
        guard value.isFinite else { return "p –" }
        return value < 0.001 ? "p < 0.001" : String(format: "p = %.3f", value)
    }
}
