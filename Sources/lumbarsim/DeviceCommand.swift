import ArgumentParser
import Device
import Foundation
import RunOutput
import Simulation
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
        let person = try setup.subject(file: subjectFile, id: subject, seed: population.seed)
        let day = try DeviceTestDay(setup: setup, settings: settings, subject: person, seed: population.seed)
        try AtomicFile.write(day.traceTable.data, to: URL(fileURLWithPath: trace))
        if json {
            try printJSON(day.report(trace: trace))
        } else {
            let result = day.result
            print("subject \(person.id) (\(person.sex.rawValue), \(Int(person.ageY)) y), \(Int(settings.sampleRateHz)) Hz, " +
                  "\(settings.adcBits)-bit ADC, \(result.samples) samples -> \(trace)")
            print("angle_deg  peak_Nm  true_Nm")
            for (i, angle) in result.anglesDeg.enumerated() {
                print(String(format: "%9.0f  %7.1f  %7.1f", angle, result.reportedPeakNm[i], result.truePeakNm[i]))
            }
        }
    }
}
