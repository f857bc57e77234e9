import LumbarDatasets
import Regimens

/// `Datasets/trials/outcome-evidence.yaml`: for each outcome and kind of care, whether the simulated effect is a
/// prediction of the model's mechanisms or an input taken from evidence synthesis, and on what it rests. Every
/// output that carries an effect (effects.csv, report.md) says so, so an echoed meta-analysis is not read as a
/// prediction.
public struct OutcomeEvidence: Decodable, Sendable {
    /// One label: its kind (`mechanism`, `input`), the bibliography keys it rests on and a sentence saying how.
    public struct Label: Decodable, Sendable, Equatable {
        public enum Kind: String, Decodable, Sendable { case mechanism, input }
        public var evidence: Kind
        public var sources: [String]
        public var basis: String

        enum CodingKeys: String, CodingKey, CaseIterable { case evidence, sources, basis }

        /// The basis followed by its bibliography keys (Datasets/references.yaml), as outputs print it.
        public var described: String { basis + (sources.isEmpty ? "" : " (" + sources.joined(separator: ", ") + ")") }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            evidence = try c.decode(Kind.self, forKey: .evidence)
            sources = try c.decode([String].self, forKey: .sources)
            basis = try c.decode(String.self, forKey: .basis)
            guard !basis.isEmpty else { throw DecodingError.dataCorruptedError(forKey: .basis, in: c, debugDescription: "empty basis") }
            guard evidence == .mechanism || !sources.isEmpty else {
                throw DecodingError.dataCorruptedError(forKey: .sources, in: c, debugDescription: "an input needs at least one source")
            }
        }
    }

    /// The key of an outcome's entry that applies to arms of kinds without their own.
    public static let otherKinds = "other"

    public var fallback: Label
    /// By outcome name, then regimen kind (or ``otherKinds``).
    public var outcomes: [String: [String: Label]]

    enum CodingKeys: String, CodingKey, CaseIterable { case fallback = "default", outcomes }

    public static let datasetPath = "trials/outcome-evidence.yaml"

    public static func load(from store: DatasetStore) throws -> OutcomeEvidence {
        try store.decode(OutcomeEvidence.self, from: datasetPath)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        fallback = try c.decode(Label.self, forKey: .fallback)
        outcomes = try c.decode([String: [String: Label]].self, forKey: .outcomes)
        let kinds = Set(RegimenKind.allCases.map(\.rawValue) + [Self.otherKinds])
        for (outcome, byKind) in outcomes {
            guard Self.outcomeNames.contains(outcome) else {
                throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [CodingKeys.outcomes, AnyCodingKey(outcome)],
                                                        debugDescription: "unknown outcome (known: \(Self.outcomeNames.joined(separator: ", ")))"))
            }
            if let kind = byKind.keys.first(where: { !kinds.contains($0) }) {
                throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [CodingKeys.outcomes, AnyCodingKey(outcome), AnyCodingKey(kind)],
                                                        debugDescription: "unknown regimen kind (known: \(kinds.sorted().joined(separator: ", ")))"))
            }
        }
    }

    /// Every outcome a trial reports: the continuous ones and recurrence.
    public static var outcomeNames: [String] { TrialOutcome.allCases.map(\.rawValue) + [RecurrenceRow.outcome] }

    /// The label of `outcome`'s effect in an arm of `kind`.
    public func label(_ outcome: TrialOutcome, kind: RegimenKind) -> Label { label(named: outcome.rawValue, kind: kind) }

    /// The label of recurrence's risk ratio in an arm of `kind`.
    public func label(recurrence kind: RegimenKind) -> Label { label(named: RecurrenceRow.outcome, kind: kind) }

    func label(named outcome: String, kind: RegimenKind) -> Label {
        guard let byKind = outcomes[outcome] else { return fallback }
        return byKind[kind.rawValue] ?? byKind[Self.otherKinds] ?? fallback
    }
}
