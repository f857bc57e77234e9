import ArgumentParser
import Device
import Foundation
import LumbarNumerics
import Physiology
import StudySetup

struct DeviceEndurance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endurance",
        abstract: "Hold a fraction of maximal effort on the machine until it can no longer be held, for a cohort.",
        discussion: """
        Each subject holds --fraction of their maximal active torque at --angle while the 3CC-r model fatigues \
        the extensors; the device software ends the hold when the filtered torque stays below target. Prints \
        the mean and per-subject endurance times (s).

        Examples:
          lumbarsim device endurance --fraction 0.5 --subjects 100
          lumbarsim device endurance --fraction 0.4 --angle 24 --cohort clbp-adults --json
        """
    )

    @OptionGroup var population: PopulationOptions
    @OptionGroup var sampling: SamplingOptions

    @Option(help: "Target as a fraction of maximal active torque, in (0, 1].")
    var fraction: Double

    @Option(help: ArgumentHelp("Flexion angle of the hold, deg.", discussion: "Default: the device file's endurance angle (36 deg)."))
    var angle: Double?

    @Option(parsing: .unconditional, help: "Number of virtual subjects (at least 1).")
    var subjects = 100

    @Flag(help: "Print mean_endurance_time_s and per-subject times as JSON.")
    var json = false

    func validate() throws {
        guard subjects >= 1 else { throw ValidationError("--subjects must be at least 1 (got \(subjects))") }
    }

    func run() throws {
        let setup = try RunSetup(datasets: population.datasets, cohort: population.cohort, device: population.device)
        let settings = try setup.deviceSettings(sampleRateHz: sampling.rate, adcBits: sampling.adcBits)
        let test = try EnduranceTest(settings: settings, physiology: setup.physiology)
        var results: [(id: Int, result: EnduranceResult)] = []
        for id in 0..<subjects {
            let subject = try setup.sampler.subject(id: id, seed: population.seed)
            var noise = RandomStream.enduranceNoise(seed: population.seed, subject: id)
            results.append((id, try test.run(subject: subject, state: SubjectState(baselineOf: subject), fraction: fraction,
                                             angleDeg: angle, rng: &noise)))
        }
        let mean = results.map(\.result.enduranceS).reduce(0, +) / Double(results.count)
        if json {
            let report = EnduranceJSON(meanEnduranceTimeS: mean, fraction: fraction, angleDeg: results[0].result.angleDeg,
                                       cohort: setup.cohort.name, seed: population.seed,
                                       subjects: results.map { .init(subjectId: $0.id, enduranceTimeS: $0.result.enduranceS,
                                                                     modelEnduranceTimeS: $0.result.modelEnduranceS,
                                                                     targetNm: $0.result.targetNm) })
            try printJSON(report)
        } else {
            print(String(format: "%d subjects of %@ holding %.0f %% at %.0f deg: mean endurance %.1f s", results.count,
                         setup.cohort.name, 100 * fraction, results[0].result.angleDeg, mean))
            print("subject_id  endurance_s  target_Nm")
            for r in results { print(String(format: "%10d  %11.1f  %9.1f", r.id, r.result.enduranceS, r.result.targetNm)) }
        }
    }
}

struct EnduranceJSON: Encodable {
    struct Subject: Encodable {
        var subjectId: Int
        var enduranceTimeS: Double
        var modelEnduranceTimeS: Double
        var targetNm: Double
        enum CodingKeys: String, CodingKey {
            case subjectId = "subject_id", enduranceTimeS = "endurance_time_s", modelEnduranceTimeS = "model_endurance_time_s", targetNm = "target_Nm"
        }
    }
    var meanEnduranceTimeS: Double
    var fraction: Double
    var angleDeg: Double
    var cohort: String
    var seed: UInt64
    var subjects: [Subject]
    enum CodingKeys: String, CodingKey {
        case meanEnduranceTimeS = "mean_endurance_time_s", fraction, angleDeg = "angle_deg", cohort, seed, subjects
    }
}
