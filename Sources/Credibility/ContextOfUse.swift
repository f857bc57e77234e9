import Foundation
import LumbarDatasets

/// What the model is asked and what rests on the answer (ASME V&V 40's context of use): the question, the decision
/// it informs, the model's influence on that decision and the consequence of a wrong one, and the cohort and arms
/// the question is about. `Datasets/credibility/context.yaml` is the bundled default; a user's copy has the same fields.
public struct ContextOfUse: Codable, Sendable, Equatable {
    public enum Level: String, Codable, Sendable, CaseIterable {
        case low, medium, high

        public init(from decoder: any Decoder) throws {
            let word = try decoder.singleValueContainer().decode(String.self)
            guard let level = Level(rawValue: word) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(word)' is not low, medium or high"))
            }
            self = level
        }

        /// 0, 1 or 2: the row or column of the risk map.
        public var index: Int { Self.allCases.firstIndex(of: self)! }
    }

    public static let defaultFile = "credibility/context.yaml"

    public var question: String
    public var decision: String
    public var influence: Level
    public var consequence: Level
    public var cohort: String
    public var regimens: [String]
    /// Why influence and consequence are set as they are. They are judgements of the user, not measurements, so
    /// the bundled context states its reason here (optional in a user's file).
    public var assumption: String?

    public init(question: String, decision: String, influence: Level, consequence: Level, cohort: String, regimens: [String],
                assumption: String? = nil) {
        self.question = question
        self.decision = decision
        self.influence = influence
        self.consequence = consequence
        self.cohort = cohort
        self.regimens = regimens
        self.assumption = assumption
    }

    /// The bundled default, or the YAML file at `path`; an unknown, missing or misspelt field is a one-line error
    /// naming the file and the field.
    public static func load(_ path: String?, store: DatasetStore) throws -> ContextOfUse {
        guard let path else { return try store.decode(ContextOfUse.self, from: defaultFile) }
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw DatasetError.notFound("context of use file \(path)") }
        return try DataFile.decode(ContextOfUse.self, from: url, displayName: path)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        question = try c.decode(String.self, forKey: .question)
        decision = try c.decode(String.self, forKey: .decision)
        influence = try c.decode(Level.self, forKey: .influence)
        consequence = try c.decode(Level.self, forKey: .consequence)
        cohort = try c.decode(String.self, forKey: .cohort)
        regimens = try c.decode([String].self, forKey: .regimens)
        assumption = try c.decodeIfPresent(String.self, forKey: .assumption)
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case question, decision, influence, consequence, cohort, regimens, assumption }
}

/// The model risk of a context of use: influence × consequence on the map of `Datasets/credibility/model-risk.yaml`.
public struct ModelRisk: Codable, Sendable, Equatable {
    public static let file = "credibility/model-risk.yaml"

    /// 1 (lowest) to 5 (highest), as the map gives it, and its name.
    public var level: Int
    public var name: String
    public var source: String
    /// The map's `confidence`: "assumption" while its cells are not read from the standard.
    public var confidence: String

    struct Map: Decodable {
        var source: String
        var confidence: String
        var assumption: String?
        var levels: [[Int]]
        var names: [Int: String]
    }

    public init(_ context: ContextOfUse, store: DatasetStore) throws {
        let map = try store.decode(Map.self, from: Self.file)
        let path = "Datasets/\(Self.file)"
        guard map.levels.count == 3, map.levels.allSatisfy({ $0.count == 3 }) else {
            throw DatasetError.invalidValue(path: "\(path): levels", reason: "must be 3 rows (influence) of 3 columns (consequence)")
        }
        level = map.levels[context.influence.index][context.consequence.index]
        guard let name = map.names[level] else { throw DatasetError.invalidValue(path: "\(path): names", reason: "no name for level \(level)") }
        self.name = name
        source = map.source
        confidence = map.confidence
    }
}
