/// The address of every random stream LumbarSim draws from, in one place.
///
/// A stream is addressed by (seed, stream, substream) rather than advanced from shared state, so results never
/// depend on threads, chunks or shards. The stream is the subject's id (or a trial's list or replicate key); the
/// substream's low byte is the ``StreamPurpose`` and the bytes above it the session, week or use within that
/// purpose. Every packing is written here and nowhere else, and `StreamAddressTests` pins each one: a new draw gets
/// a new address instead of shifting the numbers of every draw after it.
public struct StreamAddress: Hashable, Sendable {
    public let stream: UInt64
    public let substream: UInt32

    private init(stream: UInt64, purpose: StreamPurpose, within: UInt32 = 0) {
        self.stream = stream
        substream = purpose.rawValue | within << 8
    }

    // MARK: a subject's draws

    /// The correlated traits of a cohort's subject.
    public static func traits(subject: Int) -> StreamAddress { .init(stream: UInt64(subject), purpose: .traits) }

    /// Traits drawn apart from the correlated ones.
    public static func separateTraits(subject: Int) -> StreamAddress {
        .init(stream: UInt64(subject), purpose: .separateTraits)
    }

    /// A subject's response to a regimen (trainability and the like), drawn once per course.
    public static func regimenResponse(subject: Int) -> StreamAddress { .init(stream: UInt64(subject), purpose: .regimen) }

    /// A subject's disability response to care, drawn once per course apart from the pain response (which keeps
    /// its numbers), and combined with it at the published correlation.
    public static func disabilityResponse(subject: Int) -> StreamAddress {
        .init(stream: UInt64(subject), purpose: .disabilityResponse)
    }

    /// The uniform draw that times a subject's next LBP episode: one per subject, the same at every visit and in
    /// every arm, so arms differ only by their care.
    public static func recurrence(subject: Int) -> StreamAddress { .init(stream: UInt64(subject), purpose: .recurrence) }

    /// The load-cell noise of one test or training session of a subject (see ``testSession(week:index:armKey:)``).
    public static func deviceNoise(subject: Int, session: Int) -> StreamAddress {
        .init(stream: UInt64(subject), purpose: .deviceNoise, within: UInt32(truncatingIfNeeded: session))
    }

    /// The substream of a session's device noise; the same for every subject (the SIMD kernel adds the subject).
    public static func deviceNoiseSubstream(session: Int) -> UInt32 { deviceNoise(subject: 0, session: session).substream }

    /// The load-cell noise of a subject's endurance hold.
    public static func enduranceNoise(subject: Int) -> StreamAddress { .init(stream: UInt64(subject), purpose: .endurance) }

    /// A test day in calendar week `week`: its maximal-effort factor first, then the measurement errors of the
    /// other outcomes (``testDayEffortDraws`` normals in).
    public static func testDay(subject: Int, week: Int) -> StreamAddress {
        .init(stream: UInt64(subject), purpose: .visitEffort, within: UInt32(truncatingIfNeeded: week))
    }

    /// Normals a test day's stream spends on the effort factor before the measurement errors.
    public static let testDayEffortDraws = 1

    /// The pain and ODI ratings of one test session of a subject.
    public static func ratings(subject: Int, session: Int) -> StreamAddress {
        .init(stream: UInt64(subject), purpose: .outcomes, within: UInt32(truncatingIfNeeded: session))
    }

    // MARK: sessions

    /// The session of a test visit: week 0 is the same visit in every arm (session 0); later visits are the arm's
    /// own (its 16-bit key above the visit's index).
    public static func testSession(week: Int, index: Int, armKey: UInt32) -> Int {
        week == 0 ? 0 : Int(armKey) << 8 | (index & 0xFF)
    }

    /// The session of a `device train` set, apart from every test visit's session.
    public static let trainingSession = 0xFF_FF00

    // MARK: a trial's draws

    /// What a trial draws for, each under ``StreamPurpose/trial`` with its own substream.
    public enum TrialUse: UInt32, CaseIterable, Sendable {
        /// A subject's arm under simple randomisation.
        case allocation = 1
        /// One permuted-block list (the whole trial, or one stratum).
        case blockList = 2
        /// A subject's adherence and loss to follow-up.
        case participation = 3
        /// A subject's attendance, session by session.
        case attendance = 4
        /// The seeds of the repeated trials of a power analysis.
        case replicate = 5
    }

    /// A trial's stream for `use`, keyed by a subject, a block list or a replicate (``powerReplicate(perArm:trial:)``).
    public static func trial(_ use: TrialUse, key: UInt64) -> StreamAddress {
        .init(stream: key, purpose: .trial, within: use.rawValue)
    }

    /// The key of trial `trial` at `perArm` subjects per arm in a power analysis.
    public static func powerReplicate(perArm: Int, trial: Int) -> UInt64 { UInt64(perArm) << 32 | UInt64(trial) }

    // MARK: a sensitivity analysis's draws

    /// What a sensitivity analysis draws for, each under ``StreamPurpose/sensitivity`` with its own substream.
    public enum SensitivityUse: UInt32, CaseIterable, Sendable {
        /// One column of a Latin hypercube (keyed by the column).
        case hypercubeColumn = 1
        /// One Morris trajectory: its starting levels and the order its inputs move in (keyed by the trajectory).
        case morrisTrajectory = 2
        /// One bootstrap resample of the Sobol estimators (keyed by the resample).
        case bootstrap = 3
    }

    /// A sensitivity analysis's stream for `use`, keyed by a column, a trajectory or a resample.
    public static func sensitivity(_ use: SensitivityUse, key: Int) -> StreamAddress {
        .init(stream: UInt64(key), purpose: .sensitivity, within: use.rawValue)
    }
}

extension RandomStream {
    public init(seed: UInt64, address: StreamAddress) {
        self.init(seed: seed, stream: address.stream, substream: address.substream)
    }
}
