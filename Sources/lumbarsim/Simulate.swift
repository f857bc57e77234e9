import ArgumentParser
import Foundation
import LumbarDatasets
import RunOutput
import Simulation
import StudySetup

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a virtual cohort through the 7-angle isometric test (and any regimens) and write a run folder.",
        discussion: """
        Writes DIR/subjects.csv (one row per subject: traits), DIR/tests.csv (one row per subject, arm and test: \
        peak torque in N*m at 0, 12, ..., 72 deg flexion as the device reports it), DIR/outcomes.csv (CSA, \
        endurance, ROM, pain, ODI per test) and DIR/manifest.json (version, commit, seed, command line, parameter \
        hash, shard, chunk size, file sizes and CRC-32s, timings) and DIR/study.yaml (the options that decide the rows, \
        with the user's YAML files copied to DIR/inputs/: `lumbarsim run DIR/study.yaml` reruns it). The folder \
        appears only when complete; an \
        earlier run folder at DIR is replaced, any other existing path is refused.

        Pain and ODI under care are NOT predictions of the model's mechanisms: their treatment effects are \
        evidence-synthesis inputs (exercise therapy: Hayden 2021; walking: Pocovi 2022; manual therapy: Furlan \
        2015; ergonomics: Johnston 2019), with the labels and sources in Datasets/trials/outcome-evidence.yaml. \
        outcomes.csv also gives recurrence_12m (0/1) and days_to_recurrence: a new LBP episode within 12 months \
        of each visit (natural risk: da Silva 2017; exercise risk ratio: Steffens 2016, inputs too).

        Subjects stream through in chunks (--chunk-size) on all cores, so memory stays flat for any --subjects. \
        Until the run completes, finished chunks are kept in .DIR.partial beside DIR: after Ctrl-C, SIGTERM, \
        SIGKILL, a power loss or a full disk, continue with --resume DIR (the folder knows the rest of the \
        command). The result is byte-identical to an uninterrupted run.

        --uncertainty N reruns the same subjects and streams under N parameter sets (drawn as trial draws them) \
        and adds DIR/uncertainty.csv: per arm, week and headline outcome, the mean (and change from baseline) with \
        its 95 % sampling interval beside the 2.5th-97.5th percentiles over the sets and their share of the total \
        variance. The other files are byte-identical to a run without it.

        --shard i/N runs only shard i of N (numbered 1 to N) into its own folder; `lumbarsim merge` joins the \
        shard folders into the folder the unsharded run would have written.

        Examples:
          lumbarsim simulate
          lumbarsim simulate --cohort clbp-adults --subjects 5000 --seed 7 \\
              --out runs/clbp
          lumbarsim simulate --subjects 100000 --regimen stretching --gzip --out big
          lumbarsim simulate --subjects 100000 --regimen stretching --gzip \\
              --resume big
          lumbarsim simulate --subjects 100000 --shard 3/8 --out big-3
          lumbarsim simulate --regimen core-strengthening --uncertainty 16 \\
              --out runs/uncertain
          lumbarsim simulate --subjects 1000000 --regimen core-strengthening \\
              --test-weeks 0,12 --out million
        """
    )

    @OptionGroup var population: PopulationOptions
    @OptionGroup var sampling: SamplingOptions
    @OptionGroup var model: UncertaintyOption

    @Option(parsing: .unconditional, help: "Number of virtual subjects (at least 1).")
    var subjects = 1000

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads.", discussion: "Default: all cores. Results do not depend on it."))
    var threads: Int?

    @Option(help: ArgumentHelp("A regimen to run every subject through (repeat for more arms).",
                               discussion: "A bundled name (core-strengthening, stretching, manual-therapy, postural-ergonomic, low-impact-aerobics, combined, control) or a regimen YAML file. Without --regimen only the baseline test runs."))
    var regimen: [String] = []

    @Option(help: ArgumentHelp("Output folder.", discussion: "Default: lumbarsim-out."))
    var out: String?

    @Option(help: ArgumentHelp("Continue the interrupted run whose output folder is DIR.",
                               discussion: "The folder records how the run was started, so --resume DIR alone is enough; options given beside it must agree with the recorded ones (only --threads may differ), else the resume is refused. Resuming a finished run does nothing.",
                               valueName: "DIR"))
    var resume: String?

    @Option(help: ArgumentHelp("Run only shard i of N (numbered 1 to N), e.g. 3/8.",
                               discussion: "The S subjects form K = ceil(S/C) chunks of --chunk-size C; shard i runs chunks floor((i-1)*K/N) to floor(i*K/N)-1, so N may be at most K. Give every shard the same options; join the shard folders with `lumbarsim merge`.",
                               valueName: "i/N"))
    var shard: String?

    @Option(name: .customLong("chunk-size"), parsing: .unconditional,
            help: ArgumentHelp("Subjects per chunk: the unit of parallel work, of writing, of resuming and of sharding.",
                               discussion: "Default: a 64th of --subjects, within 16-1024. Results do not depend on it.",
                               valueName: "N"))
    var chunkSize: Int?

    @Flag(help: ArgumentHelp("Replace a LumbarSim run folder of another command (a trial's) at --out.",
                             discussion: "An earlier simulate run folder at --out is replaced without it. A folder holding anything LumbarSim did not write is never replaced."))
    var force = false

    @Flag(help: "Write the tables gzip-compressed (subjects.csv.gz, tests.csv.gz, outcomes.csv.gz).")
    var gzip = false

    @Option(name: .customLong("test-weeks"),
            help: ArgumentHelp("Weeks of the test visits in every arm, e.g. 0,12 for pre and post only.",
                               discussion: "Comma-separated, ascending, starting with 0 (the baseline). Default: each regimen's own (week 0, the end of every phase and its tests_at_weeks). A week past a regimen's end is a follow-up visit after usual care since it ended.",
                               valueName: "W,W,..."))
    var testWeeks: String?

    func validate() throws {
        guard subjects >= 1 else { throw ValidationError("--subjects must be at least 1 (got \(subjects))") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads))") }
        if model.uncertainty != nil, shard != nil {
            throw ValidationError("--uncertainty summarises the whole cohort, so it cannot be combined with --shard")
        }
        if let chunkSize, chunkSize < 1 { throw ValidationError("--chunk-size must be at least 1 (got \(chunkSize))") }
        if let testWeeks {
            _ = try Self.weeks(parsing: testWeeks)
            if regimen.isEmpty && testWeeks != "0" {
                throw ValidationError("--test-weeks needs a --regimen: without one only the week-0 test runs")
            }
        }
    }

    /// `--test-weeks`: whole weeks, ascending, starting with the baseline at week 0.
    static func weeks(parsing text: String) throws -> [Int] {
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
        let weeks = try fields.map { field in
            guard let week = Int(field.trimmingCharacters(in: .whitespaces)), week >= 0 else {
                throw ValidationError("--test-weeks: '\(DataFile.excerpt(field))' is not a whole number of weeks >= 0 (in '\(DataFile.excerpt(text))')")
            }
            return week
        }
        guard weeks.first == 0 else { throw ValidationError("--test-weeks must start with 0, the baseline test (got '\(DataFile.excerpt(text))')") }
        guard zip(weeks, weeks.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw ValidationError("--test-weeks must be ascending without repeats (got '\(DataFile.excerpt(text))')")
        }
        return weeks
    }

    func run() throws {
        guard let resume else { return try start() }
        // `--resume DIR` alone: the run's own folder knows how it was started; what is given beside it must agree.
        let destination = URL(fileURLWithPath: resume)
        let staging = RunFolder.resumableStaging(for: destination)
        // The study the run recorded when it started (its inputs copied beside it), else its command line.
        if let study = [staging, destination].map({ $0.appendingPathComponent(StudyFiles.studyName).path })
            .first(where: FileManager.default.fileExists), let file = try? StudyFile(path: study), file.command == .simulate,
           let original = try? file.parse(Simulate.self, out: nil, extra: []) {
            return try original.adopting(self).start()
        }
        let recorded = ChunkStore.recordedPlan(in: staging) ?? Manifest.read(from: destination)
        guard let recorded, recorded.command == "simulate" else { return try start() }
        let arguments = Array(recorded.commandLine.dropFirst().drop { $0 == "simulate" })
        guard let original = try? Simulate.parse(arguments) else { return try start() }
        try original.adopting(self).start()
    }

    /// The options of the run that started in this folder, with those this command line gives (`--resume`,
    /// `--threads`, and anything else given explicitly, which the recorded plan then checks).
    private func adopting(_ resuming: Simulate) -> Simulate {
        let given = Set(CommandLine.arguments.map { $0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? $0 })
        var run = self
        run.out = nil
        run.resume = resuming.resume
        run.threads = resuming.threads
        if given.contains("--cohort") { run.population.cohort = resuming.population.cohort }
        if given.contains("--seed") { run.population.seed = resuming.population.seed }
        if given.contains("--datasets") { run.population.datasets = resuming.population.datasets }
        if given.contains("--device") { run.population.device = resuming.population.device }
        if given.contains("--rate") { run.sampling.rate = resuming.sampling.rate }
        if given.contains("--adc-bits") { run.sampling.adcBits = resuming.sampling.adcBits }
        if given.contains("--subjects") { run.subjects = resuming.subjects }
        if given.contains("--regimen") { run.regimen = resuming.regimen }
        if given.contains("--shard") { run.shard = resuming.shard }
        if given.contains("--chunk-size") { run.chunkSize = resuming.chunkSize }
        if given.contains("--gzip") { run.gzip = resuming.gzip }
        if given.contains("--test-weeks") { run.testWeeks = resuming.testWeeks }
        if given.contains("--force") { run.force = resuming.force }
        if given.contains("--uncertainty") { run.model.uncertainty = resuming.model.uncertainty }
        return run
    }

    /// The options checked and turned into the run (the one place for the command line and study files alike).
    func prepare() throws -> StreamedRun {
        let shard = try self.shard.map { text throws(ShardError) in try Shard(parsing: text) } ?? .whole
        if let out, let resume, URL(fileURLWithPath: out).standardizedFileURL != URL(fileURLWithPath: resume).standardizedFileURL {
            throw UsageError("give the folder once: --resume \(resume) continues the run in \(resume), so drop --out \(out)")
        }
        let folder = resume ?? out ?? StreamedRun.defaultFolder
        let chunkSize = self.chunkSize ?? CohortStream.defaultChunkSize(subjects: subjects)
        let setup = try RunSetup(datasets: population.datasets, cohort: population.cohort, device: population.device,
                                 regimens: regimen)
        let settings = try setup.deviceSettings(sampleRateHz: sampling.rate, adcBits: sampling.adcBits)
        let weeks = try testWeeks.map(Self.weeks(parsing:))
        let (datasets, cohort, device, regimens) = (population.datasets, population.cohort, population.device, regimen)
        let uncertainty = model.uncertainty.map { sets in
            RunUncertainty(sets: sets) { try RunSetup(datasets: datasets, cohort: cohort, device: device, regimens: regimens, overrides: $0) }
        }
        return try StreamedRun(setup: setup, settings: settings, seed: population.seed, subjects: subjects, shard: shard,
                               chunkSize: chunkSize, format: gzip ? .gzip : .csv,
                               destination: URL(fileURLWithPath: folder), commandLine: CommandLine.arguments,
                               testWeeks: weeks, force: force, study: study(chunkSize: chunkSize, testWeeks: weeks).files,
                               uncertainty: uncertainty)
    }

    /// The run's `study.yaml`: every option that decides the rows (the chunk size as resolved).
    private func study(chunkSize: Int, testWeeks: [Int]?) -> StudyRecord {
        var study = StudyRecord(command: .simulate, datasets: population.datasets)
        study.add("cohort", files: [population.cohort], in: "cohorts", kind: "cohort", single: true)
        study.add("subjects", number: subjects)
        study.add("seed", number: population.seed)
        study.add("device", files: [population.device], in: "device", kind: "device", single: true)
        study.add("rate", number: sampling.rate)
        study.add("adc_bits", number: sampling.adcBits)
        study.add("regimen", files: regimen, in: "regimens", kind: "regimen")
        study.add("test_weeks", numbers: testWeeks)
        study.add("chunk_size", number: chunkSize)
        study.add("shard", text: shard)
        study.add("gzip", number: gzip)
        study.add("uncertainty", number: model.uncertainty)
        return study
    }

    private func start() throws {
        try execute(try prepare())
    }

    /// Runs a prepared run and reports it (the interrupted case with the command that resumes it).
    func execute(_ run: StreamedRun) throws {
        let shard = run.shard
        let folder = resume ?? out ?? StreamedRun.defaultFolder
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let progress = ProgressLine(total: shard.subjects(of: run.subjects, chunkSize: run.chunkSize).count, label: "subjects")
        let started = Date()
        RunSignals.install()
        let outcome = try run.execute(resume: resume != nil, threads: threadCount, stop: RunSignals.stop,
                                      progress: { progress.update($0) },
                                      uncertaintyProgress: { progress.update($0, of: $1, label: "subjects under parameter sets") })
        progress.finish()
        switch outcome {
        case .complete(let manifest, let counts):
            let shardText = shard == .whole ? "" : ", shard \(shard)"
            print("wrote \(run.destination.path): \(manifest.shard?.subjects ?? run.subjects) subjects of \(run.setup.cohort.name) x \(manifest.arms.count) arm(s), seed \(population.seed)\(shardText)")
            print(Self.summary(counts, since: started))
        case .alreadyComplete:
            print("\(run.destination.path) is already complete: nothing to resume")
        case .interrupted(let done, let total, let staging, let counts):
            print(Self.summary(counts, since: started))
            FileHandle.standardError.write(Data(("interrupted: \(done) of \(total) subjects are kept in \(staging.path); continue with: " +
                RunSignals.resumeCommand(arguments: Self.resumable(CommandLine.arguments), folder: folder) + "\n").utf8))
            throw ExitCode(RunSignals.exitCode)
        }
    }

    /// The command line a resume repeats: a study file's run resumes as `simulate` (its folder holds the study).
    private static func resumable(_ arguments: [String]) -> [String] {
        arguments.dropFirst().first == RunCommand.configuration.commandName ? ["lumbarsim", "simulate"] : arguments
    }

    /// The closing line: this process's subjects and kernel-computed samples per second of wall time, and its peak
    /// resident memory.
    static func summary(_ counts: RunCounts, since start: Date) -> String {
        let wall = Date().timeIntervalSince(start)
        return String(format: "summary: %d subjects in %.2f s (%.4g subjects/s), %.4g samples computed (%.4g samples/s), peak RSS %.1f MiB, CPU %.2f s",
                      counts.subjects, wall, Double(counts.subjects) / max(wall, 1e-9), Double(counts.samplesComputed),
                      Double(counts.samplesComputed) / max(wall, 1e-9), ResourceUsage.peakResidentMiB, ResourceUsage.cpuSeconds)
    }
}
