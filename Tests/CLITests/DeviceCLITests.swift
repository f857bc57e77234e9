import Foundation
import XCTest

/// End-to-end tests of `lumbarsim device test`: the JSON and table reports, the sampled trace, subject files,
/// agreement with `simulate`, and refusal of bad input.
final class DeviceCLITests: CLITestCase {
    static let traceHeader = "time_s,angle_deg,torque_Nm,true_torque_Nm,effort,phase,arm_angle_deg"
    static let protocolAngles: [Double] = [72, 60, 48, 36, 24, 12, 0]
    /// 1 s zeroing + 7 angles x (3 s ramp + 2 s hold + 10 s rest), in seconds.
    static let protocolSeconds = 1.0 + 7 * (3 + 2 + 10)

    struct Report: Decodable {
        struct Peak: Decodable {
            var angle_deg: Double
            var torque_Nm: Double
            var true_torque_Nm: Double
        }
        var subject_id: Int
        var sex: String
        var seed: UInt64
        var sample_rate_hz: Double
        var adc_bits: Int
        var samples: Int
        var trace: String
        var peaks: [Peak]
    }

    func deviceTest(_ arguments: [String]) throws -> CLIResult {
        try CLI.run(["device", "test"] + arguments, in: tmp)
    }

    func report(_ result: CLIResult, file: StaticString = #filePath, line: UInt = #line) throws -> Report {
        XCTAssertEqual(result.status, 0, result.summary, file: file, line: line)
        return try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    }

    /// Seven peaks in protocol order, each reported within 3 % of the subject's true torque.
    func assertPlausiblePeaks(_ peaks: [Report.Peak], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(peaks.map(\.angle_deg), Self.protocolAngles, file: file, line: line)
        for peak in peaks {
            XCTAssertGreaterThan(peak.true_torque_Nm, 0, "angle \(peak.angle_deg)", file: file, line: line)
            XCTAssertLessThanOrEqual(abs(peak.torque_Nm - peak.true_torque_Nm), 0.03 * peak.true_torque_Nm,
                                     "angle \(peak.angle_deg): reported \(peak.torque_Nm) vs true \(peak.true_torque_Nm)",
                                     file: file, line: line)
        }
    }

    /// The trace's header and rows, checked for shape; returns the data rows.
    func traceRows(_ url: URL, file: StaticString = #filePath, line: UInt = #line) throws -> [[String]] {
        let trace = try CLI.readCSV(url)
        XCTAssertEqual(trace.header, Self.traceHeader, file: file, line: line)
        let bad = trace.rows.firstIndex { $0.count != 7 }
        XCTAssertNil(bad, "trace row \(bad.map { trace.rows[$0] } ?? []) has the wrong number of fields", file: file, line: line)
        return trace.rows
    }

    // MARK: - Reports and trace

    func testJSONReportAndFullRateTrace() throws {
        let result = try deviceTest(["--subject", "2", "--trace", "T.csv", "--json"])
        let report = try report(result)
        XCTAssertEqual(report.subject_id, 2)
        XCTAssertTrue(["M", "F"].contains(report.sex), report.sex)
        XCTAssertEqual(report.seed, 1)
        XCTAssertEqual(report.sample_rate_hz, 1000)
        XCTAssertEqual(report.adc_bits, 12)
        XCTAssertEqual(report.trace, "T.csv")
        XCTAssertEqual(report.peaks.count, 7)
        assertPlausiblePeaks(report.peaks)

        let expectedRows = Int(Self.protocolSeconds * 1000)  // 106,000
        XCTAssertEqual(report.samples, expectedRows)
        let rows = try traceRows(tmp.appendingPathComponent("T.csv"))
        XCTAssertEqual(rows.count, expectedRows)

        // The rows follow the protocol: 1,000 zeroing samples first, time rising by 1 ms, only known phases.
        XCTAssertEqual(rows.prefix { $0[5] == "zero" }.count, 1000)
        XCTAssertEqual(rows.filter { $0[5] == "zero" }.count, 1000)
        XCTAssertEqual(Set(rows.map { $0[5] }), ["zero", "ramp", "hold", "rest"])
        XCTAssertEqual(rows.first?[0], "0.0000")
        XCTAssertEqual(rows.last.flatMap { Double($0[0]) } ?? -1, Self.protocolSeconds - 0.001, accuracy: 1e-9)
        let testedAngles = rows.dropFirst(1000).map { Double($0[1]) ?? .nan }
        var angleOrder: [Double] = []
        for angle in testedAngles where angleOrder.last != angle { angleOrder.append(angle) }
        XCTAssertEqual(angleOrder, Self.protocolAngles)
        // At full effort the trace holds each angle's true peak, within what the arm's positioning error moves it
        // (0.2 deg of potentiometer noise, a few N*m/deg of strength curve slope).
        let holdTrue = rows.filter { $0[5] == "hold" }.compactMap { Double($0[3]) }
        XCTAssertEqual(holdTrue.max() ?? 0, report.peaks.map(\.true_torque_Nm).max() ?? -1, accuracy: 3)
        // The arm stands within a degree of each protocol angle, never outside the machine's 0-72 deg.
        for row in rows {
            let arm = Double(row[6]) ?? .nan, angle = Double(row[1]) ?? .nan
            XCTAssertLessThan(abs(arm - angle), 1)
            XCTAssertTrue((0...72).contains(arm))
        }
        XCTAssertEqual(try CLI.entries(of: tmp), ["T.csv"])
    }

    func testTableModePrintsSevenPeaks() throws {
        let result = try deviceTest(["--subject", "2", "--rate", "100", "--trace", "table.csv"])
        XCTAssertEqual(result.status, 0, result.summary)
        XCTAssertEqual(result.stderr, "")
        let peakLines = result.stdoutLines.compactMap { line -> [Double]? in
            let fields = line.split(separator: " ").map(String.init)
            let numbers = fields.compactMap(Double.init)
            return fields.count == 3 && numbers.count == 3 ? numbers : nil
        }
        XCTAssertEqual(peakLines.count, 7, result.stdout)
        XCTAssertEqual(peakLines.map { $0[0] }, Self.protocolAngles, result.stdout)
        for numbers in peakLines {
            XCTAssertGreaterThan(numbers[2], 0)
            XCTAssertLessThanOrEqual(abs(numbers[1] - numbers[2]), 0.03 * numbers[2], "line \(numbers)")
        }
        XCTAssertTrue(CLI.exists(tmp.appendingPathComponent("table.csv")))
    }

    func testLowerSampleRateGivesFewerTraceRows() throws {
        let result = try deviceTest(["--subject", "2", "--rate", "100", "--trace", "slow.csv", "--json"])
        let report = try report(result)
        XCTAssertEqual(report.sample_rate_hz, 100)
        XCTAssertEqual(report.samples, 10_600)
        XCTAssertEqual(try traceRows(tmp.appendingPathComponent("slow.csv")).count, 10_600)
        XCTAssertEqual(report.peaks.count, 7)
        assertPlausiblePeaks(report.peaks)
    }

    /// `device test --subject I` is subject I of `simulate` under the same seed: the same reported peaks.
    func testDeviceTestReproducesTheSimulatedSubject() throws {
        let run = try CLI.run(["simulate", "--subjects", "4", "--seed", "5", "--out", "run"], in: tmp)
        XCTAssertEqual(run.status, 0, run.summary)
        let tests = try CLI.readCSV(tmp.appendingPathComponent("run/tests.csv"))
        let header = tests.header.split(separator: ",").map(String.init)
        let row = try XCTUnwrap(tests.rows.first { $0.first == "3" })

        let report = try report(try deviceTest(["--subject", "3", "--seed", "5", "--trace", "s3.csv", "--json"]))
        XCTAssertEqual(report.subject_id, 3)
        XCTAssertEqual(report.seed, 5)
        for peak in report.peaks {
            let column = try XCTUnwrap(header.firstIndex(of: "torque_\(Int(peak.angle_deg))"))
            XCTAssertEqual(row[column], String(format: "%.2f", peak.torque_Nm), "angle \(peak.angle_deg)")
        }
    }

    // MARK: - Subject files

    static func subjectYAML(activation: String = "0.9", omitting omitted: String? = nil) -> String {
        let lines = [
            "subject_id: 7",
            "sex: F",
            "age_y: 45",
            "height_cm: 165",
            "mass_kg: 62",
            "torso_mass_kg: 36",
            "torso_com_cm: 21",
            "csa_cm2: {multifidus: 7.0, longissimus: 8.5, iliocostalis: 5.5}",
            "fat_fraction: {multifidus: 0.12, longissimus: 0.10, iliocostalis: 0.10}",
            "specific_tension_Ncm2: 110",
            "activation: \(activation)",
            "moment_arm_scale: 1.0",
            "passive_scale: 1.0",
            "lumbar_rom_deg: 78",
            "slr_deg: 75",
            "pain_vas: 4",
            "odi: 3",
            "clbp: false",
        ]
        return lines.filter { line in omitted.map { !line.hasPrefix("\($0):") } ?? true }.joined(separator: "\n") + "\n"
    }

    func testSubjectFileIsTested() throws {
        let file = tmp.appendingPathComponent("subject.yaml")
        try CLI.write(Self.subjectYAML(), to: file)
        let report = try report(try deviceTest(["--subject-file", file.path, "--rate", "100", "--trace", "s.csv", "--json"]))
        XCTAssertEqual(report.subject_id, 7)
        XCTAssertEqual(report.sex, "F")
        XCTAssertEqual(report.samples, 10_600)
        XCTAssertEqual(report.peaks.count, 7)
        assertPlausiblePeaks(report.peaks)
        XCTAssertEqual(try traceRows(tmp.appendingPathComponent("s.csv")).count, 10_600)
    }

    func testSubjectFileWithActivationOutOfRangeIsRefused() throws {
        let file = tmp.appendingPathComponent("subject.yaml")
        try CLI.write(Self.subjectYAML(activation: "1.7"), to: file)
        let result = try deviceTest(["--subject-file", file.path, "--rate", "100", "--trace", "s.csv"])
        assertRefused(result, mentioning: ["activation", "1.7"])
        XCTAssertEqual(try CLI.entries(of: tmp), ["subject.yaml"], "no trace and no staging file may be left")
    }

    func testSubjectFileWithMissingFieldIsRefused() throws {
        let file = tmp.appendingPathComponent("subject.yaml")
        try CLI.write(Self.subjectYAML(omitting: "passive_scale"), to: file)
        let result = try deviceTest(["--subject-file", file.path, "--rate", "100", "--trace", "s.csv"])
        assertRefused(result, mentioning: ["passive_scale", "missing"])
        XCTAssertEqual(try CLI.entries(of: tmp), ["subject.yaml"])
    }

    // MARK: - Bad settings

    func testBadSamplingSettingsAreRefused() throws {
        let zeroRate = try deviceTest(["--subject", "1", "--rate", "0", "--trace", "t.csv"])
        assertRefused(zeroRate, mentioning: ["sample rate"])
        let bits = try deviceTest(["--subject", "1", "--adc-bits", "30", "--trace", "t.csv"])
        assertRefused(bits, mentioning: ["ADC bits", "30"])
        let negative = try deviceTest(["--subject=-1", "--trace", "t.csv"])
        assertRefused(negative, mentioning: ["--subject"], usageAllowed: true)
        XCTAssertEqual(try CLI.entries(of: tmp), [], "a refused test writes no trace")
    }

    func testUnwritableTraceIsRefused() throws {
        let result = try deviceTest(["--subject", "1", "--rate", "100", "--trace", "missing-folder/t.csv"])
        assertRefused(result, mentioning: ["missing-folder/t.csv"])
        XCTAssertEqual(try CLI.entries(of: tmp), [])
    }

    // MARK: - Regressions found by these tests

    /// `--trace` naming an existing folder is refused, and the folder is left alone.
    func testTraceOntoExistingFolderIsRefusedAndUntouched() throws {
        let folder = tmp.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try CLI.write("precious\n", to: folder.appendingPathComponent("notes.txt"))
        let result = try deviceTest(["--subject", "1", "--rate", "100", "--trace", "results"])
        assertRefused(result, mentioning: ["results"])
        XCTAssertTrue(CLI.isDirectory(folder), "the folder given as --trace was replaced")
        XCTAssertEqual(try? String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8), "precious\n")
    }
}
