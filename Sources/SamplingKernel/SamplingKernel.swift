import LumbarNumerics

/// The load-cell settings a batch shares in one session.
public struct LoadCellConstants: Sendable, Equatable {
    public var noiseSD: Double
    public var lsb: Double
    public var minCode: Double
    public var maxCode: Double
    /// Smoothing factor of the first-order anti-aliasing filter and zero drift per sample (N·m).
    public var alpha: Double
    public var driftPerSample: Double
    public var seed: UInt64
    /// The device-noise substream of the session (purpose and session index).
    public var substream: UInt32

    public init(noiseSD: Double, lsb: Double, minCode: Double, maxCode: Double, alpha: Double, driftPerSample: Double,
                seed: UInt64, substream: UInt32) {
        self.noiseSD = noiseSD
        self.lsb = lsb
        self.minCode = minCode
        self.maxCode = maxCode
        self.alpha = alpha
        self.driftPerSample = driftPerSample
        self.seed = seed
        self.substream = substream
    }
}

/// Eight subjects' constants for one segment of samples, one subject per lane (structure of arrays).
public struct LaneGroup: Sendable {
    /// Maximal active torque, passive torque and uncancelled torso torque at the segment's angle, N·m.
    public var active: SIMD8<Double>
    public var passive: SIMD8<Double>
    public var gravity: SIMD8<Double>
    /// The session's load-cell gain and zero offset, and the software's tare, per subject.
    public var gain: SIMD8<Double>
    public var offset: SIMD8<Double>
    public var tare: SIMD8<Double>
    /// Subject ids (the noise streams), split in 32-bit halves.
    public var streamLow: SIMD8<UInt32>
    public var streamHigh: SIMD8<UInt32>
    /// Index of the stream word that sample 0 of the segment draws from (even), per subject.
    public var firstWord: SIMD8<UInt64>
    /// Index of sample 0 within the session (the drift clock), per subject.
    public var firstSample: SIMD8<Double>

    public init(active: SIMD8<Double>, passive: SIMD8<Double>, gravity: SIMD8<Double>, gain: SIMD8<Double>,
                offset: SIMD8<Double>, tare: SIMD8<Double>, streamLow: SIMD8<UInt32>, streamHigh: SIMD8<UInt32>,
                firstWord: SIMD8<UInt64>, firstSample: SIMD8<Double>) {
        self.active = active
        self.passive = passive
        self.gravity = gravity
        self.gain = gain
        self.offset = offset
        self.tare = tare
        self.streamLow = streamLow
        self.streamHigh = streamHigh
        self.firstWord = firstWord
        self.firstSample = firstSample
    }
}

/// The torque-sampling hot path: a segment of load-cell samples for eight subjects at once.
///
/// Per sample n and lane s: the subject's pad torque `effort[n]·active + passive − gravity` goes through the
/// load-cell chain (`gain·torque + offset + drift·(firstSample + n) + noiseSD·z`, z the subject's standard
/// normal at stream words firstWord + 2n), a first-order anti-aliasing filter that starts settled at the
/// noise-free relaxed level, a bipolar ADC (round to nearest even, saturate), the tare, and the software's
/// moving average; the kernel returns each lane's sum of readings and the peak of the full-window average.
/// No allocation, no locks, no dynamic dispatch: the caller owns the ring buffer.
public enum SamplingKernel {
    public struct Output: Sendable, Equatable {
        public var sum: SIMD8<Double>
        public var peak: SIMD8<Double>

        @inlinable
        public init(sum: SIMD8<Double>, peak: SIMD8<Double>) {
            self.sum = sum
            self.peak = peak
        }
    }

    /// Not `@inlinable`: the kernel is compiled once, here, with this module's CPU target, not in each caller.
    public static func run(_ lanes: LaneGroup, effort: UnsafeBufferPointer<Double>, constants c: LoadCellConstants,
                           ring: UnsafeMutableBufferPointer<SIMD8<Double>>) -> Output {
        let key = SIMD2<UInt32>(UInt32(truncatingIfNeeded: c.seed), UInt32(truncatingIfNeeded: c.seed >> 32))
        let substream = SIMD8<UInt32>(repeating: c.substream)
        let window = ring.count
        for i in 0..<window { ring[i] = .zero }
        var ringSum = SIMD8<Double>.zero
        var sum = SIMD8<Double>.zero
        var peak = SIMD8<Double>(repeating: -.infinity)
        let windowLength = SIMD8<Double>(repeating: Double(window))
        let lsb = SIMD8<Double>(repeating: c.lsb)
        let minCode = SIMD8<Double>(repeating: c.minCode), maxCode = SIMD8<Double>(repeating: c.maxCode)
        let alpha = SIMD8<Double>(repeating: c.alpha), drift = SIMD8<Double>(repeating: c.driftPerSample)
        var filtered = lanes.gain * (0 * lanes.active + lanes.passive - lanes.gravity) + lanes.offset + drift * lanes.firstSample
        var slot = 0
        // Two samples share a Philox block when a lane's first word is a multiple of 4; the block is kept for
        // the second sample instead of being encrypted twice.
        var cached = Philox4x32x8.empty
        var cachedBlock = SIMD8<UInt32>(repeating: .max)
        var cachedValid = false
        for n in 0..<effort.count {
            let word = lanes.firstWord &+ SIMD8(repeating: UInt64(2 * n))
            let block = SIMD8<UInt32>(truncatingIfNeeded: word &>> 2)
            if !(cachedValid && all(block .== cachedBlock)) {
                cached = Philox4x32x8(block, substream, lanes.streamLow, lanes.streamHigh, key: key)
                cachedBlock = block
                cachedValid = true
            }
            // Words (0, 1) or (2, 3) of the block, per lane.
            let upperHalf = (SIMD8<UInt32>(truncatingIfNeeded: word) & 2) .!= 0
            var low = cached.x0, high = cached.x1
            low.replace(with: cached.x2, where: upperHalf)
            high.replace(with: cached.x3, where: upperHalf)
            let z = normalLanes(uniformLanes(low: low, high: high))
            #if LUMBARSIM_SLOW_KERNEL_DRILL
            // .ci/bench-drill: a second, wasted normal draw per sample that the CI gate must catch. The draw is
            // finite, so the never-true NaN test leaves the results unchanged but keeps the work from being elided.
            let wasted = normalLanes(uniformLanes(low: high, high: low))
            filtered.replace(with: wasted, where: wasted .!= wasted)
            #endif
            // gain·(effort·active + passive − gravity) + offset + σz, in the scalar path's order of operations.
            let sample = lanes.firstSample + Double(n)
            let analog = lanes.gain * (effort[n] * lanes.active + lanes.passive - lanes.gravity) + lanes.offset
                + drift * sample + c.noiseSD * z
            filtered = filtered + alpha * (analog - filtered)
            var code = (filtered / lsb).rounded(.toNearestOrEven)
            code.replace(with: minCode, where: code .< minCode)
            code.replace(with: maxCode, where: code .> maxCode)
            let reading = code * lsb - lanes.tare
            sum += reading
            ringSum += reading - ring[slot]
            ring[slot] = reading
            slot += 1
            if slot == window { slot = 0 }
            // Divide (not multiply by a reciprocal) so the average is bit-identical to the scalar path's.
            if n + 1 >= window { peak = pointwiseMax(peak, ringSum / windowLength) }
        }
        return Output(sum: sum, peak: peak)
    }
}
