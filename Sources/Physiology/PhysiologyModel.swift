import LumbarDatasets

/// Everything the physiology layer reads from data, loaded once: torque model, adaptation, fatigue, and the
/// fitted population parameters they share.
public struct PhysiologyModel: Sendable {
    public let torque: TorqueModel
    public let fatigue: FatigueConstants
    public let fitted: FittedParameters
    /// Mean specific tension of the population (fitted), N/cm²; subjects carry a relative scale around it.
    public let specificTensionMean: Double
    /// The body-weight extension hold's lumbar angle (deg) and stopping time (s).
    public let bodyWeightHoldAngleDeg: Double
    public let bodyWeightHoldMaxS: Double

    public var adaptation: AdaptationParameters { torque.adaptation }

    /// Loads from `store`; `fitted` replaces the committed fitted set (calibrate tries candidates this way).
    public init(store: DatasetStore, fitted: FittedParameters? = nil) throws {
        let fitted = try fitted ?? FittedParameters.load(from: store)
        let constants = try PhysiologyConstants.load(from: store)
        let adaptation = try AdaptationParameters.load(from: store, fitted: fitted)
        torque = try TorqueModel(constants: constants, fitted: fitted, adaptation: adaptation)
        fatigue = try FatigueConstants.load(from: store)
        self.fitted = fitted
        specificTensionMean = try fitted.value("specific_tension_mean_Ncm2")
        bodyWeightHoldAngleDeg = constants.bodyWeightHold.angleDeg.value
        bodyWeightHoldMaxS = constants.bodyWeightHold.maxDurationS.value
    }

    /// The files the model reads, relative to `Datasets/` (for the parameter hash).
    public static let datasetPaths = [PhysiologyConstants.datasetPath, AdaptationParameters.datasetPath,
                                      FatigueConstants.datasetPath, FittedParameters.datasetPath]

    /// Fatigue rates for a subject's current aerobic conditioning: conditioning lowers F and raises R.
    public func fatigueParameters(for state: SubjectState) -> FatigueParameters {
        var p = fatigue.parameters
        p.F *= 1 - fatigue.aerobicTrainingFReductionMax.value * state.fitness
        p.F *= state.fatigability
        p.R *= 1 + fatigue.aerobicTrainingRGainMax.value * state.fitness
        return p
    }
}
