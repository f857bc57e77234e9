import Cohort
import Course
import Foundation
import LumbarDatasets
import Physiology
import StudySetup

/// The model as a function of its uncertain inputs, for sensitivity analysis: one cohort through every arm, and the
/// headline outputs of each arm (and of each arm against control) at its last visit.
///
/// Every point runs the same subjects with the same streams and the ideal instrument, so the outputs differ between
/// points only through the inputs (common random numbers), and a point's outputs depend on the point alone.
public struct SensitivityModel: Sendable {
    /// What is measured in each arm, from week 0 to the arm's last visit.
    public enum Headline: String, CaseIterable, Sendable {
        case torqueGain0 = "torque_gain_0_pct"
        case torqueGain72 = "torque_gain_72_pct"
        case csaChange = "csa_change_pct"
        case enduranceChange = "endurance_change_pct"
        case painChange = "pain_change"
        case odiChange = "odi_change"
        /// Percent of the arm's subjects with a new episode within 12 months of its last visit (a level, not a change).
        case recurrence = "recurrence_12m_pct"
    }

    /// The arm every other arm is compared with, when it is one of the arms.
    public static let reference = "control"

    public let datasets: String
    public let cohort: String
    public let regimens: [String]
    public let subjects: Int
    public let seed: UInt64
    /// The arms' names, in `regimens` order.
    public let arms: [String]

    public init(datasets: String, cohort: String, regimens: [String], subjects: Int, seed: UInt64) throws {
        self.datasets = datasets
        self.cohort = cohort
        self.regimens = regimens
        self.subjects = subjects
        self.seed = seed
        arms = try RunSetup(datasets: datasets, cohort: cohort, regimens: regimens).regimens.map(\.name)
    }

    /// `arm.headline` for every arm, then `arm_vs_control.headline` for every other arm when control is one of them.
    public var outputs: [String] {
        let own = arms.flatMap { arm in Headline.allCases.map { "\(arm).\($0.rawValue)" } }
        guard arms.contains(Self.reference) else { return own }
        return own + arms.filter { $0 != Self.reference }.flatMap { arm in
            Headline.allCases.map { "\(arm)_vs_\(Self.reference).\($0.rawValue)" }
        }
    }

    /// The outputs (in ``outputs`` order) with `overrides` replacing values of the data, on one thread.
    public func evaluate(_ overrides: DatasetOverrides) throws -> [Double] {
        let setup = try RunSetup(datasets: datasets, cohort: cohort, regimens: regimens, overrides: overrides)
        let outcomes = try setup.runner(settings: try setup.deviceSettings(), seed: seed, instrument: .ideal)
            .run(count: subjects, threads: 1)
        let perArm = arms.indices.map { arm in Headline.allCases.map { Self.measure($0, arm: arm, outcomes) } }
        guard let reference = arms.firstIndex(of: Self.reference) else { return perArm.flatMap { $0 } }
        let contrasts = arms.indices.filter { $0 != reference }.flatMap { arm in zip(perArm[arm], perArm[reference]).map { $0 - $1 } }
        return perArm.flatMap { $0 } + contrasts
    }

    /// One headline of one arm: percent change of the cohort's mean (torque, CSA, endurance), mean change in points
    /// (pain, ODI, 0–100), or the percent with a recurrence after the last visit.
    static func measure(_ headline: Headline, arm: Int, _ outcomes: [SubjectOutcome]) -> Double {
        func change(_ value: (Visit) -> Double?, percent: Bool) -> Double {
            var before = 0.0, after = 0.0, n = 0.0
            for o in outcomes {
                guard let first = o.arms[arm].first, let last = o.arms[arm].last, let a = value(first), let b = value(last) else { continue }
                before += a
                after += b
                n += 1
            }
            guard n > 0 else { return .nan }
            return percent ? 100 * (after / before - 1) : (after - before) / n
        }
        switch headline {
        case .torqueGain0: return change({ $0.isometric.reportedPeak(atDeg: 0) }, percent: true)
        case .torqueGain72: return change({ $0.isometric.reportedPeak(atDeg: TorqueModel.maxFlexionDeg) }, percent: true)
        case .csaChange: return change({ v in ExtensorGroup.allCases.reduce(0) { $0 + v.outcomes.csaCm2[$1] } }, percent: true)
        case .enduranceChange: return change({ $0.outcomes.endurance50S }, percent: true)
        case .painChange: return change({ $0.outcomes.painVAS }, percent: false)
        case .odiChange: return change({ $0.outcomes.odi }, percent: false)
        case .recurrence:
            let last = outcomes.compactMap { $0.arms[arm].last?.outcomes }
            return last.isEmpty ? .nan : 100 * Double(last.filter(\.recurrence12m).count) / Double(last.count)
        }
    }
}
