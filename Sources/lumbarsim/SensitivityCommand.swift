import Analysis
import ArgumentParser
import Foundation
import LumbarDatasets
import RunOutput

struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Rank the model's uncertain inputs by their effect on the headline outputs (Morris, then Sobol).",
        discussion: """
        Every quantity of Datasets/physiology/*.yaml and every fitted parameter is an uncertain input, spread as its \
        data says: an entry's range (uniform), its published sd (normal, cut at +-2 SD), calibrate's standard error \
        (normal, cut at +-2 SE and the fit's bounds); an entry with sd 0 is exact and not varied (the loader refuses \
        one with neither sd nor range), and a fitted parameter without a standard error is varied by +-the \
        --unranged-spread of its value and listed as unranged. Each model run takes one cohort (the same subjects and streams at every \
        point, ideal instrument) through every arm and measures, from week 0 to the arm's last visit: torque gain \
        at 0 and 72 deg, CSA change, endurance change (percent), pain and ODI change (points), recurrence within 12 months of the last visit (percent); with a control arm, \
        each other arm's difference from control too.

        Stage 1 screens every input with Morris elementary effects (--trajectories walks, (inputs + 1) runs each). \
        Stage 2 computes Sobol first-order and total indices (Saltelli design, Jansen estimators, bootstrap 95 % \
        intervals) for the --sobol-inputs inputs with the largest scaled mu* over the outputs (over the effects \
        against control when control is an arm; --base x (inputs + 2) runs). Model runs go to all cores; the result is the same for any thread count. Writes DIR/sensitivity.csv (one row per output and \
        input), sensitivity.json and manifest.json; `lumbarsim plot sensitivity DIR` draws the bar chart.

        Until it completes, the run stages in .DIR.partial beside DIR with every finished model run logged there; \
        after Ctrl-C, SIGTERM, SIGKILL or a power loss, `lumbarsim sensitivity --resume DIR` continues it (the \
        folder records the options) and writes the bytes an uninterrupted run would.

        Examples:
          lumbarsim sensitivity --out runs/sens
          lumbarsim sensitivity --trajectories 20 --sobol-inputs 10 --base 128 \\
              --subjects 60
          lumbarsim sensitivity --resume runs/sens
          lumbarsim sensitivity --regimen control --regimen stretching --json \\
              > sensitivity.json
        """
    )

    @Option(name: .customLong("regimen"), help: ArgumentHelp("An arm (repeat).", discussion: "Default: control, core-strengthening, combined."))
    var regimens: [String] = []

    @Option(help: "Bundled cohort name or the path of a cohort YAML file.")
    var cohort = SensitivityAnalysis.Options().cohort

    @Option(parsing: .unconditional, help: "Subjects per model run (the same subjects at every point).")
    var subjects = SensitivityAnalysis.Options().subjects

    @Option(parsing: .unconditional, help: "Morris trajectories (at least 2).")
    var trajectories = SensitivityAnalysis.Options().trajectories

    @Option(parsing: .unconditional, help: "Levels of the Morris grid (even, at least 2).")
    var levels = SensitivityAnalysis.Options().levels

    @Option(name: .customLong("sobol-inputs"), parsing: .unconditional, help: "Inputs carried from screening into the Sobol stage (0: screening only).")
    var sobolInputs = SensitivityAnalysis.Options().sobolInputs

    @Option(parsing: .unconditional, help: "Base rows of the Saltelli design (at least 2): base x (inputs + 2) model runs.")
    var base = SensitivityAnalysis.Options().baseCount

    @Option(parsing: .unconditional, help: "Bootstrap resamples for the Sobol intervals.")
    var resamples = SensitivityAnalysis.Options().resamples

    @Option(help: ArgumentHelp("Vary only the inputs whose name starts with this (repeat), e.g. fitted. or adaptation.neural.",
                               discussion: "Default: every input. Names as in sensitivity.csv: the file's stem and the field's path."))
    var input: [String] = []

    @Option(name: .customLong("unranged-spread"), parsing: .unconditional,
            help: "Spread of an input whose data gives none, as a fraction of its value (0 keeps such inputs fixed).")
    var unrangedSpread = SensitivityAnalysis.Options().unrangedSpread

    @Option(help: "Random seed (subjects, designs, bootstrap); the same seed gives byte-identical output on any number of threads.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads.", discussion: "Default: all cores. Results do not depend on it."))
    var threads: Int?

    @Option(help: "Output folder.")
    var out = SensitivityResult.defaultFolder

    @Option(help: ArgumentHelp("Continue the interrupted run whose output folder is DIR.",
                               discussion: "The folder records how the run was started, so only --threads and --json may be given beside it; the finished model runs are read back, not recomputed.",
                               valueName: "DIR"))
    var resume: String?

    @Flag(help: ArgumentHelp("Replace a LumbarSim run folder of another command at --out.",
                             discussion: "An earlier sensitivity folder at --out is replaced without it. A folder holding anything LumbarSim did not write is never replaced."))
    var force = false

    @Flag(help: "Print sensitivity.json to stdout instead of the summary.")
    var json = false

    @Option(help: ArgumentHelp("Datasets folder to read parameters from.", discussion: "Default: LUMBARSIM_DATASETS, else the Datasets/ of this checkout."))
    var datasets: String?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads))") }
        guard subjects >= 1 else { throw ValidationError("--subjects must be at least 1 (got \(subjects))") }
        guard trajectories >= 2 else { throw ValidationError("--trajectories must be at least 2 (got \(trajectories))") }
        guard levels >= 2, levels % 2 == 0 else { throw ValidationError("--levels must be even and at least 2 (got \(levels))") }
        guard sobolInputs >= 0 else { throw ValidationError("--sobol-inputs must be at least 0 (got \(sobolInputs))") }
        guard base >= 2 else { throw ValidationError("--base must be at least 2 (got \(base))") }
        guard resamples >= 1 else { throw ValidationError("--resamples must be at least 1 (got \(resamples))") }
        guard (0..<1).contains(unrangedSpread) else { throw ValidationError("--unranged-spread must be in [0, 1) (got \(unrangedSpread))") }
    }

    func run() throws {
        if let resume { return try continueRun(in: resume) }
        let folder = try RunFolder(destination: URL(fileURLWithPath: out), resumable: true, replacing: policy)
        let options = try analysisOptions()
        let record = SensitivityRunRecord(arguments: Array(CommandLine.arguments.dropFirst()),
                                          parameterHash: try SensitivityRunRecord.parameterHash(options, datasets: datasets))
        try folder.write(SensitivityResult.recordName, try record.json())
        try execute(options, in: folder, commandLine: CommandLine.arguments)
    }

    var policy: ReplacePolicy { ReplacePolicy(command: "sensitivity", force: force) }

    func analysisOptions() throws -> SensitivityAnalysis.Options {
        var options = SensitivityAnalysis.Options()
        if !regimens.isEmpty { options.regimens = regimens }
        options.cohort = cohort
        options.subjects = subjects
        options.seed = seed
        options.trajectories = trajectories
        options.levels = levels
        options.sobolInputs = sobolInputs
        options.baseCount = base
        options.resamples = resamples
        options.unrangedSpread = unrangedSpread
        options.inputPrefixes = input
        options.threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
        return options
    }

    /// Runs the analysis with its model runs logged in `folder`'s staging, and writes the folder; a stop request
    /// keeps the staging and prints the command that resumes it.
    func execute(_ options: SensitivityAnalysis.Options, in folder: RunFolder, commandLine: [String]) throws {
        let started = Date()
        let store = try DatasetStore.locate(explicit: datasets)
        let progress = ProgressLine(label: "model runs")
        RunSignals.install()
        let result: SensitivityResult
        do {
            result = try SensitivityAnalysis.run(datasets: store.root.path, options: options, evaluations: folder.staging,
                                                 stop: RunSignals.stop) { stage, done, total in
                progress.update(done, of: total, label: "\(stage) runs")
            }
        } catch SensitivityError.stopped {
            progress.finish()
            folder.keepsStaging = true
            FileHandle.standardError.write(Data(("interrupted: the finished model runs are kept in \(folder.staging.path); continue with: "
                + RunSignals.resumeCommand(arguments: ["lumbarsim", "sensitivity"], folder: folder.destination.path) + "\n").utf8))
            throw ExitCode(RunSignals.exitCode)
        }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        let written = try result.write(into: folder, datasets: store.root.path, regimens: options.regimens,
                                       gitCommit: LumbarSimVersion.gitCommit, commandLine: commandLine,
                                       threads: options.threads, seconds: seconds)
        if json {
            print(String(decoding: try result.json(), as: UTF8.self))
            return
        }
        print(result.summary)
        print("wrote \(written.path): \(result.inputs.count) inputs (\(result.unranged.count) without a stated spread), "
              + "\(result.outputs.count) outputs, \(result.modelRuns) model runs of \(result.subjects) subjects, seed \(result.seed)"
              + String(format: ", %.1f s", seconds))
    }
}
