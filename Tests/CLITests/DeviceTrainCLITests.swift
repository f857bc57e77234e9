import Foundation
import XCTest

/// `device train` end to end: the JSON result against its own trace, what a heavier weight and a free pelvis do,
/// and one-line refusals.
final class DeviceTrainCLITests: CLITestCase {
    struct Result: Decodable {
        var subject_id: Int
        var reps: Int
        var weight_Nm: Double
        var load_fraction: Double
        var pelvic_restraint: Bool
        var peak_target_load: Double
        var samples: Int
        var trace: String
    }

    func train(_ arguments: [String], trace: String) throws -> (Result, [[String]]) {
        let run = try CLI.run(["device", "train", "--rate", "100", "--trace", trace, "--json"] + arguments, in: tmp)
        XCTAssertEqual(run.status, 0, run.summary)
        let result = try JSONDecoder().decode(Result.self, from: Data(run.stdout.utf8))
        let csv = try CLI.readCSV(tmp.appendingPathComponent(trace))
        XCTAssertEqual(csv.header, "time_s,angle_deg,reported_angle_deg,torque_Nm,target_load,phase")
        return (result, csv.rows)
    }

    func testTheTraceIsTheSetTheResultDescribes() throws {
        let (result, rows) = try train(["--subject", "3", "--load-fraction", "0.5", "--rom", "36,72"], trace: "t.csv")
        XCTAssertEqual(result.subject_id, 3)
        XCTAssertEqual(result.load_fraction, 0.5)
        XCTAssertTrue(result.pelvic_restraint)
        XCTAssertEqual(result.trace, "t.csv")
        XCTAssertEqual(result.samples, rows.count, "one trace row per sample")
        XCTAssertGreaterThanOrEqual(result.reps, 1)
        XCTAssertLessThanOrEqual(result.reps, 50, "--max-reps default")
        // Time steps by 1/100 s; the arm stays within the trained range; the peak load is the trace's largest.
        let times = rows.compactMap { Double($0[0]) }
        XCTAssertEqual(times.count, rows.count)
        for (a, b) in zip(times, times.dropFirst()) { XCTAssertEqual(b - a, 0.01, accuracy: 1e-4) }
        let angles = rows.compactMap { Double($0[1]) }
        XCTAssertGreaterThanOrEqual(angles.min() ?? -1, 36 - 1e-9)
        XCTAssertLessThanOrEqual(angles.max() ?? 99, 72 + 1e-9)
        XCTAssertEqual(rows.compactMap { Double($0[4]) }.max() ?? -1, result.peak_target_load, accuracy: 1e-4)
        XCTAssertEqual(Set(rows.map { $0[5] }), ["up", "down"])
    }

    /// A heavier weight is never lifted more often; without the pelvic restraint the hip extensors take the load
    /// but the lumbar extensors' share, so the lumbar extensors' peak load falls.
    func testHeavierWeightNeverMoreRepsAndAFreePelvisUnloadsTheLumbarExtensors() throws {
        let (light, _) = try train(["--load-fraction", "0.4"], trace: "light.csv")
        let (heavy, _) = try train(["--load-fraction", "0.8"], trace: "heavy.csv")
        XCTAssertEqual(heavy.weight_Nm / light.weight_Nm, 2, accuracy: 1e-9, "the weight is proportional to the fraction")
        XCTAssertLessThanOrEqual(heavy.reps, light.reps)
        let (free, _) = try train(["--load-fraction", "0.4", "--no-pelvic-restraint"], trace: "free.csv")
        XCTAssertFalse(free.pelvic_restraint)
        XCTAssertEqual(free.weight_Nm, light.weight_Nm, accuracy: 1e-9)
        XCTAssertLessThan(free.peak_target_load, light.peak_target_load)
    }

    func testBadSettingsAreRefusedWithOneLineAndNoTrace() throws {
        for (arguments, fragment) in [(["--rom", "72,36"], "--rom start must be below end"), (["--tempo", "2"], "--tempo takes two"),
                                      (["--load-fraction", "0"], "--load-fraction must be > 0")] {
            let result = try CLI.run(["device", "train", "--trace", "t.csv"] + arguments, in: tmp)
            assertRefused(result, mentioning: [fragment])
            XCTAssertEqual(result.status, 64, result.summary)
        }
        XCTAssertFalse(CLI.exists(tmp.appendingPathComponent("t.csv")))
    }
}
