import Device
import LumbarDatasets
import Physiology
import XCTest

final class DeviceStudyTests: XCTestCase {
    func testSweepErrorsFallWithAdcBitsAndFlattenOnceNoiseDominates() throws {
        let base = DeviceSettings(spec: IsometricTestTests.spec)
        let people = IsometricBatchTests.subjects(24, clbp: false)
        let settings = [8, 10, 12, 16].map { DeviceSweep.Setting(sampleRateHz: 250, adcBits: $0, noiseSdNm: 0.8) }
        let rows = try DeviceSweep(base: base, model: IsometricTestTests.model).run(subjects: people, seed: 4, settings: settings, threads: 2)
        XCTAssertEqual(rows.map(\.subjects), [24, 24, 24, 24])
        XCTAssertGreaterThan(rows[0].peakMAE, rows[1].peakMAE)
        XCTAssertGreaterThan(rows[1].peakMAE, rows[2].peakMAE)
        // From 12 to 16 bits the converter's step (0.39 -> 0.02 N*m) is far below the noise: almost no change.
        XCTAssertEqual(rows[2].peakMAE, rows[3].peakMAE, accuracy: 0.05 * rows[2].peakMAE)
        XCTAssertTrue(rows.allSatisfy { $0.curveRMSE > 0 && $0.curveRMSE < 5 })
    }

    func testSweepErrorsFallWithSampleRate() throws {
        let base = DeviceSettings(spec: IsometricTestTests.spec)
        let people = IsometricBatchTests.subjects(24, clbp: false)
        let settings = [50.0, 250, 1000].map { DeviceSweep.Setting(sampleRateHz: $0, adcBits: 16, noiseSdNm: 0.8) }
        let rows = try DeviceSweep(base: base, model: IsometricTestTests.model).run(subjects: people, seed: 4, settings: settings, threads: 2)
        XCTAssertGreaterThan(rows[0].peakMAE, rows[1].peakMAE)
        XCTAssertGreaterThan(rows[1].peakMAE, rows[2].peakMAE)
    }

    func testThroughputReportIsConsistentAndBadSettingsAreRefused() throws {
        var settings = DeviceSettings(spec: IsometricTestTests.spec)
        settings.sampleRateHz = 500
        let report = try DeviceThroughput(settings: settings).measure(batch: 16, blockSeconds: 0.05, blocks: 20, threads: 1)
        XCTAssertEqual(report.blockSamples, 25)
        XCTAssertGreaterThan(report.samplesPerSecond, 0)
        XCTAssertLessThanOrEqual(report.p50, report.p99)
        XCTAssertLessThanOrEqual(report.p99, report.p999)
        XCTAssertThrowsError(try DeviceThroughput(settings: settings).measure(batch: 0, blockSeconds: 0.05, blocks: 1, threads: 1))
        XCTAssertThrowsError(try DeviceThroughput(settings: settings).measure(batch: 8, blockSeconds: 0.0001, blocks: 1, threads: 1))
        settings.sampleRateHz = 0
        XCTAssertThrowsError(try DeviceThroughput(settings: settings)) { XCTAssertTrue("\($0)".contains("sample rate")) }
    }
}
