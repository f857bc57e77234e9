import Analysis
import ArgumentParser
import Foundation
import LumbarDatasets
import RunOutput

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit the population-level parameters to the calibration targets (nonlinear least squares on LAPACK).",
        discussion: """
        Starts from Datasets/calibration/fitted.yaml, simulates every validation measurement marked \
        `calibrate: true` (ideal instrument, fixed seeds), and fits the parameters listed there by bounded \
        Levenberg-Marquardt, each residual scaled by half its acceptance band. Writes the fitted set with \
        standard errors and covariance to --out; --write replaces the committed Datasets file. The fit is \
        deterministic: the same data give the same bytes.

        Examples:
          lumbarsim calibrate --out fitted.yaml
          lumbarsim calibrate --write
        """
    )

    @Option(help: "Where to write the fitted parameter set (YAML).")
    var out = "fitted.yaml"

    @Flag(help: "Write the result to Datasets/calibration/fitted.yaml (the default parameter set) instead of --out.")
    var write = false

    @Flag(help: ArgumentHelp("Check that the committed parameter set is calibrate's own fit, and write nothing.",
                             discussion: "Refits from the committed values for a few iterations; fails if any parameter moves by more than half its standard error."))
    var check = false

    @Option(parsing: .unconditional, help: "Maximum Levenberg-Marquardt iterations.")
    var iterations = 20

    @Option(parsing: .unconditional, help: ArgumentHelp("Subjects per scenario.", discussion: "At most each scenario's own size; the committed fit used the default."))
    var subjects = 200

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads.", discussion: "Default: all cores. Results do not depend on it."))
    var threads: Int?

    @Option(help: ArgumentHelp("Datasets folder to read parameters from.", discussion: "Default: LUMBARSIM_DATASETS, else the Datasets/ of this checkout."))
    var datasets: String?

    func validate() throws {
        guard subjects >= 2 else { throw ValidationError("--subjects must be at least 2 (got \(subjects))") }
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1 (got \(iterations))") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads))") }
    }

    func run() throws {
        let store = try DatasetStore.locate(explicit: datasets)
        let start = try FittedParameters.load(from: store)
        let calibrator = Calibrator(store: store, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, subjects: subjects)
        let interactive = isatty(STDERR_FILENO) != 0
        let (fitted, result) = try calibrator.fit(start: start, maxIterations: iterations) { evaluation, cost in
            if interactive { FileHandle.standardError.write(Data(String(format: "\revaluation %d  cost %.6g ", evaluation, cost).utf8)) }
        }
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
        if check {
            try verify(fitted: fitted, committed: start)
            return
        }
        let destination = write ? store.url(FittedParameters.datasetPath) : URL(fileURLWithPath: out)
        let text = try fitted.yaml(header: FittedParameters.fileHeader)
        try AtomicFile.write(Data(text.utf8), to: destination)
        print("fitted \(fitted.names.count) parameters to \(fitted.fit?.targets.count ?? 0) targets: cost \(String(format: "%.4g", result.cost)), " +
              "\(result.iterations) iterations, \(result.evaluations) evaluations, \(result.converged ? "converged" : "not converged (\(result.reason))")")
        for name in fitted.names {
            let p = fitted.parameters[name]!
            print(String(format: "  %@ = %.5g +- %.2g %@", name, p.value, p.se ?? .nan, p.unit))
        }
        print("wrote \(destination.path)")
    }

    /// The committed set passes when refitting from it moves no parameter by more than half its standard error.
    private func verify(fitted: FittedParameters, committed: FittedParameters) throws {
        let drift = committed.drift(to: fitted)
        for d in drift {
            print(String(format: "  %@: committed %.6g, refit %.6g (tolerance %.2g)", d.name, d.committed, d.refit, d.tolerance))
        }
        let moved = drift.filter(\.moved).map(\.name)
        guard moved.isEmpty else {
            throw CheckFailed("Datasets/calibration/fitted.yaml is not calibrate's fit: \(moved.joined(separator: ", ")) moved; run `lumbarsim calibrate --write`")
        }
        print("the committed parameter set is calibrate's fit")
    }
}
