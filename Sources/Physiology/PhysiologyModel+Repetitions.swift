import Foundation

extension PhysiologyModel {
    /// Repetitions of a dynamic set until failure: `loadNm` against `capacityNm` (the isometric maximum over the
    /// range), lifted through `spanDeg` in `upS` and lowered in `downS`. Each half loads the 3CC-r pool with the
    /// load over the capacity at that speed (force–velocity); a load beyond what the muscles produce while
    /// lifting does not move, so the set ends at 0 repetitions with the fatigue state unchanged.
    public func repsToFailure(loadNm: Double, capacityNm: Double, spanDeg: Double, upS: Double, downS: Double,
                              rates: FatigueParameters, maxReps: Int, from start: FatigueState) -> (reps: Int, state: FatigueState) {
        let capacity = max(capacityNm, .leastNonzeroMagnitude)
        let concentric = loadNm / (capacity * max(torque.forceVelocity(extensionVelocityDegPerS: spanDeg / upS), .leastNonzeroMagnitude))
        let eccentric = loadNm / (capacity * torque.forceVelocity(extensionVelocityDegPerS: -spanDeg / downS))
        guard concentric <= 1, eccentric <= 1 else { return (0, start) }
        return FatigueState.repsToFailure(concentricTL: concentric, eccentricTL: eccentric, upSeconds: upS, downSeconds: downS,
                                          parameters: rates, maxReps: maxReps, from: start)
    }
}
