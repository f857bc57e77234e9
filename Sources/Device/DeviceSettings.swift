import Foundation
import SamplingKernel
/// The settings one test runs with: the device file's values, possibly overridden by the user, checked once.
///
/// Plain numbers (no `Quantity` wrappers) because the sampling loop reads them per sample.
public struct DeviceSettings: Sendable, Equatable {
    public var testAnglesDeg: [Double]
    public var minAngleDeg: Double
    public var maxAngleDeg: Double
    public var settleS: Double
    public var rampS: Double
    public var holdS: Double
    public var restS: Double
    public var torsoInclineAt0Deg: Double
    public var counterweightStepNm: Double
    public var sampleRateHz: Double
    public var fullScaleNm: Double
    public var adcBits: Int
    public var noiseSdNm: Double
    public var gainErrorSd: Double
    public var zeroOffsetSdNm: Double
    /// Cutoff of the first-order anti-aliasing filter ahead of the converter, Hz.
    public var antiAliasCutoffHz: Double
    /// Zero drift after the tare, N·m per minute.
    public var driftNmPerMin: Double
    /// 1/f noise: stationary SD, N·m, and the three corner frequencies of its poles, Hz (see ``Flicker``).
    public var flickerSdNm: Double
    public var flickerCornersHz: [Double]
    public var filterWindowS: Double
    public var enduranceAngleDeg: Double
    public var enduranceFailureTolerance: Double
    public var enduranceFailureHoldS: Double
    public var enduranceMaxDurationS: Double
    /// The cam: resistance multiplier of the weight stack by movement-arm angle (piecewise linear).
    public var camAnglesDeg: [Double]
    public var camMultipliers: [Double]
    public var potentiometerNoiseSdDeg: Double
    public var potentiometerResolutionDeg: Double

    public init(spec: DeviceSpec) {
        testAnglesDeg = spec.testAnglesDeg.values
        minAngleDeg = spec.rangeDeg.min.value
        maxAngleDeg = spec.rangeDeg.max.value
        settleS = spec.protocol.settleS.value
        rampS = spec.protocol.rampS.value
        holdS = spec.protocol.holdS.value
        restS = spec.protocol.restS.value
        torsoInclineAt0Deg = spec.geometry.torsoInclineAt0Deg.value
        counterweightStepNm = spec.geometry.counterweightStepNm.value
        sampleRateHz = spec.loadCell.sampleRateHz.value
        fullScaleNm = spec.loadCell.fullScaleNm.value
        adcBits = Int(spec.loadCell.adcBits.value.rounded())
        noiseSdNm = spec.loadCell.noiseSdNm.value
        gainErrorSd = spec.loadCell.gainErrorSd.value
        zeroOffsetSdNm = spec.loadCell.zeroOffsetSdNm.value
        antiAliasCutoffHz = spec.loadCell.antiAliasCutoffHz.value
        driftNmPerMin = spec.loadCell.driftNmPerMin.value
        flickerSdNm = spec.loadCell.flickerSdNm.value
        flickerCornersHz = spec.loadCell.flickerCornersHz.values
        filterWindowS = spec.software.filterWindowS.value
        enduranceAngleDeg = spec.endurance.defaultAngleDeg.value
        enduranceFailureTolerance = spec.endurance.failureTolerance.value
        enduranceFailureHoldS = spec.endurance.failureHoldS.value
        enduranceMaxDurationS = spec.endurance.maxDurationS.value
        camAnglesDeg = spec.dynamic.camProfile.anglesDeg
        camMultipliers = spec.dynamic.camProfile.multipliers
        potentiometerNoiseSdDeg = spec.dynamic.potentiometerNoiseSdDeg.value
        potentiometerResolutionDeg = spec.dynamic.potentiometerResolutionDeg.value
    }

    /// The cam's resistance multiplier at an angle, linear between its points and flat beyond them.
    public func cam(atDeg angle: Double) -> Double {
        guard let upper = camAnglesDeg.firstIndex(where: { $0 >= angle }) else { return camMultipliers.last ?? 1 }
        guard upper > 0 else { return camMultipliers[0] }
        let t = (angle - camAnglesDeg[upper - 1]) / (camAnglesDeg[upper] - camAnglesDeg[upper - 1])
        return camMultipliers[upper - 1] + t * (camMultipliers[upper] - camMultipliers[upper - 1])
    }

    /// Range of converter resolutions a real load-cell chain uses.
    public static let adcBitRange = 8...24

    /// Samples in one stretch of a test (a settle, an effort, a rest, an endurance hold): a software limit, so that a
    /// trace fits in memory (800 MB of samples) and no duration times rate overflows.
    public static let maxSamplesPerStretch = 100_000_000.0

    /// Throws the first setting no real machine could run with. Each is bounded by the device's own data: noise,
    /// offsets and drift by its full scale, angles by its range of motion, durations by the sample budget above.
    /// Names carry the device file's key, so a refusal points at the line to change.
    public func validate() throws(DeviceError) {
        guard sampleRateHz.isFinite, sampleRateHz > 0 else { throw .invalidSetting("sample rate (load_cell.sample_rate_hz)", "\(sampleRateHz) Hz", "must be > 0") }
        guard Self.adcBitRange.contains(adcBits) else {
            throw .invalidSetting("ADC bits (load_cell.adc_bits)", "\(adcBits)", "must be within \(Self.adcBitRange.lowerBound)-\(Self.adcBitRange.upperBound)")
        }
        for (name, value) in [("ramp time (protocol.ramp_s)", rampS), ("hold time (protocol.hold_s)", holdS),
                              ("full scale (load_cell.full_scale_Nm)", fullScaleNm),
                              ("anti-alias cutoff (load_cell.anti_alias_cutoff_hz)", antiAliasCutoffHz),
                              ("endurance failure hold (endurance.failure_hold_s)", enduranceFailureHoldS),
                              ("endurance maximum duration (endurance.max_duration_s)", enduranceMaxDurationS)] {
            guard value.isFinite, value > 0 else { throw .invalidSetting(name, "\(value)", "must be > 0") }
        }
        let fullScale = "at most the full scale, \(fullScaleNm) N*m"
        for (name, value, limit, rule) in [
            ("settle time (protocol.settle_s)", settleS, Double.infinity, ""), ("rest time (protocol.rest_s)", restS, .infinity, ""),
            ("filter window (software.filter_window_s)", filterWindowS, rampS + holdS, "at most the effort, ramp and hold"),
            ("noise SD (load_cell.noise_sd_Nm)", noiseSdNm, fullScaleNm, fullScale),
            ("zero offset SD (load_cell.zero_offset_sd_Nm)", zeroOffsetSdNm, fullScaleNm, fullScale),
            ("flicker noise SD (load_cell.flicker_sd_Nm)", flickerSdNm, fullScaleNm, fullScale),
            ("counterweight step (geometry.counterweight_step_Nm)", counterweightStepNm, fullScaleNm, fullScale),
            ("drift (load_cell.drift_Nm_per_min)", abs(driftNmPerMin), fullScaleNm, fullScale + " a minute"),
            ("gain error SD (load_cell.gain_error_sd)", gainErrorSd, 1, "at most 1 (a relative error of the reading)"),
            ("potentiometer noise SD (dynamic.potentiometer_noise_sd_deg)", potentiometerNoiseSdDeg, maxAngleDeg - minAngleDeg,
             "at most the range of motion, \(maxAngleDeg - minAngleDeg) deg"),
            ("potentiometer resolution (dynamic.potentiometer_resolution_deg)", potentiometerResolutionDeg, maxAngleDeg - minAngleDeg,
             "at most the range of motion, \(maxAngleDeg - minAngleDeg) deg"),
        ] {
            guard value.isFinite, value >= 0 else { throw .invalidSetting(name, "\(value)", "must be >= 0") }
            guard value <= limit else { throw .invalidSetting(name, "\(value)", "must be \(rule)") }
        }
        for (name, seconds) in [("settle time (protocol.settle_s)", settleS), ("ramp and hold (protocol.ramp_s + hold_s)", rampS + holdS),
                                ("rest time (protocol.rest_s)", restS), ("endurance maximum duration (endurance.max_duration_s)", enduranceMaxDurationS)]
        where seconds * sampleRateHz > Self.maxSamplesPerStretch {
            throw .invalidSetting(name, "\(seconds) s at \(sampleRateHz) Hz",
                                  "more than \(Int(Self.maxSamplesPerStretch)) samples in one stretch of a test")
        }
        guard abs(torsoInclineAt0Deg) <= 90 else {
            throw .invalidSetting("torso incline (geometry.torso_incline_at_0_deg)", "\(torsoInclineAt0Deg) deg", "must be within -90-90 (a seated torso)")
        }
        guard (0..<1).contains(enduranceFailureTolerance) else {
            throw .invalidSetting("endurance failure tolerance (endurance.failure_tolerance)", "\(enduranceFailureTolerance)", "must be within 0-1")
        }
        guard enduranceFailureHoldS <= enduranceMaxDurationS else {
            throw .invalidSetting("endurance failure hold (endurance.failure_hold_s)", "\(enduranceFailureHoldS) s", "must be at most the maximum duration")
        }
        guard flickerCornersHz.count == 3 else {
            throw .invalidSetting("flicker corners (load_cell.flicker_corners_hz)", "\(flickerCornersHz.count) values", "exactly 3 are needed")
        }
        for corner in flickerCornersHz {
            // A corner at or above the Nyquist frequency is allowed: its pole is then near 0, white noise in effect.
            guard corner.isFinite, corner > 0 else { throw .invalidSetting("flicker corner (load_cell.flicker_corners_hz)", "\(corner) Hz", "must be > 0") }
        }
        guard camAnglesDeg.allSatisfy(\.isFinite), camMultipliers.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw .invalidSetting("cam profile (dynamic.cam_profile)", "\(camMultipliers.count) points", "angles and multipliers must be finite, multipliers > 0")
        }
        guard !testAnglesDeg.isEmpty else { throw .invalidSetting("test angles", "none", "at least one angle is needed") }
        for angle in testAnglesDeg + [enduranceAngleDeg] {
            try checkAngle(angle)
        }
    }

    /// An angle the machine can hold: inside its range of motion.
    public func checkAngle(_ angle: Double) throws(DeviceError) {
        guard angle.isFinite, angle >= minAngleDeg, angle <= maxAngleDeg else {
            throw .angleOutOfRange(angle: angle, min: minAngleDeg, max: maxAngleDeg)
        }
    }

    func sampleCount(_ seconds: Double) -> Int { Int((seconds * sampleRateHz).rounded()) }

    /// Samples of the zeroing interval before a test (at least one).
    public var zeroSampleCount: Int { max(1, sampleCount(settleS)) }

    /// Samples of the ramp to maximal effort (at least one).
    public var rampSampleCount: Int { max(1, sampleCount(rampS)) }

    /// Samples of the rest after each angle's effort.
    public var restSampleCount: Int { sampleCount(restS) }

    /// The effort profile of one angle, shared by every subject: a half-cosine ramp to maximal effort, then the
    /// hold at full effort. The reference path and the kernel path both read it, so they agree to the bit.
    public var effortProfile: [Double] {
        let rampCount = rampSampleCount
        let holdCount = max(1, sampleCount(holdS))
        return (0..<rampCount).map { 0.5 * (1 - cos(Double.pi * Double($0 + 1) / Double(rampCount))) }
            + Array(repeating: 1, count: holdCount)
    }

    /// Smoothing factor of the discrete first-order anti-aliasing filter, y += alpha·(x − y).
    public var antiAliasAlpha: Double { 1 - exp(-2 * Double.pi * antiAliasCutoffHz / sampleRateHz) }

    /// Drift per sample, N·m.
    public var driftPerSampleNm: Double { driftNmPerMin / 60 / sampleRateHz }

    /// The 1/f term's poles and gains at this sample rate.
    public var flicker: Flicker {
        Flicker(sdNm: flickerSdNm, cornersHz: SIMD3(flickerCornersHz), sampleRateHz: sampleRateHz)
    }
}

public enum DeviceError: Error, Equatable, CustomStringConvertible {
    case invalidSetting(String, String, String)
    case angleOutOfRange(angle: Double, min: Double, max: Double)
    case beyondSubjectRange(angle: Double, rom: Double)

    public var description: String {
        switch self {
        case .invalidSetting(let name, let value, let rule): return "device setting \(name) = \(value): \(rule)"
        case .angleOutOfRange(let angle, let min, let max):
            return "angle \(angle) deg is outside the device's range \(min)-\(max) deg"
        case .beyondSubjectRange(let angle, let rom):
            return "angle \(angle) deg is beyond the subject's lumbar range of motion (\(String(format: "%.1f", rom)) deg)"
        }
    }
}

extension DeviceSettings {
    /// The same device with every random error of the load cell and potentiometer switched off (white and flicker
    /// noise, gain error, zero offset, drift): what a peak converges to, without the sensor's scatter.
    public var noiseFree: DeviceSettings {
        var s = self
        s.noiseSdNm = 0
        s.flickerSdNm = 0
        s.potentiometerNoiseSdDeg = 0
        s.gainErrorSd = 0
        s.zeroOffsetSdNm = 0
        s.driftNmPerMin = 0
        return s
    }
}
