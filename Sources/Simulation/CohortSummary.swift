import Cohort
import Course
import Foundation
import LumbarNumerics
import RunOutput

/// The cohort-level summary of a run that `simulate --uncertainty` compares across parameter sets: for each arm, test
/// week and headline outcome, the subjects' mean and (after baseline) their mean change from baseline, kept as
/// running sums so that a cohort of any size is summarised in flat memory.
///
/// Sums are added subject by subject within a chunk and chunk by chunk in chunk order (``merged(_:)``), so a summary
/// is the same to the bit for any thread count.
public struct CohortSummary: Sendable, Equatable {
    /// A headline outcome of a visit: its name (the column it summarises in `tests.csv`/`outcomes.csv`) and its value,
    /// nil where the visit has none (a torque beyond the subject's range).
    struct Outcome: Sendable {
        let name: String
        let value: @Sendable (Visit) -> Double?
    }

    static let outcomes: [Outcome] = [
        Outcome(name: "torque_0") { $0.isometric.reportedPeak(atDeg: 0) },
        Outcome(name: "torque_72") { $0.isometric.reportedPeak(atDeg: 72) },
        Outcome(name: "csa_multifidus_cm2") { $0.outcomes.csaCm2.multifidus },
        Outcome(name: "endurance_50_s") { $0.outcomes.endurance50S },
        Outcome(name: "endurance_bw_s") { $0.outcomes.enduranceBodyWeightS },
        Outcome(name: "pain_vas") { $0.outcomes.painVAS },
        Outcome(name: "odi") { $0.outcomes.odi },
        Outcome(name: "recurrence_12m") { $0.outcomes.recurrence12m ? 1 : 0 },
    ]

    /// What a row summarises: the visit's value, or its change from the same subject's baseline visit.
    public enum Statistic: String, Sendable {
        case mean
        case change = "change_from_baseline"
    }

    /// One summarised quantity: arm, week, outcome and statistic.
    public struct Key: Hashable, Comparable, Sendable {
        public let arm: Int
        public let week: Int
        public let outcome: Int
        public let statistic: Statistic

        public static func < (a: Key, b: Key) -> Bool {
            (a.arm, a.week, a.outcome, a.statistic == .mean ? 0 : 1) < (b.arm, b.week, b.outcome, b.statistic == .mean ? 0 : 1)
        }
    }

    /// Count, sum and sum of squares of one quantity.
    public struct Moments: Sendable, Equatable {
        public var count = 0
        public var sum = 0.0
        public var sumOfSquares = 0.0

        mutating func add(_ x: Double) {
            count += 1
            sum += x
            sumOfSquares += x * x
        }

        public var mean: Double { count > 0 ? sum / Double(count) : .nan }

        /// The standard error of the mean (sample SD over √n); NaN below two values.
        public var standardError: Double {
            guard count > 1 else { return .nan }
            let n = Double(count)
            return (max(0, sumOfSquares - sum * sum / n) / (n - 1) / n).squareRoot()
        }
    }

    public private(set) var moments: [Key: Moments] = [:]

    public init() {}

    /// The summary of `subjects`' outcomes, in their order.
    public init(_ subjects: [SubjectOutcome]) {
        for subject in subjects { add(subject) }
    }

    mutating func add(_ subject: SubjectOutcome) {
        for (arm, visits) in subject.arms.enumerated() {
            guard let baseline = visits.first else { continue }
            for visit in visits {
                for (index, outcome) in Self.outcomes.enumerated() {
                    guard let value = outcome.value(visit) else { continue }
                    moments[Key(arm: arm, week: visit.week, outcome: index, statistic: .mean), default: Moments()].add(value)
                    if visit.week > baseline.week, let start = outcome.value(baseline) {
                        moments[Key(arm: arm, week: visit.week, outcome: index, statistic: .change), default: Moments()].add(value - start)
                    }
                }
            }
        }
    }

    /// This summary followed by `other`'s subjects.
    public func merged(_ other: CohortSummary) -> CohortSummary {
        var result = self
        for (key, m) in other.moments {
            var sum = result.moments[key] ?? Moments()
            sum.count += m.count
            sum.sum += m.sum
            sum.sumOfSquares += m.sumOfSquares
            result.moments[key] = sum
        }
        return result
    }

    /// The name of outcome `index`.
    public static func outcomeName(_ index: Int) -> String { outcomes[index].name }
}
