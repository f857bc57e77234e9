import Regimens

/// How a subject takes part in a course of care, as in a trial: which scheduled sessions they attend, when they are
/// tested, and for how long they are followed.
///
/// ``full`` attends every session and keeps the regimen's own test weeks and length: what `simulate` runs.
public struct Participation: Sendable {
    /// Whether the subject attends the session of `dose` scheduled on `day` (days from the start of the course).
    public var attends: @Sendable (_ day: Int, _ dose: DoseKind) -> Bool
    /// Weeks of the test visits; nil keeps the regimen's (week 0, the end of every phase, `tests_at_weeks`).
    public var testWeeks: [Int]?
    /// Weeks the course runs; after the regimen's last phase the subject has usual care (no sessions).
    /// nil keeps the regimen's length.
    public var weeks: Int?

    public init(testWeeks: [Int]? = nil, weeks: Int? = nil,
                attends: @escaping @Sendable (_ day: Int, _ dose: DoseKind) -> Bool = { _, _ in true }) {
        self.testWeeks = testWeeks
        self.weeks = weeks
        self.attends = attends
    }

    /// Every session attended, the regimen's own schedule.
    public static let full = Participation()

    /// Every session of `regimen` attended, tested at `testWeeks` instead of the regimen's weeks (nil keeps
    /// them). A test week past the regimen's end extends the course with usual care to it: a follow-up visit.
    public static func full(testWeeks: [Int]?, regimen: Regimen) -> Participation {
        guard let testWeeks else { return .full }
        return Participation(testWeeks: testWeeks, weeks: max(regimen.totalWeeks, testWeeks.max() ?? 0))
    }
}
