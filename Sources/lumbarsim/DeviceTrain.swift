import ArgumentParser
import Device
import Foundation
import LumbarDatasets
import RunOutput
import Simulation
import StudySetup

struct DeviceTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Run one subject through a dynamic training set on the machine: repetitions until failure.",
        discussion: """
        The weight stack acts through the machine's cam over --rom at the --tempo (seconds up, seconds down); \
        the subject lifts until the three-compartment fatigue model says a lift can no longer be completed. \
        Without pelvic restraint (--no-pelvic-restraint) the hip extensors take the load but the lumbar \
        extensors' share (neural.unrestrained_lumbar_share in Datasets/physiology/adaptation.yaml). Writes the \
        sampled trace (time_s, angle_deg, reported_angle_deg, torque_Nm, target_load, phase) and prints the result.

        Examples:
          lumbarsim device train --load-fraction 0.6
          lumbarsim device train --subject 4 --load-fraction 0.5 --rom 36,72 \\
              --no-pelvic-restraint --json
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
        let session = try TrainingSetSession(setup: setup, settings: settings, subjectID: subject, seed: population.seed,
                                             loadFraction: loadFraction, rom: range.0...range.1, upS: halves.0, downS: halves.1,
                                             pelvicRestraint: pelvicRestraint, maxReps: maxReps)
        try AtomicFile.write(session.traceTable.data, to: URL(fileURLWithPath: trace))
        let result = session.result
        if json {
            try printJSON(session.report(trace: trace))
        } else {
            print(String(format: "subject %d: %d repetition(s) at %.1f N*m (%.0f %% of maximal), peak lumbar load %.2f, pelvis %@ -> %@",
                         subject, result.reps, result.weightNm, 100 * loadFraction, result.peakTargetLoad,
                         pelvicRestraint ? "restrained" : "free", trace))
        }
    }

    private func pair(_ text: String, _ option: String) throws -> (Double, Double) {
        let parts = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, parts.allSatisfy(\.isFinite) else { throw UsageError("\(option) takes two comma-separated numbers (got '\(DataFile.excerpt(text))')") }
        return (parts[0], parts[1])
    }
}
