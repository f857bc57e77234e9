import Foundation
import StudySetup

/// What `lumbarsim credibility` found for a context of use: the five sections of an ASME V&V 40 style credibility
/// assessment, each computed by the tool. `credibility.json` holds it; `credibility.md` says it in prose and tables.
public struct CredibilityReport: Codable, Sendable {
    /// One known-answer check of the code, with what it measured.
    public struct Check: Codable, Sendable, Equatable {
        public var name: String
        public var reference: String
        /// The largest difference from the known answer (0 for bit identity), in the unit `measure` names.
        public var measured: Double
        public var measure: String
        public var tolerance: Double
        public var passed: Bool
    }

    /// One refinement series of a numerical parameter (a step, a sample rate) and the change of an output along it.
    public struct Convergence: Codable, Sendable, Equatable {
        public var name: String
        public var parameter: String
        public var output: String
        public var settings: [Double]
        public var values: [Double]
        /// |value_k − value_{k−1}| / |value_{k−1}| for k ≥ 1, or the relative error from `reference` where one exists.
        public var relativeChanges: [Double]
        /// The exact answer the series converges to, where the code has one (a closed form).
        public var reference: Double?
    }

    public struct Verification: Codable, Sendable {
        public var code: [Check]
        public var calculation: [Convergence]
    }

    /// A validate row: a target, its evidence kind and whether the model lies inside its band.
    public struct TargetRow: Codable, Sendable, Equatable {
        public var id: String
        public var evidence: String
        public var required: Bool
        public var published: Double?
        public var simulated: Double?
        public var lower: Double?
        public var upper: Double?
        public var within: Bool?
    }

    public struct EvidenceCount: Codable, Sendable, Equatable {
        public var evidence: String
        public var simulated: Int
        public var inside: Int
    }

    public struct CrossValidationSummary: Codable, Sendable, Equatable {
        public var studies: Int
        public var subjects: Int
        public var iterations: Int
        public var rmsInSample: Double
        public var rmsOutOfSample: Double
    }

    public struct Validation: Codable, Sendable {
        public var rows: [TargetRow]
        public var counts: [EvidenceCount]
        /// Leave-one-study-out; nil when it was not run (--cross-iterations 0).
        public var cross: CrossValidationSummary?
    }

    /// One effect of the context's trial against its reference arm, with both intervals.
    public struct EffectUncertainty: Codable, Sendable, Equatable {
        public var outcome: String
        public var arm: String
        public var estimate: Double
        public var ciLow: Double
        public var ciHigh: Double
        public var modelLow: Double?
        public var modelHigh: Double?
        /// Share of the effect's variance that comes from the parameters rather than sampling.
        public var modelShare: Double?
    }

    public struct Uncertainty: Codable, Sendable {
        public var parameterSets: Int
        public var perArm: Int
        public var reference: String
        public var effects: [EffectUncertainty]
    }

    /// An input ranked by its elementary effects, and whether its value rests on a source.
    public struct RankedInput: Codable, Sendable, Equatable {
        public var rank: Int
        public var input: String
        /// Its largest μ* over the effects against the reference, each scaled by that output's largest.
        public var score: Double
        /// The scaled μ* summed over those outputs (what breaks ties of `score`).
        public var sum: Double
        /// Which output that largest μ* is on.
        public var output: String
        public var basis: String
        public var confidence: String
        /// sourced (a published value), fitted (calibrate's) or assumed (an assumption or a recalled number).
        public var standing: String
    }

    public struct Sensitivity: Codable, Sendable {
        public var trajectories: Int
        public var subjects: Int
        public var inputs: Int
        public var modelRuns: Int
        public var ranked: [RankedInput]
    }

    public struct Applicability: Codable, Sendable {
        public var cohort: String
        public var condition: String
        public var sexes: [String]
        public var ageY: [Double]
        public var findings: [StudySetup.Applicability.Finding]
        public var warnings: [String]
    }

    public struct Context: Codable, Sendable {
        public var use: ContextOfUse
        public var risk: ModelRisk
    }

    public var seed: UInt64
    public var context: Context
    public var verification: Verification
    public var validation: Validation
    public var uncertainty: Uncertainty
    public var sensitivity: Sensitivity
    public var applicability: Applicability
}
