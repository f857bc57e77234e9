import Foundation
import XCTest

/// `device sweep` and `device throughput` end to end: their outputs, and one-line refusals of bad settings.
final class DeviceStudyCLITests: CLITestCase {
    func testSweepWritesOneRowPerSetting() throws {
        let result = try CLI.run(["device", "sweep", "--subjects", "8", "--rates", "100,200", "--adc-bits", "10,12", "--out", "s.csv"], in: tmp)
        XCTAssertEqual(result.status, 0, result.summary)
        let csv = try CLI.readCSV(tmp.appendingPathComponent("s.csv"))
        XCTAssertEqual(csv.header, "sample_rate_hz,adc_bits,noise_sd_Nm,subjects,peak_mae_Nm,peak_rmse_Nm,peak_bias_Nm,peak_mape_percent,curve_rmse_percent")
        XCTAssertEqual(csv.rows.map { "\($0[0])/\($0[1])" }, ["100.0/10", "100.0/12", "200.0/10", "200.0/12"])
    }

    func testThroughputJSON() throws {
        let result = try CLI.run(["device", "throughput", "--batch", "16", "--blocks", "5", "--json"], in: tmp)
        XCTAssertEqual(result.status, 0, result.summary)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        XCTAssertNotNil(json?["samples_per_s"] as? Double)
        XCTAssertNotNil(json?["block_latency_p999_s"] as? Double)
        XCTAssertNotNil(json?["keeps_up_with_real_time"] as? Bool)
    }

    func testBadDeviceSettingsAreRefusedWithOneLine() throws {
        assertRefused(try CLI.run(["device", "sweep", "--rates", "0,100", "--subjects", "2", "--out", "s.csv"], in: tmp), mentioning: ["sample rate"])
        assertRefused(try CLI.run(["device", "sweep", "--adc-bits", "7", "--subjects", "2", "--out", "s.csv"], in: tmp), mentioning: ["ADC bits"])
        assertRefused(try CLI.run(["device", "sweep", "--rates", "fast", "--subjects", "2", "--out", "s.csv"], in: tmp), mentioning: ["--rates"])
        XCTAssertFalse(CLI.exists(tmp.appendingPathComponent("s.csv")))
        assertRefused(try CLI.run(["device", "throughput", "--rate", "-5"], in: tmp), mentioning: ["sample rate"])
        assertRefused(try CLI.run(["device", "test", "--adc-bits", "25", "--trace", "t.csv"], in: tmp), mentioning: ["ADC bits"])
    }
}
