import Course
import LumbarNumerics
import Regimens

/// How one subject takes part in a trial: their adherence, whether and when they are lost to follow-up, and the
/// scheduled sessions they attend.
public struct SubjectParticipation: Sendable, Equatable {
    /// The probability of attending any one scheduled session (the subject's adherence).
    public var adherence: Double
    /// The day the subject leaves the trial (after it: no sessions, no visits); nil for a completer.
    public var dropoutDay: Int?
    /// Sessions the regimen schedules within the follow-up period.
    public var scheduled: Int
    /// Scheduled sessions attended, as `day × DoseKind count + dose index`.
    var attended: Set<Int>

    static func key(day: Int, dose: DoseKind) -> Int {
        day * DoseKind.allCases.count + (DoseKind.allCases.firstIndex(of: dose) ?? 0)
    }

    /// The course's view: these sessions, the trial's visit weeks, followed for `weeks`.
    func participation(testWeeks: [Int], weeks: Int) -> Participation {
        let attended = attended
        return Participation(testWeeks: testWeeks, weeks: weeks) { day, dose in attended.contains(Self.key(day: day, dose: dose)) }
    }
}

/// Adherence and loss to follow-up across a trial's subjects (`Datasets/trials/defaults.yaml`).
///
/// A subject's adherence is a draw from a beta distribution with mean `meanAdherence`; each scheduled session is
/// attended with that probability. With probability `dropout` the subject leaves on a day drawn uniformly from
/// the follow-up period, the same in every arm.
public struct ParticipationModel: Sendable {
    public let meanAdherence: Double
    /// a + b of the beta distribution of adherence (its spread around the mean).
    public let concentration: Double
    public let dropout: Double

    public init(meanAdherence: Double, concentration: Double, dropout: Double) {
        self.meanAdherence = meanAdherence
        self.concentration = concentration
        self.dropout = dropout
    }

    /// Subject `id`'s participation in `regimen` over `followUpDays`, from the subject's own streams.
    public func draw(subject id: Int, regimen: Regimen, followUpDays: Int, seed: UInt64) -> SubjectParticipation {
        var rng = RandomStream(seed: seed, address: .trial(.participation, key: UInt64(id)))
        let adherence: Double = switch meanAdherence {
        case ...0: 0
        case 1...: 1
        default: BetaDistribution(mean: meanAdherence, concentration: concentration).sample(using: &rng)
        }
        let leaves = rng.nextUniform() < dropout
        let dayDraw = rng.nextUniform()
        let dropoutDay = leaves ? min(1 + Int(dayDraw * Double(followUpDays)), followUpDays) : nil

        // Attendance is drawn for every scheduled session in schedule order, whether or not the subject stays,
        // so that leaving early changes nothing before the day they leave.
        var attendance = RandomStream(seed: seed, address: .trial(.attendance, key: UInt64(id)))
        var attended: Set<Int> = []
        var scheduled = 0
        for dose in DoseKind.allCases {
            for day in regimen.sessionDays(for: dose) where day < followUpDays {
                scheduled += 1
                let attends = attendance.nextUniform() < adherence
                if attends && day < (dropoutDay ?? .max) { attended.insert(SubjectParticipation.key(day: day, dose: dose)) }
            }
        }
        return SubjectParticipation(adherence: adherence, dropoutDay: dropoutDay, scheduled: scheduled, attended: attended)
    }
}
