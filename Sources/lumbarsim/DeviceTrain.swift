import ArgumentParser
import Device
import Foundation
import LumbarNumerics
import Physiology
import RunOutput
import StudySetup

struct DeviceTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Run one subject through a dynamic training set on the machine: repetitions until failure.",
        discussion: """
        The weight stack acts through the machine's cam over --rom at the --tempo (seconds up, seconds down); \
        the subject lifts until the three-compartment fatigue model says a lift can no longer be completed. \
        Without pelvic restraint (--no-pelvic-restraint) the hip extensors take most of the load. Writes the \
        sampled trace (time_s, angle_deg, reported_angle_deg, torque_Nm, target_load, phase) and prints the result.

        Examples:
          lumbarsim device train --load-fraction 0.6
          lumbarsim device train --subject 4 --load-fraction 0.5 --rom 36,72 --no-pelvic-restraint --json
        """
    )

    @OptionGroup var population: PopulationOptions
    @OptionGroup var sampling: SamplingOptions

    @Option(parsing: .unconditional, help: "Subject index within the cohort (0-based).")
    var subject = 0

    @Option(name: .customLong("load-fraction"), help: "Weight as a fraction of the subject's mean maximal torque over the range.")
    var loadFraction = 0.6

    @Option(help: "Trained range, deg: start,end (0 = extended, 72 = flexed).")
    var rom = "0,72"

    @Option(help: "Seconds up (lifting) and down (lowering), comma-separated.")
    var tempo = "2,4"

    @Flag(inversion: .prefixedNo, help: "Whether the pelvis is restrained (the MedX way).")
    var pelvicRestraint = true

    @Option(name: .customLong("max-reps"), parsing: .unconditional, help: "Stop after this many repetitions.")
    var maxReps = 50

    @Option(help: "Where to write the sampled trace (CSV).")
    var trace = "device-train-trace.csv"

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let setup = try RunSetup(datasets: population.datasets, cohort: population.cohort, device: population.device)
        let settings = try setup.deviceSettings(sampleRateHz: sampling.rate, adcBits: sampling.adcBits)
        let range = try pair(rom, "--rom")
        let halves = try pair(tempo, "--tempo")
        guard range.0 < range.1 else { throw UsageError("--rom start must be below end (got \(rom))") }
        guard loadFraction > 0, loadFraction.isFinite else { throw UsageError("--load-fraction must be > 0 (got \(loadFraction))") }
        let person = try setup.sampler.subject(id: subject, seed: population.seed)
        let state = SubjectState(baselineOf: person)
        let set = try DynamicSet(settings: settings, physiology: setup.physiology)
        let weight = set.weight(forFraction: loadFraction, subject: person, state: state, rom: range.0...range.1)
        var noise = RandomStream.deviceNoise(seed: population.seed, subject: person.id, session: StreamAddress.trainingSession)
        let result = try set.run(subject: person, state: state, weightNm: weight, rom: range.0...range.1, upS: halves.0,
                                 downS: halves.1, pelvicRestraint: pelvicRestraint, maxReps: maxReps, rng: &noise, keepTrace: true)
        var table = CSVTable(header: ["time_s", "angle_deg", "reported_angle_deg", "torque_Nm", "target_load", "phase"])
        for s in result.trace ?? [] {
            table.append([CSVTable.number(s.timeS, 4), CSVTable.number(s.angleDeg, 3), CSVTable.number(s.reportedAngleDeg, 1),
                          CSVTable.number(s.torqueNm, 3), CSVTable.number(s.targetLoad, 4), s.phase.rawValue])
        }
        try AtomicFile.write(table.data, to: URL(fileURLWithPath: trace))
        let report = TrainJSON(subjectId: person.id, reps: result.reps, weightNm: result.weightNm, loadFraction: loadFraction,
                               pelvicRestraint: pelvicRestraint, peakTargetLoad: result.peakTargetLoad, samples: result.samples,
                               trace: trace)
        if json {
            try printJSON(report)
        } else {
            print(String(format: "subject %d: %d repetition(s) at %.1f N*m (%.0f %% of maximal), peak lumbar load %.2f, pelvis %@ -> %@",
                         person.id, result.reps, weight, 100 * loadFraction, result.peakTargetLoad,
                         pelvicRestraint ? "restrained" : "free", trace))
        }
    }

    private func pair(_ text: String, _ option: String) throws -> (Double, Double) {
        let parts = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, parts.allSatisfy(\.isFinite) else { throw UsageError("\(option) takes two comma-separated numbers (got '\(text)')") }
        return (parts[0], parts[1])
    }
}

struct TrainJSON: Encodable {
    var subjectId: Int
    var reps: Int
    var weightNm: Double
    var loadFraction: Double
    var pelvicRestraint: Bool
    var peakTargetLoad: Double
    var samples: Int
    var trace: String
    enum CodingKeys: String, CodingKey {
        case subjectId = "subject_id", reps, weightNm = "weight_Nm", loadFraction = "load_fraction"
        case pelvicRestraint = "pelvic_restraint", peakTargetLoad = "peak_target_load", samples, trace
    }
}
