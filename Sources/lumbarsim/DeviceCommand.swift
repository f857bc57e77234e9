import ArgumentParser
import Course
import Device
import Foundation
import LumbarDatasets
import LumbarNumerics
import Physiology
import RunOutput
import StudySetup

struct DeviceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device",
        abstract: "Drive the virtual lumbar extension machine directly.",
        subcommands: [DeviceTest.self, DeviceTrain.self, DeviceEndurance.self, DeviceSweepCommand.self, DeviceThroughputCommand.self]
    )
}

struct DeviceTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run one subject through the 7-angle isometric test; write the sampled trace and print the peaks.",
        discussion: """
        The subject is subject INDEX of the cohort under the seed (the same subject `simulate` would draw), or \
        the subject in a YAML file (fields as in subjects.csv; see `--subject-file`). The trace CSV has one row \
        per load-cell sample: time_s, angle_deg, torque_Nm (as the device shows it), true_torque_Nm, effort, phase, \
        arm_angle_deg (where the arm really stands: the potentiometer's positioning error).

        Examples:
          lumbarsim device test --subject 3
          lumbarsim device test --cohort clbp-adults --rate 200 --adc-bits 10 --json
        """
    )

    @OptionGroup var population: PopulationOptions
    @OptionGroup var sampling: SamplingOptions

    @Option(parsing: .unconditional, help: "Subject index within the cohort (0-based).")
    var subject = 0

    @Option(name: .customLong("subject-file"), help: "YAML file with one subject's parameters (instead of --subject).")
    var subjectFile: String?

    @Option(help: "Where to write the sampled trace (CSV).")
    var trace = "device-test-trace.csv"

    @Flag(help: "Print the peaks as JSON instead of a table.")
    var json = false

    func validate() throws {
        guard subject >= 0 else { throw ValidationError("--subject must be >= 0 (got \(subject))") }
        if subjectFile != nil, subjectGiven {
            throw ValidationError("give either --subject or --subject-file, not both")
        }
    }

    /// Whether `--subject` was on the command line (its default cannot tell).
    private var subjectGiven: Bool {
        CommandLine.arguments.contains { $0 == "--subject" || $0.hasPrefix("--subject=") }
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: trace, isDirectory: &isDirectory), isDirectory.boolValue {
            throw OutputError.refuseToReplaceFolder(trace)
        }
        let setup = try RunSetup(datasets: population.datasets, cohort: population.cohort, device: population.device)
        let settings = try setup.deviceSettings(sampleRateHz: sampling.rate, adcBits: sampling.adcBits)
        let person: SubjectParameters
        if let subjectFile {
            person = try DataFile.decode(SubjectParameters.self, from: URL(fileURLWithPath: subjectFile), displayName: subjectFile)
            try person.validate()
        } else {
            person = try setup.sampler.subject(id: subject, seed: population.seed)
        }
        let test = try IsometricTest(settings: settings, model: setup.model)
        var noise = RandomStream.deviceNoise(seed: population.seed, subject: person.id, session: 0)
        // The week-0 visit of the subject, as `simulate` tests it: that day's maximal effort included.
        let state = CourseOfCare.onTestDay(SubjectState(baselineOf: person), subject: person, seed: population.seed, week: 0,
                                           effortDaySD: setup.physiology.adaptation.effortDaySD)
        let result = test.run(subject: person, state: state, rng: &noise, keepTrace: true)

        try writeTrace(result.trace ?? [], to: URL(fileURLWithPath: trace))
        if json {
            let peaks = zip(result.anglesDeg, zip(result.reportedPeakNm, result.truePeakNm)).map {
                PeakJSON(angleDeg: $0.0, torqueNm: $0.1.0, trueTorqueNm: $0.1.1)
            }
            let report = DeviceTestJSON(subjectId: person.id, sex: person.sex.rawValue, seed: population.seed,
                                        sampleRateHz: settings.sampleRateHz, adcBits: settings.adcBits,
                                        samples: result.samples, trace: trace, peaks: peaks)
            try printJSON(report)
        } else {
            print("subject \(person.id) (\(person.sex.rawValue), \(Int(person.ageY)) y), \(Int(settings.sampleRateHz)) Hz, " +
                  "\(settings.adcBits)-bit ADC, \(result.samples) samples -> \(trace)")
            print("angle_deg  peak_Nm  true_Nm")
            for (i, angle) in result.anglesDeg.enumerated() {
                print(String(format: "%9.0f  %7.1f  %7.1f", angle, result.reportedPeakNm[i], result.truePeakNm[i]))
            }
        }
    }

    private func writeTrace(_ samples: [TraceSample], to url: URL) throws {
        var table = CSVTable(header: ["time_s", "angle_deg", "torque_Nm", "true_torque_Nm", "effort", "phase", "arm_angle_deg"])
        for s in samples {
            table.append([CSVTable.number(s.timeS, 4), CSVTable.number(s.angleDeg, 0), CSVTable.number(s.torqueNm, 3),
                          CSVTable.number(s.trueTorqueNm, 3), CSVTable.number(s.effort, 4), s.phase.rawValue,
                          CSVTable.number(s.armAngleDeg, 3)])
        }
        try AtomicFile.write(table.data, to: url)
    }
}

struct PeakJSON: Encodable {
    var angleDeg: Double
    var torqueNm: Double
    var trueTorqueNm: Double
    enum CodingKeys: String, CodingKey { case angleDeg = "angle_deg", torqueNm = "torque_Nm", trueTorqueNm = "true_torque_Nm" }
}

struct DeviceTestJSON: Encodable {
    var subjectId: Int
    var sex: String
    var seed: UInt64
    var sampleRateHz: Double
    var adcBits: Int
    var samples: Int
    var trace: String
    var peaks: [PeakJSON]
    enum CodingKeys: String, CodingKey {
        case subjectId = "subject_id", sex, seed, sampleRateHz = "sample_rate_hz", adcBits = "adc_bits", samples, trace, peaks
    }
}
