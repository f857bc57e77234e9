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
        for row in csv.rows {
            let numbers = row.compactMap(Double.init)
            XCTAssertEqual(numbers.count, 9, "\(row)")
            XCTAssertEqual(Int(row[3]), 8, "every setting measures every subject")
            XCTAssertEqual(numbers[2], 0.8, "the device file's noise SD when --noise-sd is not given")
            // Over the same errors, |mean| ≤ mean |·| ≤ root mean square (Jensen); the table rounds to 3 decimals.
            let mae = numbers[4], rmse = numbers[5], bias = numbers[6]
            XCTAssertLessThanOrEqual(abs(bias), mae + 1e-3, "\(row)")
            XCTAssertLessThanOrEqual(mae, rmse + 1e-3, "\(row)")
        }
    }

    func testThroughputJSON() throws {
        let result = try CLI.run(["device", "throughput", "--batch", "16", "--blocks", "5", "--json"], in: tmp)
        XCTAssertEqual(result.status, 0, result.summary)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        // The work done: 16 subjects x 100 samples (100 ms at the device file's 1000 Hz) x 5 blocks, in two groups
        // of eight lanes, so at most two threads.
        XCTAssertEqual(json["batch"] as? Int, 16)
        XCTAssertEqual(json["block_samples"] as? Int, 100)
        XCTAssertEqual(json["blocks"] as? Int, 5)
        XCTAssertEqual(json["sample_rate_hz"] as? Double, 1000)
        let threads = try XCTUnwrap(json["threads"] as? Int)
        XCTAssertTrue((1...2).contains(threads), "\(threads)")
        let p50 = try XCTUnwrap(json["block_latency_p50_s"] as? Double), p99 = try XCTUnwrap(json["block_latency_p99_s"] as? Double)
        let p999 = try XCTUnwrap(json["block_latency_p999_s"] as? Double), rate = try XCTUnwrap(json["samples_per_s"] as? Double)
        XCTAssertGreaterThan(p50, 0)
        XCTAssertLessThanOrEqual(p50, p99)
        XCTAssertLessThanOrEqual(p99, p999)
        // The rate is the work over the whole run, which lasts at least the slowest block and at least the three
        // blocks at or above the median.
        let work = Double(16 * 100 * 5)
        XCTAssertLessThanOrEqual(rate, work / p999 * (1 + 1e-9))
        XCTAssertLessThanOrEqual(rate, work / (3 * p50) * (1 + 1e-9))
        XCTAssertEqual(try XCTUnwrap(json["real_time_factor"] as? Double), p50 / 0.1, accuracy: 1e-12 * p50 / 0.1)
        XCTAssertEqual(json["keeps_up_with_real_time"] as? Bool, p999 < 0.1)
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
