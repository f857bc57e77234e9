/// How an outcome column is named on a plot: a readable name, its unit, and whether lower values are better
/// (pain and disability), which decides how an effect reads.
public struct OutcomeLabel: Sendable, Equatable {
    public var name: String
    public var unit: String
    public var lowerIsBetter: Bool

    /// "Pain VAS (0–100)".
    public var titled: String { unit.isEmpty ? name : "\(name) (\(unit))" }

    /// Outcomes in the order plots and tables list them: the summary measures, then torque angle by angle.
    public static let order = ["torque_mean", "csa_cm2", "endurance_s", "rom_deg", "pain_vas", "odi"]
        + SimulateSummaries.angleColumns

    public static func of(_ outcome: String) -> OutcomeLabel {
        switch outcome {
        case "torque_mean": return OutcomeLabel(name: "Mean torque, 0–72°", unit: "N·m", lowerIsBetter: false)
        case "csa_cm2": return OutcomeLabel(name: "Extensor CSA", unit: "cm²", lowerIsBetter: false)
        case "endurance_s": return OutcomeLabel(name: "Endurance at 50 % MVC", unit: "s", lowerIsBetter: false)
        case "rom_deg": return OutcomeLabel(name: "Lumbar range of motion", unit: "deg", lowerIsBetter: false)
        case "pain_vas": return OutcomeLabel(name: "Pain VAS", unit: "0–100", lowerIsBetter: true)
        case "odi": return OutcomeLabel(name: "Oswestry Disability Index", unit: "0–100", lowerIsBetter: true)
        default:
            if outcome.hasPrefix("torque_"), let angle = Int(outcome.dropFirst("torque_".count)) {
                return OutcomeLabel(name: "Torque at \(angle)° flexion", unit: "N·m", lowerIsBetter: false)
            }
            return OutcomeLabel(name: outcome, unit: "", lowerIsBetter: false)
        }
    }

    /// Whether the outcome is one angle of the torque curve (summarised by `torque_mean`).
    static func isAngle(_ outcome: String) -> Bool {
        SimulateSummaries.angleColumns.contains(outcome)
    }

    /// The outcomes a figure shows one panel or group each: all but the single angles, which `torque_mean`
    /// summarises (single angles alone if that is all there is).
    static func summarised(_ outcomes: [String]) -> [String] {
        let all = sorted(outcomes), summaries = all.filter { !isAngle($0) }
        return summaries.isEmpty ? all : summaries
    }

    /// `outcomes` sorted by `order`, unknown ones after in their given order.
    static func sorted(_ outcomes: [String]) -> [String] {
        var unique: [String] = []
        for o in outcomes where !unique.contains(o) { unique.append(o) }
        return order.filter(unique.contains) + unique.filter { !order.contains($0) }
    }
}
