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
public struct FatigueConstants: Decodable, Sendable, QuantityValidating, ModelParameterFile {
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
    /// Rest and the tracking regime (M_A + M_R ≥ TL, which covers every hold up to failure) are solved in closed
    /// form, so the cost does not grow with the length of the interval. Only after failure, when the controller
    /// recruits whatever rests, does classical RK4 run, on sub-steps short enough for its stiff mode.
    public mutating func advance(targetLoad: Double, seconds: Double, parameters: FatigueParameters) {
        _ = integrate(targetLoad: targetLoad, seconds: seconds, parameters: parameters, stopAtFailure: false)
    }

    /// Seconds a constant `targetLoad` can be held from `state` before M_A + M_R < TL (the resting pool is spent
    /// and M_A starts falling below the target); `maxSeconds` when it is held that long, as any load the steady
    /// state supports is.
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

    /// Longest RK4 sub-step past failure: 0.2 / (L + F + R), a bound on the fastest rate, keeps the stiff mode
    /// accurate (per-step relative error ~0.2⁵/120 ≈ 3e-6) and far inside RK4's stability limit (2.78).
    private static func substep(_ p: FatigueParameters) -> Double {
        min(0.02, 0.2 / (p.controllerGain + p.F + p.R))
    }

    /// Advances at a constant load. With `stopAtFailure`, stops at the first moment the load can no longer be
    /// held and returns that time; returns nil when the whole interval was completed.
    private mutating func integrate(targetLoad tl: Double, seconds: Double, parameters p: FatigueParameters,
                                    stopAtFailure: Bool) -> Double? {
        precondition((0...1).contains(tl), "target load \(tl) is not a fraction of the rested maximum")
        precondition(seconds >= 0 && seconds.isFinite, "duration \(seconds) s is not a finite time >= 0")
        if tl == 0 {
            rest(seconds: seconds, parameters: p)
            return nil
        }
        var remaining = seconds
        if canSustain(tl) {
            let hold = TrackedHold(from: self, targetLoad: tl, parameters: p)
            guard let failure = hold.failureTime(within: seconds, fatiguedLimit: 1 - tl + Self.sustainSlack) else {
                self = hold.state(after: seconds)
                return nil
            }
            self = hold.state(after: failure)
            if stopAtFailure { return failure }
            remaining -= failure
        } else if stopAtFailure {
            return 0
        }
        let steps = Int((remaining / Self.substep(p)).rounded(.up))
        let h = remaining / Double(max(steps, 1))
        for _ in 0..<steps { rk4(targetLoad: tl, dt: h, parameters: p) }
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
        active = active0 * exp(-decay * t)
        fatigued = fatigued * exp(-recovery * t) + p.F * active0 * Self.convolution(decay, recovery, t)
        clampToPool()
    }

    /// ∫₀ᵗ e^{−b·(t−s)} e^{−a·s} ds, the response at rate b to a feed decaying at rate a, written with expm1 so
    /// neither near-equal rates nor long intervals lose precision.
    fileprivate static func convolution(_ a: Double, _ b: Double, _ t: Double) -> Double {
        let slower = min(a, b), gap = abs(a - b)
        return exp(-slower * t) * (gap > 0 ? -expm1(-gap * t) / gap : t)
    }

    /// Removes round-off outside the pool: both stored fractions in [0, 1] and M_F ≤ 1 − M_A, so M_R ≥ 0.
    fileprivate mutating func clampToPool() {
        active = min(max(active, 0), 1)
        fatigued = min(max(fatigued, 0), 1 - active)
    }
}

/// The exact solution of a constant load `TL` while it can be held (M_F ≤ 1 − TL). There the controller tracks,
/// C = L·(TL − M_A), so M_A relaxes at k = L + F towards L·TL/k whatever M_F does, and M_F follows the linear
/// equation dM_F/dt = F·M_A − R·M_F:
///
///     M_A(t) = A∞ + (A₀ − A∞)·e^{−kt}
///     M_F(t) = M_F₀·e^{−Rt} + (F·A∞/R)·(1 − e^{−Rt}) + F·(A₀ − A∞)·∫₀ᵗ e^{−R(t−s)} e^{−ks} ds
///
/// M_F is a constant plus two exponentials, so it has at most one turning point: that is what lets
/// ``failureTime(within:fatiguedLimit:)`` find the first crossing without stepping.
private struct TrackedHold {
    let start: FatigueState
    let F: Double, R: Double, k: Double
    /// The level M_A settles at, L·TL/(L + F).
    let settled: Double

    init(from start: FatigueState, targetLoad tl: Double, parameters p: FatigueParameters) {
        self.start = start
        F = p.F
        R = p.R
        k = p.controllerGain + p.F
        settled = p.controllerGain * tl / k
    }

    func active(_ t: Double) -> Double { settled + (start.active - settled) * exp(-k * t) }

    func fatigued(_ t: Double) -> Double {
        start.fatigued * exp(-R * t) + F * settled * Self.relaxed(R, t)
            + F * (start.active - settled) * FatigueState.convolution(k, R, t)
    }

    /// dM_F/dt.
    func fatiguedRate(_ t: Double) -> Double { F * active(t) - R * fatigued(t) }

    func state(after t: Double) -> FatigueState {
        var state = FatigueState(active: active(t), fatigued: fatigued(t))
        state.clampToPool()
        return state
    }

    /// (1 − e^{−rt})/r, and t when r = 0.
    private static func relaxed(_ r: Double, _ t: Double) -> Double { r > 0 ? -expm1(-r * t) / r : t }

    /// The first time in (0, `within`] at which M_F exceeds `fatiguedLimit`, or nil. M_F starts at or below the
    /// limit; it crosses either on its way to a turning point that is a maximum above the limit, or, when it
    /// ends above the limit, on its last rise. Either way M_F rises through the crossing, which is then
    /// bracketed and found by Newton's method safeguarded with bisection.
    func failureTime(within horizon: Double, fatiguedLimit limit: Double) -> Double? {
        var upper: Double
        if fatigued(horizon) > limit {
            upper = horizon
        } else {
            guard fatiguedRate(0) > 0, fatiguedRate(horizon) < 0, let peak = turningPoint(before: horizon),
                  fatigued(peak) > limit else { return nil }
            upper = peak
        }
        // The crossing is the only point of [0, upper] where M_F − limit turns from ≤ 0 to > 0.
        var lower = 0.0, t = upper
        for _ in 0..<100 {
            let excess = fatigued(t) - limit
            if excess > 0 { upper = t } else { lower = t }
            var next = t - excess / fatiguedRate(t)
            if !(next > lower && next < upper) { next = (lower + upper) / 2 }
            if abs(next - t) <= 1e-12 * max(1, t) { return next }
            t = next
        }
        return t
    }

    /// Where dM_F/dt changes sign within (0, horizon), given that it does: F·M_A − R·M_F is a sum of e^{−Rt} and
    /// e^{−kt} terms, so the time solves in closed form; bisection covers the degenerate k = R.
    private func turningPoint(before horizon: Double) -> Double? {
        // dM_F/dt = −R·c₁·e^{−Rt} − k·c₂·e^{−kt}, with c₂ the e^{−kt} coefficient of M_F and c₁ the e^{−Rt} one.
        if k != R {
            let c2 = -F * (start.active - settled) / (k - R)
            let c1 = start.fatigued - F * settled / R - c2
            let ratio = -k * c2 / (R * c1)
            guard ratio > 0, ratio.isFinite else { return nil }
            let t = log(ratio) / (k - R)
            return t > 0 && t < horizon ? t : nil
        }
        var lower = 0.0, upper = horizon
        for _ in 0..<200 where upper - lower > 4 * upper.ulp {
            let middle = (lower + upper) / 2
            if fatiguedRate(middle) > 0 { lower = middle } else { upper = middle }
        }
        return upper
    }
}
