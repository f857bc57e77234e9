import Foundation
import LumbarDatasets

/// One row of `lumbarsim validate`: a published target, what the model gives for it, and whether that lies in
/// the acceptance band. Targets the model does not simulate carry the reason instead.
public struct ValidationResult: Sendable, Encodable, Equatable {
    public var id: String
    public var quantity: String
    public var unit: String
    public var published: Double?
    public var publishedUncertainty: String
    public var simulated: Double?
    public var lower: Double?
    public var upper: Double?
    public var within: Bool?
    public var required: Bool
    public var scenario: String?
    public var note: String
    /// What kind of evidence the row is; only `independent` rows count as validation.
    public var evidence: CalibrationTarget.Evidence
    public var source: String
    /// The source's population (age, sex, healthy or CLBP, n).
    public var population: String
    /// The target's notes in targets.csv (why it has its evidence kind, conversions).
    public var targetNotes: String
    /// With `--uncertainty N`: the 2.5th and 97.5th percentiles of the simulated value over the N parameter sets, the
    /// model's uncertainty beside the published one the band holds (the verdict stays the committed parameters').
    public var model: ClosedRange<Double>? = nil

    /// Simulated minus published, in the target's unit.
    public var offset: Double? {
        guard let published, let simulated else { return nil }
        return simulated - published
    }

    enum CodingKeys: String, CodingKey {
        case id, quantity, unit, published, publishedUncertainty = "published_uncertainty", simulated, lower, upper
        case within, required, scenario, note, offset, offsetPercent = "offset_percent"
        case evidence, source, population, targetNotes = "target_notes"
        case modelLow = "model_low", modelHigh = "model_high", modelMeetsBand = "model_meets_band"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(unit, forKey: .unit)
        try c.encode(published, forKey: .published)
        try c.encode(publishedUncertainty, forKey: .publishedUncertainty)
        try c.encode(simulated, forKey: .simulated)
        try c.encode(lower, forKey: .lower)
        try c.encode(upper, forKey: .upper)
        try c.encode(within, forKey: .within)
        try c.encode(required, forKey: .required)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(note, forKey: .note)
        try c.encode(offset, forKey: .offset)
        try c.encode(offset.flatMap { o in published.flatMap { $0 != 0 ? 100 * o / abs($0) : nil } }, forKey: .offsetPercent)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(source, forKey: .source)
        try c.encode(population, forKey: .population)
        try c.encode(targetNotes, forKey: .targetNotes)
        if let model {
            try c.encode(model.lowerBound, forKey: .modelLow)
            try c.encode(model.upperBound, forKey: .modelHigh)
            try c.encode(modelMeetsBand, forKey: .modelMeetsBand)
        }
    }

    /// Whether the model interval reaches the band: some parameter set in it could put the row inside.
    public var modelMeetsBand: Bool? {
        guard let model, let lower, let upper else { return nil }
        return model.upperBound >= lower && model.lowerBound <= upper
    }
}

/// Runs every validation scenario in `Datasets/validation/` and lines the results up with every target in
/// `Datasets/calibration/targets.csv`.
public struct Validator: Sendable {
    public let store: DatasetStore
    public let threads: Int

    public init(store: DatasetStore, threads: Int) {
        self.store = store
        self.threads = threads
    }

    /// The scenario files, sorted by name, decoded with one-line errors.
    public func scenarios() throws -> [ValidationScenario] {
        try store.names(in: ValidationScenario.folder).filter { $0 != Self.notSimulatedName }.map {
            try store.decode(ValidationScenario.self, from: "\(ValidationScenario.folder)/\($0).yaml")
        }
    }

    static let notSimulatedName = "not-simulated"

    /// Every target, in the order of targets.csv; `progress` is told when each scenario finishes. `subjects` caps each
    /// scenario's size (a quick pass; nil runs each at its own size, as the bands assume).
    public func run(fitted: FittedParameters? = nil, subjects: Int? = nil, progress: ((String) -> Void)? = nil) throws -> [ValidationResult] {
        let targets = try CalibrationTarget.load(from: store)
        let known = Set(targets.map(\.id))
        let notSimulated = try store.decode(NotSimulated.self, from: "\(ValidationScenario.folder)/\(Self.notSimulatedName).yaml").targets
        let scenarios = try scenarios()
        try Self.checkEvidence(targets: targets, scenarios: scenarios)
        var measured: [String: ValidationResult] = [:]
        for scenario in scenarios {
            let outcome = try ScenarioOutcome(scenario: scenario, store: store, fitted: fitted,
                                              subjects: subjects.map { min($0, scenario.subjects) }, threads: threads)
            for m in scenario.measurements {
                guard known.contains(m.target) else { throw ValidationError.unknownTarget(scenario: scenario.id, target: m.target) }
                let target = targets.first { $0.id == m.target }!
                let value = try outcome.value(of: m)
                measured[m.target] = ValidationResult(
                    id: m.target, quantity: target.quantity, unit: target.unit, published: target.value,
                    publishedUncertainty: target.uncertainty, simulated: value, lower: m.lower, upper: m.upper,
                    within: value >= m.lower && value <= m.upper, required: m.required, scenario: scenario.id, note: m.bandReason,
                    evidence: target.evidence, source: target.source, population: target.condition, targetNotes: target.notes)
            }
            progress?(scenario.id)
        }
        return try targets.map { target in
            if let result = measured[target.id] { return result }
            guard let reason = notSimulated[target.id] else { throw ValidationError.noScenario(target.id) }
            return ValidationResult(id: target.id, quantity: target.quantity, unit: target.unit, published: target.value,
                                    publishedUncertainty: target.uncertainty, simulated: nil, lower: nil, upper: nil,
                                    within: nil, required: false, scenario: nil, note: reason, evidence: target.evidence,
                                    source: target.source, population: target.condition, targetNotes: target.notes)
        }
    }
}

extension [ValidationResult] {
    /// The required targets outside their band.
    public var failures: [ValidationResult] { filter { $0.required && $0.within == false } }

    /// A plain-text table: target, published value and uncertainty, simulated value, band, offset, verdict.
    public var table: String {
        func f(_ x: Double?) -> String {
            guard let x else { return "-" }
            return abs(x) >= 1000 || (abs(x) < 0.01 && x != 0) ? String(format: "%.4g", x) : String(format: "%.3f", x)
        }
        // The model column only when some row has a model interval (`--uncertainty`), so the default table is unchanged.
        let withModel = contains { $0.model != nil }
        func row(_ cells: [String]) -> String {
            let widths = [24, 12, 11, 22, 11, 24] + (withModel ? [24] : []) + [9]
            let cells = withModel ? cells : cells.enumerated().filter { $0.offset != 6 }.map(\.element)
            return zip(cells, widths + [0]).map { cell, width in
                cell.count >= width ? cell : (width == 11 || width == 9 ? String(repeating: " ", count: width - cell.count) + cell
                                                                         : cell + String(repeating: " ", count: width - cell.count))
            }.joined(separator: " ")
        }
        var lines = [row(["target", "evidence", "published", "uncertainty", "simulated", "band", "model 95 %", "offset", "verdict"])]
        for r in self {
            let verdict: String = switch r.within {
            case .some(true): "inside"
            case .some(false): r.required ? "OUTSIDE" : "outside (not required)"
            case .none: "not simulated"
            }
            let band = r.lower.map { "[\(f($0)), \(f(r.upper))]" } ?? "-"
            let offset = r.offset.map { o in
                r.published.map { $0 != 0 ? String(format: "%+.1f%%", 100 * o / abs($0)) : f(o) } ?? f(o)
            } ?? "-"
            let model = r.model.map { "[\(f($0.lowerBound)), \(f($0.upperBound))]" } ?? "-"
            lines.append(row([r.id, r.evidence.rawValue, f(r.published), String(r.publishedUncertainty.prefix(22)), f(r.simulated), band, model,
                              offset, verdict]))
        }
        let simulated = filter { $0.within != nil }
        lines.append("\(simulated.filter { $0.within == true }.count) of \(simulated.count) simulated targets inside their band; " +
                     "\(failures.count) required outside; \(count - simulated.count) not simulated")
        lines.append(evidenceSummary)
        return lines.joined(separator: "\n")
    }

    /// Simulated targets of each evidence kind and how many lie inside their bands; only `independent` ones
    /// test the model, the others play back what it was fitted to or given.
    public var evidenceSummary: String {
        let counts = CalibrationTarget.Evidence.allCases.map { kind in
            let rows = filter { $0.evidence == kind && $0.within != nil }
            return "\(rows.count) \(kind.rawValue) (\(rows.filter { $0.within == true }.count) inside)"
        }
        return "by evidence: " + counts.joined(separator: ", ") + "; only independent targets count as validation"
    }
}
