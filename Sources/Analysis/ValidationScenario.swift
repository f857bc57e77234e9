import LumbarDatasets

/// A validation scenario (`Datasets/validation/*.yaml`): a cohort, the arms it runs through, and the
/// measurements that are compared with published targets.
public struct ValidationScenario: Decodable, Sendable {
    public struct ArmSpec: Decodable, Sendable {
        /// A bundled regimen name or a path relative to `Datasets/`.
        public var regimen: String
        /// Weight of the arm when several are pooled (a published result that pools training groups).
        public var weight: Double

        enum CodingKeys: String, CodingKey, CaseIterable { case regimen, weight }

        public init(from decoder: Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            regimen = try c.decode(String.self, forKey: .regimen)
            weight = try c.decodeIfPresent(Double.self, forKey: .weight) ?? 1
            guard weight > 0, weight.isFinite else {
                throw DecodingError.dataCorruptedError(forKey: .weight, in: c, debugDescription: "must be > 0")
            }
        }
    }

    public var id: String
    public var description: String
    public var cohort: String
    public var subjects: Int
    public var seed: UInt64
    public var sampleRateHz: Double
    public var arms: [ArmSpec]
    /// The arm differences are measured against (usually `control`).
    public var comparator: String?
    /// A second cohort, for ratios between populations.
    public var referenceCohort: String?
    public var measurements: [Measurement]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, description, cohort, subjects, seed, sampleRateHz = "sample_rate_hz", arms, comparator
        case referenceCohort = "reference_cohort", measurements
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        description = try c.decode(String.self, forKey: .description)
        cohort = try c.decode(String.self, forKey: .cohort)
        subjects = try c.decode(Int.self, forKey: .subjects)
        guard subjects >= 2 else { throw DecodingError.dataCorruptedError(forKey: .subjects, in: c, debugDescription: "must be at least 2") }
        seed = try c.decode(UInt64.self, forKey: .seed)
        sampleRateHz = try c.decode(Double.self, forKey: .sampleRateHz)
        arms = try c.decodeIfPresent([ArmSpec].self, forKey: .arms) ?? []
        comparator = try c.decodeIfPresent(String.self, forKey: .comparator)
        referenceCohort = try c.decodeIfPresent(String.self, forKey: .referenceCohort)
        measurements = try c.decode([Measurement].self, forKey: .measurements)
        guard !measurements.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .measurements, in: c, debugDescription: "must list at least one measurement")
        }
    }

    public static let folder = "validation"
}

/// One simulated quantity, the target it is compared with, and the acceptance band with its reason.
public struct Measurement: Decodable, Sendable {
    public enum Quantity: String, Decodable, Sendable, CaseIterable {
        case torqueMean = "torque_mean"
        case torqueRatio72To0 = "torque_ratio_72_0"
        case torqueGainPercent = "torque_gain_percent"
        case torqueGainPercentMean = "torque_gain_percent_mean_angles"
        case csaMean = "csa_mean"
        case csaRatioToReference = "csa_ratio_to_reference"
        case csaChangePercent = "csa_change_percent"
        case enduranceDeviceMean = "endurance_device_mean"
        case enduranceBodyWeightDifference = "endurance_bw_difference"
        case torqueDeficitSMD = "torque_deficit_smd"
        case painMean = "pain_mean"
        case painChange = "pain_change"
        case odiChange = "odi_change"
        case rdqChangeDifference = "rdq_change_difference"
        case recurrenceRiskRatio = "recurrence_risk_ratio"
        case painBenefit = "pain_benefit"
        case painChangeDifference10 = "pain_change_difference_0_10"
        case painSMD = "pain_smd"
        case slrChange = "slr_change"
        case fittedParameter = "fitted_parameter"
        case fatigueParameter = "fatigue_parameter"
        case momentLossPercent = "moment_loss_percent"
        case repsToFailure = "reps_to_failure"
        case mvcChange = "mvc_change"
        case mvcChangeEffectSize = "mvc_change_es"
        case mvcSMD = "mvc_smd"
        case torqueChangeDifference = "torque_change_difference"
    }

    public var target: String
    public var quantity: Quantity
    public var angleDeg: Double?
    public var week: Int?
    public var sex: String?
    public var group: String?
    public var fraction: Double?
    public var parameter: String?
    /// The one treatment arm (0-based) an arm-wise quantity is taken from; default: the arms pooled by weight.
    public var arm: Int?
    public var lower: Double
    public var upper: Double
    public var bandReason: String
    public var required: Bool
    /// Whether `lumbarsim calibrate` fits to this target (its residual is (simulated − published) / half-band).
    public var calibrate: Bool

    enum CodingKeys: String, CodingKey, CaseIterable {
        case target, quantity, angleDeg = "angle_deg", week, sex, group, fraction, parameter, arm, band, bandReason = "band_reason"
        case required, calibrate
    }

    enum BandKeys: String, CodingKey, CaseIterable { case lower, upper }

    public init(from decoder: Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        target = try c.decode(String.self, forKey: .target)
        let raw = try c.decode(String.self, forKey: .quantity)
        guard let quantity = Quantity(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(forKey: .quantity, in: c, debugDescription:
                "unknown quantity '\(raw)' (known: \(Quantity.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.quantity = quantity
        angleDeg = try c.decodeIfPresent(Double.self, forKey: .angleDeg)
        week = try c.decodeIfPresent(Int.self, forKey: .week)
        sex = try c.decodeIfPresent(String.self, forKey: .sex)
        group = try c.decodeIfPresent(String.self, forKey: .group)
        fraction = try c.decodeIfPresent(Double.self, forKey: .fraction)
        parameter = try c.decodeIfPresent(String.self, forKey: .parameter)
        arm = try c.decodeIfPresent(Int.self, forKey: .arm)
        if let arm, arm < 0 { throw DecodingError.dataCorruptedError(forKey: .arm, in: c, debugDescription: "must be at least 0") }
        let band = try c.nestedContainer(keyedBy: BandKeys.self, forKey: .band)
        lower = try band.decode(Double.self, forKey: .lower)
        upper = try band.decode(Double.self, forKey: .upper)
        guard lower < upper else { throw DecodingError.dataCorruptedError(forKey: .band, in: c, debugDescription: "lower must be below upper") }
        bandReason = try c.decode(String.self, forKey: .bandReason)
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? true
        calibrate = try c.decodeIfPresent(Bool.self, forKey: .calibrate) ?? false
    }
}

/// Targets that no scenario simulates, each with the reason (`Datasets/validation/not-simulated.yaml`).
public struct NotSimulated: Decodable, Sendable {
    public var targets: [String: String]
}
