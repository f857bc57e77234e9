/// The 3CC-r equations stepped by forward Euler, with Xia & Frey Law's three controller cases spelled out and all three
/// compartments integrated: an independent reference for
/// the closed-form and RK4 integration of ``FatigueState`` (its error shrinks with the step, so halving the step
/// measures how far the integrator is from the equations). Not used by the model itself.
public struct FatigueEulerReference: Sendable, Equatable {
    public var active: Double
    public var fatigued: Double
    public var resting: Double
    public var capacity: Double { active + resting }

    public init(active: Double = 0, fatigued: Double = 0) {
        self.active = active
        self.fatigued = fatigued
        resting = 1 - active - fatigued
    }

    public mutating func step(targetLoad: Double, dt: Double, parameters p: FatigueParameters) {
        let drive: Double
        if active < targetLoad && resting > targetLoad - active {
            drive = p.controllerGain * (targetLoad - active)
        } else if active < targetLoad {
            drive = p.controllerGain * resting
        } else {
            drive = p.controllerGain * (targetLoad - active)
        }
        let recovery = targetLoad == 0 ? p.restMultiplier * p.R : p.R
        let dActive = drive - p.F * active
        let dFatigued = p.F * active - recovery * fatigued
        let dResting = -drive + recovery * fatigued
        active += dt * dActive
        fatigued += dt * dFatigued
        resting += dt * dResting
    }

    /// Seconds until the capacity M_A + M_R falls below `targetLoad` at step `dt`, or `maxSeconds`.
    public static func enduranceTime(targetLoad: Double, parameters: FatigueParameters, dt: Double, maxSeconds: Double) -> Double {
        var state = FatigueEulerReference()
        var t = 0.0
        while t < maxSeconds {
            state.step(targetLoad: targetLoad, dt: dt, parameters: parameters)
            t += dt
            if state.capacity < targetLoad { return t }
        }
        return maxSeconds
    }
}
