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
    /// The 1/f noise term, whose state starts at rest at the start of each segment (as the filter starts settled).
    public var flicker: Flicker
    public var seed: UInt64
    /// The device-noise substream of the session (purpose and session index).
    public var substream: UInt32

    public init(noiseSD: Double, lsb: Double, minCode: Double, maxCode: Double, alpha: Double, driftPerSample: Double,
                flicker: Flicker, seed: UInt64, substream: UInt32) {
        self.noiseSD = noiseSD
        self.lsb = lsb
        self.minCode = minCode
        self.maxCode = maxCode
        self.alpha = alpha
        self.driftPerSample = driftPerSample
        self.flicker = flicker
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
/// load-cell chain (`gain·torque + offset + drift·(firstSample + n) + noiseSD·z + flicker`, z the subject's
/// standard normal at stream words firstWord + 2n, flicker the three-pole 1/f term it drives), a first-order
/// anti-aliasing filter that starts settled at the noise-free relaxed level, a bipolar ADC (round to nearest
/// even, saturate), the tare, and the software's moving average; the kernel returns each lane's sum of readings
/// and the peak of the full-window average.
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
        precondition(ring.count >= 1, "the moving-average window needs at least one sample")
        let key = SIMD2<UInt32>(UInt32(truncatingIfNeeded: c.seed), UInt32(truncatingIfNeeded: c.seed >> 32))
        let substream = SIMD8<UInt64>(repeating: UInt64(c.substream))
        let streamLow = SIMD8<UInt64>(truncatingIfNeeded: lanes.streamLow)
        let streamHigh = SIMD8<UInt64>(truncatingIfNeeded: lanes.streamHigh)
        var chain = Chain(lanes, constants: c, ring: ring)
        let count = effort.count
        // Stream words firstWord + 2n and + 2n + 1 hold sample n's noise; a Philox block is four words. When every
        // lane starts on a block boundary (the usual layout), samples 2j and 2j + 1 share block j: encrypt it once.
        if !anyLane(lanes.firstWord & 3 .!= 0) {
            let firstBlock = lanes.firstWord &>> 2
            var n = 0
            while n < count {
                let block = Philox4x32x8((firstBlock &+ SIMD8(repeating: UInt64(n / 2))) & 0xFFFF_FFFF, substream,
                                         streamLow, streamHigh, key: key)
                chain.step(normalLanes(uniformLanes(low: block.x0, high: block.x1)), n: n, effort: effort[n], ring: ring)
                if n + 1 < count {
                    chain.step(normalLanes(uniformLanes(low: block.x2, high: block.x3)), n: n + 1, effort: effort[n + 1], ring: ring)
                }
                n += 2
            }
        } else {
            for n in 0..<count {
                let word = lanes.firstWord &+ SIMD8(repeating: UInt64(2 * n))
                let block = Philox4x32x8((word &>> 2) & 0xFFFF_FFFF, substream, streamLow, streamHigh, key: key)
                // Words (0, 1) or (2, 3) of the block, per lane, chosen with an all-ones mask where word & 2 is set.
                let upper = 0 &- ((word &>> 1) & 1)
                let low = block.x0 ^ ((block.x0 ^ block.x2) & upper)
                let high = block.x1 ^ ((block.x1 ^ block.x3) & upper)
                chain.step(normalLanes(uniformLanes(low: low, high: high)), n: n, effort: effort[n], ring: ring)
            }
        }
        return Output(sum: chain.sum, peak: chain.peak)
    }
}

/// The load-cell chain and the software's moving average for eight lanes, one sample at a time.
struct Chain {
    let lanes: LaneGroup
    let noiseSD: SIMD8<Double>, lsb: SIMD8<Double>, minCode: SIMD8<Double>, maxCode: SIMD8<Double>
    let alpha: SIMD8<Double>, drift: SIMD8<Double>
    let pole0: SIMD8<Double>, pole1: SIMD8<Double>, pole2: SIMD8<Double>
    let gain0: SIMD8<Double>, gain1: SIMD8<Double>, gain2: SIMD8<Double>
    let windowLength: SIMD8<Double>
    let window: Int
    var filtered: SIMD8<Double>
    var flicker0 = SIMD8<Double>.zero, flicker1 = SIMD8<Double>.zero, flicker2 = SIMD8<Double>.zero
    var ringSum = SIMD8<Double>.zero
    var sum = SIMD8<Double>.zero
    var peak = SIMD8<Double>(repeating: -.infinity)
    var slot = 0

    /// The anti-aliasing filter starts settled at the noise-free relaxed level; the ring starts empty.
    @inline(__always)
    init(_ lanes: LaneGroup, constants c: LoadCellConstants, ring: UnsafeMutableBufferPointer<SIMD8<Double>>) {
        self.lanes = lanes
        noiseSD = SIMD8(repeating: c.noiseSD)
        lsb = SIMD8(repeating: c.lsb)
        minCode = SIMD8(repeating: c.minCode)
        maxCode = SIMD8(repeating: c.maxCode)
        alpha = SIMD8(repeating: c.alpha)
        drift = SIMD8(repeating: c.driftPerSample)
        pole0 = SIMD8(repeating: c.flicker.poles[0])
        pole1 = SIMD8(repeating: c.flicker.poles[1])
        pole2 = SIMD8(repeating: c.flicker.poles[2])
        gain0 = SIMD8(repeating: c.flicker.gains[0])
        gain1 = SIMD8(repeating: c.flicker.gains[1])
        gain2 = SIMD8(repeating: c.flicker.gains[2])
        window = ring.count
        windowLength = SIMD8(repeating: Double(ring.count))
        for i in 0..<ring.count { ring[i] = .zero }
        filtered = lanes.gain * (0 * lanes.active + lanes.passive - lanes.gravity) + lanes.offset + drift * lanes.firstSample
    }

    /// Sample n of the segment, with standard normal draws z.
    @inline(__always)
    mutating func step(_ z: SIMD8<Double>, n: Int, effort: Double, ring: UnsafeMutableBufferPointer<SIMD8<Double>>) {
        #if LUMBARSIM_SLOW_KERNEL_DRILL
        // .ci/bench-drill: a second, wasted normal quantile per sample that the CI gate must catch. The draw is
        // finite, so the never-true NaN test leaves the results unchanged but keeps the work from being elided.
        let wasted = normalLanes(0.5 + 0.45 * z / (1 + z.replacing(with: -z, where: z .< 0)))
        filtered.replace(with: wasted, where: wasted .!= wasted)
        #endif
        // gain·(effort·active + passive − gravity) + offset + drift·sample + σz + flicker, in the scalar path's order.
        flicker0 = pole0 * flicker0 + gain0 * z
        flicker1 = pole1 * flicker1 + gain1 * z
        flicker2 = pole2 * flicker2 + gain2 * z
        let sample = lanes.firstSample + Double(n)
        let analog = lanes.gain * (effort * lanes.active + lanes.passive - lanes.gravity) + lanes.offset
            + drift * sample + noiseSD * z + (flicker0 + flicker1 + flicker2)
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
        if n + 1 >= window {
            let average = ringSum / windowLength
            peak.replace(with: average, where: average .> peak)
        }
    }
}
