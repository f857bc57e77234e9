/// The body-weight extension hold (Biering-Sørensen style): the upper body held horizontal against its own
/// weight until it drops. Unlike the hold at a fraction of each subject's maximum, its load is absolute, so a
/// stronger trunk holds longer and a heavier one shorter.
extension PhysiologyModel {
    /// The upper body's weight torque less what passive tissue carries, as a fraction of the maximal active torque
    /// at the hold's angle; above 1 the hold cannot be taken up at all.
    public func bodyWeightHoldTargetLoad(subject: SubjectParameters, state: SubjectState) -> Double {
        let angle = bodyWeightHoldAngleDeg
        let passive = torque.passiveTorqueNm(flexionDeg: angle, subject: subject, state: state)
        let active = torque.activeTorqueNm(flexionDeg: angle, subject: subject, state: state)
        guard active > 0 else { return .infinity }
        return max(0, TorqueModel.torsoWeightTorqueNm(subject: subject) - passive) / active
    }

    /// Seconds the hold lasts from rest (3CC-r at the target load, current conditioning), at most the test's cap.
    public func bodyWeightHoldS(subject: SubjectParameters, state: SubjectState) -> Double {
        let load = bodyWeightHoldTargetLoad(subject: subject, state: state)
        guard load <= 1 else { return 0 }
        return FatigueState.enduranceTime(targetLoad: load, parameters: fatigueParameters(for: state), maxSeconds: bodyWeightHoldMaxS)
    }
}
