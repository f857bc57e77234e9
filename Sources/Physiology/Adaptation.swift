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

    /// A manual-therapy session: a short-lived effect on tone, stiffness and pain; no hypertrophy.
    public mutating func manualTherapySession(minutes: Double, _ p: AdaptationParameters) {
        manualEffect = max(manualEffect, min(1, minutes / p.manualReferenceMinutes))
    }

    /// An aerobic session; `dose` is its load relative to the reference session (minutes × intensity × modality).
    public mutating func aerobicSession(dose: Double, _ p: AdaptationParameters) {
        let gain = min(1, p.fitnessGainPerSession * dose)
        fitness += gain * (1 - fitness)
        condition(towards: p.aerobicPainWeight, rate: p.conditioningGainPerSession * dose)
    }

    /// Multiplier on passive tissue torque from stretching (lasting) and manual therapy (transient).
    public func passiveMultiplier(_ p: AdaptationParameters) -> Double {
        var stretched = 0.0
        if p.slrMaxGainDeg > 0 { stretched += 0.5 * slrGainDeg / p.slrMaxGainDeg }
        if p.lumbarRomMaxGainDeg > 0 { stretched += 0.5 * lumbarRomGainDeg / p.lumbarRomMaxGainDeg }
        return (1 - p.stretchStiffnessReductionMax * stretched) * (1 - p.manualStiffnessReduction * manualEffect)
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

    /// True pain (0–100) today: natural history lowered by exercise conditioning, manual therapy and postural
    /// relief, each scaled by the subject's responsiveness. Effects multiply, so pain stays within 0…100.
    public func pain(_ subject: SubjectParameters, _ p: AdaptationParameters) -> Double {
        let relief = [p.exercisePainEffect * conditioning, p.manualPainReductionMax * manualEffect,
                      p.posturalPainEffectMax * posturalRelief]
        let remaining = relief.reduce(1.0) { $0 * (1 - min(1, $1 * responder)) }
        return min(100, max(0, naturalPain(subject, p) * remaining))
    }

    /// True disability (ODI 0–100): its own natural history, improved by a fraction (`odiCoupling`) of the
    /// relative pain improvement that treatment brings.
    public func odi(_ subject: SubjectParameters, _ p: AdaptationParameters) -> Double {
        let settled = 1 - exp(-Double(day) / (7 * p.naturalHistoryWeeks))
        let natural = subject.odi + (odiLongRun - subject.odi) * settled
        let naturalPain = naturalPain(subject, p)
        let painImprovement = naturalPain > 0 ? 1 - pain(subject, p) / naturalPain : 0
        return min(100, max(0, natural * (1 - p.odiCoupling * painImprovement)))
    }
}
