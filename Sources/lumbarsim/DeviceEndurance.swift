import ArgumentParser
import Device
import Foundation
import Simulation
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
        let holds = try EnduranceHolds(setup: setup, settings: settings, subjects: subjects, seed: population.seed,
                                       fraction: fraction, angleDeg: angle)
        if json {
            try printJSON(holds.report)
        } else {
            print(String(format: "%d subjects of %@ holding %.0f %% at %.0f deg: mean endurance %.1f s", holds.holds.count,
                         holds.cohort, 100 * fraction, holds.angleDeg, holds.meanEnduranceS))
            print("subject_id  endurance_s  target_Nm")
            for r in holds.holds { print(String(format: "%10d  %11.1f  %9.1f", r.id, r.result.enduranceS, r.result.targetNm)) }
        }
    }
}
