import LumbarDatasets
import Physiology

/// A virtual population as written in `Datasets/cohorts/*.yaml`: sex mix, trait distributions by sex, bounds,
/// and one correlation matrix across traits.
public struct CohortDefinition: Codable, Sendable, QuantityValidating, RefusesUnknownKeys {
    public struct Trait: Codable, Sendable {
        public var lower: Double
        public var upper: Double
        public var M: Quantity
        public var F: Quantity

        public func distribution(for sex: Sex) -> Quantity { sex == .male ? M : F }
    }

    public struct Correlation: Codable, Sendable {
        public var traits: [String]
        public var matrix: [[Double]]
        public var source: String?
        public var assumption: String?
    }

    public var name: String
    public var description: String
    public var clbp: Bool
    public var maleFraction: Quantity
    /// Pain-related loss of activation at full extension, tapering to none at 72° (0 for pain-free cohorts).
    public var extensionInhibition: Quantity
    public var traits: [String: Trait]
    public var correlation: Correlation

    enum CodingKeys: String, CodingKey {
        case name, description, clbp, maleFraction = "male_fraction", extensionInhibition = "extension_inhibition", traits, correlation
    }

    /// The traits a cohort must define, in the order subjects.csv reports them.
    public static let traitNames = [
        "age_y", "height_cm", "mass_kg", "csa_multifidus_cm2", "csa_longissimus_cm2", "csa_iliocostalis_cm2",
        "fat_fraction", "specific_tension_scale", "activation", "moment_arm_scale", "passive_scale",
        "lumbar_rom_deg", "slr_deg", "pain_vas", "odi",
    ]

    public static let defaultName = "healthy-adults"

    /// Refuses trait bounds outside the physical limits of `Datasets/limits.yaml` (a file's bounds cannot vouch
    /// for themselves).
    public func checkLimits(_ limits: PhysicalLimits) throws {
        for name in Self.traitNames {
            guard let trait = traits[name], let limit = limits.traits[name] else { continue }
            for (end, value) in [("lower", trait.lower), ("upper", trait.upper)] where !(limit.lower...limit.upper).contains(value) {
                throw DatasetError.invalidValue(path: "traits.\(name).\(end)", reason:
                    "\(value) is outside the physical limits \(limit.lower)-\(limit.upper) \(limit.unit) (\(PhysicalLimits.file))")
            }
        }
    }

    public func validateQuantities(path: String) throws {
        try maleFraction.validate(at: "male_fraction")
        guard (0...1).contains(maleFraction.value) else {
            throw DatasetError.invalidValue(path: "male_fraction", reason: "must be within 0-1")
        }
        try extensionInhibition.validate(at: "extension_inhibition")
        guard (0...1).contains(extensionInhibition.value) else {
            throw DatasetError.invalidValue(path: "extension_inhibition", reason: "must be within 0-1")
        }
        let known = Set(Self.traitNames)
        if let unknown = traits.keys.sorted().first(where: { !known.contains($0) }) {
            throw DatasetError.invalidValue(path: "traits.\(unknown)", reason: "unknown trait (known: \(Self.traitNames.joined(separator: ", ")))")
        }
        for name in Self.traitNames {
            guard let trait = traits[name] else { throw DatasetError.invalidValue(path: "traits.\(name)", reason: "missing") }
            guard trait.lower.isFinite, trait.upper.isFinite, trait.lower < trait.upper else {
                throw DatasetError.invalidValue(path: "traits.\(name)", reason: "lower must be below upper")
            }
            for sex in Sex.allCases {
                let q = trait.distribution(for: sex)
                let field = "traits.\(name).\(sex.rawValue)"
                try q.validate(at: field)
                guard let sd = q.sd, sd > 0 else { throw DatasetError.invalidValue(path: field, reason: "sd must be given and > 0") }
                guard q.value > trait.lower, q.value < trait.upper else {
                    throw DatasetError.invalidValue(path: field, reason: "mean \(q.value) is outside [\(trait.lower), \(trait.upper)]")
                }
            }
        }
        if (correlation.source ?? "").isEmpty && (correlation.assumption ?? "").isEmpty {
            throw DatasetError.invalidValue(path: "correlation", reason: "has neither a source nor an assumption")
        }
        guard Set(correlation.traits) == known, correlation.traits.count == known.count else {
            throw DatasetError.invalidValue(path: "correlation.traits", reason: "must list each trait once: \(Self.traitNames.joined(separator: ", "))")
        }
        let n = correlation.traits.count
        guard correlation.matrix.count == n, correlation.matrix.allSatisfy({ $0.count == n }) else {
            throw DatasetError.invalidValue(path: "correlation.matrix", reason: "must be \(n)x\(n)")
        }
        for i in 0..<n {
            guard correlation.matrix[i][i] == 1 else {
                throw DatasetError.invalidValue(path: "correlation.matrix[\(i)][\(i)]", reason: "diagonal must be 1")
            }
            for j in 0..<n {
                let r = correlation.matrix[i][j]
                guard r.isFinite, abs(r) <= 1 else { throw DatasetError.invalidValue(path: "correlation.matrix[\(i)][\(j)]", reason: "must be within -1..1") }
                guard r == correlation.matrix[j][i] else {
                    throw DatasetError.invalidValue(path: "correlation.matrix[\(i)][\(j)]", reason: "matrix is not symmetric")
                }
            }
        }
    }
}
