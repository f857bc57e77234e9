import Device
import Foundation
import LumbarNumerics
import Sensitivity
import StudySetup

/// How much of a trial's answer is the model's assumptions (`trial --uncertainty N`): the same trial (subjects,
/// allocation, streams) rerun under N parameter sets on a Latin hypercube over every uncertain input of
/// `Datasets/` (``UncertainInputs``), and the spread of each effect over them.
public struct ModelUncertainty: Sendable {
    public struct Interval: Sendable, Equatable {
        /// The 2.5th and 97.5th percentiles of the effect's estimate over the parameter sets.
        public var low: Double
        public var high: Double
        /// The estimate's variance over the parameter sets, over that plus its sampling variance (the committed
        /// parameters' squared standard error): the share of the effect's uncertainty that is the model's.
        public var share: Double
    }

    public let sets: Int
    /// One per row of the trial's analysis, in its order; nil where fewer than two sets give an estimate.
    public let intervals: [Interval?]

    /// Reruns `study`'s trial under `sets` parameter sets on `threads` threads (one set per thread); `analysis` is
    /// the trial at the committed parameters, whose standard errors are the sampling part.
    static func run(_ study: TrialStudy, analysis: TrialAnalysis, settings: DeviceSettings, sets: Int, threads: Int,
                    progress: (@Sendable (Int) -> Void)?) throws -> ModelUncertainty {
        let o = study.options
        let datasets = study.setup.store.root.path
        let cohorts = o.cohorts.isEmpty ? [TrialStudy.defaultCohort] : o.cohorts
        let parameterSets = try UncertainInputs.parameterSets(store: study.setup.store, count: sets, seed: o.seed)
        let estimates = try ParallelMap.map(count: sets, threads: threads, progress: progress) { k in
            let setup = try TrialSetup(datasets: datasets, cohorts: cohorts, device: o.device, arms: o.arms,
                                       overrides: parameterSets[k])
            let result = try TrialRunner(setup: setup, design: study.design, settings: settings, seed: o.seed).run(threads: 1)
            return TrialAnalysis(result, responders: setup.defaults.responders).rows.map { $0.effect?.estimate }
        }
        let intervals = analysis.rows.enumerated().map { r, row -> Interval? in
            let values = estimates.compactMap { $0[r] }
            guard values.count > 1, let se = row.effect?.standardError else { return nil }
            let spread = ModelSpread(values, standardError: se)
            return Interval(low: spread.low, high: spread.high, share: spread.share)
        }
        return ModelUncertainty(sets: sets, intervals: intervals)
    }
}
