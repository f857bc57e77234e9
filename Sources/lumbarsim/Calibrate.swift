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

        Beside the fitted set it writes its joint uncertainty, NAME-uncertainty.yaml (fitted-uncertainty.yaml): each \
        estimate with its Gauss-Newton standard error and 95 % interval, the correlation matrix, the residual \
        scale, and `poor` where the linearisation is unreliable (a bound within 2 SE, a correlation beyond +-0.9). \
        --profile NAME (repeat; `poor` for every such parameter) skips the fit and replaces those intervals by \
        profile-likelihood ones around the committed set: each of 6 points (+-1, 2, 3 SE) refits the other \
        parameters for at most --profile-iterations iterations; `method` says which each interval came from.

        Examples:
          lumbarsim calibrate --out fitted.yaml
          lumbarsim calibrate --write
          lumbarsim calibrate --profile poor --subjects 50 --write
        """
    )

    @Option(help: "Where to write the fitted parameter set (YAML).")
    var out = "fitted.yaml"

    @Flag(help: "Write the result to Datasets/calibration/fitted.yaml (the default parameter set) instead of --out.")
    var write = false

    @Flag(help: ArgumentHelp("Check that the committed parameter set is calibrate's own fit, and write nothing.",
                             discussion: "Refits from the committed values for a few iterations; fails if any parameter moves by more than half its standard error."))
    var check = false

    @Option(help: ArgumentHelp("Profile-likelihood interval for this fitted parameter (repeat), or `poor` for every one Gauss-Newton serves poorly.",
                               discussion: "Skips the fit: profiles the committed set and writes only NAME-uncertainty.yaml beside --out (or, with --write, beside Datasets/calibration/fitted.yaml).",
                               valueName: "NAME"))
    var profile: [String] = []

    @Option(name: .customLong("profile-iterations"), parsing: .unconditional,
            help: "Maximum Levenberg-Marquardt iterations of each profile point's refit.")
    var profileIterations = 5

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
        guard profileIterations >= 1 else { throw ValidationError("--profile-iterations must be at least 1 (got \(profileIterations))") }
        if !profile.isEmpty, check { throw ValidationError("--profile profiles the committed set and writes its uncertainty: it cannot be combined with --check") }
    }

    func run() throws {
        let store = try DatasetStore.locate(explicit: datasets)
        let start = try FittedParameters.load(from: store)
        let calibrator = Calibrator(store: store, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, subjects: subjects)
        let destination = write ? store.url(FittedParameters.datasetPath) : URL(fileURLWithPath: out)
        if !profile.isEmpty { return try profileCommitted(start, calibrator: calibrator, besides: destination) }
        let interactive = isatty(STDERR_FILENO) != 0
        let (fitted, result) = try calibrator.fit(start: start, maxIterations: iterations) { evaluation, cost in
            if interactive { FileHandle.standardError.write(Data(String(format: "\revaluation %d  cost %.6g ", evaluation, cost).utf8)) }
        }
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
        if check {
            try verify(fitted: fitted, committed: start)
            return
        }
        let text = try fitted.yaml(header: FittedParameters.fileHeader)
        try AtomicFile.write(Data(text.utf8), to: destination)
        let uncertainty = FittedUncertainty(fitted, residualScale: Calibrator.residualScale)
        try AtomicFile.write(Data(try uncertainty.yaml().utf8), to: FittedUncertainty.url(besides: destination))
        print("fitted \(fitted.names.count) parameters to \(fitted.fit?.targets.count ?? 0) targets: cost \(String(format: "%.4g", result.cost)), " +
              "\(result.iterations) iterations, \(result.evaluations) evaluations, \(result.converged ? "converged" : "not converged (\(result.reason))")")
        for name in fitted.names {
            let p = fitted.parameters[name]!
            print(String(format: "  %@ = %.5g +- %.2g %@", name, p.value, p.se ?? .nan, p.unit))
        }
        print("wrote \(FittedUncertainty.url(besides: destination).path)")
        print("wrote \(destination.path)")
    }

    /// `--profile`: the committed set's uncertainty with profile-likelihood intervals for the chosen parameters.
    private func profileCommitted(_ committed: FittedParameters, calibrator: Calibrator, besides destination: URL) throws {
        var uncertainty = FittedUncertainty(committed, residualScale: Calibrator.residualScale)
        var names: [String] = []
        for name in profile {
            let chosen = name == "poor" ? committed.names.filter { uncertainty.parameters[$0]?.poor != nil } : [name]
            for chosen in chosen where !names.contains(chosen) { names.append(chosen) }
        }
        let interactive = isatty(STDERR_FILENO) != 0
        for (k, name) in names.enumerated() {
            if interactive { FileHandle.standardError.write(Data("\rprofiling \(name) (\(k + 1) of \(names.count)) ".utf8)) }
            let interval = try calibrator.profile(name, around: committed, maxIterations: profileIterations)
            uncertainty.adopt(profile: interval, for: name)
            let p = uncertainty.parameters[name]!
            print(String(format: "  %@ = %.5g: profile %.5g to %.5g%@, Gauss-Newton %.5g to %.5g", name, p.estimate, p.low ?? .nan, p.high ?? .nan,
                         p.openEnds.map { " (open at \($0.joined(separator: ", ")))" } ?? "", p.gaussNewton?.first ?? .nan, p.gaussNewton?.last ?? .nan))
            fflush(nil)  // a profile takes minutes: each line as it is found, also into a log
        }
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
        let url = FittedUncertainty.url(besides: destination)
        try AtomicFile.write(Data(try uncertainty.yaml().utf8), to: url)
        print("profiled \(names.count) parameter(s); wrote \(url.path)")
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
