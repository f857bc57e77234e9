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
        simulates are listed with the reason. Exits non-zero when a required target is outside its band.

        Examples:
          lumbarsim validate
          lumbarsim validate --json > validation.json
        """
    )

    @Flag(help: "Print [{id, published, simulated, lower, upper, within, ...}] as JSON instead of a table.")
    var json = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads.", discussion: "Default: all cores. Results do not depend on it."))
    var threads: Int?

    @Option(help: ArgumentHelp("Datasets folder to read parameters from.", discussion: "Default: LUMBARSIM_DATASETS, else the Datasets/ of this checkout."))
    var datasets: String?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads))") }
    }

    func run() throws {
        let store = try DatasetStore.locate(explicit: datasets)
        let validator = Validator(store: store, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let scenarios = try validator.scenarios().count
        let progress = ProgressLine(total: scenarios, label: "scenarios")
        var done = 0
        let results = try validator.run { _ in
            done += 1
            progress.update(done)
        }
        progress.finish()
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
