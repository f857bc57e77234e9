import Course
import Device
import Foundation
import LumbarNumerics
import Physiology
import RunOutput
import StudySetup

/// One subject's week-0 isometric test on the device, as `simulate` tests it (that day's maximal effort included),
/// with its sampled trace: what `lumbarsim device test` runs.
public struct DeviceTestDay: Sendable {
    public let subject: SubjectParameters
    public let settings: DeviceSettings
    public let seed: UInt64
    public let result: IsometricResult

    public init(setup: RunSetup, settings: DeviceSettings, subject: SubjectParameters, seed: UInt64) throws {
        self.subject = subject
        self.settings = settings
        self.seed = seed
        let test = try IsometricTest(settings: settings, model: setup.model)
        var noise = RandomStream.deviceNoise(seed: seed, subject: subject.id, session: 0)
        let state = CourseOfCare.onTestDay(SubjectState(baselineOf: subject), subject: subject, seed: seed, week: 0,
                                           effortDaySD: setup.physiology.adaptation.effortDaySD)
        result = test.run(subject: subject, state: state, rng: &noise, keepTrace: true)
    }

    /// The sampled trace: one row per sample (its columns are the trace file's contract).
    public var traceTable: CSVTable {
        var table = CSVTable(header: ["time_s", "angle_deg", "torque_Nm", "true_torque_Nm", "effort", "phase", "arm_angle_deg"])
        for s in result.trace ?? [] {
            table.append([CSVTable.number(s.timeS, 4), CSVTable.number(s.angleDeg, 0), CSVTable.number(s.torqueNm, 3),
                          CSVTable.number(s.trueTorqueNm, 3), CSVTable.number(s.effort, 4), s.phase.rawValue,
                          CSVTable.number(s.armAngleDeg, 3)])
        }
        return table
    }

    /// The `--json` report; `trace` is where the trace was written.
    public func report(trace: String) -> Report {
        Report(subjectId: subject.id, sex: subject.sex.rawValue, seed: seed, sampleRateHz: settings.sampleRateHz,
               adcBits: settings.adcBits, samples: result.samples, trace: trace,
               peaks: zip(result.anglesDeg, zip(result.reportedPeakNm, result.truePeakNm)).map {
                   Peak(angleDeg: $0.0, torqueNm: $0.1.0, trueTorqueNm: $0.1.1)
               })
    }

    public struct Peak: Encodable, Sendable {
        public var angleDeg: Double
        public var torqueNm: Double
        public var trueTorqueNm: Double
        enum CodingKeys: String, CodingKey { case angleDeg = "angle_deg", torqueNm = "torque_Nm", trueTorqueNm = "true_torque_Nm" }
    }

    public struct Report: Encodable, Sendable {
        public var subjectId: Int
        public var sex: String
        public var seed: UInt64
        public var sampleRateHz: Double
        public var adcBits: Int
        public var samples: Int
        public var trace: String
        public var peaks: [Peak]
        enum CodingKeys: String, CodingKey {
            case subjectId = "subject_id", sex, seed, sampleRateHz = "sample_rate_hz", adcBits = "adc_bits", samples, trace, peaks
        }
    }
}
