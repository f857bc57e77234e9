import Course
import Device
import Foundation
import Regimens
import RunOutput

/// A whole virtual trial as `lumbarsim trial` runs it: set-up from data, the design resolved against the trial
/// defaults, the trial, its power analysis, the analysis and report, and the run folder with its manifest.
public struct TrialStudy: Sendable {
    /// What the user chose; nil (or empty) takes the default from `Datasets/trials/defaults.yaml` or below.
    public struct Options: Sendable {
        /// Regimen names or files; empty: every bundled regimen, the reference first.
        public var arms: [String] = []
        public var reference = TrialStudy.defaultReference
        /// Cohort names or files; empty: ``TrialStudy/defaultCohort``.
        public var cohorts: [String] = []
        public var perArm: Int?
        public var randomisation: RandomisationScheme?
        public var adherence: Double?
        public var dropout: Double?
        public var followUpWeeks: Int?
        /// Per-arm sizes of the power analysis; empty: none.
        public var powerSizes: [Int] = []
        public var powerTrials: Int?
        /// The outcomes the report's tables show; empty: all.
        public var outcomes: [TrialOutcome] = []
        public var instrument: CourseOfCare.Instrument = .sampled
        public var powerInstrument: CourseOfCare.Instrument = .ideal
        public var seed: UInt64 = 1
        public var datasets: String?
        public var device = DeviceSpec.defaultName
        public var sampleRateHz: Double?
        public var adcBits: Int?
        public var out = TrialStudy.defaultFolder
        /// Replace a LumbarSim run folder of another command at `out` (``ReplacePolicy``).
        public var force = false
        /// Recorded in the manifest and the report.
        public var commandLine: [String] = []
        /// Parameter sets to rerun the trial under (``ModelUncertainty``); nil: none, and the tables as without it.
        public var uncertainty: Int?
        /// `study.yaml` and the user's input files, written into the run folder beside the tables.
        public var study = StudyFiles()

        public init() {}
    }

    /// What a finished study wrote.
    public struct Outcome: Sendable {
        public var report: TrialReport
        public var destination: URL
        public var subjects: Int
        public var arms: Int
        public var trialSeconds: Double
        /// Nil without a power analysis.
        public var powerSeconds: Double?
    }

    public static let defaultReference = "control"
    public static let defaultCohort = "clbp-adults"
    public static let defaultFolder = "lumbarsim-trial"

    /// The phases of a study's progress, with their totals.
    public enum Phase: String, Sendable { case subjects, trials, parameterSets = "parameter sets" }

    public let options: Options
    public let setup: TrialSetup
    public let design: TrialDesign

    /// Loads and checks everything the study reads; refuses a design that cannot run.
    public init(_ options: Options) throws {
        self.options = options
        setup = try TrialSetup(datasets: options.datasets, cohorts: options.cohorts.isEmpty ? [Self.defaultCohort] : options.cohorts,
                               device: options.device, arms: options.arms)
        design = try Self.design(options, setup: setup)
    }

    /// Runs the trial and its power analysis on `threads` threads and writes the run folder. `progress` is told the
    /// phase, the work done and its total.
    public func run(threads: Int, progress: (@Sendable (Phase, Int, Int) -> Void)? = nil) throws -> Outcome {
        let started = Date()
        let settings = try setup.run.deviceSettings(sampleRateHz: options.sampleRateHz, adcBits: options.adcBits)
        let folder = try RunFolder(destination: URL(fileURLWithPath: options.out), replacing: .init(command: "trial", force: options.force))
        let runner = try TrialRunner(setup: setup, design: design, settings: settings, seed: options.seed)

        let subjects = design.subjects
        let result = try runner.run(threads: threads) { progress?(.subjects, $0, subjects) }
        let trialSeconds = Date().timeIntervalSince(started)

        let powerStart = Date()
        let powerTrials = options.powerTrials ?? Int(setup.defaults.powerTrials.value)
        let powerTotal = options.powerSizes.count * powerTrials
        let power = try options.powerSizes.isEmpty ? nil
            : PowerAnalysis(runner: runner, sizes: options.powerSizes, trials: powerTrials, instrument: options.powerInstrument,
                            threads: threads) { progress?(.trials, $0, powerTotal) }
        let powerSeconds = Date().timeIntervalSince(powerStart)

        let analysis = TrialAnalysis(result, responders: setup.defaults.responders)
        let model = try options.uncertainty.map { sets in
            try ModelUncertainty.run(self, analysis: analysis, settings: settings, sets: sets, threads: threads) {
                progress?(.parameterSets, $0, sets)
            }
        }
        let gitCommit = LumbarSimVersion.gitCommit
        func describe(_ instrument: CourseOfCare.Instrument) -> String {
            instrument == .ideal ? "ideal (true peaks, no sampling)"
                : String(format: "sampled load cell, %g Hz, %d-bit ADC", settings.sampleRateHz, settings.adcBits)
        }
        let instrumentText = describe(design.instrument) + (power.map { "; power trials: " + describe($0.instrument) } ?? "")
        var report = TrialReport(result: result, analysis: analysis, power: power, evidence: setup.evidence,
                                 provenance: .init(commandLine: options.commandLine, version: LumbarSimVersion.current, gitCommit: gitCommit,
                                                   parameterHash: setup.parameterHash, cohorts: setup.cohortNames, instrument: instrumentText),
                                 outcomes: options.outcomes.isEmpty ? TrialOutcome.allCases : options.outcomes)
        report.model = model
        report.applicabilityWarnings = try setup.run.applicabilityWarnings(regimens: design.arms)

        let writeStart = Date()
        let outputs = TrialTables.files(report: report)
        for (name, data) in outputs + options.study.files { try folder.write(name, data) }
        var manifest = Manifest(
            gitCommit: gitCommit, command: "trial", commandLine: options.commandLine, seed: options.seed,
            cohort: setup.cohortNames.joined(separator: "+"), subjects: design.subjects, threads: threads,
            device: setup.run.deviceSpec.name, sampleRateHz: settings.sampleRateHz,
            samplesTotal: result.subjects.reduce(0) { $0 + $1.samples }, parameterHash: setup.parameterHash,
            parameterFiles: setup.parameterFiles, outputs: outputs.map(\.name) + options.study.names, arms: design.armNames,
            timingsS: ["trial": trialSeconds, "power": powerSeconds, "write": Date().timeIntervalSince(writeStart),
                       "total": Date().timeIntervalSince(started)])
        manifest.alpha = design.alpha
        manifest.applicabilityWarnings = report.applicabilityWarnings
        try manifest.recordProvenance(started: started, inputs: setup.run.parameterDigests, tablesIn: folder.staging)
        try folder.write(Manifest.fileName, try manifest.json())
        try folder.commit()
        return Outcome(report: report, destination: folder.destination, subjects: design.subjects, arms: design.arms.count,
                       trialSeconds: trialSeconds, powerSeconds: power == nil ? nil : powerSeconds)
    }

    /// The design: the arms as given (default: every bundled regimen, the reference first) and the defaults.
    static func design(_ o: Options, setup: TrialSetup) throws -> TrialDesign {
        var regimens = setup.run.regimens
        if o.arms.isEmpty {
            let names = Regimen.bundledNames(in: setup.store)
            let ordered = names.filter { $0 == o.reference } + names.filter { $0 != o.reference }
            regimens = try ordered.map { try Regimen.load($0, from: setup.store) }
        }
        guard regimens.count >= 2 else { throw TrialError.noArmsToCompare }
        guard let reference = regimens.firstIndex(where: { $0.name == o.reference }) else {
            throw TrialError.unknownReference(o.reference, arms: regimens.map(\.name))
        }
        let d = setup.defaults
        return TrialDesign(
            arms: regimens, reference: reference, perArm: o.perArm ?? Int(d.perArm.value),
            randomisation: o.randomisation ?? d.randomisation.scheme, blockMultiples: d.blockMultiples.values,
            participation: ParticipationModel(meanAdherence: o.adherence ?? d.adherence.value,
                                              concentration: d.adherenceConcentration, dropout: o.dropout ?? d.dropout.value),
            followUpWeeks: o.followUpWeeks ?? regimens.map(\.totalWeeks).max() ?? 1,
            instrument: o.instrument, alpha: d.alpha.value)
    }
}

extension CourseOfCare.Instrument {
    /// `sampled` or `ideal`, as the command line spells them.
    public init?(name: String) {
        switch name {
        case "sampled": self = .sampled
        case "ideal": self = .ideal
        default: return nil
        }
    }
}
