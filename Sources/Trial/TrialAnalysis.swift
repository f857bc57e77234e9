/// One arm against the reference on one outcome: the ANCOVA effect, Hedges' g and the responder rates.
public struct EffectRow: Sendable {
    public var outcome: TrialOutcome
    public var arm: Int
    /// Subjects in the analysis (completers with a baseline and a follow-up value).
    public var nArm: Int
    public var nReference: Int
    public var effect: ANCOVA.Effect?
    public var hedgesG: HedgesG?
    /// Fractions of the analysed subjects whose change reached the MCID; nil without an MCID.
    public var respondersArm: Double?
    public var respondersReference: Double?
    public var mcid: Double?
    /// The model's covariates besides arm, space-separated (`baseline stratum`); empty when no model was fitted.
    public var covariates: String
}

/// The analysis of a trial at follow-up, outcome by outcome (complete cases): ANCOVA follow-up ~ arm + baseline
/// [+ stratum when randomisation was stratified], Hedges' g, and responder rates at the MCID.
public struct TrialAnalysis: Sendable {
    /// Outcome by outcome (``TrialOutcome`` order), the arms in trial order without the reference.
    public let rows: [EffectRow]
    /// Recurrence in the 12 months after follow-up: risk ratios against the reference, arms in trial order.
    public let recurrence: [RecurrenceRow]

    public init(_ result: TrialResult, responders: [String: TrialDefaults.Responder]) {
        let design = result.design
        var rows: [EffectRow] = []
        for outcome in TrialOutcome.allCases {
            let observations = Self.observations(result, outcome)
            let fit = ANCOVA(observations, reference: design.reference, adjustForStrata: design.adjustsForStrata, alpha: design.alpha)
            let responder = responders[outcome.rawValue]
            func group(_ arm: Int) -> [ANCOVA.Observation] { observations.filter { $0.arm == arm } }
            func rate(_ group: [ANCOVA.Observation]) -> Double? {
                guard let responder, !group.isEmpty else { return nil }
                return Double(group.filter { responder.responds(baseline: $0.baseline, followUp: $0.followUp) }.count) / Double(group.count)
            }
            let reference = group(design.reference)
            for arm in design.arms.indices where arm != design.reference {
                let members = group(arm)
                let effect = fit?.effects[arm]
                let g = effect.flatMap {
                    HedgesG(difference: $0.estimate, arm: Summary(members.map(\.followUp)),
                            reference: Summary(reference.map(\.followUp)), alpha: design.alpha)
                }
                rows.append(EffectRow(outcome: outcome, arm: arm, nArm: members.count, nReference: reference.count,
                                      effect: effect, hedgesG: g, respondersArm: rate(members),
                                      respondersReference: rate(reference), mcid: responder?.mcid.value,
                                      covariates: fit?.covariates.joined(separator: " ") ?? ""))
            }
        }
        self.rows = rows
        recurrence = Self.recurrenceRows(result)
    }

    /// The complete cases of an outcome: completers with both a baseline and a follow-up value.
    static func observations(_ result: TrialResult, _ outcome: TrialOutcome) -> [ANCOVA.Observation] {
        result.subjects.compactMap { s in
            guard s.completed, let baseline = s.baseline(outcome), let followUp = s.followUp(outcome) else { return nil }
            return ANCOVA.Observation(arm: s.arm, baseline: baseline, followUp: followUp, stratum: s.stratum.label)
        }
    }

    public func row(_ outcome: TrialOutcome, arm: Int) -> EffectRow? {
        rows.first { $0.outcome == outcome && $0.arm == arm }
    }
}
