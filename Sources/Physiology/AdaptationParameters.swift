import LumbarDatasets

/// The constants of the time-course model, read from `Datasets/physiology/adaptation.yaml` (and the fitted
/// values from `Datasets/calibration/fitted.yaml`). Each group of fields is documented where it is used in
/// ``SubjectState`` (Adaptation.swift).
public struct AdaptationParameters: Sendable, Equatable {
    // Neural adaptation (per test angle).
    public var neuralReserveAt0: Double
    public var neuralReserveAt72: Double
    public var neuralGainPerSession: Double
    public var neuralDetrainingWeeks: Double
    public var transferWidthDeg: Double
    public var unrestrainedLumbarShare: Double
    public var clbpTrainabilityRatio: Double
    public var effortScaleReps: Double
    public var stimulusRepsScale: Double
    // Hypertrophy.
    public var hypertrophyPerSession: Double
    public var hypertrophyPerAdditionalSet: Double
    public var hypertrophyCeiling: Double
    public var atrophyWeeks: Double
    public var clbpMultifidusAtrophyPerYear: Double
    // Flexibility.
    public var slrMaxGainDeg: Double
    public var slrGainFractionPerSession: Double
    public var effectiveHoldS: Double
    public var flexibilityFadeWeeks: Double
    public var lumbarRomMaxGainDeg: Double
    public var stretchStiffnessReductionMax: Double
    // Manual therapy.
    public var manualEffectDays: Double
    public var manualToneDays: Double
    public var manualPainReductionMax: Double
    public var manualStiffnessReduction: Double
    public var manualOdiReductionMax: Double
    public var manualReferenceMinutes: Double
    // Posture and ergonomics.
    public var baselineSittingHours: Double
    public var sittingLoadUnsupported: Double
    public var sittingLoadSupported: Double
    public var sitStandReductionHours: Double
    public var breakMinutes: Double
    public var posturalPainEffectMax: Double
    public var posturalOdiEffectMax: Double
    // Aerobic conditioning.
    public var fitnessGainPerSession: Double
    public var fitnessWeeks: Double
    public var aerobicReferenceMinutes: Double
    public var aerobicReferenceIntensity: Double
    public var waterTherapyFactor: Double
    public var cyclingFactor: Double
    // Pain and disability.
    public var naturalHistoryWeeks: Double
    public var regressionReliability: Double
    public var conditioningGainPerSession: Double
    public var aerobicPainWeight: Double
    public var stretchingPainWeight: Double
    public var conditioningWeeks: Double
    public var exercisePainEffect: Double
    public var responderSD: Double
    public var painMeasurementSD: Double
    /// Visit-to-visit variability of measured outcomes: maximal effort (log-scale SD, common to the angles), CSA
    /// (relative), lumbar range and straight-leg raise (deg), and the endurance hold (s).
    public var effortDaySD: Double
    public var csaMeasurementSD: Double
    public var romMeasurementSDDeg: Double
    public var slrMeasurementSDDeg: Double
    public var enduranceMeasurementSDS: Double
    /// Roland–Morris points per ODI point, to score a simulated ODI change on the Roland scale trials report.
    public var rdqPerOdiPoint: Double
    public var exerciseOdiEffect: Double
    public var odiResponderCorrelation: Double
    public var odiMeasurementSD: Double
    // Recurrence in the 12 months after a visit.
    public var recurrenceNaturalRisk12m: Double
    public var exerciseRecurrenceRiskRatio: Double
    public var manualRecurrenceRiskRatio: Double
    public var posturalRecurrenceRiskRatio: Double
    // Training logistics.
    public var restBetweenSetsS: Double

    public static let datasetPath = "physiology/adaptation.yaml"

    public static func load(from store: DatasetStore, fitted: FittedParameters) throws -> AdaptationParameters {
        let table = try store.decode(QuantityTable.self, from: datasetPath)
        return try AdaptationParameters(table: table, fitted: fitted, file: "Datasets/\(datasetPath)")
    }

    public init(table: QuantityTable, fitted: FittedParameters, file: String) throws {
        var r = QuantityReader(table, file: file)
        let positive = 1e-9...Double.greatestFiniteMagnitude
        let fraction = 0.0...1.0
        neuralReserveAt0 = try fitted.value("neural_reserve_at_0")
        neuralReserveAt72 = try fitted.value("neural_reserve_at_72")
        neuralGainPerSession = try fitted.value("neural_gain_per_session")
        exercisePainEffect = try fitted.value("exercise_pain_effect")
        neuralDetrainingWeeks = try r.value("neural", "detraining_time_constant_weeks", in: positive)
        transferWidthDeg = try r.value("neural", "transfer_width_deg", in: positive)
        unrestrainedLumbarShare = try r.value("neural", "unrestrained_lumbar_share", in: fraction)
        clbpTrainabilityRatio = try r.value("neural", "clbp_trainability_ratio", in: 0...5)
        effortScaleReps = try r.value("neural", "effort_scale_reps", in: positive)
        stimulusRepsScale = try r.value("neural", "stimulus_reps_scale", in: positive)
        hypertrophyPerSession = try r.value("hypertrophy", "gain_per_session", in: fraction)
        hypertrophyPerAdditionalSet = try r.value("hypertrophy", "gain_per_additional_set", in: fraction)
        hypertrophyCeiling = try r.value("hypertrophy", "ceiling", in: 1e-6...1)
        atrophyWeeks = try r.value("hypertrophy", "atrophy_time_constant_weeks", in: positive)
        clbpMultifidusAtrophyPerYear = try r.value("hypertrophy", "clbp_multifidus_atrophy_per_year", in: fraction)
        slrMaxGainDeg = try fitted.value("slr_max_gain_deg")
        slrGainFractionPerSession = try r.value("stretching", "slr_gain_fraction_per_session", in: fraction)
        effectiveHoldS = try r.value("stretching", "effective_hold_s", in: positive)
        flexibilityFadeWeeks = try r.value("stretching", "fade_time_constant_weeks", in: positive)
        lumbarRomMaxGainDeg = try r.value("stretching", "lumbar_rom_max_gain_deg", in: 0...30)
        stretchStiffnessReductionMax = try r.value("stretching", "stiffness_reduction_max", in: fraction)
        manualEffectDays = try r.value("manual_therapy", "effect_time_constant_days", in: positive)
        manualToneDays = try r.value("manual_therapy", "tone_time_constant_days", in: positive)
        manualPainReductionMax = try r.value("manual_therapy", "pain_reduction_max", in: fraction)
        manualStiffnessReduction = try r.value("manual_therapy", "stiffness_reduction", in: fraction)
        manualOdiReductionMax = try r.value("manual_therapy", "odi_reduction_max", in: fraction)
        manualReferenceMinutes = try r.value("manual_therapy", "reference_minutes", in: positive)
        baselineSittingHours = try r.value("postural", "baseline_sitting_hours", in: 0...24)
        sittingLoadUnsupported = try r.value("postural", "sitting_load_unsupported", in: fraction)
        sittingLoadSupported = try r.value("postural", "sitting_load_supported", in: fraction)
        sitStandReductionHours = try r.value("postural", "sit_stand_sitting_reduction_h", in: 0...24)
        breakMinutes = try r.value("postural", "break_minutes", in: positive)
        posturalPainEffectMax = try r.value("postural", "pain_effect_max", in: fraction)
        posturalOdiEffectMax = try r.value("postural", "odi_effect_max", in: fraction)
        fitnessGainPerSession = try r.value("aerobic", "fitness_gain_per_session", in: fraction)
        fitnessWeeks = try r.value("aerobic", "fitness_time_constant_weeks", in: positive)
        aerobicReferenceMinutes = try r.value("aerobic", "reference_minutes", in: positive)
        aerobicReferenceIntensity = try r.value("aerobic", "reference_intensity", in: 1e-6...1)
        waterTherapyFactor = try r.value("aerobic", "water_therapy_factor", in: fraction)
        cyclingFactor = try r.value("aerobic", "cycling_factor", in: fraction)
        naturalHistoryWeeks = try r.value("pain", "natural_history_time_constant_weeks", in: positive)
        regressionReliability = try r.value("pain", "regression_reliability", in: fraction)
        conditioningGainPerSession = try r.value("pain", "conditioning_gain_per_session", in: fraction)
        aerobicPainWeight = try fitted.value("aerobic_pain_weight")
        stretchingPainWeight = try r.value("pain", "stretching_weight", in: 0...2)
        conditioningWeeks = try r.value("pain", "conditioning_time_constant_weeks", in: positive)
        responderSD = try r.value("pain", "responder_sd", in: 0...2)
        painMeasurementSD = try r.value("pain", "measurement_sd", in: 0...50)
        exerciseOdiEffect = try r.value("pain", "exercise_odi_effect", in: fraction)
        odiResponderCorrelation = try r.value("pain", "odi_responder_correlation", in: -1...1)
        odiMeasurementSD = try r.value("pain", "odi_measurement_sd", in: 0...50)
        effortDaySD = try r.value("measurement", "effort_day_sd", in: 0...1)
        csaMeasurementSD = try r.value("measurement", "csa_sd_fraction", in: 0...0.5)
        romMeasurementSDDeg = try r.value("measurement", "rom_sd_deg", in: 0...30)
        slrMeasurementSDDeg = try r.value("measurement", "slr_sd_deg", in: 0...30)
        enduranceMeasurementSDS = try r.value("measurement", "endurance_sd_s", in: 0...600)
        rdqPerOdiPoint = try r.value("measurement", "rdq_points_per_odi_point", in: 0...1)
        restBetweenSetsS = try r.value("training", "rest_between_sets_s", in: 0...3600)
        recurrenceNaturalRisk12m = try r.value("recurrence", "natural_risk_12m", in: 1e-6...0.999)
        exerciseRecurrenceRiskRatio = try r.value("recurrence", "exercise_risk_ratio", in: fraction)
        manualRecurrenceRiskRatio = try r.value("recurrence", "manual_risk_ratio", in: fraction)
        posturalRecurrenceRiskRatio = try r.value("recurrence", "postural_risk_ratio", in: fraction)
        try r.finish()
    }

    /// How much of a session's strength stimulus a subject takes up relative to a healthy trainee.
    public func trainability(_ subject: SubjectParameters) -> Double {
        subject.clbp ? clbpTrainabilityRatio : 1
    }

    /// Trainable neural reserve at a flexion angle: linear between its values at 0° and 72°.
    public func neuralReserve(atDeg angle: Double) -> Double {
        neuralReserveAt0 + (neuralReserveAt72 - neuralReserveAt0) * angle / TorqueModel.maxFlexionDeg
    }
}
