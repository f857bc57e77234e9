import Foundation
import LumbarDatasets

/// Rates of the three-compartment controller fatigue model with rest recovery (3CC-r).
///
/// A plain value rather than the decoded ``FatigueConstants`` so training adaptation and sensitivity runs can
/// vary it per subject; the population values come from `Datasets/physiology/fatigue.yaml`.
public struct FatigueParameters: Sendable, Equatable {
    /// Fatigue rate, active → fatigued (1/s).
    public var F: Double
    /// Recovery rate, fatigued → resting (1/s).
    public var R: Double
    /// Factor on `R` at rest (target load 0): re-perfusion between contractions speeds recovery (Looft 2018).
    public var restMultiplier: Double
    /// Gain with which recruitment tracks the target load (1/s); large next to `F` and `R`, hence stiff.
    public var controllerGain: Double

    public init(F: Double, R: Double, restMultiplier: Double, controllerGain: Double) {
        self.F = F
        self.R = R
        self.restMultiplier = restMultiplier
        self.controllerGain = controllerGain
    }
}

/// The 3CC-r constants of the lumbar extensors, decoded from `Datasets/physiology/fatigue.yaml`
/// (its header states the equations).
public struct FatigueConstants: Decodable, Sendable, QuantityValidating {
    public var fatigueRate: Quantity
    public var recoveryRate: Quantity
    public var restRecoveryMultiplier: Quantity
    public var controllerGain: Quantity
    /// Largest fractional decrease of F that full aerobic conditioning brings (applied by training adaptation).
    public var aerobicTrainingFReductionMax: Quantity
    /// Largest fractional increase of R that full aerobic conditioning brings.
    public var aerobicTrainingRGainMax: Quantity
    /// Between-subject spread of F (log-scale SD): some backs tire faster than others.
    public var fatigabilitySD: Quantity

    enum CodingKeys: String, CodingKey {
        case fatigueRate = "fatigue_rate_F", recoveryRate = "recovery_rate_R"
        case restRecoveryMultiplier = "rest_recovery_multiplier", controllerGain = "controller_gain"
        case aerobicTrainingFReductionMax = "aerobic_training_F_reduction_max"
        case aerobicTrainingRGainMax = "aerobic_training_R_gain_max"
        case fatigabilitySD = "between_subject_F_sd"
    }

    public static let datasetPath = "physiology/fatigue.yaml"

    public static func load(from store: DatasetStore) throws -> FatigueConstants {
        try store.decode(FatigueConstants.self, from: datasetPath)
    }

    /// The untrained population rates.
    public var parameters: FatigueParameters {
        FatigueParameters(F: fatigueRate.value, R: recoveryRate.value, restMultiplier: restRecoveryMultiplier.value,
                          controllerGain: controllerGain.value)
    }

    public func validateQuantities(path: String) throws {
        let checks = [("fatigue_rate_F", fatigueRate), ("recovery_rate_R", recoveryRate),
                      ("rest_recovery_multiplier", restRecoveryMultiplier), ("controller_gain", controllerGain),
                      ("aerobic_training_F_reduction_max", aerobicTrainingFReductionMax),
                      ("aerobic_training_R_gain_max", aerobicTrainingRGainMax)]
        for (name, quantity) in checks {
            try quantity.validate(at: name)
            guard quantity.value > 0 else { throw DatasetError.invalidValue(path: name, reason: "must be > 0") }
        }
        try fatigabilitySD.validate(at: "between_subject_F_sd")
        guard fatigabilitySD.value >= 0 else { throw DatasetError.invalidValue(path: "between_subject_F_sd", reason: "must be >= 0") }
        // A full reduction would leave a muscle that never fatigues.
        guard aerobicTrainingFReductionMax.value < 1 else {
            throw DatasetError.invalidValue(path: "aerobic_training_F_reduction_max", reason: "must be < 1")
        }
    }
}

/// A muscle's motor-unit pool under the 3CC-r model (Xia & Frey Law 2008; Looft et al. 2018), as fractions of
/// the rested pool: active (M_A), fatigued (M_F) and resting (M_R = 1 − M_A − M_F).
///
/// The controller recruits `C = L·min(TL − M_A, M_R)`: Xia & Frey Law's three cases in one continuous
/// expression (track the target while resting units remain, otherwise recruit all that rest). Only M_A and
/// M_F are stored, so the three compartments sum to 1 by construction.
public struct FatigueState: Sendable, Equatable {
    public var active: Double
    public var fatigued: Double
    public var resting: Double { 1 - active - fatigued }

    public static let rested = FatigueState(active: 0, fatigued: 0)

    public init(active: Double, fatigued: Double) {
        self.active = active
        self.fatigued = fatigued
    }

    /// M_A + M_R: the fraction of the rested maximum that can be produced now.
    public var capacity: Double { 1 - fatigued }

    /// Whether `targetLoad` can be held: M_A can track it only while M_A + M_R ≥ TL; once the resting pool is
    /// spent M_A falls away from the target. The 1e-9 slack absorbs round-off, so a state exactly at the limit
    /// (such as a rested muscle at TL = 1) still holds.
    public func canSustain(_ targetLoad: Double) -> Bool {
        capacity >= targetLoad - Self.sustainSlack
    }

    private static let sustainSlack = 1e-9

    /// Advances the pool through `seconds` at a constant `targetLoad` in [0, 1].
    ///
    /// Rest (TL = 0) is solved in closed form, so a gap of days costs O(1). Under load, classical RK4 runs on
    /// internal sub-steps short enough for the stiff controller mode, so any step length gives the same
    /// accurate answer.
    public mutating func advance(targetLoad: Double, seconds: Double, parameters: FatigueParameters) {
        _ = integrate(targetLoad: targetLoad, seconds: seconds, parameters: parameters, stopAtFailure: false)
    }

    /// Seconds a constant `targetLoad` can be held from `state` before M_A + M_R < TL (the resting pool is spent
    /// and M_A starts falling below the target), located within a sub-step by linear interpolation;
    /// `maxSeconds` when it is held that long, as any load the steady state supports is.
    public static func enduranceTime(targetLoad: Double, parameters: FatigueParameters, maxSeconds: Double = 3600,
                                     from state: FatigueState = .rested) -> Double {
        var state = state
        return state.integrate(targetLoad: targetLoad, seconds: maxSeconds, parameters: parameters,
                               stopAtFailure: true) ?? maxSeconds
    }

    /// A dynamic set on a machine: each repetition lifts for `upSeconds` at `concentricTL` and lowers for
    /// `downSeconds` at `eccentricTL`. Counts the repetitions completed before a half can no longer be held
    /// (the failing repetition does not count), up to `maxReps`, and returns the state at the end of the set.
    public static func repsToFailure(concentricTL: Double, eccentricTL: Double, upSeconds: Double, downSeconds: Double,
                                     parameters: FatigueParameters, maxReps: Int = 100,
                                     from state: FatigueState = .rested) -> (reps: Int, state: FatigueState) {
        var state = state
        func fails(_ load: Double, _ seconds: Double) -> Bool {
            state.integrate(targetLoad: load, seconds: seconds, parameters: parameters, stopAtFailure: true) != nil
        }
        for rep in 0..<maxReps {
            if fails(concentricTL, upSeconds) || fails(eccentricTL, downSeconds) { return (rep, state) }
        }
        return (maxReps, state)
    }

    /// Longest RK4 sub-step: 0.2 / (L + F + R), a bound on the fastest rate, keeps the stiff tracking mode
    /// accurate (per-step relative error ~0.2⁵/120 ≈ 3e-6) and far inside RK4's stability limit (2.78);
    /// 0.02 s bounds the resolution of endurance times.
    private static func substep(_ p: FatigueParameters) -> Double {
        min(0.02, 0.2 / (p.controllerGain + p.F + p.R))
    }

    /// Advances at a constant load. With `stopAtFailure`, stops at the first moment the load can no longer be
    /// held and returns that time; returns nil when the whole interval was completed.
    private mutating func integrate(targetLoad tl: Double, seconds: Double, parameters p: FatigueParameters,
                                    stopAtFailure: Bool) -> Double? {
        precondition((0...1).contains(tl), "target load \(tl) is not a fraction of the rested maximum")
        precondition(seconds >= 0 && seconds.isFinite, "duration \(seconds) s is not a finite time >= 0")
        if stopAtFailure && !canSustain(tl) { return 0 }
        if tl == 0 {
            rest(seconds: seconds, parameters: p)
            return nil
        }
        let steps = Int((seconds / Self.substep(p)).rounded(.up))
        let h = seconds / Double(steps)
        for step in 0..<steps {
            var next = self
            next.rk4(targetLoad: tl, dt: h, parameters: p)
            if stopAtFailure && !next.canSustain(tl) {
                // Where capacity − TL crosses −slack, interpolated linearly (it is smooth across the sub-step).
                let before = capacity - tl + Self.sustainSlack, after = next.capacity - tl + Self.sustainSlack
                let fraction = before / (before - after)
                rk4(targetLoad: tl, dt: h * fraction, parameters: p)
                return (Double(step) + fraction) * h
            }
            self = next
        }
        return nil
    }

    /// One classical Runge–Kutta step under load (R_eff = R).
    private mutating func rk4(targetLoad tl: Double, dt: Double, parameters p: FatigueParameters) {
        func rates(_ a: Double, _ f: Double) -> (Double, Double) {
            let fatiguing = p.F * a
            return (p.controllerGain * min(tl - a, 1 - a - f) - fatiguing, fatiguing - p.R * f)
        }
        let k1 = rates(active, fatigued)
        let k2 = rates(active + dt / 2 * k1.0, fatigued + dt / 2 * k1.1)
        let k3 = rates(active + dt / 2 * k2.0, fatigued + dt / 2 * k2.1)
        let k4 = rates(active + dt * k3.0, fatigued + dt * k3.1)
        active += dt / 6 * (k1.0 + 2 * k2.0 + 2 * k3.0 + k4.0)
        fatigued += dt / 6 * (k1.1 + 2 * k2.1 + 2 * k3.1 + k4.1)
        clampToPool()
    }

    /// The exact solution at rest. With TL = 0 the controller releases every active unit (C = −L·M_A), so
    /// M_A decays at L + F, and M_F — still fed by F·M_A while it lasts — recovers at r·R.
    private mutating func rest(seconds t: Double, parameters p: FatigueParameters) {
        let decay = p.controllerGain + p.F
        let recovery = p.restMultiplier * p.R
        let active0 = active
        // ∫₀ᵗ e^{−recovery·(t−s)} e^{−decay·s} ds, written with expm1 so neither near-equal rates nor long
        // gaps lose precision.
        let slower = min(decay, recovery), gap = abs(decay - recovery)
        let feed = exp(-slower * t) * (gap > 0 ? -expm1(-gap * t) / gap : t)
        active = active0 * exp(-decay * t)
        fatigued = fatigued * exp(-recovery * t) + p.F * active0 * feed
        clampToPool()
    }

    /// Removes round-off outside the pool: both stored fractions in [0, 1] and M_F ≤ 1 − M_A, so M_R ≥ 0.
    private mutating func clampToPool() {
        active = min(max(active, 0), 1)
        fatigued = min(max(fatigued, 0), 1 - active)
    }
}
