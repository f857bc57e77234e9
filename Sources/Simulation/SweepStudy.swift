import Device
import RunOutput
import StudySetup

/// The same untrained subjects tested under every combination of sample rate, ADC resolution and noise: what
/// `lumbarsim device sweep` runs.
public struct SweepStudy: Sendable {
    public let subjects: Int
    public let rows: [DeviceSweep.Row]

    /// `noiseSD` nil keeps the device file's noise; every combination is checked as a device setting first.
    public init(setup: RunSetup, subjects: Int, seed: UInt64, rates: [Double], adcBits: [Int], noiseSD: [Double]?,
                threads: Int) throws {
        let base = try setup.deviceSettings()
        var settings: [DeviceSweep.Setting] = []
        for rate in rates { for bits in adcBits { for noise in noiseSD ?? [base.noiseSdNm] {
            var check = base
            check.sampleRateHz = rate
            check.adcBits = bits
            check.noiseSdNm = noise
            try check.validate()
            settings.append(.init(sampleRateHz: rate, adcBits: bits, noiseSdNm: noise))
        } } }
        let people = try (0..<subjects).map { try setup.sampler.subject(id: $0, seed: seed) }
        rows = try DeviceSweep(base: base, model: setup.model).run(subjects: people, seed: seed, settings: settings, threads: threads)
        self.subjects = people.count
    }

    /// One row per setting (``DeviceSweep/Row/csvHeader``).
    public var table: CSVTable {
        var table = CSVTable(header: DeviceSweep.Row.csvHeader)
        for r in rows {
            table.append([CSVTable.number(r.setting.sampleRateHz, 1), String(r.setting.adcBits), CSVTable.number(r.setting.noiseSdNm, 3),
                          String(r.subjects), CSVTable.number(r.peakMAE, 4), CSVTable.number(r.peakRMSE, 4),
                          CSVTable.number(r.peakBias, 4), CSVTable.number(r.peakMAPE, 4), CSVTable.number(r.curveRMSE, 4)])
        }
        return table
    }
}
