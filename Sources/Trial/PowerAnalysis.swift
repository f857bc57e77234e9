import Cohort
import Course
import LumbarNumerics

/// The power of a trial design at several sizes: the fraction of repeated simulated trials in which an arm's
/// ANCOVA effect on an outcome is significant at alpha.
public struct PowerAnalysis: Sendable {
    public struct Row: Sendable {
        public var nPerArm: Int
        public var outcome: TrialOutcome
        public var arm: Int
        /// Simulated trials in which the effect could be estimated.
        public var trials: Int
        public var significant: Int
        public var power: Double { trials > 0 ? Double(significant) / Double(trials) : .nan }
        /// The exact (Clopper–Pearson) 1 − alpha interval of the power.
        public var interval: (low: Double, high: Double)
    }

    public let rows: [Row]
    public let trialsPerSize: Int
    public let instrument: CourseOfCare.Instrument

    /// `trials` trials of `runner`'s design at each size in `sizes`, measured with `instrument`, each with its own
    /// seed derived from the runner's; the trials run in parallel on `threads` threads (each trial on one).
    public init(runner: TrialRunner, sizes: [Int], trials: Int, instrument: CourseOfCare.Instrument, threads: Int,
                progress: (@Sendable (Int) -> Void)? = nil) throws(CohortError) {
        let design = runner.design
        let jobs = sizes.sorted(by: >).flatMap { n in (0..<trials).map { (n, $0) } }
        let outcomes = try ParallelMap.map(count: jobs.count, threads: threads, progress: progress) { index throws(CohortError) in
            let (n, k) = jobs[index]
            var seeds = RandomStream(seed: runner.seed, address: .trial(.replicate, key: StreamAddress.powerReplicate(perArm: n, trial: k)))
            let result = try runner.with(design: design.resized(perArm: n, instrument: instrument), seed: seeds.next()).run(threads: 1)
            return TrialOutcome.allCases.map { outcome in
                ANCOVA(TrialAnalysis.observations(result, outcome), reference: design.reference,
                       adjustForStrata: design.adjustsForStrata, alpha: design.alpha)?.effects.mapValues { $0.pValue < design.alpha }
            }
        }
        var rows: [Row] = []
        for n in sizes {
            let replicates = zip(jobs, outcomes).filter { $0.0.0 == n }.map(\.1)
            for (o, outcome) in TrialOutcome.allCases.enumerated() {
                for arm in design.arms.indices where arm != design.reference {
                    let verdicts = replicates.compactMap { $0[o]?[arm] }
                    let significant = verdicts.filter { $0 }.count
                    rows.append(Row(nPerArm: n, outcome: outcome, arm: arm, trials: verdicts.count, significant: significant,
                                    interval: ClopperPearson.interval(successes: significant, trials: verdicts.count, alpha: design.alpha)))
                }
            }
        }
        self.rows = rows
        trialsPerSize = trials
        self.instrument = instrument
    }
}
