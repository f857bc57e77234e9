import Cohort
import Device
import Foundation
import LumbarDatasets
import LumbarNumerics
import RunOutput
import Sensitivity
import StudySetup
import Synchronization

/// How much of a `simulate` run's summary is the model's assumptions (`simulate --uncertainty N`): the same subjects
/// and streams rerun under N parameter sets (``UncertainInputs/parameterSets(store:count:seed:)``, as `trial` and
/// `validate` draw them), and each summarised mean beside its sampling interval gets the spread of that mean over the
/// sets. Written as `uncertainty.csv`; the subject tables are those of the committed parameters, unchanged.
public struct RunUncertainty: Sendable {
    /// The table's file name in the run folder (a contract: documented in docs/output.md).
    public static let fileName = "uncertainty.csv"

    public static let columns = ["arm", "week", "outcome", "statistic", "n", "estimate", "ci_low", "ci_high",
                                 "model_low", "model_high", "model_share"]

    /// Parameter sets to draw (at least 2).
    public let sets: Int
    /// The run's setup under a set's overrides (the same cohort, device and regimens as the run).
    let setup: @Sendable (DatasetOverrides) throws -> RunSetup

    public init(sets: Int, setup: @escaping @Sendable (DatasetOverrides) throws -> RunSetup) {
        self.sets = sets
        self.setup = setup
    }

    /// The summaries of subjects `range` in chunks of `chunkSize` under the committed parameters (`base`) and each
    /// of the sets (drawn with `seed`), on `threads` threads; nil if `stop` ended it early. `progress` counts subjects
    /// done over all of them.
    func summaries(base: RunSetup, settings: DeviceSettings, seed: UInt64, testWeeks: [Int]?, range: Range<Int>,
                   chunkSize: Int, threads: Int, stop: StopFlag,
                   progress: (@Sendable (Int, Int) -> Void)?) throws -> [CohortSummary]? {
        let overrides = try UncertainInputs.parameterSets(store: base.store, count: sets, seed: seed)
        let setups = try [base] + ParallelMap.map(count: sets, threads: threads) { k in try setup(overrides[k]) }
        let runners = try setups.map { try $0.runner(settings: settings, seed: seed, testWeeks: testWeeks) }
        let chunks = (range.count + chunkSize - 1) / chunkSize
        let total = runners.count * range.count
        let done = Atomic<Int>(0)
        progress?(0, total)
        let parts = try ParallelMap.partialMap(count: runners.count * chunks, threads: threads,
                                               shouldStop: { stop.isRequested }) { item throws(CohortError) in
            let start = range.lowerBound + (item % chunks) * chunkSize
            let ids = start..<min(range.upperBound, start + chunkSize)
            let summary = CohortSummary(try runners[item / chunks].outcomes(ids))
            progress?(done.add(ids.count, ordering: .relaxed).newValue, total)
            return summary
        }
        guard parts.allSatisfy({ $0 != nil }) else { return nil }
        return runners.indices.map { r in
            parts[(r * chunks)..<((r + 1) * chunks)].reduce(CohortSummary()) { $0.merged($1!) }
        }
    }

    /// `uncertainty.csv`: one row per arm, week, outcome and statistic of the committed run (`summaries[0]`), its
    /// normal-theory 95 % sampling interval, and the 2.5th and 97.5th percentiles of the same quantity over the sets
    /// with the sets' share of the total variance (their variance over it plus the squared standard error).
    static func table(_ summaries: [CohortSummary], armNames: [String]) -> CSVTable {
        let z = StandardNormal.quantile(0.975)
        let n = { (x: Double) in CSVTable.number(x, 4) }
        var table = CSVTable(header: columns)
        for key in summaries[0].moments.keys.sorted() {
            let committed = summaries[0].moments[key]!
            let values = summaries.dropFirst().compactMap { $0.moments[key]?.mean }.filter(\.isFinite)
            let se = committed.standardError
            // Below two subjects there is no sampling error to set beside the sets' spread.
            let spread = ModelSpread(values, standardError: se.isFinite ? se : 0)
            table.append([armNames[key.arm], String(key.week), CohortSummary.outcomeName(key.outcome), key.statistic.rawValue,
                          String(committed.count), n(committed.mean), n(committed.mean - z * se), n(committed.mean + z * se),
                          n(spread.low), n(spread.high), n(spread.share)])
        }
        return table
    }
}
