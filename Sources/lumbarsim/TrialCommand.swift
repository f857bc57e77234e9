import ArgumentParser
import Course
import Device
import Foundation
import LumbarDatasets
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
        --power), report.md (printed too), study.yaml (rerun with `lumbarsim run DIR/study.yaml`; the user's YAML \
        files are copied to DIR/inputs/) and manifest.json.

        Pain (pain_vas) and disability (odi) effects are NOT predictions of the model's mechanisms: they are \
        evidence-synthesis inputs (exercise therapy: Hayden 2021; walking: Pocovi 2022; manual therapy: Furlan \
        2015; ergonomics: Johnston 2019), echoed through sessions attended. effects.csv (columns evidence, \
        evidence_basis) and report.md label every effect; the labels and sources live in \
        Datasets/trials/outcome-evidence.yaml.

        Recurrence: trial_data.csv gives recurrence_12m (0/1) and days_to_recurrence, a new LBP episode within 12 \
        months of the follow-up visit (natural risk: da Silva 2017; exercise risk ratio: Steffens 2016, also \
        inputs); effects.csv and report.md give each arm's risk ratio against the reference with its CI (rows \
        with measure risk_ratio).

        Examples:
          lumbarsim trial
          lumbarsim trial --arm control --arm core-strengthening \\
              --per-arm 30 --power 20,40,80
          lumbarsim trial --cohort clbp-adults --cohort healthy-adults \\
              --randomisation stratified --seed 7
          lumbarsim trial --arm control --arm my-regimen.yaml --follow-up-weeks 24 \\
              --outcome pain_vas --out runs/t1
        """
    )

    @Option(help: ArgumentHelp("A regimen to randomise subjects to (repeat for more arms).",
                               discussion: "A bundled name (control, core-strengthening, stretching, manual-therapy, postural-ergonomic, low-impact-aerobics, combined) or a regimen YAML file. Default: all bundled regimens."))
    var arm: [String] = []

    @Option(help: "The arm every other arm is compared with.")
    var reference = TrialStudy.defaultReference

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

    @OptionGroup var model: UncertaintyOption

    @Option(help: "Random seed; the same seed gives byte-identical output on any number of threads.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads.", discussion: "Default: all cores. Results do not depend on it."))
    var threads: Int?

    @Option(help: "Output folder.")
    var out = TrialStudy.defaultFolder

    @Flag(help: ArgumentHelp("Replace a LumbarSim run folder of another command (a simulate run's) at --out.",
                             discussion: "An earlier trial folder at --out is replaced without it. A folder holding anything LumbarSim did not write is never replaced."))
    var force = false

    @Option(help: ArgumentHelp("Datasets folder to read parameters from.", discussion: "Default: LUMBARSIM_DATASETS, else the Datasets/ of this checkout."))
    var datasets: String?

    @Option(help: "Bundled device name or the path of a device YAML file.")
    var device = DeviceSpec.defaultName

    @OptionGroup var sampling: SamplingOptions

    func run() throws {
        try execute(try prepare())
    }

    /// The options checked and turned into the study (the one place for the command line and study files alike).
    func prepare() throws -> TrialStudy {
        try TrialStudy(try TrialRequest(self).options)
    }

    /// Runs a prepared study and prints its report.
    func execute(_ study: TrialStudy) throws {
        let progress = ProgressLine(label: "subjects")
        let outcome = try study.run(threads: threads ?? ProcessInfo.processInfo.activeProcessorCount) { phase, done, total in
            progress.update(done, of: total, label: phase.rawValue)
        }
        progress.finish()
        print(outcome.report.markdown)
        print("wrote \(outcome.destination.path): \(outcome.subjects) subjects in \(outcome.arms) arms, seed \(study.options.seed)"
              + String(format: ", trial %.1f s", outcome.trialSeconds) + (outcome.powerSeconds.map { String(format: ", power %.1f s", $0) } ?? ""))
    }
}

/// The command line checked and turned into the study's options; every refusal is one line.
private struct TrialRequest {
    var options = TrialStudy.Options()

    init(_ command: TrialCommand) throws {
        if let threads = command.threads, threads < 1 { throw UsageError("--threads must be at least 1 (got \(threads))") }
        if let n = command.perArm, n < 2 { throw TrialError.tooFewSubjects(option: "--per-arm", got: n) }
        for (option, value) in [("--adherence", command.adherence), ("--dropout", command.dropout)] {
            if let value, !(0...1).contains(value) { throw TrialError.fractionOutOfRange(option: option, got: value) }
        }
        if let dropout = command.dropout, dropout == 1 { throw UsageError("--dropout must be below 1: nobody would reach follow-up") }
        if let weeks = command.followUpWeeks, weeks < 1 { throw TrialError.invalidWeeks(weeks) }
        if let k = command.powerTrials, k < 1 { throw UsageError("--power-trials must be at least 1 (got \(k))") }
        if let n = command.model.uncertainty, n < 2 { throw UsageError("--uncertainty must be at least 2 parameter sets (got \(n))") }
        func instrument(_ option: String, _ value: String) throws -> CourseOfCare.Instrument {
            guard let instrument = CourseOfCare.Instrument(name: value) else {
                throw UsageError("unknown \(option) '\(DataFile.excerpt(value))' (known: sampled, ideal)")
            }
            return instrument
        }
        options.instrument = try instrument("--instrument", command.instrument)
        options.powerInstrument = try instrument("--power-instrument", command.powerInstrument)
        if let scheme = command.randomisation {
            guard let known = RandomisationScheme(rawValue: scheme) else {
                throw UsageError("unknown --randomisation '\(DataFile.excerpt(scheme))' (known: \(RandomisationScheme.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            options.randomisation = known
        }
        options.powerSizes = try command.power.map(Self.sizes) ?? []
        options.powerTrials = command.powerTrials
        options.outcomes = try command.outcome.map { name throws(TrialError) in try TrialOutcome.named(name) }
        options.cohorts = command.cohort
        if let repeated = Self.firstDuplicate(command.cohort) { throw TrialError.duplicateCohort(repeated) }
        options.arms = command.arm
        options.reference = command.reference
        options.perArm = command.perArm
        options.adherence = command.adherence
        options.dropout = command.dropout
        options.followUpWeeks = command.followUpWeeks
        options.seed = command.seed
        options.datasets = command.datasets
        options.device = command.device
        options.sampleRateHz = command.sampling.rate
        options.adcBits = command.sampling.adcBits
        options.out = command.out
        options.force = command.force
        options.commandLine = CommandLine.arguments
        options.uncertainty = command.model.uncertainty
        options.study = Self.study(command, powerSizes: options.powerSizes).files
    }

    /// The run's `study.yaml`: every option given that decides the rows (the trial defaults fill in the rest).
    static func study(_ command: TrialCommand, powerSizes: [Int]) -> StudyRecord {
        var study = StudyRecord(command: .trial, datasets: command.datasets)
        study.add("arm", files: command.arm, in: "regimens", kind: "regimen")
        study.add("reference", text: command.reference)
        study.add("cohort", files: command.cohort, in: "cohorts", kind: "cohort")
        study.add("per_arm", number: command.perArm)
        study.add("randomisation", text: command.randomisation)
        study.add("adherence", number: command.adherence)
        study.add("dropout", number: command.dropout)
        study.add("follow_up_weeks", number: command.followUpWeeks)
        study.add("power", numbers: powerSizes.isEmpty ? nil : powerSizes)
        study.add("power_trials", number: command.powerTrials)
        study.add("outcome", list: command.outcome)
        study.add("instrument", text: command.instrument)
        study.add("power_instrument", text: command.powerInstrument)
        study.add("seed", number: command.seed)
        study.add("device", files: [command.device], in: "device", kind: "device", single: true)
        study.add("rate", number: command.sampling.rate)
        study.add("adc_bits", number: command.sampling.adcBits)
        study.add("uncertainty", number: command.model.uncertainty)
        return study
    }

    /// `20,40,80` as sizes, each at least 2.
    static func sizes(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let sizes = parts.compactMap { Int($0) }
        guard !parts.isEmpty, sizes.count == parts.count else {
            throw UsageError("--power must list whole numbers of subjects per arm, comma-separated (got '\(DataFile.excerpt(text))')")
        }
        if let small = sizes.first(where: { $0 < 2 }) { throw TrialError.tooFewSubjects(option: "--power", got: small) }
        return Array(Set(sizes)).sorted()
    }

    static func firstDuplicate(_ names: [String]) -> String? {
        var seen: Set<String> = []
        return names.first { !seen.insert($0).inserted }
    }
}
