import Course
import Regimens

/// What a trial is: its arms and reference, size, randomisation, participation, follow-up, and the instrument
/// its visits measure with. Every arm is tested at the same visit weeks, as a blinded assessor would.
public struct TrialDesign: Sendable {
    public var arms: [Regimen]
    /// The arm every other arm is compared with.
    public var reference: Int
    public var perArm: Int
    public var randomisation: RandomisationScheme
    public var blockMultiples: [Int]
    public var participation: ParticipationModel
    public var followUpWeeks: Int
    public var instrument: CourseOfCare.Instrument
    /// Two-sided significance level; intervals are 1 − alpha.
    public var alpha: Double

    public init(arms: [Regimen], reference: Int, perArm: Int, randomisation: RandomisationScheme, blockMultiples: [Int],
                participation: ParticipationModel, followUpWeeks: Int, instrument: CourseOfCare.Instrument, alpha: Double) {
        self.arms = arms
        self.reference = reference
        self.perArm = perArm
        self.randomisation = randomisation
        self.blockMultiples = blockMultiples
        self.participation = participation
        self.followUpWeeks = followUpWeeks
        self.instrument = instrument
        self.alpha = alpha
    }

    public var armNames: [String] { arms.map(\.name) }
    public var subjects: Int { perArm * arms.count }

    /// The visit weeks: every week any arm's regimen tests at, up to follow-up, and the follow-up itself.
    public var visitWeeks: [Int] {
        Set(arms.flatMap(\.testWeeks).filter { $0 <= followUpWeeks } + [0, followUpWeeks]).sorted()
    }

    /// Whether the analysis adjusts for the strata (it does when randomisation was stratified by them).
    public var adjustsForStrata: Bool { randomisation == .stratified }

    /// The same trial with another size and instrument, nothing else changed (for power).
    func resized(perArm n: Int, instrument: CourseOfCare.Instrument) -> TrialDesign {
        var copy = self
        copy.perArm = n
        copy.instrument = instrument
        return copy
    }
}
