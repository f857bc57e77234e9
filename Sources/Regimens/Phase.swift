import LumbarDatasets

/// A run of weeks with one session rate and the doses each session gives.
///
/// A block in a phase whose rate for it is 0 is allowed and ignored: it lets a user set a phase to rest
/// (detraining) by changing only `sessions_per_week`.
public struct Phase: Sendable, Equatable, Decodable {
    public let weeks: Int
    /// Sessions per week: 0 is rest, 0.5 every other week, 0.25 every fourth week, 7 daily.
    public let sessionsPerWeek: Double
    public let core: CoreStrengtheningDose?
    public let stretching: StretchingDose?
    public let manualTherapy: ManualTherapyDose?
    public let postural: PosturalDose?
    public let aerobics: AerobicsDose?

    /// Ten years; a longer phase is almost certainly a typo, and would only build huge schedules.
    public static let maxWeeks = 520

    enum CodingKeys: String, CodingKey, CaseIterable {
        case weeks, sessionsPerWeek = "sessions_per_week", core = "core_strengthening", stretching
        case manualTherapy = "manual_therapy", postural, aerobics
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        weeks = try c.decode(Int.self, forKey: .weeks)
        try c.require((1...Self.maxWeeks).contains(weeks), .weeks, "must be within 1-\(Self.maxWeeks) weeks, got \(weeks)")
        sessionsPerWeek = try c.decodeSessionsPerWeek(forKey: .sessionsPerWeek)
        if let problem = Self.scheduleProblem(rate: sessionsPerWeek, weeks: weeks) {
            throw c.failure(at: [CodingKeys.sessionsPerWeek], problem)
        }
        core = try c.decodeIfPresent(CoreStrengtheningDose.self, forKey: .core)
        stretching = try c.decodeIfPresent(StretchingDose.self, forKey: .stretching)
        manualTherapy = try c.decodeIfPresent(ManualTherapyDose.self, forKey: .manualTherapy)
        postural = try c.decodeIfPresent(PosturalDose.self, forKey: .postural)
        aerobics = try c.decodeIfPresent(AerobicsDose.self, forKey: .aerobics)
        for dose in DoseKind.allCases {
            if let own = block(dose)?.sessionsPerWeek, let problem = Self.scheduleProblem(rate: own, weeks: weeks) {
                throw c.failure(at: [AnyCodingKey(dose.rawValue), CodingKeys.sessionsPerWeek], problem)
            }
        }
    }

    /// The dose block this phase carries for `dose`, if any.
    public func block(_ dose: DoseKind) -> (any DoseBlock)? {
        switch dose {
        case .core: core
        case .stretching: stretching
        case .manualTherapy: manualTherapy
        case .postural: postural
        case .aerobics: aerobics
        }
    }

    /// The rate at which `dose` is given: the block's own rate, else the phase's; 0 without the block.
    public func sessionsPerWeek(for dose: DoseKind) -> Double {
        guard let block = block(dose) else { return 0 }
        return block.sessionsPerWeek ?? sessionsPerWeek
    }

    /// How many sessions of `dose` the phase holds (a whole number: decoding checks it).
    public func sessionCount(for dose: DoseKind) -> Int {
        Int((sessionsPerWeek(for: dose) * Double(weeks)).rounded())
    }

    /// Session days counted from the phase's first day, spread evenly: session j of N falls on day
    /// floor(j · 7W / N), so 1×/week lands on the same weekday and 0.25×/week every 28 days.
    func sessionDays(for dose: DoseKind) -> [Int] {
        let count = sessionCount(for: dose)
        return (0..<count).map { $0 * 7 * weeks / count }
    }

    /// Why `rate` sessions a week over `weeks` makes no schedule, or nil when it makes one.
    static func scheduleProblem(rate: Double, weeks: Int) -> String? {
        let sessions = rate * Double(weeks)
        let description = "\(formatted(rate)) sessions/week over \(weeks) weeks"
        if abs(sessions - sessions.rounded()) > 1e-9 {
            return "\(description) is \(formatted(sessions)) sessions, not a whole number"
        }
        if rate > 0 && sessions.rounded() < 1 { return "\(description) gives no session" }
        return nil
    }
}
