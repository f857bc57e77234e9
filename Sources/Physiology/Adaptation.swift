import Foundation

/// How care changes a subject from day to day. Sessions add to a state variable in proportion to what is
/// left to gain (so effects saturate); every day, what was gained decays exponentially back towards
/// baseline (detraining, fading flexibility, waning manual-therapy effects).
extension SubjectState {
    /// One day passes: every trained quantity decays towards baseline with its own time constant.
    public mutating func advanceDay(subject: SubjectParameters, _ p: AdaptationParameters) {
        day += 1
        let week = 7.0
        neural *= exp(-1 / (week * p.neuralDetrainingWeeks))
        let hypertrophyDecay = exp(-1 / (week * p.atrophyWeeks))
        for group in ExtensorGroup.allCases { hypertrophy[group] *= hypertrophyDecay }
        if subject.clbp {
            atrophy.multifidus *= exp(-p.clbpMultifidusAtrophyPerYear / 365.25)
        }
        let fade = exp(-1 / (week * p.flexibilityFadeWeeks))
        slrGainDeg *= fade
        lumbarRomGainDeg *= fade
        manualEffect *= exp(-1 / p.manualEffectDays)
        manualTone *= exp(-1 / p.manualToneDays)
        fitness *= exp(-1 / (week * p.fitnessWeeks))
        conditioning *= exp(-1 / (week * p.conditioningWeeks))
    }

    /// A strength session. `nodeStimulus` (0…1 per neural node) already carries the trained range, pelvic
    /// restraint and effort; neural gains are angle-specific, hypertrophy follows the mean stimulus.
    public mutating func strengthSession(nodeStimulus: SIMD8<Double>, sets: Int, _ p: AdaptationParameters) {
        let remaining = SIMD8<Double>(repeating: 1) - neural
        neural += p.neuralGainPerSession * nodeStimulus * remaining
        let nodes = Double(Self.neuralNodesDeg.count)
        var meanStimulus = 0.0
        for k in 0..<Self.neuralNodesDeg.count { meanStimulus += nodeStimulus[k] }
        meanStimulus /= nodes
        let perSession = p.hypertrophyPerSession + p.hypertrophyPerAdditionalSet * Double(max(0, sets - 1))
        for group in ExtensorGroup.allCases {
            let room = max(0, 1 - hypertrophy[group] / p.hypertrophyCeiling)
            hypertrophy[group] += perSession * meanStimulus * room
        }
        condition(towards: 1, rate: p.conditioningGainPerSession)
    }

    /// Exercise conditioning moves towards the ceiling of the kind of exercise done (strengthening 1, others
    /// their pain weight): many sessions of a weaker kind cannot outdo strengthening.
    mutating func condition(towards ceiling: Double, rate: Double) {
        if conditioning < ceiling { conditioning += min(1, rate) * (ceiling - conditioning) }
    }

    /// A stretching session: hamstring stretches raise the straight-leg raise, trunk stretches the lumbar
    /// range; holds shorter than the effective hold count proportionally (Bandy 1997).
    public mutating func stretchingSession(hamstring: Bool, lumbar: Bool, holdS: Double, _ p: AdaptationParameters) {
        let dose = min(1, holdS / p.effectiveHoldS) * p.slrGainFractionPerSession
        if hamstring { slrGainDeg += dose * (p.slrMaxGainDeg - slrGainDeg) }
        if lumbar { lumbarRomGainDeg += dose * (p.lumbarRomMaxGainDeg - lumbarRomGainDeg) }
        condition(towards: p.stretchingPainWeight, rate: p.conditioningGainPerSession)
    }

    /// A manual-therapy session: an effect on symptoms that a weekly course keeps up and that fades over weeks after
    /// it (ahrq2020's short term is 1 to 6 months after the course), and a tone effect gone within days; no hypertrophy.
    public mutating func manualTherapySession(minutes: Double, _ p: AdaptationParameters) {
        let dose = min(1, minutes / p.manualReferenceMinutes)
        manualEffect = max(manualEffect, dose)
        manualTone = max(manualTone, dose)
    }

    /// An aerobic session; `dose` is its load relative to the reference session (minutes × intensity × modality).
    public mutating func aerobicSession(dose: Double, _ p: AdaptationParameters) {
        let gain = min(1, p.fitnessGainPerSession * dose)
        fitness += gain * (1 - fitness)
        condition(towards: p.aerobicPainWeight, rate: p.conditioningGainPerSession * dose)
    }

    /// Multiplier on passive tissue torque from stretching (lasting) and manual therapy's tone effect (transient).
    public func passiveMultiplier(_ p: AdaptationParameters) -> Double {
        var stretched = 0.0
        if p.slrMaxGainDeg > 0 { stretched += 0.5 * slrGainDeg / p.slrMaxGainDeg }
        if p.lumbarRomMaxGainDeg > 0 { stretched += 0.5 * lumbarRomGainDeg / p.lumbarRomMaxGainDeg }
        return (1 - p.stretchStiffnessReductionMax * stretched) * (1 - p.manualStiffnessReduction * manualTone)
    }

    /// Lumbar flexion reachable today and the straight-leg raise, deg.
    public func lumbarRomDeg(_ subject: SubjectParameters) -> Double { subject.lumbarRomDeg + lumbarRomGainDeg }
    public func slrDeg(_ subject: SubjectParameters) -> Double { subject.slrDeg + slrGainDeg }

    /// Pain without treatment: from the enrolment value towards the long-run level (natural history and
    /// regression to the mean).
    public func naturalPain(_ subject: SubjectParameters, _ p: AdaptationParameters) -> Double {
        let settled = 1 - exp(-Double(day) / (7 * p.naturalHistoryWeeks))
        return subject.painVAS + (painLongRun - subject.painVAS) * settled
    }

    /// True pain (0–100) today: natural history lowered by the largest of the reliefs of exercise conditioning,
    /// manual therapy and postural relief, scaled by the subject's responsiveness.
    public func pain(_ subject: SubjectParameters, _ p: AdaptationParameters) -> Double {
        let relief = [p.exercisePainEffect * conditioning, p.manualPainReductionMax * manualEffect,
                      p.posturalPainEffectMax * posturalRelief]
        return min(100, max(0, naturalPain(subject, p) * Self.remaining(after: relief, responder: responder)))
    }

    /// True disability (ODI 0–100): its own natural history, lowered by the same care states as pain but with
    /// disability's own published effects and the subject's own disability response (correlated with pain's), so
    /// disability is not a fixed fraction of pain.
    public func odi(_ subject: SubjectParameters, _ p: AdaptationParameters) -> Double {
        let settled = 1 - exp(-Double(day) / (7 * p.naturalHistoryWeeks))
        let natural = subject.odi + (odiLongRun - subject.odi) * settled
        let relief = [p.exerciseOdiEffect * conditioning, p.manualOdiReductionMax * manualEffect,
                      p.posturalOdiEffectMax * posturalRelief]
        return min(100, max(0, natural * Self.remaining(after: relief, responder: odiResponder)))
    }

    /// The fraction of a symptom left after the reliefs of several kinds of care (each scaled by the subject's
    /// response): the largest one, not their product. Multimodal exercise programmes relieve pain no more than the
    /// best single mode (network meta-analysis, owen2020: multimodal SMD -0.99 against resistance -1.14 and aerobic
    /// -1.41 vs true control), so effects of combined care do not add up. With one kind of care it is that kind's.
    static func remaining(after relief: [Double], responder: Double) -> Double {
        1 - (relief.map { min(1, max(0, $0 * responder)) }.max() ?? 0)
    }

    /// Hazard of a new episode or flare-up in the 12 months after today, relative to natural history: each kind of
    /// care's published risk ratio, reached in proportion to the care state it leaves (held for the 12 months).
    public func recurrenceHazardRatio(_ p: AdaptationParameters) -> Double {
        [(p.exerciseRecurrenceRiskRatio, conditioning), (p.manualRecurrenceRiskRatio, manualEffect),
         (p.posturalRecurrenceRiskRatio, posturalRelief)]
            .reduce(1.0) { $0 * (1 - (1 - $1.0) * min(1, $1.1)) }
    }

    /// The day (1…365) of the first recurrence after today, nil if none within 12 months, for a uniform draw `u`
    /// in (0, 1): a constant hazard whose 12-month risk untreated is the natural risk.
    public func recurrenceDay(u: Double, _ p: AdaptationParameters) -> Int? {
        let year = 365.0
        let hazard = -log(1 - p.recurrenceNaturalRisk12m) / year * recurrenceHazardRatio(p)
        guard hazard > 0 else { return nil }
        let day = -log(u) / hazard
        return day <= year ? max(1, Int(day.rounded(.up))) : nil
    }
}
