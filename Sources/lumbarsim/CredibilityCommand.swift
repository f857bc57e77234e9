import ArgumentParser
import Credibility
import Foundation
import LumbarDatasets
import RunOutput

struct CredibilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credibility",
        abstract: "Assess the model's credibility for a context of use: verification, validation, uncertainty, sensitivity, applicability.",
        discussion: """
        The context of use (ASME V&V 40) is the question the model answers, the decision it informs, the model's \
        influence on that decision and the consequence of a wrong decision (low, medium or high each; their \
        product on the map of Datasets/credibility/model-risk.yaml is the model risk), and the cohort and arms it \
        is about. It comes from --context FILE (fields question, decision, influence, consequence, cohort, \
        regimens; Datasets/credibility/context.yaml is the default and a template), and the options below replace \
        its fields.

        Every section is computed: verification (the code's known answers: Philox vectors, the sampling kernel's \
        Swift batch against its scalar twin and, when kernel-compare sits beside this binary, against the scalar \
        and vectorised C twins, the fatigue closed form against forward Euler, the ANCOVA against its textbook \
        example; and refinement series: the fatigue integration at halved steps and the device's peak torque at \
        doubled sample rates), validation (validate's table by evidence kind, and leave-one-study-out), \
        uncertainty (the context's trial under --parameter-sets parameter sets, as trial --uncertainty), \
        sensitivity (Morris screening of every uncertain input; the top five marked sourced, fitted or assumed) \
        and applicability (the populations and doses behind each mechanism, Datasets/credibility/applicability.yaml, \
        against the cohort and arms; out-of-range use is flagged). Writes DIR/credibility.md, credibility.json \
        (the same bytes for the same seed on any number of threads) and manifest.json.

        Examples:
          lumbarsim credibility --out runs/credibility
          lumbarsim credibility --context my-context.yaml --influence high \\
              --consequence high
          lumbarsim credibility --cohort healthy-adults --per-arm 20 \\
              --parameter-sets 4 --trajectories 2 --cross-iterations 0
        """
    )

    @Option(help: ArgumentHelp("Context of use YAML file.", discussion: "Default: Datasets/credibility/context.yaml."))
    var context: String?

    @Option(help: "The question the model answers (replaces the context file's).")
    var question: String?

    @Option(help: "The decision the answer informs (replaces the context file's).")
    var decision: String?

    @Option(help: "The model's influence on the decision: low, medium or high.")
    var influence: ContextOfUse.Level?

    @Option(help: "The consequence of a wrong decision: low, medium or high.")
    var consequence: ContextOfUse.Level?

    @Option(help: "Bundled cohort name or the path of a cohort YAML file (replaces the context file's).")
    var cohort: String?

    @Option(name: .customLong("regimen"), help: "An arm (repeat; replaces the context file's arms).")
    var regimens: [String] = []

    @Option(name: .customLong("per-arm"), parsing: .unconditional, help: ArgumentHelp("Subjects per arm of the uncertainty trial.", discussion: "Default: trial's."))
    var perArm: Int?

    @Option(name: .customLong("parameter-sets"), parsing: .unconditional, help: "Parameter sets of the uncertainty trial (at least 2).")
    var parameterSets = Credibility.Options().parameterSets

    @Option(parsing: .unconditional, help: "Morris trajectories of the sensitivity screening (at least 2).")
    var trajectories = Credibility.Options().trajectories

    @Option(name: .customLong("sensitivity-subjects"), parsing: .unconditional, help: "Subjects per model run of the screening.")
    var sensitivitySubjects = Credibility.Options().sensitivitySubjects

    @Option(name: .customLong("validation-subjects"), parsing: .unconditional,
            help: ArgumentHelp("Validation: subjects per scenario at most (at least 2).", discussion: "Default: each scenario's own size, as its bands assume."))
    var validationSubjects: Int?

    @Option(name: .customLong("cross-iterations"), parsing: .unconditional,
            help: "Leave-one-study-out: iterations per refit (0 leaves it out).")
    var crossIterations = Credibility.Options().crossIterations

    @Option(name: .customLong("cross-subjects"), parsing: .unconditional, help: "Leave-one-study-out: subjects per scenario (at least 2).")
    var crossSubjects = Credibility.Options().crossSubjects

    @Option(name: .customLong("kernel-compare"), help: ArgumentHelp("Path of kernel-compare, for the C twins' check.",
                                                                     discussion: "Default: kernel-compare beside this binary, if it is there; without it the check is left out."))
    var kernelCompare: String?

    @Option(help: "Random seed; the same seed gives byte-identical credibility.json on any number of threads.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads.", discussion: "Default: all cores. Results do not depend on it."))
    var threads: Int?

    @Option(help: "Output folder.")
    var out = "lumbarsim-credibility"

    @Flag(help: ArgumentHelp("Replace a LumbarSim run folder of another command at --out.",
                             discussion: "An earlier credibility folder at --out is replaced without it. A folder holding anything LumbarSim did not write is never replaced."))
    var force = false

    @Option(help: ArgumentHelp("Datasets folder to read parameters from.", discussion: "Default: LUMBARSIM_DATASETS, else the Datasets/ of this checkout."))
    var datasets: String?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads))") }
        if let perArm, perArm < 2 { throw ValidationError("--per-arm must be at least 2 (got \(perArm))") }
        guard parameterSets >= 2 else { throw ValidationError("--parameter-sets must be at least 2 (got \(parameterSets))") }
        guard trajectories >= 2 else { throw ValidationError("--trajectories must be at least 2 (got \(trajectories))") }
        guard sensitivitySubjects >= 1 else { throw ValidationError("--sensitivity-subjects must be at least 1 (got \(sensitivitySubjects))") }
        if let validationSubjects, validationSubjects < 2 { throw ValidationError("--validation-subjects must be at least 2 (got \(validationSubjects))") }
        guard crossIterations >= 0 else { throw ValidationError("--cross-iterations must be at least 0 (got \(crossIterations))") }
        guard crossSubjects >= 2 else { throw ValidationError("--cross-subjects must be at least 2 (got \(crossSubjects))") }
    }

    func run() throws {
        let started = Date()
        let store = try DatasetStore.locate(explicit: datasets)
        var use = try ContextOfUse.load(context, store: store)
        if let question { use.question = question }
        if let decision { use.decision = decision }
        if influence != nil || consequence != nil { use.assumption = nil }  // the file's reason was for its own levels
        if let influence { use.influence = influence }
        if let consequence { use.consequence = consequence }
        if let cohort { use.cohort = cohort }
        if !regimens.isEmpty { use.regimens = regimens }
        guard !use.regimens.isEmpty else { throw UsageError("the context of use names no regimens (give --regimen)") }
        var options = Credibility.Options()
        options.seed = seed
        options.perArm = perArm
        options.parameterSets = parameterSets
        options.trajectories = trajectories
        options.sensitivitySubjects = sensitivitySubjects
        options.validationSubjects = validationSubjects
        options.crossIterations = crossIterations
        options.crossSubjects = crossSubjects
        options.threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
        if let kernelCompare {
            guard FileManager.default.isExecutableFile(atPath: kernelCompare) else {
                throw UsageError("--kernel-compare: \(kernelCompare) is not an executable file")
            }
            options.kernelCompare = URL(fileURLWithPath: kernelCompare)
        } else {
            options.kernelCompare = Self.kernelCompare()
        }
        let progress = ProgressLine(label: "credibility")
        let report = try Credibility.run(datasets: store.root.path, context: use, options: options) { stage, done, total in
            progress.update(done, of: total, label: stage)
        }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        let folder = try report.write(to: URL(fileURLWithPath: out), replacing: ReplacePolicy(command: "credibility", force: force),
                                      datasets: store.root.path, gitCommit: LumbarSimVersion.gitCommit, commandLine: CommandLine.arguments,
                                      threads: options.threads, seconds: seconds)
        let failed = report.verification.code.filter { !$0.passed }.count
        print("model risk \(report.context.risk.name) (level \(report.context.risk.level)); verification: "
              + "\(report.verification.code.count - failed) of \(report.verification.code.count) known-answer checks passed; "
              + "\(report.applicability.warnings.count) applicability warning(s)")
        print("wrote \(folder.path)" + String(format: " in %.1f s", seconds))
    }

    /// kernel-compare beside this binary (a build folder holds both), if it is there.
    static func kernelCompare() -> URL? {
        guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        let tool = executable.deletingLastPathComponent().appendingPathComponent("kernel-compare")
        return FileManager.default.isExecutableFile(atPath: tool.path) ? tool : nil
    }
}

extension ContextOfUse.Level: ExpressibleByArgument {}
