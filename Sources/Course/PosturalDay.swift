import Physiology
import Regimens

/// A working day of sitting, as the 3CC-r model sees it: bouts of low static extensor load separated by
/// breaks. Its end-of-day fatigue is the postural load that ergonomics tries to lower.
public struct PosturalDay: Hashable, Sendable {
    public var sittingHours: Double
    public var breakIntervalMinutes: Double?
    public var targetLoad: Double

    /// The usual office day: the population's sitting time, no planned breaks, no lumbar support.
    public static func usual(_ p: AdaptationParameters) -> PosturalDay {
        PosturalDay(sittingHours: p.baselineSittingHours, breakIntervalMinutes: nil, targetLoad: p.sittingLoadUnsupported)
    }

    /// The day a postural-ergonomic prescription makes: a sit-stand desk removes sitting time, a lumbar support
    /// lowers the static load, breaks interrupt it.
    public init(prescription dose: PosturalDose, _ p: AdaptationParameters) {
        sittingHours = max(0, dose.sittingHoursPerDay - (dose.sitStandDesk ? p.sitStandReductionHours : 0))
        breakIntervalMinutes = dose.breakIntervalMinutes
        targetLoad = dose.lumbarSupport ? p.sittingLoadSupported : p.sittingLoadUnsupported
    }

    public init(sittingHours: Double, breakIntervalMinutes: Double?, targetLoad: Double) {
        self.sittingHours = sittingHours
        self.breakIntervalMinutes = breakIntervalMinutes
        self.targetLoad = targetLoad
    }

    /// Fatigued fraction of the extensor pool at the end of the sitting day (population fatigue rates).
    public func endOfDayFatigue(_ rates: FatigueParameters, _ p: AdaptationParameters) -> Double {
        var state = FatigueState.rested
        var remaining = sittingHours * 3600
        let bout = (breakIntervalMinutes ?? sittingHours * 60) * 60
        while remaining > 1e-9 {
            let sitting = min(bout, remaining)
            state.advance(targetLoad: targetLoad, seconds: sitting, parameters: rates)
            remaining -= sitting
            if remaining > 1e-9 { state.advance(targetLoad: 0, seconds: p.breakMinutes * 60, parameters: rates) }
        }
        return state.fatigued
    }
}
