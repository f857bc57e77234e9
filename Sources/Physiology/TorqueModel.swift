import Foundation
import LumbarDatasets

/// Lumbar extension torque over the 0–72° flexion range: Σ groups (active force × moment arm) + passive torque.
///
/// The constants are copied out of ``PhysiologyConstants``, the fitted set and ``AdaptationParameters`` once, as
/// plain numbers, so evaluating the model is arithmetic only. Equations are documented in
/// `Datasets/physiology/lumbar-extensors.yaml`.
public struct TorqueModel: Sendable {
    /// The machine's flexion range the model is defined on (the device's own range is data too).
    public static let maxFlexionDeg = 72.0
    /// Standard gravity, m/s², the conventional value (CGPM 1901): turns the upper body's mass into its torque.
    public static let standardGravity = 9.80665

    let armCm: PerGroup<Double>
    let armLossAt72: PerGroup<Double>
    let fatSusceptibility: PerGroup<Double>
    let referenceHeightCm: Double
    let referenceMassKg: Double
    let optimalFlexionDeg: Double
    let widthDeg: Double
    let maxVelocityDegPerS: Double
    let curvature: Double
    let eccentricMax: Double
    let slackFlexionDeg: Double
    let passiveAt72Nm: Double
    let passiveExponent: Double
    public let torsoMassFraction: Double
    public let torsoComHeightFraction: Double
    public let adaptation: AdaptationParameters

    public init(constants c: PhysiologyConstants, fitted: LumbarDatasets.FittedParameters, adaptation: AdaptationParameters) throws {
        armCm = c.groups.map { $0.momentArmCm.value }
        armLossAt72 = c.groups.map { $0.momentArmLossAt72.value }
        fatSusceptibility = c.groups.map { $0.fatSusceptibility.value }
        referenceHeightCm = c.referenceHeightCm.value
        referenceMassKg = c.referenceMassKg.value
        optimalFlexionDeg = try fitted.value("optimal_flexion_deg")
        widthDeg = try fitted.value("width_deg")
        self.adaptation = adaptation
        maxVelocityDegPerS = c.forceVelocity.maxVelocityDegPerS.value
        curvature = c.forceVelocity.concentricCurvature.value
        eccentricMax = c.forceVelocity.eccentricMax.value
        slackFlexionDeg = c.passive.slackFlexionDeg.value
        passiveAt72Nm = c.passive.torqueAt72Nm.value
        passiveExponent = c.passive.stiffnessExponent.value
        torsoMassFraction = c.torso.massFraction.value
        torsoComHeightFraction = c.torso.comHeightFraction.value
    }

    /// Moment arm of one group in metres; it shortens linearly with flexion (Macintosh 1993).
    public func momentArmM(_ group: ExtensorGroup, flexionDeg: Double, subject: SubjectParameters) -> Double {
        let scale = subject.heightCm / referenceHeightCm * subject.momentArmScale
        return armCm[group] * 0.01 * scale * (1 - armLossAt72[group] * flexionDeg / Self.maxFlexionDeg)
    }

    /// Active force–length factor in angle terms: 1 at the optimal flexion, Gaussian fall-off either side.
    public func forceLength(flexionDeg: Double) -> Double {
        let x = (flexionDeg - optimalFlexionDeg) / widthDeg
        return exp(-0.5 * x * x)
    }

    /// Force–velocity factor. `extensionVelocityDegPerS` > 0 means the trunk extends (muscles shorten):
    /// Hill's hyperbola down to 0 at the maximum velocity; lengthening rises towards `eccentricMax`.
    public func forceVelocity(extensionVelocityDegPerS v: Double) -> Double {
        let vr = v / maxVelocityDegPerS
        if vr >= 0 {
            guard vr < 1 else { return 0 }
            return (1 - vr) / (1 + vr / curvature)
        }
        // Lengthening: rises from 1 with the concentric slope and saturates at eccentricMax.
        let span = eccentricMax - 1
        guard span > 0 else { return eccentricMax }
        let k = (1 + curvature) / (curvature * span)
        return eccentricMax - span / (1 - k * vr)
    }

    /// Maximal active force of one group, N: specific tension × activation × contractile CSA of both sides.
    public func maxForceN(_ group: ExtensorGroup, subject: SubjectParameters, state: SubjectState) -> Double {
        let contractile = 1 - subject.fatFraction[group]
        return subject.specificTensionNcm2 * state.activation * 2 * state.csaCm2[group] * max(0, contractile)
    }

    /// Passive tissue torque (ligaments, fascia, disc), N·m: zero until the slack angle, then exponential;
    /// stretching and manual therapy lower it.
    public func passiveTorqueNm(flexionDeg: Double, subject: SubjectParameters, state: SubjectState) -> Double {
        let x = (flexionDeg - slackFlexionDeg) / (Self.maxFlexionDeg - slackFlexionDeg)
        guard x > 0 else { return 0 }
        let shape = (exp(passiveExponent * x) - 1) / (exp(passiveExponent) - 1)
        return subject.passiveScale * state.passiveMultiplier(adaptation) * passiveAt72Nm * subject.massKg / referenceMassKg * shape
    }

    /// Maximal voluntary active torque at an angle (isometric, full effort), N·m.
    public func activeTorqueNm(flexionDeg: Double, subject: SubjectParameters, state: SubjectState) -> Double {
        let inhibition = subject.extensionInhibition * (1 - flexionDeg / Self.maxFlexionDeg)
        let neural = 1 + adaptation.neuralReserve(atDeg: flexionDeg) * state.neuralLevel(atDeg: flexionDeg)
        let fl = forceLength(flexionDeg: flexionDeg) * max(0, 1 - inhibition) * neural
        var total = 0.0
        for group in ExtensorGroup.allCases {
            total += momentArmM(group, flexionDeg: flexionDeg, subject: subject) * maxForceN(group, subject: subject, state: state)
        }
        return total * fl
    }

    /// Net extension torque at an angle for a given effort (0…1) and extension velocity, N·m; never negative.
    public func torqueNm(flexionDeg: Double, subject: SubjectParameters, state: SubjectState,
                         effort: Double = 1, extensionVelocityDegPerS: Double = 0) -> Double {
        let active = activeTorqueNm(flexionDeg: flexionDeg, subject: subject, state: state)
        let fv = forceVelocity(extensionVelocityDegPerS: extensionVelocityDegPerS)
        return max(0, effort * active * fv + passiveTorqueNm(flexionDeg: flexionDeg, subject: subject, state: state))
    }

    /// Per-group fat fractions from a subject's multifidus fat fraction and each group's relative susceptibility.
    public func groupFatFractions(subjectFatFraction fat: Double) -> PerGroup<Double> {
        fatSusceptibility.map { min(SubjectParameters.maxFatFraction, fat * $0) }
    }

    /// Torque of the upper body's weight about the lumbar axis when the trunk lies horizontal, N·m.
    public static func torsoWeightTorqueNm(subject: SubjectParameters) -> Double {
        subject.torsoMassKg * standardGravity * subject.torsoComCm * 0.01
    }

    /// Upper-body mass and centre-of-mass distance from the machine's axis for a body of this size.
    public func torsoSegment(heightCm: Double, massKg: Double) -> (massKg: Double, comCm: Double) {
        (massKg * torsoMassFraction, heightCm * torsoComHeightFraction)
    }
}
