import Foundation
import LumbarNumerics
import SamplingKernel

/// The load-cell chain of one test session: gain error, zero offset and its drift, white and 1/f noise, a
/// first-order anti-aliasing filter and a bipolar ADC.
///
/// Gain error and zero offset are drawn once per session (a machine's calibration state); noise per sample.
/// Readings are in torque units, as the device's calibrated software shows them. This is the per-sample
/// reference that ``SamplingKernel`` reproduces to the bit for batches of subjects.
public struct LoadCell: Sendable {
    public let gain: Double
    public let zeroOffsetNm: Double
    public let noiseSdNm: Double
    /// Torque of one ADC step; the converter spans ±full scale.
    public let lsbNm: Double
    let maxCode: Double
    let minCode: Double
    let alpha: Double
    let driftPerSample: Double
    let flicker: Flicker
    /// The three 1/f poles' states (see ``Flicker``).
    private var flickerState = SIMD3<Double>()
    /// Index of the next sample since the session's first (the drift clock).
    public private(set) var sampleIndex = 0
    /// The anti-aliasing filter's output.
    private var filtered = 0.0

    public init(settings: DeviceSettings, rng: inout RandomStream) {
        gain = 1 + settings.gainErrorSd * rng.nextNormal()
        zeroOffsetNm = settings.zeroOffsetSdNm * rng.nextNormal()
        noiseSdNm = settings.noiseSdNm
        let halfCodes = Double(1 << (settings.adcBits - 1))
        lsbNm = settings.fullScaleNm / halfCodes
        maxCode = halfCodes - 1
        minCode = -halfCodes
        alpha = settings.antiAliasAlpha
        driftPerSample = settings.driftPerSampleNm
        flicker = settings.flicker
    }

    /// The filter settled at a steady pad torque before the next sample (after a rest, before an effort): its
    /// state is the noise-free analog level and the 1/f term starts at rest, so a segment can start without
    /// sampling the rest before it.
    public mutating func settle(at torqueNm: Double) {
        filtered = gain * torqueNm + zeroOffsetNm + driftPerSample * Double(sampleIndex)
        flickerState = .zero
    }

    /// Skips `count` samples (a rest whose readings nobody uses): the drift clock moves on.
    public mutating func skip(_ count: Int) {
        sampleIndex += count
    }

    /// One converted reading of a true torque at the pad, N·m; saturates at the converter's ends.
    @inline(__always)
    public mutating func read(_ torqueNm: Double, rng: inout RandomStream) -> Double {
        let z = rng.nextNormal()
        // Lane by lane, in the kernel's order of operations.
        flickerState[0] = flicker.poles[0] * flickerState[0] + flicker.gains[0] * z
        flickerState[1] = flicker.poles[1] * flickerState[1] + flicker.gains[1] * z
        flickerState[2] = flicker.poles[2] * flickerState[2] + flicker.gains[2] * z
        let analog = gain * torqueNm + zeroOffsetNm + driftPerSample * Double(sampleIndex) + noiseSdNm * z
            + (flickerState[0] + flickerState[1] + flickerState[2])
        filtered = filtered + alpha * (analog - filtered)
        sampleIndex += 1
        let code = (filtered / lsbNm).rounded(.toNearestOrEven)
        return min(max(code, minCode), maxCode) * lsbNm
    }
}

/// The device software's smoothing: a moving average over a fixed window of samples.
struct MovingAverage {
    private var ring: [Double]
    private var index = 0
    private var filled = 0
    private var sum = 0.0

    init(window: Int) {
        ring = Array(repeating: 0, count: max(1, window))
    }

    /// Whether a whole window has been seen, so the average is the filter's settled output.
    var isFull: Bool { filled == ring.count }

    /// Adds a sample and returns the average of the samples in the window so far.
    @inline(__always)
    mutating func add(_ x: Double) -> Double {
        sum += x - ring[index]
        ring[index] = x
        index += 1
        if index == ring.count { index = 0 }
        if filled < ring.count { filled += 1 }
        return sum / Double(filled)
    }
}

/// The device software's peak detection: the maximum of the moving average, counting only full windows
/// (as a real filter's output after its delay).
struct MovingAveragePeak {
    private let window: Int
    private var average: MovingAverage
    private(set) var peak = -Double.infinity

    init(window: Int) {
        self.window = window
        average = MovingAverage(window: window)
    }

    mutating func reset() {
        average = MovingAverage(window: window)
        peak = -.infinity
    }

    @inline(__always)
    mutating func add(_ x: Double) {
        let mean = average.add(x)
        if average.isFull { peak = max(peak, mean) }
    }
}
