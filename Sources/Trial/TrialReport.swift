import Foundation

/// `report.md`: the trial's tables in Markdown (participants, effects per outcome, responders, power) and its
/// provenance. It is also what `lumbarsim trial` prints.
public struct TrialReport: Sendable {
    /// Where the run came from: what the manifest also records.
    public struct Provenance: Sendable {
        public var commandLine: [String]
        public var version: String
        public var gitCommit: String
        public var parameterHash: String
        public var cohorts: [String]
        public var instrument: String

        public init(commandLine: [String], version: String, gitCommit: String, parameterHash: String, cohorts: [String], instrument: String) {
            self.commandLine = commandLine
            self.version = version
            self.gitCommit = gitCommit
            self.parameterHash = parameterHash
            self.cohorts = cohorts
            self.instrument = instrument
        }
    }

    public let result: TrialResult
    public let analysis: TrialAnalysis
    public let power: PowerAnalysis?
    /// What each outcome's effect rests on: the report and effects.csv say it beside the effect.
    public let evidence: OutcomeEvidence
    public let provenance: Provenance
    /// The outcomes the effect and power sections show.
    public let outcomes: [TrialOutcome]
    /// The effects' spread over parameter sets (`--uncertainty`); nil keeps every table as without it.
    public var model: ModelUncertainty?
    /// Where the cohorts or arms lie outside the populations and doses the mechanisms were sourced from.
    public var applicabilityWarnings: [String] = []

    public init(result: TrialResult, analysis: TrialAnalysis, power: PowerAnalysis?, evidence: OutcomeEvidence, provenance: Provenance,
                outcomes: [TrialOutcome]) {
        self.result = result
        self.analysis = analysis
        self.power = power
        self.evidence = evidence
        self.provenance = provenance
        self.outcomes = outcomes
    }

    var design: TrialDesign { result.design }
    var reference: String { design.armNames[design.reference] }
    var compared: [Int] { design.arms.indices.filter { $0 != design.reference } }
    var confidence: String { Self.percent(1 - design.alpha) }

    public var markdown: String {
        ([header, provenanceTable, participants, effects, recurrence, evidenceTable, responders] + (power.map { [powerTables($0)] } ?? [])
            + (model.map { [modelSection($0)] } ?? []) + (applicabilityWarnings.isEmpty ? [] : [applicabilitySection]))
            .joined(separator: "\n")
    }

    var header: String {
        """
        # Virtual trial: \(design.arms.count) arms against \(reference)

        \(provenance.cohorts.joined(separator: " + ")), \(design.perArm) subjects per arm (\(design.subjects) randomised), \
        \(Self.describe(design.randomisation)), follow-up at week \(design.followUpWeeks).

        """
    }

    var provenanceTable: String {
        let p = design.participation
        let rows: [(String, String)] = [
            ("command", "`" + provenance.commandLine.joined(separator: " ") + "`"),
            ("LumbarSim", "\(provenance.version), commit \(provenance.gitCommit)"),
            ("seed", String(result.seed)),
            ("cohorts", provenance.cohorts.joined(separator: ", ") + (provenance.cohorts.count > 1 ? " (enrolled in turn)" : "")),
            ("arms", design.armNames.joined(separator: ", ") + "; reference \(reference)"),
            ("randomisation", Self.describe(design.randomisation)
                + (design.randomisation == .simple ? "" : "; block sizes \(design.blockMultiples.map { String($0 * design.arms.count) }.joined(separator: " or "))")),
            ("adherence", String(format: "mean %.2f of scheduled sessions (beta distribution, a + b = %.2f)", p.meanAdherence, p.concentration)),
            ("loss to follow-up", String(format: "%.3f, on a day uniform over the follow-up, in every arm", p.dropout)),
            ("visits", "weeks " + design.visitWeeks.map(String.init).joined(separator: ", ") + "; follow-up at week \(design.followUpWeeks)"),
            ("instrument", provenance.instrument),
            ("analysis", "complete cases; ANCOVA follow-up ~ arm + baseline\(design.adjustsForStrata ? " + stratum" : "") (least squares on LAPACK); "
                + "t-based \(confidence) CIs, two-sided p; Hedges' g = adjusted difference / pooled SD of follow-up, small-sample corrected"),
            ("parameter hash", provenance.parameterHash),
        ]
        return "## Provenance\n\n| | |\n|---|---|\n" + rows.map { "| \($0.0) | \($0.1) |" }.joined(separator: "\n") + "\n"
    }

    var participants: String {
        var lines = ["## Participants", "", "| arm | randomised | completed | women | sessions attended / scheduled |", "|---|---|---|---|---|"]
        for (arm, name) in design.armNames.enumerated() {
            let members = result.subjects.filter { $0.arm == arm }
            let attended = members.reduce(0) { $0 + $1.sessionsAttended }, scheduled = members.reduce(0) { $0 + $1.participation.scheduled }
            let share = scheduled > 0 ? String(format: " (%.0f %%)", 100 * Double(attended) / Double(scheduled)) : ""
            lines.append("| \(name) | \(members.count) | \(members.filter(\.completed).count) | \(members.filter { $0.sex == .female }.count) | \(attended) / \(scheduled)\(share) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var effects: String {
        var lines = ["## Effects at week \(design.followUpWeeks) against \(reference)", "",
                     "Difference: the arm's follow-up minus \(reference)'s, adjusted for baseline\(design.adjustsForStrata ? " and stratum" : ""). "
                     + "Lower is better for pain_vas and odi, higher for the others. "
                     + "Outcomes marked † are evidence-synthesis inputs, not predictions: see \"Where the effects come from\".", ""]
        for outcome in outcomes {
            let input = compared.contains { evidence.label(outcome, kind: design.arms[$0].kind).evidence == .input }
            lines += ["### \(outcome.rawValue) (\(outcome.unit))\(input ? " †" : "")", "",
                      "| arm | n | n \(reference) | difference (\(confidence) CI) | p | Hedges' g (\(confidence) CI) |", "|---|---|---|---|---|---|"]
            for arm in compared {
                guard let row = analysis.row(outcome, arm: arm) else { continue }
                let difference = row.effect.map { String(format: "%.2f (%.2f to %.2f)", $0.estimate, $0.ciLow, $0.ciHigh) } ?? "not estimable"
                let p = row.effect.map { Self.pValue($0.pValue) } ?? ""
                let g = row.hedgesG.map { String(format: "%.2f (%.2f to %.2f)", $0.g, $0.ciLow, $0.ciHigh) } ?? ""
                lines.append("| \(design.armNames[arm]) | \(row.nArm) | \(row.nReference) | \(difference) | \(p) | \(g) |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// A new LBP episode or flare-up in the 12 months after the follow-up visit: risks and risk ratios (completers).
    var recurrence: String {
        var lines = ["## Recurrence in the 12 months after follow-up †", "",
                     "A new episode or flare-up within 12 months of the week-\(design.followUpWeeks) visit, over the subjects who completed it; "
                     + "risk ratio against \(reference) with its \(confidence) CI (log scale; ½ added to every cell of a comparison with a zero cell).", "",
                     "| arm | events / n | \(reference) events / n | risk ratio (\(confidence) CI) | p |", "|---|---|---|---|---|"]
        for row in analysis.recurrence {
            guard let r = row.riskRatio else {
                lines.append("| \(design.armNames[row.arm]) | \(row.nArm) | \(row.nReference) | not estimable | |")
                continue
            }
            lines.append("| \(design.armNames[row.arm]) | \(r.eventsArm) / \(r.nArm) (\(Self.percent(r.riskArm))) | \(r.eventsReference) / \(r.nReference) (\(Self.percent(r.riskReference))) | "
                         + String(format: "%.2f (%.2f to %.2f)", r.ratio, r.ciLow, r.ciHigh) + " | \(Self.pValue(r.pValue)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Per outcome shown and compared arm, whether its effect is a mechanism's prediction or an evidence-synthesis
    /// input, and its basis with sources; outcomes whose every arm is the default label share one line.
    var evidenceTable: String {
        var lines = ["## Where the effects come from", "", "| outcome | arm | evidence | basis (sources) |", "|---|---|---|---|"]
        var defaulted: [String] = []
        for outcome in outcomes {
            let labels = compared.map { evidence.label(outcome, kind: design.arms[$0].kind) }
            if labels.allSatisfy({ $0 == evidence.fallback }) { defaulted.append(outcome.rawValue); continue }
            for (arm, label) in zip(compared, labels) {
                lines.append("| \(outcome.rawValue) | \(design.armNames[arm]) | \(label.evidence.rawValue) | \(label.described) |")
            }
        }
        for arm in compared {
            let label = evidence.label(recurrence: design.arms[arm].kind)
            lines.append("| \(RecurrenceRow.outcome) | \(design.armNames[arm]) | \(label.evidence.rawValue) | \(label.described) |")
        }
        if !defaulted.isEmpty {
            lines.append("| \(defaulted.joined(separator: ", ")) | all | \(evidence.fallback.evidence.rawValue) | \(evidence.fallback.described) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// With `--uncertainty`: each difference's spread over the parameter sets beside its sampling interval, and
    /// which of the two dominates its uncertainty.
    func modelSection(_ model: ModelUncertainty) -> String {
        var lines = ["## Model uncertainty", "",
                     "The trial rerun under \(model.sets) parameter sets (every uncertain input of Datasets/ on a Latin hypercube; same "
                     + "subjects and streams): the 2.5th to 97.5th percentile of each difference over the sets, and the share of its "
                     + "variance that comes from the parameters rather than the sampling of subjects.", "",
                     "| outcome | arm | difference (\(confidence) CI) | over parameter sets | from parameters | dominates |",
                     "|---|---|---|---|---|---|"]
        for outcome in outcomes {
            for arm in compared {
                guard let r = analysis.rows.firstIndex(where: { $0.outcome == outcome && $0.arm == arm }),
                      let e = analysis.rows[r].effect, let m = model.intervals[r] else { continue }
                let difference = String(format: "%.2f (%.2f to %.2f)", e.estimate, e.ciLow, e.ciHigh)
                let spread = String(format: "%.2f to %.2f", m.low, m.high)
                lines.append("| \(outcome.rawValue) | \(design.armNames[arm]) | \(difference) | \(spread) | \(Self.percent(m.share)) | "
                             + (m.share > 0.5 ? "model" : "sampling") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var responders: String {
        var lines = ["## Responders", "", "Share of analysed subjects whose change from baseline reached the minimal clinically important difference.", "",
                     "| outcome | MCID | arm | responders | \(reference) |", "|---|---|---|---|---|"]
        for outcome in TrialOutcome.allCases {
            for arm in compared {
                guard let row = analysis.row(outcome, arm: arm), let mcid = row.mcid else { continue }
                let rates = [row.respondersArm, row.respondersReference].map { $0.map(Self.percent) ?? "" }
                lines.append("| \(outcome.rawValue) | \(String(format: "%g", mcid)) | \(design.armNames[arm]) | \(rates[0]) | \(rates[1]) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func powerTables(_ power: PowerAnalysis) -> String {
        let sizes = Array(Set(power.rows.map(\.nPerArm))).sorted()
        var lines = ["## Power", "", "Fraction of \(power.trialsPerSize) simulated trials per size in which the arm's effect had p < \(String(format: "%g", design.alpha)) "
                     + "(exact \(confidence) interval).", ""]
        for outcome in outcomes {
            lines += ["### \(outcome.rawValue)", "", "| n per arm | " + compared.map { design.armNames[$0] }.joined(separator: " | ") + " |",
                      "|---|" + String(repeating: "---|", count: compared.count)]
            for n in sizes {
                let cells = compared.map { arm -> String in
                    guard let row = power.rows.first(where: { $0.nPerArm == n && $0.outcome == outcome && $0.arm == arm }), row.trials > 0 else { return "" }
                    return String(format: "%.2f (%.2f-%.2f)", row.power, row.interval.low, row.interval.high)
                }
                lines.append("| \(n) | " + cells.joined(separator: " | ") + " |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ scheme: RandomisationScheme) -> String {
        switch scheme {
        case .simple: "simple randomisation"
        case .blocks: "permuted blocks"
        case .stratified: "permuted blocks stratified by sex and CLBP status"
        }
    }

    static func percent(_ x: Double) -> String { String(format: "%.0f %%", 100 * x) }

    static func pValue(_ p: Double) -> String { p < 0.001 ? "<0.001" : String(format: "%.3f", p) }
}
