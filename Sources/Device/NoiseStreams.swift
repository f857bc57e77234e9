import LumbarNumerics
import SamplingKernel

extension RandomStream {
    /// The load-cell noise stream of one subject's test session: depends on (seed, subject, session) only,
    /// so a test reads the same samples whichever thread, chunk or shard runs it.
    public static func deviceNoise(seed: UInt64, subject: Int, session: Int) -> RandomStream {
        RandomStream(seed: seed, address: .deviceNoise(subject: subject, session: session))
    }

    /// The load-cell noise stream of one subject's endurance hold.
    public static func enduranceNoise(seed: UInt64, subject: Int) -> RandomStream {
        RandomStream(seed: seed, address: .enduranceNoise(subject: subject))
    }
}

extension LoadCellConstants {
    /// The kernel's view of a device's load-cell chain in one session of the subjects' device-noise streams;
    /// the same numbers ``LoadCell`` uses per sample.
    public init(settings s: DeviceSettings, seed: UInt64, session: Int) {
        let halfCodes = Double(1 << (s.adcBits - 1))
        self.init(noiseSD: s.noiseSdNm, lsb: s.fullScaleNm / halfCodes, minCode: -halfCodes, maxCode: halfCodes - 1,
                  alpha: s.antiAliasAlpha, driftPerSample: s.driftPerSampleNm, flicker: s.flicker, seed: seed,
                  substream: StreamAddress.deviceNoiseSubstream(session: session))
    }
}
