import Analysis
import Foundation
import LumbarDatasets
import StudySetup

/// `lumbarsim credibility`: a credibility assessment of the model for a context of use, every section computed.
public enum Credibility {
    public struct Options: Sendable {
        public var seed: UInt64 = 1
        /// Subjects of the context's cohort in the verification runs (kernel twins, sample-rate series).
        public var verificationSubjects = 16
        /// Sample rates of the peak-torque series, Hz, each double the last.
        public var sampleRates: [Double] = [250, 500, 1000, 2000]
        /// Forward-Euler steps of the fatigue series, s, each half the last.
        public var eulerSteps: [Double] = [0.04, 0.02, 0.01, 0.005]
        /// Subjects per validation scenario at most (nil: each scenario's own size, as its bands assume).
        public var validationSubjects: Int?
        /// Leave-one-study-out: iterations per refit (0 skips it) and subjects per scenario.
        public var crossIterations = 5
        public var crossSubjects = 200
        /// Parameter sets and subjects per arm of the uncertainty trial.
        public var parameterSets = 16
        public var perArm: Int?
        /// Morris trajectories and subjects per model run of the sensitivity screening.
        public var trajectories = 10
        public var sensitivitySubjects = 40
        /// kernel-compare, to check the C twins; nil leaves that check out.
        public var kernelCompare: URL?
        public var threads = ProcessInfo.processInfo.activeProcessorCount

        public init() {}
    }

    /// Every section for `context`; `progress(stage, done, total)` hears the long parts, from any thread.
    public static func run(datasets: String, context: ContextOfUse, options o: Options,
                           progress: (@Sendable (String, Int, Int) -> Void)? = nil) throws -> CredibilityReport {
        let store = try DatasetStore.locate(explicit: datasets)
        let risk = try ModelRisk(context, store: store)
        let setup = try RunSetup(datasets: store.root.path, cohort: context.cohort, regimens: context.regimens)
        let subjects = try (0..<o.verificationSubjects).map { try setup.sampler.subject(id: $0, seed: o.seed) }

        progress?("verification", 0, 1)
        let verification = CredibilityReport.Verification(
            code: try codeChecks(store: store, setup: setup, subjects: subjects, seed: o.seed, kernelCompare: o.kernelCompare),
            calculation: try calculationChecks(store: store, setup: setup, subjects: subjects, rates: o.sampleRates, steps: o.eulerSteps))
        progress?("verification", 1, 1)

        let validation = try validation(store: store, options: o, progress: progress)
        let uncertainty = try uncertainty(context: context, store: store, options: o, progress: progress)
        let sensitivity = try sensitivity(context: context, store: store, options: o, progress: progress)

        let use = StudySetup.Applicability.Use(cohort: setup.cohort, regimens: setup.regimens)
        let findings = try StudySetup.Applicability(store: store).check(use)
        let applicability = CredibilityReport.Applicability(
            cohort: use.cohort, condition: use.condition, sexes: use.sexes, ageY: [use.ageY.lowerBound, use.ageY.upperBound],
            findings: findings, warnings: findings.flatMap(\.warnings))
        return CredibilityReport(seed: o.seed, context: .init(use: context, risk: risk), verification: verification, validation: validation,
                                 uncertainty: uncertainty, sensitivity: sensitivity, applicability: applicability)
    }
}

public enum CredibilityError: Error, CustomStringConvertible {
    case tool(String, String)

    public var description: String {
        switch self {
        case .tool(let path, let problem): return "\(path): \(problem)"
        }
    }
}

extension Credibility {
    /// The bundled files the report reads besides the model's parameters, fingerprinted in its manifest.
    public static let dataFiles = [ContextOfUse.defaultFile, ModelRisk.file, StudySetup.Applicability.file, KnownAnswers.file]
}
