import Foundation
import LumbarDatasets

/// The kind of care a regimen gives; single kinds give one dose, `combined` any mix, `control` none.
public enum RegimenKind: String, CaseIterable, Sendable, Decodable {
    case coreStrengthening = "core-strengthening", stretching, manualTherapy = "manual-therapy"
    case posturalErgonomic = "postural-ergonomic", lowImpactAerobics = "low-impact-aerobics", combined, control

    /// The one dose a single-kind regimen gives; nil for `combined` and `control`.
    public var dose: DoseKind? {
        switch self {
        case .coreStrengthening: .core
        case .stretching: .stretching
        case .manualTherapy: .manualTherapy
        case .posturalErgonomic: .postural
        case .lowImpactAerobics: .aerobics
        case .combined, .control: nil
        }
    }

    public init(from decoder: any Decoder) throws { self = try decodeWord(decoder, noun: "kind") }
}

/// A course of care as written in `Datasets/regimens/*.yaml` or a user's copy: phases of sessions, and the
/// weeks at which the isometric test is repeated.
///
/// Decoding checks every rule (known fields and words, ranges, doses that fit the kind, whole-number
/// schedules), so a `Regimen` that exists is valid; its schedule functions are pure.
public struct Regimen: Sendable, Equatable, Decodable {
    public let name: String
    public let kind: RegimenKind
    public let description: String
    /// A key of `Datasets/references.yaml` for the protocol the regimen follows.
    public let source: String?
    /// Why the regimen looks as it does when no source gives it.
    public let assumption: String?
    /// Test weeks asked for besides week 0 and the phase ends (`tests_at_weeks`).
    public let extraTestWeeks: [Int]
    public let phases: [Phase]

    /// The `Datasets/` folder of bundled regimens.
    public static let folder = "regimens"

    /// A course's total length: ten years, as one phase's (``Phase/maxWeeks``); it also bounds the number of phases,
    /// each at least a week, so that a file cannot ask for schedules without end.
    public static let maxTotalWeeks = Phase.maxWeeks

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, kind, description, source, assumption, testsAtWeeks = "tests_at_weeks", phases
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        try c.require(!name.isEmpty, .name, "must not be empty")
        kind = try c.decode(RegimenKind.self, forKey: .kind)
        description = try c.decode(String.self, forKey: .description)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        try c.require(source?.isEmpty != true, .source, "must name a reference key, or be left out")
        assumption = try c.decodeIfPresent(String.self, forKey: .assumption)
        try c.require(assumption?.isEmpty != true, .assumption, "must say why, or be left out")
        let count = try c.nestedUnkeyedContainer(forKey: .phases).count ?? 0
        try c.require(count <= Self.maxTotalWeeks, .phases, "lists \(count) phases; a course lasts at most \(Self.maxTotalWeeks) weeks")
        phases = try c.decode([Phase].self, forKey: .phases)
        try c.require(!phases.isEmpty, .phases, "must list at least one phase")
        let weeks = phases.reduce(0) { $0 + $1.weeks }
        try c.require(weeks <= Self.maxTotalWeeks, .phases, "last \(weeks) weeks; a course lasts at most \(Self.maxTotalWeeks) weeks")
        for (index, phase) in phases.enumerated() {
            try Self.checkDoses(of: phase, at: [CodingKeys.phases, AnyCodingKey(index: index)], kind: kind, in: c)
        }
        extraTestWeeks = try c.decodeIfPresent([Int].self, forKey: .testsAtWeeks) ?? []
        if let bad = extraTestWeeks.firstIndex(where: { !(0...weeks).contains($0) }) {
            throw c.failure(at: [CodingKeys.testsAtWeeks, AnyCodingKey(index: bad)],
                            "week \(extraTestWeeks[bad]) is outside the regimen's weeks 0-\(weeks)")
        }
    }

    /// The rules that tie a phase's dose blocks to the regimen's kind.
    private static func checkDoses(of phase: Phase, at path: [any CodingKey], kind: RegimenKind,
                                   in c: KeyedDecodingContainer<CodingKeys>) throws {
        let carried = DoseKind.allCases.filter { phase.block($0) != nil }
        let rateKey = Phase.CodingKeys.sessionsPerWeek
        switch kind.dose {
        case let own?:
            if let foreign = carried.first(where: { $0 != own }) {
                throw c.failure(at: path + [AnyCodingKey(foreign.rawValue)],
                                "a \(kind.rawValue) regimen carries only \(own.rawValue) (use kind: combined to mix doses)")
            }
            if phase.sessionsPerWeek > 0 && phase.block(own) == nil {
                throw c.failure(at: path + [AnyCodingKey(own.rawValue)],
                                "missing: a \(kind.rawValue) phase with sessions needs this dose block")
            }
            if phase.block(own)?.sessionsPerWeek != nil {
                throw c.failure(at: path + [AnyCodingKey(own.rawValue), rateKey],
                                "only combined regimens give a dose block its own rate; set the phase's sessions_per_week")
            }
        case nil where kind == .combined:
            if phase.sessionsPerWeek > 0 && carried.isEmpty {
                throw c.failure(at: path, "a combined phase with sessions needs at least one dose block "
                                    + "(\(DoseKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        case nil:
            if phase.sessionsPerWeek != 0 {
                throw c.failure(at: path + [rateKey], "must be 0: a control regimen is usual care, without sessions")
            }
            if let dose = carried.first {
                throw c.failure(at: path + [AnyCodingKey(dose.rawValue)], "a control regimen carries no dose blocks")
            }
        }
    }

    public var totalWeeks: Int { phases.reduce(0) { $0 + $1.weeks } }

    /// Weeks of the isometric test, sorted and unique: week 0, the end of every phase, and `extraTestWeeks`.
    public var testWeeks: [Int] {
        let ends = phases.reduce(into: [Int]()) { $0.append(($0.last ?? 0) + $1.weeks) }
        return Set([0] + ends + extraTestWeeks).sorted()
    }

    /// The phase in force on `day` (0-based from the regimen start), or nil outside the regimen.
    public func phase(atDay day: Int) -> (index: Int, phase: Phase)? {
        guard day >= 0 else { return nil }
        var start = 0
        for (index, phase) in phases.enumerated() {
            start += 7 * phase.weeks
            if day < start { return (index, phase) }
        }
        return nil
    }

    /// The days (0-based from the regimen start) with a session of `dose`, ascending; each phase spreads its
    /// sessions evenly from its first day.
    public func sessionDays(for dose: DoseKind) -> [Int] {
        var days: [Int] = []
        var start = 0
        for phase in phases {
            days += phase.sessionDays(for: dose).map { start + $0 }
            start += 7 * phase.weeks
        }
        return days
    }

    /// The ergonomic settings in force on `day`: those of a phase that gives postural care, every day of it.
    public func dailyPostural(atDay day: Int) -> PosturalDose? {
        guard let phase = phase(atDay: day)?.phase, phase.sessionsPerWeek(for: .postural) > 0 else { return nil }
        return phase.postural
    }

    /// A bundled regimen by name, or a regimen file by path; errors name the file as the user gave it.
    public static func load(_ nameOrPath: String, from store: DatasetStore) throws -> Regimen {
        let url = try store.resolve(nameOrPath, in: folder, kind: "regimen")
        let bundledName = store.displayName(url)
        return try DataFile.decode(Regimen.self, from: url, displayName: bundledName == url.path ? nameOrPath : bundledName)
    }

    /// The names `load` accepts without a path.
    public static func bundledNames(in store: DatasetStore) -> [String] { store.names(in: folder) }
}
