import Foundation
import LumbarNumerics
import Physiology

/// A sampling-rate and sensor-fidelity study: the same subjects tested under each device setting, and how far
/// the reported peaks and strength curves fall from the true ones.
public struct DeviceSweep: Sendable {
    public struct Setting: Sendable, Equatable {
        public var sampleRateHz: Double
        public var adcBits: Int
        public var noiseSdNm: Double

        public init(sampleRateHz: Double, adcBits: Int, noiseSdNm: Double) {
            self.sampleRateHz = sampleRateHz
            self.adcBits = adcBits
            self.noiseSdNm = noiseSdNm
        }
    }

    /// Errors of one setting over all subjects and tested angles.
    public struct Row: Sendable, Encodable, Equatable {
        public var setting: Setting
        public var subjects: Int
        /// Mean absolute, root-mean-square and mean signed error of the reported peak torque, N·m.
        public var peakMAE: Double
        public var peakRMSE: Double
        public var peakBias: Double
        /// Mean absolute relative error of the peaks, %.
        public var peakMAPE: Double
        /// Strength-curve error: per subject the RMS relative error over the angles, averaged over subjects, %.
        public var curveRMSE: Double

        enum CodingKeys: String, CodingKey {
            case sampleRateHz = "sample_rate_hz", adcBits = "adc_bits", noiseSdNm = "noise_sd_Nm", subjects
            case peakMAE = "peak_mae_Nm", peakRMSE = "peak_rmse_Nm", peakBias = "peak_bias_Nm"
            case peakMAPE = "peak_mape_percent", curveRMSE = "curve_rmse_percent"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(setting.sampleRateHz, forKey: .sampleRateHz)
            try c.encode(setting.adcBits, forKey: .adcBits)
            try c.encode(setting.noiseSdNm, forKey: .noiseSdNm)
            try c.encode(subjects, forKey: .subjects)
            try c.encode(peakMAE, forKey: .peakMAE)
            try c.encode(peakRMSE, forKey: .peakRMSE)
            try c.encode(peakBias, forKey: .peakBias)
            try c.encode(peakMAPE, forKey: .peakMAPE)
            try c.encode(curveRMSE, forKey: .curveRMSE)
        }

        public static let csvHeader = ["sample_rate_hz", "adc_bits", "noise_sd_Nm", "subjects", "peak_mae_Nm", "peak_rmse_Nm",
                                       "peak_bias_Nm", "peak_mape_percent", "curve_rmse_percent"]
    }

    public let base: DeviceSettings
    public let model: TorqueModel

    public init(base: DeviceSettings, model: TorqueModel) {
        self.base = base
        self.model = model
    }

    /// Tests `subjects` (untrained) under every setting; the subjects' noise streams are the same in each.
    public func run(subjects: [SubjectParameters], seed: UInt64, settings: [Setting], threads: Int) throws(DeviceError) -> [Row] {
        var rows: [Row] = []
        for setting in settings {
            var device = base
            device.sampleRateHz = setting.sampleRateHz
            device.adcBits = setting.adcBits
            device.noiseSdNm = setting.noiseSdNm
            let batch = IsometricBatch(test: try IsometricTest(settings: device, model: model))
            let chunks = stride(from: 0, to: subjects.count, by: 64).map { $0..<min(subjects.count, $0 + 64) }
            let results = ParallelMap.map(count: chunks.count, threads: threads) { index in
                let people = Array(subjects[chunks[index]])
                return batch.run(subjects: people, states: people.map(SubjectState.init(baselineOf:)), seed: seed, session: 0)
            }
            rows.append(Self.summarise(results.flatMap { $0 }, setting: setting))
        }
        return rows
    }

    static func summarise(_ tests: [IsometricResult], setting: Setting) -> Row {
        var absolute = 0.0, squared = 0.0, signed = 0.0, relative = 0.0, n = 0.0, curve = 0.0
        for test in tests {
            var curveSquared = 0.0
            for (reported, truth) in zip(test.reportedPeakNm, test.truePeakNm) {
                let error = reported - truth
                absolute += abs(error)
                squared += error * error
                signed += error
                relative += abs(error) / truth
                curveSquared += (error / truth) * (error / truth)
                n += 1
            }
            curve += (curveSquared / Double(max(1, test.truePeakNm.count))).squareRoot()
        }
        return Row(setting: setting, subjects: tests.count, peakMAE: absolute / n, peakRMSE: (squared / n).squareRoot(),
                   peakBias: signed / n, peakMAPE: 100 * relative / n, curveRMSE: 100 * curve / Double(max(1, tests.count)))
    }
}
