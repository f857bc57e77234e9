import Foundation

extension CredibilityReport {
    /// `credibility.md`: the context of use and its model risk, then verification, validation, uncertainty,
    /// sensitivity and applicability, each from the figures of this report.
    public var markdown: String {
        var lines = ["# Credibility of LumbarSim for a context of use", ""]
        lines += contextSection + [""] + verificationSection + [""] + validationSection + [""] + uncertaintySection + [""]
            + sensitivitySection + [""] + applicabilitySection
        return lines.joined(separator: "\n") + "\n"
    }

    /// A markdown table: the header, its rule and one line per row.
    static func table(_ columns: [String], _ rows: [[String]]) -> [String] {
        ["| " + columns.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: columns.count)]
            + rows.map { "| " + $0.joined(separator: " | ") + " |" }
    }

    static func g(_ x: Double?, _ digits: Int = 3) -> String {
        guard let x else { return "-" }
        return x.isFinite ? String(format: "%.\(digits)g", x) : "\(x)"
    }

    static func f(_ x: Double?, _ decimals: Int = 2) -> String {
        guard let x else { return "-" }
        return x.isFinite ? String(format: "%.\(decimals)f", x) : "\(x)"
    }

    var contextSection: [String] {
        let use = context.use, risk = context.risk
        return ["## Context of use", "", "- Question: \(use.question)", "- Decision: \(use.decision)"]
            + Self.riskLines(use, risk)
            + ["- Cohort: \(use.cohort); arms: \(use.regimens.joined(separator: ", ")); seed \(seed)"]
    }

    /// Influence, consequence and the model risk, each with what it rests on (judgement, the map's confidence).
    static func riskLines(_ use: ContextOfUse, _ risk: ModelRisk) -> [String] {
        ["- Model influence: \(use.influence.rawValue); consequence of a wrong decision: \(use.consequence.rawValue)"
            + " (judgements: " + (use.assumption.map { "assumed, \($0)" } ?? "given without a stated reason") + ")",
         "- Model risk: **\(risk.name)** (level \(risk.level) of 5; influence x consequence on the map of "
            + "Datasets/credibility/model-risk.yaml, after \(risk.source); its cells: \(risk.confidence))"]
    }

    var verificationSection: [String] {
        let code = verification.code.map { c in
            [c.name, "\(Self.g(c.measured)) \(c.measure)", Self.g(c.tolerance), c.passed ? "yes" : "**no**", c.reference]
        }
        let series = verification.calculation.flatMap { s in
            s.settings.enumerated().map { k, setting -> [String] in
                let change: Double? = s.reference != nil ? s.relativeChanges[k] : (k == 0 ? nil : s.relativeChanges[k - 1])
                return [k == 0 ? "\(s.name) (\(s.output))" : "", "\(s.parameter) \(Self.g(setting, 4))", Self.g(s.values[k], 6), Self.g(change, 2)]
            }
        }
        return ["## Verification", "", "### Code: known answers", ""]
            + Self.table(["check", "measured", "tolerance", "passed", "reference"], code)
            + ["", "### Calculation: refinement", "",
               "Each series refines one numerical parameter; the change is relative, from the previous setting "
                + "(or the error from the closed form where there is one).", ""]
            + Self.table(["series", "setting", "value", "relative change"], series)
    }

    var validationSection: [String] {
        let v = validation
        var lines = ["## Validation", "",
                     "Targets simulated by `lumbarsim validate`, by evidence kind; only independent targets test the model "
                        + "(fitted ones play back the calibration, input and derived ones what it was given).", ""]
            + Self.table(["evidence", "simulated", "inside the band"], v.counts.map { [$0.evidence, "\($0.simulated)", "\($0.inside)"] })
        if let cross = v.cross {
            lines += ["", "Leave-one-study-out over \(cross.studies) fitted studies (\(cross.subjects) subjects per scenario, at most "
                        + "\(cross.iterations) iterations per refit): band-normalised RMS in-sample \(Self.f(cross.rmsInSample)), "
                        + "out-of-sample \(Self.f(cross.rmsOutOfSample))."]
        } else {
            lines += ["", "Leave-one-study-out was not run (--cross-iterations 0)."]
        }
        let rows = v.rows.filter { $0.within != nil }.map { r in
            [r.id, r.evidence, Self.g(r.published, 4), Self.g(r.simulated, 4), "\(Self.g(r.lower, 4)) to \(Self.g(r.upper, 4))",
             r.within == true ? "yes" : "**no**", r.required ? "yes" : "no"]
        }
        return lines + [""] + Self.table(["target", "evidence", "published", "simulated", "band", "inside", "required"], rows)
    }

    var uncertaintySection: [String] {
        let u = uncertainty
        var lines = ["## Uncertainty", "",
                     "The context's trial (\(u.perArm) per arm, against \(u.reference)) rerun under \(u.parameterSets) parameter sets "
                        + "drawn over every uncertain input (`trial --uncertainty`): each effect with its sampling interval (ANCOVA 95 % CI) "
                        + "and its model interval (2.5th-97.5th percentile over the sets), and the share of its variance from the parameters.", ""]
            + Self.table(["outcome", "arm", "effect", "sampling 95 % CI", "model interval", "share from parameters"], u.effects.map { e in
                [e.outcome, e.arm, Self.f(e.estimate), "\(Self.f(e.ciLow)) to \(Self.f(e.ciHigh))", "\(Self.f(e.modelLow)) to \(Self.f(e.modelHigh))",
                 e.modelShare.map { Self.f(100 * $0, 0) + " %" } ?? "-"]
            })
        let shares = u.effects.compactMap(\.modelShare)
        if !shares.isEmpty {
            let model = shares.filter { $0 > 0.5 }.count
            lines += ["", "Parameters dominate the uncertainty of \(model) of \(shares.count) effects; sampling dominates the rest."]
        }
        return lines
    }

    var sensitivitySection: [String] {
        let s = sensitivity
        var lines = ["## Sensitivity", "",
                     "Morris screening of \(s.inputs) uncertain inputs (\(s.trajectories) trajectories, \(s.subjects) subjects per run, "
                        + "\(s.modelRuns) model runs); each input's score is its largest mu* over the arms' effects against the reference, "
                        + "scaled by that output's largest (ties go to the larger sum over the outputs). The top five, and whether each "
                        + "rests on a source:", ""]
            + Self.table(["rank", "input", "score", "sum", "on output", "basis", "confidence", "standing"], s.ranked.prefix(10).map { r in
                ["\(r.rank)", r.input, Self.f(r.score), Self.f(r.sum), r.output, r.basis, r.confidence, r.rank <= 5 ? "**\(r.standing)**" : r.standing]
            })
        let top = s.ranked.prefix(5)
        lines += ["", "Of the five most influential inputs, \(top.filter { $0.standing == "sourced" }.count) are sourced, "
                    + "\(top.filter { $0.standing == "fitted" }.count) fitted and \(top.filter { $0.standing == "assumed" }.count) assumed."]
        return lines
    }

    var applicabilitySection: [String] {
        let a = applicability
        var lines = ["## Applicability", "",
                     "The populations and doses behind each mechanism (Datasets/credibility/applicability.yaml) against the context: "
                        + "cohort \(a.cohort) (\(a.condition), \(a.sexes.joined(separator: "/")), \(Self.f(a.ageY[0], 0))-\(Self.f(a.ageY[1], 0)) y "
                        + "as mean +-2 SD).", ""]
            + Self.table(["mechanism", "acts in", "sources", "studied", "ages (y)", "flags"], a.findings.map { m in
                [m.mechanism, m.arms.isEmpty ? "-" : m.arms.joined(separator: ", "), m.sources.joined(separator: ", "),
                 (m.conditions + m.sexes).joined(separator: ", "), m.ageY.map { "\(Self.f($0[0], 0))-\(Self.f($0[1], 0))" } ?? "not read",
                 "\(m.warnings.count)"]
            })
        lines += [""] + (a.warnings.isEmpty ? ["Every mechanism is used within its sources' populations and doses."]
            : ["Out-of-range use (\(a.warnings.count)):", ""] + a.warnings.map { "- \($0)" })
        return lines
    }
}
