import CVectorMath
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

    /// The instruction set the kernel was compiled for ("avx512", "avx2" or "baseline"), for benchmark reports.
    /// Not `@inlinable`: it answers for this module's CPU target, not the caller's.
    public static var instructionSet: String { String(cString: cvm_instruction_set()) }

    /// Not `@inlinable`: the kernel is compiled once, here, with this module's CPU target, not in each caller.
    ///
    /// The eight lanes run as two four-lane halves, one after the other: a half's values fit one AVX2 register each
    /// and its chain state stays in registers, where eight-lane values split into pieces and went through memory.
    /// The ring's slots hold the two halves side by side.
    public static func run(_ lanes: LaneGroup, effort: UnsafeBufferPointer<Double>, constants c: LoadCellConstants,
                           ring: UnsafeMutableBufferPointer<SIMD8<Double>>) -> Output {
        precondition(ring.count >= 1, "the moving-average window needs at least one sample")
        let key = SIMD2<UInt32>(UInt32(truncatingIfNeeded: c.seed), UInt32(truncatingIfNeeded: c.seed >> 32))
        // Scratch on the stack: each allocation is at most 1 KiB, which the standard library always places there (the
        // CI gate's kernel-work checks that the sampling loop allocates nothing).
        return withUnsafeTemporaryAllocation(of: SIMD4<UInt64>.self, capacity: 20) { keys in
            Philox4x32x4.roundKeys(key, into: keys)
            return withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: chunk) { draws in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 4 * chunk + Int(CVM_TAIL_LIST_SLACK)) { tailList in
                    ring.withMemoryRebound(to: SIMD4<Double>.self) { halves in
                        let scratch = Scratch(keys: keys, draws: draws.baseAddress!, tailList: tailList.baseAddress!)
                        let low = runHalf(HalfLanes(lanes, high: false), effort: effort, constants: c, scratch: scratch,
                                          ring: UnsafeMutableBufferPointer(rebasing: halves[0..<ring.count]))
                        let high = runHalf(HalfLanes(lanes, high: true), effort: effort, constants: c, scratch: scratch,
                                           ring: UnsafeMutableBufferPointer(rebasing: halves[ring.count...]))
                        return Output(sum: SIMD8(lowHalf: low.sum, highHalf: high.sum), peak: SIMD8(lowHalf: low.peak, highHalf: high.peak))
                    }
                }
            }
        }
    }

    /// Samples per pass: a pass's draws (`chunk` vectors, 1 KiB) and tail list stay in L1 and on the stack.
    static let chunk = 32

    /// The round keys, and a pass's draws and list of tail lanes (see ``runHalf``).
    struct Scratch {
        let keys: UnsafeMutableBufferPointer<SIMD4<UInt64>>
        let draws: UnsafeMutablePointer<SIMD4<Double>>
        let tailList: UnsafeMutablePointer<UInt32>
    }

    /// Four lanes through the segment, `chunk` samples per pass: first the pass's draws, their normal quantiles'
    /// tails deferred and then evaluated for the tail lanes alone (CVectorMath's `cvm_draw_step`, `cvm_fix_tails`:
    /// a vector's tail work per four tail draws instead of per vector with any tail lane, and no unpredictable branch),
    /// then the chain over them. Out of line, so that its code exists once for both halves.
    @inline(never)
    static func runHalf(_ lanes: HalfLanes, effort: UnsafeBufferPointer<Double>, constants c: LoadCellConstants,
                        scratch: Scratch, ring: UnsafeMutableBufferPointer<SIMD4<Double>>) -> (sum: SIMD4<Double>, peak: SIMD4<Double>) {
        let streams = Philox4x32x4.Streams(SIMD4(repeating: UInt64(c.substream)), lanes.streamLow, lanes.streamHigh,
                                           keys: scratch.keys)
        var chain = Chain(lanes, constants: c, ring: ring)
        let keys = scratch.keys, draws = scratch.draws, list = scratch.tailList
        let z = UnsafeMutableRawPointer(draws).assumingMemoryBound(to: Double.self)
        let count = effort.count
        guard count > 0, let effortBase = effort.baseAddress else { return (chain.sum, chain.peakSum / chain.windowLength) }
        // Stream words firstWord + 2n and + 2n + 1 hold sample n's noise; a Philox block is four words. When every
        // lane starts on a block boundary (the usual layout), samples 2j and 2j + 1 share block j: encrypt it once.
        let aligned = !anyLane(lanes.firstWord & 3 .!= 0)
        let firstBlock = lanes.firstWord &>> 2
        var start = 0
        while start < count {
            let passCount = min(chunk, count - start)
            var tails: UInt32 = 0
            if aligned {
                var i = 0
                while i < passCount {  // start and chunk are even
                    let blockIndex = SIMD4(repeating: UInt64(truncatingIfNeeded: (start &+ i) &>> 1))
                    let block = Philox4x32x4((firstBlock &+ blockIndex) & 0xFFFF_FFFF, streams, keys: keys)
                    tails = cvm_draw_step(block.x0, block.x1, z + 4 &* i, list, tails, UInt32(truncatingIfNeeded: 4 &* i))
                    if i &+ 1 < passCount {
                        tails = cvm_draw_step(block.x2, block.x3, z + (4 &* i &+ 4), list, tails, UInt32(truncatingIfNeeded: 4 &* i &+ 4))
                    }
                    i &+= 2
                }
            } else {
                for i in 0..<passCount {
                    let word = lanes.firstWord &+ SIMD4(repeating: UInt64(2 * (start + i)))
                    let block = Philox4x32x4((word &>> 2) & 0xFFFF_FFFF, streams, keys: keys)
                    // Words (0, 1) or (2, 3) of the block, per lane, chosen with an all-ones mask where word & 2 is set.
                    let upper = 0 &- ((word &>> 1) & 1)
                    let low = block.x0 ^ ((block.x0 ^ block.x2) & upper)
                    let high = block.x1 ^ ((block.x1 ^ block.x3) & upper)
                    tails = cvm_draw_step(low, high, z + 4 &* i, list, tails, UInt32(truncatingIfNeeded: 4 &* i))
                }
            }
            cvm_fix_tails(z, list, tails)
            // A `for in` loop: a `while` loop here, or wrapping `&+` in the index, made the SLP vectoriser split the
            // chain's four-lane values into pieces (measured: 8 and 2 instructions per subject-sample more).
            for i in 0..<passCount { chain.step(draws[i], n: start + i, effort: effortBase[start + i], ring: ring) }
            start &+= passCount
        }
        // The peak of the running sum, divided once: correctly rounded division by a positive constant is monotone,
        // so max(s) / w is max(s / w) to the bit. Divide (not multiply by a reciprocal), as the scalar path does.
        return (chain.sum, chain.peakSum / chain.windowLength)
    }
}

/// Four lanes of a ``LaneGroup``: the low (subjects 0–3) or high (4–7) half, stream ids widened to 64-bit lanes.
struct HalfLanes {
    let active: SIMD4<Double>, passive: SIMD4<Double>, gravity: SIMD4<Double>
    let gain: SIMD4<Double>, offset: SIMD4<Double>, tare: SIMD4<Double>
    let streamLow: SIMD4<UInt64>, streamHigh: SIMD4<UInt64>
    let firstWord: SIMD4<UInt64>
    let firstSample: SIMD4<Double>

    @inline(__always)
    init(_ g: LaneGroup, high: Bool) {
        active = high ? g.active.highHalf : g.active.lowHalf
        passive = high ? g.passive.highHalf : g.passive.lowHalf
        gravity = high ? g.gravity.highHalf : g.gravity.lowHalf
        gain = high ? g.gain.highHalf : g.gain.lowHalf
        offset = high ? g.offset.highHalf : g.offset.lowHalf
        tare = high ? g.tare.highHalf : g.tare.lowHalf
        streamLow = SIMD4(truncatingIfNeeded: high ? g.streamLow.highHalf : g.streamLow.lowHalf)
        streamHigh = SIMD4(truncatingIfNeeded: high ? g.streamHigh.highHalf : g.streamHigh.lowHalf)
        firstWord = high ? g.firstWord.highHalf : g.firstWord.lowHalf
        firstSample = high ? g.firstSample.highHalf : g.firstSample.lowHalf
    }
}

/// The load-cell chain and the software's moving average for four lanes, one sample at a time.
struct Chain {
    let lanes: HalfLanes
    let noiseSD: SIMD4<Double>, lsb: SIMD4<Double>, minCode: SIMD4<Double>, maxCode: SIMD4<Double>
    let alpha: SIMD4<Double>, drift: SIMD4<Double>
    let pole0: SIMD4<Double>, pole1: SIMD4<Double>, pole2: SIMD4<Double>
    let gain0: SIMD4<Double>, gain1: SIMD4<Double>, gain2: SIMD4<Double>
    let windowLength: SIMD4<Double>
    let window: Int
    var filtered: SIMD4<Double>
    var flicker0 = SIMD4<Double>.zero, flicker1 = SIMD4<Double>.zero, flicker2 = SIMD4<Double>.zero
    var ringSum = SIMD4<Double>.zero
    var sum = SIMD4<Double>.zero
    /// The largest full-window running sum so far (the peak average times the window).
    var peakSum = SIMD4<Double>(repeating: -.infinity)
    var slot = 0

    /// The anti-aliasing filter starts settled at the noise-free relaxed level; the ring starts empty.
    @inline(__always)
    init(_ lanes: HalfLanes, constants c: LoadCellConstants, ring: UnsafeMutableBufferPointer<SIMD4<Double>>) {
        self.lanes = lanes
        noiseSD = SIMD4(repeating: c.noiseSD)
        lsb = SIMD4(repeating: c.lsb)
        minCode = SIMD4(repeating: c.minCode)
        maxCode = SIMD4(repeating: c.maxCode)
        alpha = SIMD4(repeating: c.alpha)
        drift = SIMD4(repeating: c.driftPerSample)
        pole0 = SIMD4(repeating: c.flicker.poles[0])
        pole1 = SIMD4(repeating: c.flicker.poles[1])
        pole2 = SIMD4(repeating: c.flicker.poles[2])
        gain0 = SIMD4(repeating: c.flicker.gains[0])
        gain1 = SIMD4(repeating: c.flicker.gains[1])
        gain2 = SIMD4(repeating: c.flicker.gains[2])
        window = ring.count
        windowLength = SIMD4(repeating: Double(ring.count))
        for i in 0..<ring.count { ring[i] = .zero }
        filtered = lanes.gain * (0 * lanes.active + lanes.passive - lanes.gravity) + lanes.offset + drift * lanes.firstSample
    }

    /// Sample n of the segment, with standard normal draws z.
    @inline(__always)
    mutating func step(_ z: SIMD4<Double>, n: Int, effort: Double, ring: UnsafeMutableBufferPointer<SIMD4<Double>>) {
        #if LUMBARSIM_SLOW_KERNEL_DRILL
        // .ci/bench-drill: a second, wasted normal quantile per sample that the CI gate must catch. The draw is
        // finite, so the never-true NaN test leaves the results unchanged but keeps the work from being elided.
        let wasted = cvm_normal(0.5 + 0.45 * z / (1 + z.replacing(with: -z, where: z .< 0)))
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
        // The ADC's saturation is CVectorMath's (one max and one min), where `replace(with:where:)` took a compare and
        // a blend each.
        let code = cvm_clamp((filtered / lsb).rounded(.toNearestOrEven), minCode, maxCode)
        let reading = code * lsb - lanes.tare
        sum += reading
        ringSum += reading - ring[slot]
        ring[slot] = reading
        slot &+= 1
        if slot == window { slot = 0 }
        if n &+ 1 >= window { peakSum.replace(with: ringSum, where: ringSum .> peakSum) }
    }
}
