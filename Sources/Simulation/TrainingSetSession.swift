import Device
import LumbarNumerics
import Physiology
import RunOutput
import StudySetup

/// One dynamic set on the machine by an untrained subject of the cohort: what `lumbarsim device train` runs.
public struct TrainingSetSession: Sendable {
    public let subject: SubjectParameters
    public let loadFraction: Double
    public let pelvicRestraint: Bool
    public let result: DynamicSetResult

    /// `rom` in degrees of flexion, `upS`/`downS` the tempo's lifting and lowering seconds.
    public init(setup: RunSetup, settings: DeviceSettings, subjectID: Int, seed: UInt64, loadFraction: Double,
                rom: ClosedRange<Double>, upS: Double, downS: Double, pelvicRestraint: Bool, maxReps: Int) throws {
        let person = try setup.sampler.subject(id: subjectID, seed: seed)
        let state = SubjectState(baselineOf: person)
        let set = try DynamicSet(settings: settings, physiology: setup.physiology)
        let weight = set.weight(forFraction: loadFraction, subject: person, state: state, rom: rom)
        var noise = RandomStream(seed: seed, address: .deviceNoise(subject: person.id, session: StreamAddress.trainingSession))
        result = try set.run(subject: person, state: state, weightNm: weight, rom: rom, upS: upS, downS: downS,
                             pelvicRestraint: pelvicRestraint, maxReps: maxReps, rng: &noise, keepTrace: true)
        subject = person
        self.loadFraction = loadFraction
        self.pelvicRestraint = pelvicRestraint
    }

    /// The sampled trace: one row per sample (its columns are the trace file's contract).
    public var traceTable: CSVTable {
        var table = CSVTable(header: ["time_s", "angle_deg", "reported_angle_deg", "torque_Nm", "target_load", "phase"])
        for s in result.trace ?? [] {
            table.append([CSVTable.number(s.timeS, 4), CSVTable.number(s.angleDeg, 3), CSVTable.number(s.reportedAngleDeg, 1),
                          CSVTable.number(s.torqueNm, 3), CSVTable.number(s.targetLoad, 4), s.phase.rawValue])
        }
        return table
    }

    /// The `--json` report; `trace` is where the trace was written.
    public func report(trace: String) -> Report {
        Report(subjectId: subject.id, reps: result.reps, weightNm: result.weightNm, loadFraction: loadFraction,
               pelvicRestraint: pelvicRestraint, peakTargetLoad: result.peakTargetLoad, samples: result.samples, trace: trace)
    }

    public struct Report: Encodable, Sendable {
        public var subjectId: Int
        public var reps: Int
        public var weightNm: Double
        public var loadFraction: Double
        public var pelvicRestraint: Bool
        public var peakTargetLoad: Double
        public var samples: Int
        public var trace: String
        enum CodingKeys: String, CodingKey {
            case subjectId = "subject_id", reps, weightNm = "weight_Nm", loadFraction = "load_fraction"
            case pelvicRestraint = "pelvic_restraint", peakTargetLoad = "peak_target_load", samples, trace
        }
    }
}
