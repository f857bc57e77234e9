import Analysis
import ArgumentParser
import Foundation
import LumbarDatasets

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare the model with every published target and say by how much each is off.",
        discussion: """
        Runs each scenario in Datasets/validation/ (cohort + regimens + measurement) and prints, for every \
        target in Datasets/calibration/targets.csv, the published value and uncertainty, the simulated value, \
        the acceptance band with its reason, and whether the value lies inside it. Targets no scenario \
        simulates are listed with the reason. Exits non-zero when a required target is outside its band. \
        Each row says what kind of evidence it is (targets.csv `evidence`): fitted (calibrate fits to it), input \
        (it checks a value the model takes in), derived (a function of fitted values) or independent (nothing \
        in Datasets/ was set from its study); only independent rows count as validation.

        --cross runs leave-one-study-out instead: for each study calibrate fits to, the parameters are refitted \
        without that study (as `calibrate`, with --iterations and --subjects) and its targets predicted; it \
        prints each target's in-sample and out-of-sample offset and the band-normalised RMS (offset / half \
        the acceptance band) of both.

        --uncertainty N reruns every scenario under N parameter sets (as `trial --uncertainty`: a Latin hypercube \
        over every uncertain input of Datasets/, the same subjects and streams) and gives each simulated row the \
        2.5th-97.5th percentiles of its value over them: JSON keys model_low, model_high and model_meets_band \
        (whether that interval reaches the band), and a table column. The verdict stays the committed parameters'; \
        read it against both intervals. Without it the output is as before.

        Examples:
          lumbarsim validate
          lumbarsim validate --json > validation.json
          lumbarsim validate --uncertainty 16 --json > validation-uncertainty.json
          lumbarsim validate --cross --iterations 5 --subjects 100
        """
    )

    @Flag(help: "Print [{id, published, simulated, lower, upper, within, ...}] as JSON instead of a table.")
    var json = false

    @Flag(help: "Leave-one-study-out over the studies calibrate fits to, instead of the target table.")
    var cross = false

    @Option(parsing: .unconditional, help: ArgumentHelp("With --cross: maximum Levenberg-Marquardt iterations per refit.", discussion: "As calibrate's."))
    var iterations = 20

    @Option(parsing: .unconditional, help: ArgumentHelp("With --cross: subjects per scenario.", discussion: "At most each scenario's own size; as calibrate's."))
    var subjects = 200

    @OptionGroup var model: UncertaintyOption

    @Option(help: "Seed of the --uncertainty parameter sets; the same seed gives the same output on any number of threads.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads.", discussion: "Default: all cores. Results do not depend on it."))
    var threads: Int?

    @Option(help: ArgumentHelp("Datasets folder to read parameters from.", discussion: "Default: LUMBARSIM_DATASETS, else the Datasets/ of this checkout."))
    var datasets: String?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads))") }
        guard subjects >= 2 else { throw ValidationError("--subjects must be at least 2 (got \(subjects))") }
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1 (got \(iterations))") }
        if cross, model.uncertainty != nil { throw ValidationError("--uncertainty applies to the target table, not to --cross") }
    }

    func run() throws {
        let store = try DatasetStore.locate(explicit: datasets)
        if cross { return try runCross(store: store) }
        let validator = Validator(store: store, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let scenarios = try validator.scenarios().count
        let progress = ProgressLine(total: scenarios, label: "scenarios")
        var done = 0
        var results = try validator.run { _ in
            done += 1
            progress.update(done)
        }
        progress.finish()
        if let uncertainty = model.uncertainty {
            let sets = ProgressLine(total: uncertainty, label: "parameter sets")
            results = try validator.withModelIntervals(results, sets: uncertainty, seed: seed) { sets.update($0) }
            sets.finish()
        }
        if json {
            try printJSON(results)
        } else {
            print(results.table)
        }
        let failures = results.failures
        if !failures.isEmpty {
            throw CheckFailed("\(failures.count) required target(s) outside their band: \(failures.map(\.id).joined(separator: ", "))")
        }
    }
}


extension Validate {
    /// Leave-one-study-out from the committed fit.
    func runCross(store: DatasetStore) throws {
        let calibrator = Calibrator(store: store, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, subjects: subjects)
        let start = try FittedParameters.load(from: store)
        let studies = Set(try calibrator.targets().map(\.scenario.id)).count
        let progress = ProgressLine(total: studies, label: "studies left out")
        var done = 0
        let result = try calibrator.crossValidate(start: start, maxIterations: iterations) { _ in
            progress.update(done)
            done += 1
        }
        progress.update(studies)
        progress.finish()
        if json {
            try printJSON(result)
        } else {
            print(result.table)
        }
    }
}
