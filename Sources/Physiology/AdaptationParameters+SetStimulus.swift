import Foundation

extension AdaptationParameters {
    /// The neural stimulus of one dynamic set (0…1) from what it did: the repetitions performed and the
    /// repetitions left in reserve. Stimulus accrues with each repetition and saturates (scale
    /// `stimulusRepsScale`), so a set that lifts nothing gives none, and sets to failure at heavy and light loads
    /// (few or many repetitions, both ending in full recruitment) give nearly the same; reps left in reserve lower
    /// it as exp(-RIR / `effortScaleReps`).
    public func setStimulus(reps: Int, repsInReserve: Int) -> Double {
        guard reps > 0 else { return 0 }
        return (1 - exp(-Double(reps) / stimulusRepsScale)) * exp(-Double(max(0, repsInReserve)) / effortScaleReps)
    }
}
