import LumbarNumerics

extension RandomStream {
    /// The load-cell noise stream of one subject's test session: depends on (seed, subject, session) only,
    /// so a test reads the same samples whichever thread, chunk or shard runs it.
    public static func deviceNoise(seed: UInt64, subject: Int, session: Int) -> RandomStream {
        RandomStream(seed: seed, stream: UInt64(subject), substream: StreamPurpose.deviceNoise.rawValue | UInt32(session) << 8)
    }

    /// The load-cell noise stream of one subject's endurance hold.
    public static func enduranceNoise(seed: UInt64, subject: Int) -> RandomStream {
        RandomStream(seed: seed, stream: UInt64(subject), purpose: .endurance)
    }
}
