import Device
import LumbarNumerics
import Physiology
import StudySetup

/// Untrained subjects of a cohort each holding a fraction of their maximal active torque until the device ends the
/// hold: what `lumbarsim device endurance` runs.
public struct EnduranceHolds: Sendable {
    public let cohort: String
    public let seed: UInt64
    public let fraction: Double
    /// Each subject's id and hold, in subject order.
    public let holds: [(id: Int, result: EnduranceResult)]

    /// Subjects `0..<subjects`; `angleDeg` nil holds at the device file's endurance angle.
    public init(setup: RunSetup, settings: DeviceSettings, subjects: Int, seed: UInt64, fraction: Double, angleDeg: Double?) throws {
        let test = try EnduranceTest(settings: settings, physiology: setup.physiology)
        var holds: [(id: Int, result: EnduranceResult)] = []
        for id in 0..<subjects {
            let subject = try setup.sampler.subject(id: id, seed: seed)
            var noise = RandomStream.enduranceNoise(seed: seed, subject: id)
            holds.append((id, try test.run(subject: subject, state: SubjectState(baselineOf: subject), fraction: fraction,
                                           angleDeg: angleDeg, rng: &noise)))
        }
        self.holds = holds
        cohort = setup.cohort.name
        self.seed = seed
        self.fraction = fraction
    }

    public var meanEnduranceS: Double { holds.map(\.result.enduranceS).reduce(0, +) / Double(holds.count) }

    /// The angle the holds were at.
    public var angleDeg: Double { holds[0].result.angleDeg }

    public var report: Report {
        Report(meanEnduranceTimeS: meanEnduranceS, fraction: fraction, angleDeg: angleDeg, cohort: cohort, seed: seed,
               subjects: holds.map { .init(subjectId: $0.id, enduranceTimeS: $0.result.enduranceS,
                                           modelEnduranceTimeS: $0.result.modelEnduranceS, targetNm: $0.result.targetNm) })
    }

    /// The `--json` report.
    public struct Report: Encodable, Sendable {
        public struct Subject: Encodable, Sendable {
            public var subjectId: Int
            public var enduranceTimeS: Double
            public var modelEnduranceTimeS: Double
            public var targetNm: Double
            enum CodingKeys: String, CodingKey {
                case subjectId = "subject_id", enduranceTimeS = "endurance_time_s", modelEnduranceTimeS = "model_endurance_time_s", targetNm = "target_Nm"
            }
        }
        public var meanEnduranceTimeS: Double
        public var fraction: Double
        public var angleDeg: Double
        public var cohort: String
        public var seed: UInt64
        public var subjects: [Subject]
        enum CodingKeys: String, CodingKey {
            case meanEnduranceTimeS = "mean_endurance_time_s", fraction, angleDeg = "angle_deg", cohort, seed, subjects
        }
    }
}
