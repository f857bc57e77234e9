import LumbarDatasets

/// A lumbar extension machine as described in `Datasets/device/*.yaml`: protocol, geometry, load cell, software.
public struct DeviceSpec: Codable, Sendable, QuantityValidating, RefusesUnknownKeys {
    /// A list of values sharing one unit and one source (or assumption).
    public struct ValueList: Codable, Sendable {
        public var values: [Double]
        public var unit: String?
        public var source: String?
        public var locator: String?
        public var confidence: String?
        public var assumption: String?
    }
    public struct Range: Codable, Sendable {
        public var min: Quantity
        public var max: Quantity
    }
    public struct Timing: Codable, Sendable {
        public var settleS: Quantity
        public var rampS: Quantity
        public var holdS: Quantity
        public var restS: Quantity
        enum CodingKeys: String, CodingKey { case settleS = "settle_s", rampS = "ramp_s", holdS = "hold_s", restS = "rest_s" }
    }
    public struct Geometry: Codable, Sendable {
        public var torsoInclineAt0Deg: Quantity
        public var counterweightStepNm: Quantity
        enum CodingKeys: String, CodingKey { case torsoInclineAt0Deg = "torso_incline_at_0_deg", counterweightStepNm = "counterweight_step_Nm" }
    }
    public struct LoadCell: Codable, Sendable {
        public var sampleRateHz: Quantity
        public var fullScaleNm: Quantity
        public var adcBits: Quantity
        public var noiseSdNm: Quantity
        public var gainErrorSd: Quantity
        public var zeroOffsetSdNm: Quantity
        public var antiAliasCutoffHz: Quantity
        public var driftNmPerMin: Quantity
        public var flickerSdNm: Quantity
        public var flickerCornersHz: ValueList
        enum CodingKeys: String, CodingKey {
            case sampleRateHz = "sample_rate_hz", fullScaleNm = "full_scale_Nm", adcBits = "adc_bits"
            case noiseSdNm = "noise_sd_Nm", gainErrorSd = "gain_error_sd", zeroOffsetSdNm = "zero_offset_sd_Nm"
            case antiAliasCutoffHz = "anti_alias_cutoff_hz", driftNmPerMin = "drift_Nm_per_min"
            case flickerSdNm = "flicker_sd_Nm", flickerCornersHz = "flicker_corners_hz"
        }
    }
    public struct Endurance: Codable, Sendable {
        public var defaultAngleDeg: Quantity
        public var failureTolerance: Quantity
        public var failureHoldS: Quantity
        public var maxDurationS: Quantity
        enum CodingKeys: String, CodingKey {
            case defaultAngleDeg = "default_angle_deg", failureTolerance = "failure_tolerance"
            case failureHoldS = "failure_hold_s", maxDurationS = "max_duration_s"
        }
    }
    public struct Dynamic: Codable, Sendable {
        public struct Cam: Codable, Sendable {
            public var anglesDeg: [Double]
            public var multipliers: [Double]
            public var source: String?
            public var locator: String?
            public var confidence: String?
            public var assumption: String?
            enum CodingKeys: String, CodingKey { case anglesDeg = "angles_deg", multipliers, source, locator, confidence, assumption }
        }
        public var camProfile: Cam
        public var potentiometerNoiseSdDeg: Quantity
        public var potentiometerResolutionDeg: Quantity
        enum CodingKeys: String, CodingKey {
            case camProfile = "cam_profile", potentiometerNoiseSdDeg = "potentiometer_noise_sd_deg"
            case potentiometerResolutionDeg = "potentiometer_resolution_deg"
        }
    }
    public struct Software: Codable, Sendable {
        public var filterWindowS: Quantity
        enum CodingKeys: String, CodingKey { case filterWindowS = "filter_window_s" }
    }

    public var name: String
    public var testAnglesDeg: ValueList
    public var rangeDeg: Range
    public var `protocol`: Timing
    public var geometry: Geometry
    public var loadCell: LoadCell
    public var software: Software
    public var endurance: Endurance
    public var dynamic: Dynamic

    enum CodingKeys: String, CodingKey {
        case name, testAnglesDeg = "test_angles_deg", rangeDeg = "range_deg", `protocol`, geometry
        case loadCell = "load_cell", software, endurance, dynamic
    }

    public static let defaultName = "medx-lumbar-extension"

    public func validateQuantities(path: String) throws {
        let all: [(String, Quantity)] = [
            ("range_deg.min", rangeDeg.min), ("range_deg.max", rangeDeg.max),
            ("protocol.settle_s", `protocol`.settleS), ("protocol.ramp_s", `protocol`.rampS),
            ("protocol.hold_s", `protocol`.holdS), ("protocol.rest_s", `protocol`.restS),
            ("geometry.torso_incline_at_0_deg", geometry.torsoInclineAt0Deg),
            ("geometry.counterweight_step_Nm", geometry.counterweightStepNm),
            ("load_cell.sample_rate_hz", loadCell.sampleRateHz), ("load_cell.full_scale_Nm", loadCell.fullScaleNm),
            ("load_cell.adc_bits", loadCell.adcBits), ("load_cell.noise_sd_Nm", loadCell.noiseSdNm),
            ("load_cell.gain_error_sd", loadCell.gainErrorSd), ("load_cell.zero_offset_sd_Nm", loadCell.zeroOffsetSdNm),
            ("load_cell.anti_alias_cutoff_hz", loadCell.antiAliasCutoffHz), ("load_cell.drift_Nm_per_min", loadCell.driftNmPerMin),
            ("load_cell.flicker_sd_Nm", loadCell.flickerSdNm),
            ("software.filter_window_s", software.filterWindowS),
            ("endurance.default_angle_deg", endurance.defaultAngleDeg), ("endurance.failure_tolerance", endurance.failureTolerance),
            ("endurance.failure_hold_s", endurance.failureHoldS), ("endurance.max_duration_s", endurance.maxDurationS),
            ("dynamic.potentiometer_noise_sd_deg", dynamic.potentiometerNoiseSdDeg),
            ("dynamic.potentiometer_resolution_deg", dynamic.potentiometerResolutionDeg),
        ]
        for (name, quantity) in all { try quantity.validate(at: name) }
        for (name, list) in [("test_angles_deg", testAnglesDeg), ("load_cell.flicker_corners_hz", loadCell.flickerCornersHz)]
        where (list.source ?? "").isEmpty && (list.assumption ?? "").isEmpty {
            throw DatasetError.invalidValue(path: name, reason: "value has neither a source nor an assumption")
        }
        guard loadCell.flickerCornersHz.values.count == 3 else {
            throw DatasetError.invalidValue(path: "load_cell.flicker_corners_hz",
                                            reason: "needs exactly 3 corner frequencies (one pole per decade), got \(loadCell.flickerCornersHz.values.count)")
        }
        let cam = dynamic.camProfile
        if (cam.source ?? "").isEmpty && (cam.assumption ?? "").isEmpty {
            throw DatasetError.invalidValue(path: "dynamic.cam_profile", reason: "value has neither a source nor an assumption")
        }
        guard cam.anglesDeg.count >= 2, cam.anglesDeg.count == cam.multipliers.count,
              zip(cam.anglesDeg, cam.anglesDeg.dropFirst()).allSatisfy({ $0 < $1 }), cam.multipliers.allSatisfy({ $0 > 0 }) else {
            throw DatasetError.invalidValue(path: "dynamic.cam_profile", reason: "needs increasing angles and one positive multiplier each")
        }
        guard !testAnglesDeg.values.isEmpty else {
            throw DatasetError.invalidValue(path: "test_angles_deg", reason: "must list at least one angle")
        }
        guard rangeDeg.min.value < rangeDeg.max.value else {
            throw DatasetError.invalidValue(path: "range_deg", reason: "min must be below max")
        }
        let bits = loadCell.adcBits.value
        guard bits == bits.rounded(), DeviceSettings.adcBitRange.contains(Int(exactly: bits) ?? 0) else {
            throw DatasetError.invalidValue(path: "load_cell.adc_bits", reason: "must be a whole number within "
                                            + "\(DeviceSettings.adcBitRange.lowerBound)-\(DeviceSettings.adcBitRange.upperBound), got \(bits)")
        }
        do { try DeviceSettings(spec: self).validate() } catch { throw DatasetError.invalidValue(path: "", reason: error.description) }
    }
}
