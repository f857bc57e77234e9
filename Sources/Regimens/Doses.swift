import LumbarDatasets

/// The five families of care a phase can dose; each raw value is the phase's YAML key for its block.
public enum DoseKind: String, CaseIterable, Sendable {
    case core = "core_strengthening"
    case stretching
    case manualTherapy = "manual_therapy"
    case postural
    case aerobics
}

/// What every dose block shares: in a `combined` regimen a block may run at its own rate (aerobics 3×/week
/// beside core work 1×/week), so the phase's `sessions_per_week` is only the default.
public protocol DoseBlock: Sendable {
    /// The block's own sessions per week; nil follows the phase.
    var sessionsPerWeek: Double? { get }
}

/// Isolated lumbar extension on the machine, pelvis restrained or not.
public struct CoreStrengtheningDose: DoseBlock, Decodable, Equatable {
    public enum Mode: String, CaseIterable, Sendable, Decodable {
        case dynamic, isometric
        public init(from decoder: any Decoder) throws { self = try decodeWord(decoder, noun: "mode") }
    }

    /// Seconds for the concentric (up) and eccentric (down) halves of a repetition.
    public struct Tempo: Sendable, Equatable, Decodable {
        public let up: Double
        public let down: Double

        enum CodingKeys: String, CodingKey, CaseIterable { case up, down }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            up = try c.decode(Double.self, forKey: .up)
            try c.require(up > 0 && up.isFinite, .up, "must be a number of seconds > 0, got \(formatted(up))")
            down = try c.decode(Double.self, forKey: .down)
            try c.require(down > 0 && down.isFinite, .down, "must be a number of seconds > 0, got \(formatted(down))")
        }
    }

    /// Sets of repetitions to failure through a range of motion, with a load that rises with performance.
    public struct Dynamic: Sendable, Equatable {
        /// Repetitions per set; reaching the top of the range earns a heavier load next session.
        public let reps: ClosedRange<Int>
        /// The first session's load, as a fraction of the tested maximal torque.
        public let startLoadFraction: Double
        /// The fraction the load rises by once `reps.upperBound` is reached.
        public let loadIncrement: Double
        public let tempo: Tempo
        /// The trained flexion range in degrees (0 = upright, 72 = full flexion on the machine).
        public let romDeg: ClosedRange<Double>
        /// Whether each set goes to momentary failure (ILEX practice) or stops at the top of the rep range.
        public let toFailure: Bool
    }

    /// Maximal holds at fixed flexion angles.
    public struct Isometric: Sendable, Equatable {
        public let holdSeconds: Double
        public let anglesDeg: [Double]
    }

    /// The two modes need different fields, so each carries only its own.
    public enum Work: Sendable, Equatable {
        case dynamic(Dynamic)
        case isometric(Isometric)
    }

    public let sets: Int
    public let pelvicRestraint: Bool
    public let work: Work
    public let sessionsPerWeek: Double?

    public var mode: Mode {
        if case .dynamic = work { return .dynamic }
        return .isometric
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mode, sets, reps, startLoadFraction = "start_load_fraction", loadIncrement = "load_increment", tempo = "tempo_s"
        case romDeg = "rom_deg", toFailure = "to_failure", pelvicRestraint = "pelvic_restraint", holdSeconds = "hold_s", anglesDeg = "angles_deg"
        case sessionsPerWeek = "sessions_per_week"
    }

    private static let modeKeys: [Mode: [CodingKeys]] = [
        .dynamic: [.reps, .startLoadFraction, .loadIncrement, .tempo, .romDeg, .toFailure],
        .isometric: [.holdSeconds, .anglesDeg],
    ]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        let mode = try c.decode(Mode.self, forKey: .mode)
        let other: Mode = mode == .dynamic ? .isometric : .dynamic
        if let key = Self.modeKeys[other, default: []].first(where: c.contains) {
            throw c.failure(at: [key], "only for \(other.rawValue) mode (this block's mode is \(mode.rawValue))")
        }
        sets = try c.decode(Int.self, forKey: .sets)
        try c.require(sets >= 1, .sets, "must be at least 1, got \(sets)")
        pelvicRestraint = try c.decode(Bool.self, forKey: .pelvicRestraint)
        sessionsPerWeek = try c.decodeSessionsPerWeekIfPresent(forKey: .sessionsPerWeek)
        switch mode {
        case .dynamic:
            let reps: ClosedRange<Int> = try c.decodePair(.reps, rule: "[min, max] with 1 <= min <= max") { min, _ in min >= 1 }
            let load = try c.decode(Double.self, forKey: .startLoadFraction)
            try c.require(load > 0 && load <= 1.2, .startLoadFraction,
                          "must be a fraction of the tested maximum within (0, 1.2], got \(formatted(load))")
            let increment = try c.decode(Double.self, forKey: .loadIncrement)
            try c.require((0...0.5).contains(increment), .loadIncrement, "must be within 0-0.5, got \(formatted(increment))")
            let rom: ClosedRange<Double> = try c.decodePair(.romDeg, rule: "[start, end] within 0-72 deg with start < end") {
                $0 >= 0 && $1 <= 72 && $0 < $1
            }
            let toFailure = try c.decodeIfPresent(Bool.self, forKey: .toFailure) ?? true
            work = .dynamic(Dynamic(reps: reps, startLoadFraction: load, loadIncrement: increment,
                                    tempo: try c.decode(Tempo.self, forKey: .tempo), romDeg: rom, toFailure: toFailure))
        case .isometric:
            let hold = try c.decode(Double.self, forKey: .holdSeconds)
            try c.require(hold > 0 && hold.isFinite, .holdSeconds, "must be a number of seconds > 0, got \(formatted(hold))")
            let angles = try c.decode([Double].self, forKey: .anglesDeg)
            try c.require(!angles.isEmpty, .anglesDeg, "must list at least one angle")
            if let bad = angles.firstIndex(where: { !(0...72).contains($0) }) {
                throw c.failure(at: [CodingKeys.anglesDeg, AnyCodingKey(index: bad)],
                                "must be within 0-72 deg, got \(formatted(angles[bad]))")
            }
            work = .isometric(Isometric(holdSeconds: hold, anglesDeg: angles))
        }
    }
}

/// Static stretches for the low back and hamstrings, each held and repeated.
public struct StretchingDose: DoseBlock, Decodable, Equatable {
    public enum Stretch: String, CaseIterable, Sendable, Decodable {
        case kneeToChest = "knee-to-chest", catCow = "cat-cow", childsPose = "childs-pose", hamstring
        public init(from decoder: any Decoder) throws { self = try decodeWord(decoder, noun: "stretch") }
    }

    public let stretches: [Stretch]
    public let holdSeconds: Double
    public let repetitions: Int
    public let sessionsPerWeek: Double?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case stretches, holdSeconds = "hold_s", repetitions, sessionsPerWeek = "sessions_per_week"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        let stretches = try c.decode([Stretch].self, forKey: .stretches)
        try c.require(!stretches.isEmpty, .stretches, "must list at least one stretch")
        if let repeated = stretches.indices.first(where: { stretches[..<$0].contains(stretches[$0]) }) {
            throw c.failure(at: [CodingKeys.stretches, AnyCodingKey(index: repeated)],
                            "'\(stretches[repeated].rawValue)' is listed twice")
        }
        self.stretches = stretches
        holdSeconds = try c.decode(Double.self, forKey: .holdSeconds)
        try c.require(holdSeconds > 0 && holdSeconds <= 300, .holdSeconds, "must be within (0, 300] s, got \(formatted(holdSeconds))")
        repetitions = try c.decode(Int.self, forKey: .repetitions)
        try c.require(repetitions >= 1, .repetitions, "must be at least 1, got \(repetitions)")
        sessionsPerWeek = try c.decodeSessionsPerWeekIfPresent(forKey: .sessionsPerWeek)
    }
}

/// Hands-on treatment by a therapist.
public struct ManualTherapyDose: DoseBlock, Decodable, Equatable {
    public enum Technique: String, CaseIterable, Sendable, Decodable {
        case softTissueMobilisation = "soft-tissue-mobilisation", jointMobilisation = "joint-mobilisation"
        case triggerPointTherapy = "trigger-point-therapy"
        public init(from decoder: any Decoder) throws { self = try decodeWord(decoder, noun: "technique") }
    }

    public let technique: Technique
    public let minutes: Double
    public let sessionsPerWeek: Double?

    enum CodingKeys: String, CodingKey, CaseIterable { case technique, minutes, sessionsPerWeek = "sessions_per_week" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        technique = try c.decode(Technique.self, forKey: .technique)
        minutes = try c.decode(Double.self, forKey: .minutes)
        try c.require(minutes > 0 && minutes <= 120, .minutes, "must be within (0, 120] min, got \(formatted(minutes))")
        sessionsPerWeek = try c.decodeSessionsPerWeekIfPresent(forKey: .sessionsPerWeek)
    }
}

/// Ergonomic settings that apply every day of the phase; the phase's sessions are coaching sessions.
public struct PosturalDose: DoseBlock, Decodable, Equatable {
    public let sittingHoursPerDay: Double
    /// Minutes between standing breaks; nil when no breaks are taken.
    public let breakIntervalMinutes: Double?
    public let lumbarSupport: Bool
    public let sitStandDesk: Bool
    public let sessionsPerWeek: Double?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sittingHoursPerDay = "sitting_hours_per_day", breakIntervalMinutes = "break_interval_min"
        case lumbarSupport = "lumbar_support", sitStandDesk = "sit_stand_desk", sessionsPerWeek = "sessions_per_week"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        sittingHoursPerDay = try c.decode(Double.self, forKey: .sittingHoursPerDay)
        try c.require((0...16).contains(sittingHoursPerDay), .sittingHoursPerDay,
                      "must be within 0-16 h/day, got \(formatted(sittingHoursPerDay))")
        breakIntervalMinutes = try c.decodeIfPresent(Double.self, forKey: .breakIntervalMinutes)
        if let interval = breakIntervalMinutes {
            try c.require((30...60).contains(interval), .breakIntervalMinutes,
                          "must be within 30-60 min, or null for no breaks, got \(formatted(interval))")
        }
        lumbarSupport = try c.decode(Bool.self, forKey: .lumbarSupport)
        sitStandDesk = try c.decode(Bool.self, forKey: .sitStandDesk)
        sessionsPerWeek = try c.decodeSessionsPerWeekIfPresent(forKey: .sessionsPerWeek)
    }
}

/// Low-impact aerobic exercise at a fraction of heart-rate reserve.
public struct AerobicsDose: DoseBlock, Decodable, Equatable {
    public enum Modality: String, CaseIterable, Sendable, Decodable {
        case walking, swimming, waterTherapy = "water-therapy", elliptical, cycling
        public init(from decoder: any Decoder) throws { self = try decodeWord(decoder, noun: "modality") }
    }

    public let modality: Modality
    public let minutes: Double
    /// Fraction of heart-rate reserve.
    public let intensity: Double
    public let sessionsPerWeek: Double?

    enum CodingKeys: String, CodingKey, CaseIterable { case modality, minutes, intensity, sessionsPerWeek = "sessions_per_week" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        modality = try c.decode(Modality.self, forKey: .modality)
        minutes = try c.decode(Double.self, forKey: .minutes)
        try c.require(minutes > 0 && minutes <= 180, .minutes, "must be within (0, 180] min, got \(formatted(minutes))")
        intensity = try c.decode(Double.self, forKey: .intensity)
        try c.require((0.2...0.9).contains(intensity), .intensity,
                      "must be a fraction of heart-rate reserve within 0.2-0.9, got \(formatted(intensity))")
        sessionsPerWeek = try c.decodeSessionsPerWeekIfPresent(forKey: .sessionsPerWeek)
    }
}
