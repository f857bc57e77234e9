import Foundation
import LumbarNumerics

/// A binary outcome of one arm against the reference: events, risks and the risk ratio with its Wald interval on
/// the log scale (Katz). A zero cell adds ½ to every cell of that comparison (Haldane), so the ratio stays finite.
public struct RiskRatio: Sendable, Equatable {
    public var eventsArm: Int
    public var nArm: Int
    public var eventsReference: Int
    public var nReference: Int
    public var ratio: Double
    /// Standard error of log(ratio).
    public var logSE: Double
    public var ciLow: Double
    public var ciHigh: Double
    /// Two-sided p of log(ratio) = 0 by the normal approximation.
    public var pValue: Double

    public var riskArm: Double { Double(eventsArm) / Double(nArm) }
    public var riskReference: Double { Double(eventsReference) / Double(nReference) }

    /// nil when either group is empty or neither has an event.
    public init?(eventsArm: Int, nArm: Int, eventsReference: Int, nReference: Int, alpha: Double) {
        guard nArm > 0, nReference > 0, eventsArm + eventsReference > 0 else { return nil }
        self.eventsArm = eventsArm
        self.nArm = nArm
        self.eventsReference = eventsReference
        self.nReference = nReference
        let zeroCell = [eventsArm, nArm - eventsArm, eventsReference, nReference - eventsReference].contains(0)
        let half = zeroCell ? 0.5 : 0
        let a = Double(eventsArm) + half, n1 = Double(nArm) + 2 * half
        let c = Double(eventsReference) + half, n0 = Double(nReference) + 2 * half
        ratio = (a / n1) / (c / n0)
        logSE = (1 / a - 1 / n1 + 1 / c - 1 / n0).squareRoot()
        let z = StandardNormal.quantile(1 - alpha / 2)
        ciLow = exp(log(ratio) - z * logSE)
        ciHigh = exp(log(ratio) + z * logSE)
        pValue = logSE > 0 ? 2 * StandardNormal.cdf(-abs(log(ratio)) / logSE) : 1
    }
}

/// Recurrence in the 12 months after the follow-up visit, by compared arm: the risk ratio against the reference
/// over completers.
public struct RecurrenceRow: Sendable {
    public static let outcome = "recurrence_12m"
    public var arm: Int
    public var riskRatio: RiskRatio?
    public var nArm: Int
    public var nReference: Int
}

extension TrialAnalysis {
    static func recurrenceRows(_ result: TrialResult) -> [RecurrenceRow] {
        let design = result.design
        func outcomes(_ arm: Int) -> [Bool] { result.subjects.filter { $0.arm == arm }.compactMap(\.recurrence12m) }
        let reference = outcomes(design.reference)
        return design.arms.indices.filter { $0 != design.reference }.map { arm in
            let members = outcomes(arm)
            let ratio = RiskRatio(eventsArm: members.filter { $0 }.count, nArm: members.count,
                                  eventsReference: reference.filter { $0 }.count, nReference: reference.count, alpha: design.alpha)
            return RecurrenceRow(arm: arm, riskRatio: ratio, nArm: members.count, nReference: reference.count)
        }
    }
}
