import Course
import RunOutput

/// The outcomes a trial analyses, in the column order of `trial_data.csv` (names are the output contract).
public enum TrialOutcome: String, CaseIterable, Sendable {
    case torque0 = "torque_0", torque12 = "torque_12", torque24 = "torque_24", torque36 = "torque_36"
    case torque48 = "torque_48", torque60 = "torque_60", torque72 = "torque_72"
    /// The mean peak torque over the angles tested at the subject's baseline visit (empty at a visit that misses one).
    case torqueMean = "torque_mean"
    /// Extensor cross-sectional area per side, all three groups, cm².
    case csa = "csa_cm2"
    /// Time a 50 % MVC hold can be sustained (3CC-r): the trial's fatigue measure, s.
    case endurance = "endurance_s"
    case rom = "rom_deg", pain = "pain_vas", odi

    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The outcome with this name; an unknown name is a one-line error listing the known ones.
    public static func named(_ name: String) throws(TrialError) -> TrialOutcome {
        guard let outcome = TrialOutcome(rawValue: name) else { throw .unknownOutcome(name) }
        return outcome
    }

    public var unit: String {
        switch self {
        case .torque0, .torque12, .torque24, .torque36, .torque48, .torque60, .torque72, .torqueMean: "N*m"
        case .csa: "cm^2"
        case .endurance: "s"
        case .rom: "deg"
        case .pain, .odi: "points (0-100)"
        }
    }

    /// Decimals written to `trial_data.csv`; the analysis uses exactly the written values.
    var decimals: Int {
        switch self {
        case .csa: 3
        case .endurance, .rom, .pain, .odi: 1
        default: 2
        }
    }

    /// The test angle of a single-angle torque outcome.
    var angleDeg: Double? {
        guard let index = Self.allCases.firstIndex(of: self), index < RunTables.torqueColumnAngles.count else { return nil }
        return RunTables.torqueColumnAngles[index]
    }

    /// Every outcome at one visit, as written (rounded to the column's decimals); nil where not measured.
    /// `meanAngles` are the angles `torque_mean` averages: those tested at the subject's baseline.
    static func values(of visit: Visit, meanAngles: [Double]) -> [Double?] {
        let peaks = RunTables.torqueColumnAngles.map { visit.isometric.reportedPeak(atDeg: $0).flatMap { written($0, 2) } }
        let chosen = meanAngles.map { angle in RunTables.torqueColumnAngles.firstIndex(of: angle).flatMap { peaks[$0] } }
        let mean: Double? = chosen.isEmpty || chosen.contains(nil) ? nil : chosen.reduce(0) { $0 + $1! } / Double(chosen.count)
        let o = visit.outcomes
        let rest: [(Double?, TrialOutcome)] = [(mean, .torqueMean), (o.csaCm2.sum, .csa), (o.endurance50S, .endurance),
                                               (o.lumbarRomDeg, .rom), (o.painVAS, .pain), (o.odi, .odi)]
        return peaks + rest.map { value, outcome in value.flatMap { written($0, outcome.decimals) } }
    }

    /// `x` as `CSVTable` writes it with `decimals` places, read back: the exact double a reader of the CSV gets.
    static func written(_ x: Double, _ decimals: Int) -> Double? {
        Double(CSVTable.number(x, decimals))
    }
}
