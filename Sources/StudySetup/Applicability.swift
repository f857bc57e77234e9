import Cohort
import Foundation
import LumbarDatasets
import Regimens

/// The populations behind each mechanism of the model (`Datasets/credibility/applicability.yaml`), and the check of
/// a run's cohort and regimens against them: a mechanism used outside what its sources studied gives a warning.
public struct Applicability: Sendable {
    public static let file = "credibility/applicability.yaml"
    /// What a mechanism answers to when every arm passes through it rather than one kind of dose.
    public static let everyArm = "every_arm"

    /// One study behind a mechanism: who it enrolled and which doses it gave (nil where not read).
    public struct Source: Decodable, Sendable, Equatable {
        public var source: String
        public var locator: String
        public var condition: [String]
        public var sex: [String]?
        public var ageY: [Double]?
        public var ageBasis: String?
        public var sessionsPerWeek: [Double]?
        public var weeks: [Double]?

        enum CodingKeys: String, CodingKey {
            case source, locator, condition, sex, ageY = "age_y", ageBasis = "age_basis"
            case sessionsPerWeek = "sessions_per_week", weeks
        }
    }

    public struct Mechanism: Decodable, Sendable, Equatable {
        public var appliesTo: String
        public var sources: [Source]

        enum CodingKeys: String, CodingKey { case appliesTo = "applies_to", sources }
    }

    /// The mechanisms by name, in name order.
    public let mechanisms: [(name: String, mechanism: Mechanism)]

    public init(store: DatasetStore) throws {
        let decoded = try store.decode([String: Mechanism].self, from: Self.file)
        for (name, mechanism) in decoded {
            let path = "Datasets/\(Self.file): \(name)"
            guard mechanism.appliesTo == Self.everyArm || DoseKind(rawValue: mechanism.appliesTo) != nil else {
                throw DatasetError.invalidValue(path: "\(path).applies_to", reason: "'\(mechanism.appliesTo)' is not every_arm or a dose block")
            }
            for (i, source) in mechanism.sources.enumerated() {
                for (field, range) in [("age_y", source.ageY), ("sessions_per_week", source.sessionsPerWeek), ("weeks", source.weeks)] {
                    guard let range else { continue }
                    guard range.count == 2, range[0] <= range[1] else {
                        throw DatasetError.invalidValue(path: "\(path).sources[\(i)].\(field)", reason: "must be [lower, upper]")
                    }
                }
            }
        }
        mechanisms = decoded.keys.sorted().map { ($0, decoded[$0]!) }
    }

    /// What a run puts through the model: the cohort's condition, sexes and age span, and each arm's doses.
    public struct Use: Sendable, Equatable {
        public var cohort: String
        public var condition: String
        public var sexes: [String]
        /// The cohort's age span: mean ± 2 SD of each sex, within the trait's bounds.
        public var ageY: ClosedRange<Double>
        public var arms: [ArmDose]

        public struct ArmDose: Sendable, Equatable {
            public var arm: String
            /// Per dose block given: the highest rate of any phase and the weeks of the phases that give it.
            public var doses: [String: (sessionsPerWeek: Double, weeks: Double)]

            public static func == (a: ArmDose, b: ArmDose) -> Bool {
                a.arm == b.arm && a.doses.keys.sorted() == b.doses.keys.sorted()
                    && a.doses.keys.allSatisfy { a.doses[$0]! == b.doses[$0]! }
            }
        }

        public init(cohort definition: CohortDefinition, regimens: [Regimen]) {
            cohort = definition.name
            condition = definition.clbp ? "clbp" : "healthy"
            let male = definition.maleFraction.value
            sexes = (male > 0 ? ["M"] : []) + (male < 1 ? ["F"] : [])
            var low = Double.infinity, high = -Double.infinity
            if let age = definition.traits["age_y"] {
                for sex in sexes {
                    let q = sex == "M" ? age.M : age.F
                    let sd = q.sd ?? 0
                    low = min(low, max(age.lower, q.value - 2 * sd))
                    high = max(high, min(age.upper, q.value + 2 * sd))
                }
            }
            ageY = low <= high ? low...high : 0...0
            arms = regimens.map { regimen in
                var doses: [String: (Double, Double)] = [:]
                for dose in DoseKind.allCases {
                    let phases = regimen.phases.filter { $0.sessionsPerWeek(for: dose) > 0 }
                    guard !phases.isEmpty else { continue }
                    doses[dose.rawValue] = (phases.map { $0.sessionsPerWeek(for: dose) }.max()!, Double(phases.reduce(0) { $0 + $1.weeks }))
                }
                return ArmDose(arm: regimen.name, doses: doses)
            }
        }
    }

    /// One mechanism against the use: the sources' union of each range, and what falls outside it.
    public struct Finding: Sendable, Equatable, Codable {
        public var mechanism: String
        public var appliesTo: String
        public var sources: [String]
        public var conditions: [String]
        public var sexes: [String]
        /// Union of the sources' age ranges; nil when no source's ages were read.
        public var ageY: [Double]?
        /// The arms the mechanism acts in (every arm, or those giving its dose).
        public var arms: [String]
        public var warnings: [String]

        enum CodingKeys: String, CodingKey {
            case mechanism, appliesTo = "applies_to", sources, conditions, sexes, ageY = "age_y", arms, warnings
        }
    }

    /// Every mechanism the use exercises, with its warnings.
    public func check(_ use: Use) -> [Finding] {
        mechanisms.compactMap { name, m in
            let arms = m.appliesTo == Self.everyArm ? use.arms.map(\.arm) : use.arms.filter { $0.doses[m.appliesTo] != nil }.map(\.arm)
            guard m.appliesTo == Self.everyArm || !arms.isEmpty else { return nil }
            let sources = m.sources
            let conditions = Array(Set(sources.flatMap(\.condition))).sorted()
            let sexes = Array(Set(sources.compactMap(\.sex).flatMap { $0 })).sorted()
            let ages = sources.compactMap(\.ageY)
            let age = ages.isEmpty ? nil : [ages.map { $0[0] }.min()!, ages.map { $0[1] }.max()!]
            var warnings: [String] = []
            if !conditions.contains(use.condition) {
                warnings.append("\(name): cohort \(use.cohort) is \(use.condition); its sources studied \(conditions.joined(separator: ", "))")
            }
            let missing = use.sexes.filter { !sexes.isEmpty && !sexes.contains($0) }
            if !missing.isEmpty {
                warnings.append("\(name): cohort \(use.cohort) includes sex \(missing.joined(separator: ", ")); its sources studied \(sexes.joined(separator: ", "))")
            }
            if let age, use.ageY.lowerBound < age[0] || use.ageY.upperBound > age[1] {
                warnings.append("\(name): cohort \(use.cohort) spans \(Self.format(use.ageY.lowerBound))-\(Self.format(use.ageY.upperBound)) y (mean +-2 SD); "
                                + "its sources \(Self.span(age[0], age[1])) y")
            }
            if m.appliesTo != Self.everyArm {
                for arm in use.arms {
                    guard let dose = arm.doses[m.appliesTo] else { continue }
                    for (what, value, ranges) in [("sessions/week", dose.sessionsPerWeek, sources.compactMap(\.sessionsPerWeek)),
                                                  ("weeks", dose.weeks, sources.compactMap(\.weeks))] where !ranges.isEmpty {
                        let low = ranges.map { $0[0] }.min()!, high = ranges.map { $0[1] }.max()!
                        if value < low || value > high {
                            warnings.append("\(name): arm \(arm.arm) gives \(Self.format(value)) \(what); its sources \(Self.span(low, high))")
                        }
                    }
                }
            }
            return Finding(mechanism: name, appliesTo: m.appliesTo, sources: sources.map(\.source), conditions: conditions,
                           sexes: sexes, ageY: age, arms: arms, warnings: warnings)
        }
    }

    /// A range as written in the data, one number when its ends agree ("4", not "4-4").
    static func span(_ low: Double, _ high: Double) -> String {
        low == high ? format(low) : "\(format(low))-\(format(high))"
    }

    /// A number as written in the data: whole numbers without decimals.
    static func format(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x)
    }
}

extension RunSetup {
    /// The applicability warnings of each of this setup's cohorts with `regimens` (default: the setup's own), one
    /// line each, in cohort order.
    public func applicabilityWarnings(regimens: [Regimen]? = nil) throws -> [String] {
        let applicability = try Applicability(store: store)
        return samplers.flatMap { applicability.check(Applicability.Use(cohort: $0.definition, regimens: regimens ?? self.regimens)).flatMap(\.warnings) }
    }
}
