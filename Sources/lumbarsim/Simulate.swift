import ArgumentParser
import Cohort
import Foundation

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a virtual cohort through the baseline 7-angle isometric test and write a run folder.",
        discussion: """
        Writes DIR/subjects.csv (one row per subject: traits), DIR/tests.csv (one row per subject and test: \
        peak torque in N*m at 0, 12, ..., 72 deg flexion as the device reports it) and DIR/manifest.json \
        (version, commit, seed, command line, parameter hash, timings). The folder appears only when complete; \
        an earlier run folder at DIR is replaced, any other existing path is refused.

        Examples:
          lumbarsim simulate
          lumbarsim simulate --cohort clbp-adults --subjects 5000 --seed 7 --out runs/clbp
        """
    )

    @OptionGroup var population: PopulationOptions
    @OptionGroup var sampling: SamplingOptions

    @Option(parsing: .unconditional, help: "Number of virtual subjects (at least 1).")
    var subjects = 1000

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads.", discussion: "Default: all cores. Results do not depend on it."))
    var threads: Int?

    @Option(help: ArgumentHelp("A regimen to run every subject through (repeat for more arms).",
                               discussion: "A bundled name (core-strengthening, stretching, manual-therapy, postural-ergonomic, low-impact-aerobics, combined, control) or a regimen YAML file. Without --regimen only the baseline test runs."))
    var regimen: [String] = []

    @Option(help: "Output folder.")
    var out = "lumbarsim-out"

    func validate() throws {
        guard subjects >= 1 else { throw ValidationError("--subjects must be at least 1 (got \(subjects))") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads))") }
    }

    func run() throws {
        let started = Date()
        let setup = try RunSetup(datasets: population.datasets, cohort: population.cohort, device: population.device,
                                 regimens: regimen)
        let settings = try setup.deviceSettings(sampleRateHz: sampling.rate, adcBits: sampling.adcBits)
        let folder = try RunFolder(destination: URL(fileURLWithPath: out))
        let runner = try setup.runner(settings: settings, seed: population.seed)
        let armNames = runner.arms.map(\.name)
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let progress = ProgressLine(total: subjects, label: "subjects")

        let simulateStart = Date()
        let outcomes = try runner.run(count: subjects, threads: threadCount) { progress.update($0) }
        progress.finish()
        let simulateSeconds = Date().timeIntervalSince(simulateStart)

        let writeStart = Date()
        try folder.write("subjects.csv", RunTables.subjects(outcomes).data)
        try folder.write("tests.csv", RunTables.tests(outcomes, armNames: armNames).data)
        try folder.write("outcomes.csv", RunTables.outcomes(outcomes, armNames: armNames).data)
        let samples = outcomes.reduce(0) { total, o in total + o.arms.joined().reduce(0) { $0 + $1.isometric.samples } }
        let manifest = Manifest(
            gitCommit: LumbarSimVersion.gitCommit(near: setup.store), command: "simulate",
            commandLine: CommandLine.arguments, seed: population.seed, cohort: setup.cohort.name, subjects: subjects,
            threads: threadCount, device: setup.deviceSpec.name, sampleRateHz: settings.sampleRateHz,
            samplesTotal: samples, parameterHash: setup.parameterHash, parameterFiles: setup.parameterFiles,
            outputs: ["subjects.csv", "tests.csv", "outcomes.csv"], arms: armNames,
            timingsS: ["simulate": simulateSeconds, "write": Date().timeIntervalSince(writeStart),
                       "total": Date().timeIntervalSince(started)])
        try folder.write(Manifest.fileName, try manifest.json())
        try folder.commit()
        print("wrote \(folder.destination.path): \(subjects) subjects of \(setup.cohort.name) x \(armNames.count) arm(s), seed \(population.seed), " +
              String(format: "%.3g samples/s", Double(samples) / max(simulateSeconds, 1e-9)))
    }
}
