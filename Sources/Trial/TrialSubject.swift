import Physiology

/// One randomised subject as the trial records them: who, which arm, participation, and the outcomes at each
/// visit they attended (values as written to `trial_data.csv`).
public struct TrialSubject: Sendable {
    public struct VisitValues: Sendable {
        public var week: Int
        /// By ``TrialOutcome`` order; nil where not measured.
        public var values: [Double?]
        /// Day (1…365) of the first new LBP episode in the 12 months after the visit; nil if none.
        public var recurrenceDay: Int?
    }

    public var id: Int
    public var arm: Int
    public var sex: Sex
    public var clbp: Bool
    public var cohort: String
    public var participation: SubjectParticipation
    public var sessionsAttended: Int
    /// Visits attended, in week order; week 0 is always first.
    public var visits: [VisitValues]
    public var followUpWeek: Int
    /// Load-cell samples the subject's tests took (0 with the ideal instrument).
    public var samples: Int

    public var stratum: Stratum { Stratum(sex: sex, clbp: clbp) }
    public var completed: Bool { visits.last?.week == followUpWeek }

    public func value(_ outcome: TrialOutcome, week: Int) -> Double? {
        guard let index = TrialOutcome.allCases.firstIndex(of: outcome) else { return nil }
        return visits.first { $0.week == week }?.values[index]
    }

    /// Whether a new LBP episode came within 12 months of the follow-up visit; nil when lost to follow-up.
    public var recurrence12m: Bool? { completed ? visits.last?.recurrenceDay != nil : nil }
    /// The day of that episode after the follow-up visit; nil without one or when lost to follow-up.
    public var daysToRecurrence: Int? { completed ? visits.last?.recurrenceDay : nil }

    public func baseline(_ outcome: TrialOutcome) -> Double? { value(outcome, week: 0) }
    public func followUp(_ outcome: TrialOutcome) -> Double? { value(outcome, week: followUpWeek) }
}

/// A randomisation stratum: sex × CLBP status, written `F-clbp`, `M-healthy`, ...
public struct Stratum: Hashable, Sendable, Comparable {
    public var sex: Sex
    public var clbp: Bool

    public var label: String { "\(sex.rawValue)-\(clbp ? "clbp" : "healthy")" }
    /// Index in label order, which keys the stratum's randomisation list.
    public var index: Int { (sex == .male ? 2 : 0) + (clbp ? 0 : 1) }

    public static func < (a: Stratum, b: Stratum) -> Bool { a.index < b.index }
}
