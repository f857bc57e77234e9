import Cohort
import LumbarDatasets
import StudySetup

/// Everything a trial reads from data: the run setup (physiology, device, the arms' regimens and every cohort
/// subjects are enrolled from, all fingerprinted together) and the trial defaults.
public struct TrialSetup: Sendable {
    public let run: RunSetup
    public let defaults: TrialDefaults
    /// What each outcome's effect rests on (mechanism or evidence-synthesis input), for effects.csv and report.md.
    public let evidence: OutcomeEvidence

    /// The cohorts in the order given; subject i is enrolled from cohort i mod count.
    public var samplers: [CohortSampler] { run.samplers }
    public var store: DatasetStore { run.store }
    public var cohortNames: [String] { samplers.map(\.definition.name) }
    public var parameterHash: String { run.parameterHash }
    public var parameterFiles: [String] { run.parameterFiles }

    /// `overrides` replace values of the bundled parameter files (a parameter set of `--uncertainty`).
    public init(datasets: String? = nil, cohorts: [String], device: String, arms: [String],
                overrides: DatasetOverrides = DatasetOverrides()) throws {
        run = try RunSetup(datasets: datasets, cohorts: cohorts, device: device, regimens: arms, overrides: overrides,
                           alsoHashing: [TrialDefaults.datasetPath, OutcomeEvidence.datasetPath])
        defaults = try TrialDefaults.load(from: run.store)
        evidence = try OutcomeEvidence.load(from: run.store)
    }
}
