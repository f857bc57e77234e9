import LumbarDatasets
import LumbarNumerics

/// `Datasets/trials/defaults.yaml`: the significance level, participation (adherence, loss to follow-up),
/// randomisation and the minimal clinically important differences a trial uses unless the user overrides them.
public struct TrialDefaults: Decodable, Sendable, QuantityValidating {
    /// The randomisation scheme with the reason it is the default.
    public struct Randomisation: Decodable, Sendable {
        public var scheme: RandomisationScheme
        public var source: String?
        public var assumption: String?
    }

    /// Whole numbers with their reason (permuted-block sizes as multiples of the number of arms).
    public struct Multiples: Decodable, Sendable {
        public var values: [Int]
        public var source: String?
        public var assumption: String?
    }

    /// Which way an outcome improves, and by how much a change counts as clinically important.
    public struct Responder: Decodable, Sendable {
        public enum Improvement: String, Decodable, Sendable { case increase, decrease }
        public var improvement: Improvement
        public var mcid: Quantity

        /// Whether the change from `baseline` to `followUp` is at least the MCID in the direction of improvement.
        public func responds(baseline: Double, followUp: Double) -> Bool {
            (improvement == .decrease ? baseline - followUp : followUp - baseline) >= mcid.value
        }
    }

    public var alpha: Quantity
    public var perArm: Quantity
    public var adherence: Quantity
    public var dropout: Quantity
    public var randomisation: Randomisation
    public var blockMultiples: Multiples
    public var powerTrials: Quantity
    /// By outcome name (``TrialOutcome``); outcomes without an entry have no responder analysis.
    public var responders: [String: Responder]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case alpha, perArm = "per_arm", adherence, dropout, randomisation, blockMultiples = "block_multiples"
        case powerTrials = "power_trials", responders
    }

    public static let datasetPath = "trials/defaults.yaml"

    public static func load(from store: DatasetStore) throws -> TrialDefaults {
        try store.decode(TrialDefaults.self, from: datasetPath)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        alpha = try c.decode(Quantity.self, forKey: .alpha)
        perArm = try c.decode(Quantity.self, forKey: .perArm)
        adherence = try c.decode(Quantity.self, forKey: .adherence)
        dropout = try c.decode(Quantity.self, forKey: .dropout)
        randomisation = try c.decode(Randomisation.self, forKey: .randomisation)
        blockMultiples = try c.decode(Multiples.self, forKey: .blockMultiples)
        powerTrials = try c.decode(Quantity.self, forKey: .powerTrials)
        responders = try c.decode([String: Responder].self, forKey: .responders)
    }

    /// The concentration of the beta distribution of adherence (its mean and SD as published).
    public var adherenceConcentration: Double {
        BetaDistribution.concentration(mean: adherence.value, sd: adherence.sd ?? 0) ?? .nan
    }

    public func validateQuantities(path: String) throws {
        func check(_ q: Quantity, _ field: String, _ valid: Bool, _ rule: String) throws {
            try q.validate(at: field)
            guard valid else { throw DatasetError.invalidValue(path: field, reason: "\(q.value) \(rule)") }
        }
        func whole(_ x: Double) -> Bool { x == x.rounded() }
        try check(alpha, "alpha", alpha.value > 0 && alpha.value < 1, "must be within 0-1")
        try check(perArm, "per_arm", perArm.value >= 2 && whole(perArm.value), "must be a whole number >= 2")
        try check(adherence, "adherence", (0...1).contains(adherence.value), "must be within 0-1")
        guard adherenceConcentration.isFinite else {
            throw DatasetError.invalidValue(path: "adherence.sd", reason: "must be > 0 and below sqrt(mean (1 - mean)) for a beta distribution")
        }
        try check(dropout, "dropout", dropout.value >= 0 && dropout.value < 1, "must be within 0-1 (1 excluded)")
        try check(powerTrials, "power_trials", powerTrials.value >= 1 && whole(powerTrials.value), "must be a whole number >= 1")
        for (field, source, assumption) in [("randomisation", randomisation.source, randomisation.assumption),
                                            ("block_multiples", blockMultiples.source, blockMultiples.assumption)]
        where (source ?? "").isEmpty && (assumption ?? "").isEmpty {
            throw DatasetError.invalidValue(path: field, reason: "has neither a source nor an assumption")
        }
        guard !blockMultiples.values.isEmpty, blockMultiples.values.allSatisfy({ $0 >= 1 }) else {
            throw DatasetError.invalidValue(path: "block_multiples.values", reason: "must list whole numbers >= 1")
        }
        for (name, responder) in responders.sorted(by: { $0.key < $1.key }) {
            guard TrialOutcome(rawValue: name) != nil else {
                throw DatasetError.invalidValue(path: "responders.\(name)", reason: "unknown outcome (known: \(TrialOutcome.names))")
            }
            try check(responder.mcid, "responders.\(name).mcid", responder.mcid.value > 0, "must be > 0")
        }
    }
}
