import ArgumentParser
import Course
import Foundation
import Regimens
import RunOutput
import Trial

struct TrialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trial",
        abstract: "Run a randomised virtual trial of regimens, analyse it, and write the tables and a report.",
        discussion: """
        Subjects are enrolled from the cohort(s), randomised to ONE arm each, and followed through their regimen \
        with imperfect adherence and loss to follow-up; every arm is tested at the same visit weeks. At follow-up \
        each outcome is analysed by ANCOVA (follow-up ~ arm + baseline, + stratum when randomisation is stratified) \
        against the reference arm, with Hedges' g and responder rates at the MCID. --power repeats the whole trial \
        at each size to estimate power. Defaults come from Datasets/trials/defaults.yaml.

        Writes DIR/trial_data.csv (one row per subject), effects.csv (one row per outcome and arm), curves.csv \
        (torque-angle curves by arm), timecourse.csv (every outcome by arm and visit week), power.csv (with \
        --power), report.md (printed too) and manifest.json.

        Examples:
          lumbarsim trial
          lumbarsim trial --arm control --arm core-strengthening --per-arm 30 --power 20,40,80
          lumbarsim trial --cohort clbp-adults --cohort healthy-adults --randomisation stratified --seed 7
          lumbarsim trial --arm control --arm my-regimen.yaml --follow-up-weeks 24 --outcome pain_vas --out runs/t1
        """
    )

    @Option(help: ArgumentHelp("A regimen to randomise subjects to (repeat for more arms).",
                               discussion: "A bundled name (control, core-strengthening, stretching, manual-therapy, postural-ergonomic, low-impact-aerobics, combined) or a regimen YAML file. Default: all bundled regimens."))
    var arm: [String] = []

    @Option(help: "The arm every other arm is compared with.")
    var reference = "control"

    @Option(help: ArgumentHelp("Cohort subjects are enrolled from (repeat to mix cohorts: subject i comes from cohort i mod count).",
                               discussion: "A bundled name (clbp-adults, healthy-adults) or a cohort YAML file. Default: clbp-adults."))
    var cohort: [String] = []

    @Option(name: .customLong("per-arm"), parsing: .unconditional, help: "Subjects randomised per arm (at least 2). Default: Datasets/trials/defaults.yaml (40).")
    var perArm: Int?

    @Option(help: "simple, blocks (permuted blocks) or stratified (permuted blocks within sex x CLBP status). Default: Datasets/trials/defaults.yaml.")
    var randomisation: String?

    @Option(parsing: .unconditional, help: "Mean fraction of scheduled sessions attended, 0-1. Default: Datasets/trials/defaults.yaml (0.81).")
    var adherence: Double?

    @Option(parsing: .unconditional, help: "Fraction of subjects lost to follow-up, 0-1. Default: Datasets/trials/defaults.yaml (0.098).")
    var dropout: Double?

    @Option(name: .customLong("follow-up-weeks"), parsing: .unconditional, help: "Week of the follow-up visit; past a regimen's end its subjects have usual care. Default: the longest arm.")
    var followUpWeeks: Int?

    @Option(help: ArgumentHelp("Per-arm sizes to estimate power at, comma-separated (e.g. 20,40,80).", discussion: "Each size repeats the whole trial --power-trials times with its own seeds."))
    var power: String?

    @Option(name: .customLong("power-trials"), parsing: .unconditional, help: "Simulated trials per size for --power. Default: Datasets/trials/defaults.yaml (100).")
    var powerTrials: Int?

    @Option(help: "An outcome the report's effect and power tables show (repeat). Default: all. Names as in effects.csv.")
    var outcome: [String] = []

    @Option(help: "How the trial's visits measure torque: sampled (the load-cell chain) or ideal (true peaks, no sampling; 6-10x faster).")
    var instrument = "sampled"

    @Option(name: .customLong("power-instrument"),
            help: ArgumentHelp("How the --power trials measure torque: ideal (default) or sampled.",
                               discussion: "Ideal by default: the load cell's error (about 1 % of peak torque) barely changes the between-subject variance that decides power, and sampling makes each trial 6-10x slower."))
    var powerInstrument = "ideal"

    @Option(help: "Random seed; the same seed gives byte-identical output on any number of threads.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads.", discussion: "Default: all cores. Results do not depend on it."))
    var threads: Int?

    @Option(help: "Output folder.")
    var out = "lumbarsim-trial"

    @Option(help: ArgumentHelp("Datasets folder to read parameters from.", discussion: "Default: LUMBARSIM_DATASETS, else the Datasets/ of this checkout."))
    var datasets: String?

    @Option(help: "Bundled device name or the path of a device YAML file.")
    var device = "medx-lumbar-extension"

    @OptionGroup var sampling: SamplingOptions

    func run() throws {
        let started = Date()
        let request = try TrialRequest(self)
        let setup = try TrialSetup(datasets: datasets, cohorts: request.cohorts, device: device, arms: request.arms)
        let design = try request.design(setup)
        let settings = try setup.run.deviceSettings(sampleRateHz: sampling.rate, adcBits: sampling.adcBits)
        let folder = try RunFolder(destination: URL(fileURLWithPath: out))
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let runner = try TrialRunner(setup: setup, design: design, settings: settings, seed: seed)

        let trialStart = Date()
        let progress = ProgressLine(total: design.subjects, label: "subjects")
        let result = try runner.run(threads: threadCount) { progress.update($0) }
        progress.finish()
        let trialSeconds = Date().timeIntervalSince(trialStart)

        let powerStart = Date()
        let powerTrials = request.powerTrials ?? Int(setup.defaults.powerTrials.value)
        let powerProgress = ProgressLine(total: request.powerSizes.count * powerTrials, label: "trials")
        let powerResult = try request.powerSizes.isEmpty ? nil
            : PowerAnalysis(runner: runner, sizes: request.powerSizes, trials: powerTrials,
                            instrument: TrialRequest.instrument(powerInstrument) ?? .ideal, threads: threadCount) { powerProgress.update($0) }
        if powerResult != nil { powerProgress.finish() }
        let powerSeconds = Date().timeIntervalSince(powerStart)

        let analysis = TrialAnalysis(result, responders: setup.defaults.responders)
        let gitCommit = LumbarSimVersion.gitCommit(near: setup.store)
        func describe(_ instrument: CourseOfCare.Instrument) -> String {
            instrument == .ideal ? "ideal (true peaks, no sampling)"
                : String(format: "sampled load cell, %g Hz, %d-bit ADC", settings.sampleRateHz, settings.adcBits)
        }
        let instrumentText = describe(design.instrument) + (powerResult.map { "; power trials: " + describe($0.instrument) } ?? "")
        let report = TrialReport(result: result, analysis: analysis, power: powerResult,
                                 provenance: .init(commandLine: CommandLine.arguments, version: LumbarSimVersion.current, gitCommit: gitCommit,
                                                   parameterHash: setup.parameterHash, cohorts: setup.cohortNames, instrument: instrumentText),
                                 outcomes: request.outcomes)

        let writeStart = Date()
        let outputs = TrialTables.files(report: report)
        for (name, data) in outputs { try folder.write(name, data) }
        var manifest = Manifest(
            gitCommit: gitCommit, command: "trial", commandLine: CommandLine.arguments, seed: seed,
            cohort: setup.cohortNames.joined(separator: "+"), subjects: design.subjects, threads: threadCount,
            device: setup.run.deviceSpec.name, sampleRateHz: settings.sampleRateHz,
            samplesTotal: result.subjects.reduce(0) { $0 + $1.samples }, parameterHash: setup.parameterHash,
            parameterFiles: setup.parameterFiles, outputs: outputs.map(\.name), arms: design.armNames,
            timingsS: ["trial": trialSeconds, "power": powerSeconds, "write": Date().timeIntervalSince(writeStart),
                       "total": Date().timeIntervalSince(started)])
        manifest.alpha = design.alpha
        try folder.write(Manifest.fileName, try manifest.json())
        try folder.commit()
        print(report.markdown)
        print("wrote \(folder.destination.path): \(design.subjects) subjects in \(design.arms.count) arms, seed \(seed)"
              + String(format: ", trial %.1f s", trialSeconds) + (powerResult == nil ? "" : String(format: ", power %.1f s", powerSeconds)))
    }
}

/// The command line checked and resolved against the trial defaults; every refusal is one line.
private struct TrialRequest {
    var arms: [String]
    var cohorts: [String]
    var powerSizes: [Int]
    var powerTrials: Int?
    var outcomes: [TrialOutcome]
    let command: TrialCommand

    init(_ command: TrialCommand) throws {
        self.command = command
        if let threads = command.threads, threads < 1 { throw UsageError("--threads must be at least 1 (got \(threads))") }
        if let n = command.perArm, n < 2 { throw TrialError.tooFewSubjects(option: "--per-arm", got: n) }
        for (option, value) in [("--adherence", command.adherence), ("--dropout", command.dropout)] {
            if let value, !(0...1).contains(value) { throw TrialError.fractionOutOfRange(option: option, got: value) }
        }
        if let dropout = command.dropout, dropout == 1 { throw UsageError("--dropout must be below 1: nobody would reach follow-up") }
        if let weeks = command.followUpWeeks, weeks < 1 { throw TrialError.invalidWeeks(weeks) }
        if let k = command.powerTrials, k < 1 { throw UsageError("--power-trials must be at least 1 (got \(k))") }
        for (option, value) in [("--instrument", command.instrument), ("--power-instrument", command.powerInstrument)]
        where Self.instrument(value) == nil {
            throw UsageError("unknown \(option) '\(value)' (known: sampled, ideal)")
        }
        if let scheme = command.randomisation, RandomisationScheme(rawValue: scheme) == nil {
            throw UsageError("unknown --randomisation '\(scheme)' (known: \(RandomisationScheme.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        powerSizes = try command.power.map(Self.sizes) ?? []
        powerTrials = command.powerTrials
        outcomes = try command.outcome.isEmpty ? TrialOutcome.allCases : command.outcome.map { name throws(TrialError) in try TrialOutcome.named(name) }
        cohorts = command.cohort.isEmpty ? ["clbp-adults"] : command.cohort
        if let repeated = Self.firstDuplicate(cohorts) { throw TrialError.duplicateCohort(repeated) }
        arms = command.arm
    }

    /// The design: the arms as given (default: every bundled regimen, the reference first) and the defaults.
    func design(_ setup: TrialSetup) throws -> TrialDesign {
        var regimens = setup.run.regimens
        if arms.isEmpty {
            let names = Regimen.bundledNames(in: setup.store)
            let ordered = names.filter { $0 == command.reference } + names.filter { $0 != command.reference }
            regimens = try ordered.map { try Regimen.load($0, from: setup.store) }
        }
        guard regimens.count >= 2 else { throw TrialError.noArmsToCompare }
        guard let reference = regimens.firstIndex(where: { $0.name == command.reference }) else {
            throw TrialError.unknownReference(command.reference, arms: regimens.map(\.name))
        }
        let d = setup.defaults
        let scheme = command.randomisation.flatMap(RandomisationScheme.init(rawValue:)) ?? d.randomisation.scheme
        return TrialDesign(
            arms: regimens, reference: reference, perArm: command.perArm ?? Int(d.perArm.value), randomisation: scheme,
            blockMultiples: d.blockMultiples.values,
            participation: ParticipationModel(meanAdherence: command.adherence ?? d.adherence.value,
                                              concentration: d.adherenceConcentration, dropout: command.dropout ?? d.dropout.value),
            followUpWeeks: command.followUpWeeks ?? regimens.map(\.totalWeeks).max() ?? 1,
            instrument: Self.instrument(command.instrument) ?? .sampled, alpha: d.alpha.value)
    }

    /// `20,40,80` as sizes, each at least 2.
    static func sizes(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let sizes = parts.compactMap { Int($0) }
        guard !parts.isEmpty, sizes.count == parts.count else {
            throw UsageError("--power must list whole numbers of subjects per arm, comma-separated (got '\(text)')")
        }
        if let small = sizes.first(where: { $0 < 2 }) { throw TrialError.tooFewSubjects(option: "--power", got: small) }
        return Array(Set(sizes)).sorted()
    }

    static func instrument(_ name: String) -> CourseOfCare.Instrument? {
        switch name {
        case "sampled": .sampled
        case "ideal": .ideal
        default: nil
        }
    }

    static func firstDuplicate(_ names: [String]) -> String? {
        var seen: Set<String> = []
        return names.first { !seen.insert($0).inserted }
    }
}
