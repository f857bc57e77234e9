/// What a substream is used for (its low byte; ``StreamAddress`` owns the packing), so one subject's draws for different purposes
/// never overlap and adding draws for one purpose never shifts another's.
public enum StreamPurpose: UInt32, Sendable {
    case traits = 1
    case deviceNoise = 2
    case protocolJitter = 3
    case regimen = 4
    case outcomes = 5
    case trial = 6
    case endurance = 7
    /// A test visit's day-to-day variation in maximal effort.
    case visitEffort = 8
    /// Traits drawn apart from the correlated ones.
    case separateTraits = 9
    /// A subject's disability response to care, correlated with (but apart from) the pain response.
    case disabilityResponse = 10
    /// When a subject's next LBP episode comes after a visit.
    case recurrence = 11
    /// The designs and resamples of a global sensitivity analysis (never a subject's draws).
    case sensitivity = 12
}

/// A reproducible random stream over Philox4x32-10 whose output depends only on
/// (seed, stream, substream).
///
/// Convention: subject *i* of a run with seed *s* draws from
/// `RandomStream(seed: s, address: .traits(subject: i))` and the like. Because the stream is
/// addressed rather than advanced from shared state, results never depend on
/// thread count, batch size or the order in which subjects are simulated.
///
/// Layout: key = (seed low 32 bits, seed high 32 bits); counter = (block index,
/// substream, stream low 32 bits, stream high 32 bits). Each (seed, stream,
/// substream) therefore owns 2³² blocks = 2³⁴ 32-bit words.
public struct RandomStream: RandomNumberGenerator, Sendable {
    private let key: SIMD2<UInt32>
    /// The counter with the block-index word still zero.
    private let counterBase: SIMD4<UInt32>
    /// Wider than the 32-bit counter word so exhaustion is detectable, not a silent wrap.
    private var nextBlockIndex: UInt64 = 0
    private var buffer = SIMD4<UInt32>()
    /// Words of `buffer` already handed out; 4 means a refill is due (and makes
    /// construction free, since nothing is encrypted until the first draw).
    private var consumed = 4

    public init(seed: UInt64, stream: UInt64, substream: UInt32 = 0) {
        key = SIMD2(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
        counterBase = SIMD4(0, substream,
                            UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32))
    }

    /// The next 32-bit word of the stream.
    public mutating func nextUInt32() -> UInt32 {
        if consumed == 4 { refill() }
        defer { consumed += 1 }
        return buffer[consumed]
    }

    /// Two words, the first in the low half.
    public mutating func next() -> UInt64 {
        let low = UInt64(nextUInt32())
        return low | UInt64(nextUInt32()) << 32
    }

    /// A uniform draw k·2⁻⁵³ with k uniform on 1..<2⁵³: 53 random bits, strictly
    /// inside (0, 1) so quantile transforms stay finite, and symmetric under
    /// u ↦ 1 − u so normals built from it are exactly symmetric.
    ///
    /// k = 0 is redrawn (probability 2⁻⁵³) rather than offset by ½, because
    /// (2⁵³ − ½)·2⁻⁵³ is not representable and would round to 1.
    public mutating func nextUniform() -> Double {
        var k: UInt64
        repeat { k = next() >> 11 } while k == 0
        return Double(k) * 0x1p-53
    }

    /// A standard normal draw by inversion, which uses exactly one uniform per
    /// draw (unlike polar or ziggurat methods), so the stream position after
    /// n normals is fixed.
    public mutating func nextNormal() -> Double {
        StandardNormal.quantile(nextUniform())
    }

    /// A draw from N(mean, sd²); `sd` should be non-negative.
    public mutating func nextNormal(mean: Double, sd: Double) -> Double {
        mean + sd * nextNormal()
    }

    /// One draw from N(mean, sd²) restricted to [lower, upper]; see `TruncatedNormal`.
    /// Construct a `TruncatedNormal` once instead when drawing repeatedly from
    /// the same distribution, to validate and evaluate Φ at the bounds only once.
    public mutating func nextTruncatedNormal(mean: Double, sd: Double,
                                             lower: Double, upper: Double) throws(DistributionError) -> Double {
        try TruncatedNormal(mean: mean, sd: sd, lower: lower, upper: upper).sample(using: &self)
    }

    /// True with probability `p` (always false for p ≤ 0, always true for p ≥ 1).
    public mutating func nextBernoulli(_ p: Double) -> Bool {
        nextUniform() < p
    }

    private mutating func refill() {
        precondition(nextBlockIndex <= UInt64(UInt32.max),
                     "RandomStream exhausted its 2^32 blocks; use another substream")
        var counter = counterBase
        counter[0] = UInt32(nextBlockIndex)
        buffer = Philox4x32.block(counter: counter, key: key)
        nextBlockIndex += 1
        consumed = 0
    }
}
