import LumbarNumerics
import Sensitivity
import StudySetup

extension Validator {
    /// The model's uncertainty on every simulated target (`validate --uncertainty N`): every scenario reruns under
    /// `sets` parameter sets (``UncertainInputs/parameterSets(store:count:seed:)``, as `trial --uncertainty` draws
    /// them) with its own subjects and streams, one set per thread; each row of `results` gains the 2.5th to 97.5th
    /// percentiles of its simulated value over the sets. Rows, verdicts and their order are unchanged.
    public func withModelIntervals(_ results: [ValidationResult], sets: Int, seed: UInt64,
                                   progress: (@Sendable (Int) -> Void)? = nil) throws -> [ValidationResult] {
        let parameterSets = try UncertainInputs.parameterSets(store: store, count: sets, seed: seed)
        let values = try ParallelMap.map(count: sets, threads: threads, progress: progress) { k in
            var drawn = store
            drawn.overrides = parameterSets[k]
            return try Validator(store: drawn, threads: 1).run().map(\.simulated)
        }
        return results.enumerated().map { r, result in
            var result = result
            let sample = values.compactMap { $0[r] }
            if result.simulated != nil, sample.count > 1 {
                let (low, high) = Percentiles.interval(sample, tail: 0.025)
                if low <= high { result.model = low...high }
            }
            return result
        }
    }
}
