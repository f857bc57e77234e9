import Foundation
import XCTest

/// `simulate --uncertainty N`: its own table `uncertainty.csv` and manifest key, the same bytes for any thread
/// count, and every other file as without it.
final class SimulateUncertaintyCLITests: CLITestCase {
    func testUncertaintyAddsItsTableAndChangesNothingElse() throws {
        let options = ["--subjects", "12", "--chunk-size", "4", "--regimen", "core-strengthening", "--test-weeks", "0,12", "--seed", "3"]
        XCTAssertEqual(try simulate(options + ["--threads", "2", "--out", "plain"]).status, 0)
        let one = try simulate(options + ["--uncertainty", "3", "--threads", "1", "--out", "one"])
        XCTAssertEqual(one.status, 0, one.summary)
        XCTAssertEqual(try simulate(options + ["--uncertainty", "3", "--threads", "2", "--out", "two"]).status, 0)

        for file in ["subjects.csv", "tests.csv", "outcomes.csv", "datapackage.json"] {
            XCTAssertEqual(try data("plain/\(file)"), try data("one/\(file)"), "\(file) does not depend on --uncertainty")
        }
        XCTAssertEqual(try data("one/uncertainty.csv"), try data("two/uncertainty.csv"), "same bytes on 1 and 2 threads")
        XCTAssertFalse(CLI.exists(tmp.appendingPathComponent("plain/uncertainty.csv")))

        let plain = try manifest("plain"), model = try manifest("one")
        XCTAssertNil(plain["uncertainty_sets"], "no new key without the option")
        XCTAssertEqual(model["uncertainty_sets"] as? Int, 3)
        let plainOutputs = try XCTUnwrap(plain["outputs"] as? [String]), modelOutputs = try XCTUnwrap(model["outputs"] as? [String])
        XCTAssertEqual(modelOutputs.filter { $0 != "uncertainty.csv" }, plainOutputs)
        XCTAssertTrue(modelOutputs.contains("uncertainty.csv"))
        XCTAssertEqual(try CLI.run(["verify", "one"], in: tmp).status, 0, "the manifest records the new file's checksum")

        let table = try CLI.readCSV(tmp.appendingPathComponent("one/uncertainty.csv"))
        XCTAssertEqual(table.header, "arm,week,outcome,statistic,n,estimate,ci_low,ci_high,model_low,model_high,model_share")
        // 2 weeks x 8 outcomes as means, and week 12's 8 changes from baseline.
        XCTAssertEqual(table.rows.count, 24)
        // The committed estimate is the mean of the committed run's own table (which rounds pain to 0.1).
        let outcomes = try CLI.readCSV(tmp.appendingPathComponent("plain/outcomes.csv"))
        let columns = outcomes.header.split(separator: ",").map(String.init)
        let pain = try XCTUnwrap(columns.firstIndex(of: "pain_vas")), week = try XCTUnwrap(columns.firstIndex(of: "week"))
        let painAt12 = outcomes.rows.filter { $0[week] == "12" }.compactMap { Double($0[pain]) }
        let painAt0 = outcomes.rows.filter { $0[week] == "0" }.compactMap { Double($0[pain]) }
        func row(_ week: String, _ outcome: String, _ statistic: String) throws -> [Double] {
            let found = try XCTUnwrap(table.rows.first { $0[1] == week && $0[2] == outcome && $0[3] == statistic })
            return found.dropFirst(4).map { Double($0) ?? .nan }
        }
        let level = try row("12", "pain_vas", "mean"), change = try row("12", "pain_vas", "change_from_baseline")
        XCTAssertEqual(level[0], 12)
        XCTAssertEqual(level[1], painAt12.reduce(0, +) / 12, accuracy: 0.05)
        XCTAssertEqual(change[1], (painAt12.reduce(0, +) - painAt0.reduce(0, +)) / 12, accuracy: 0.05)
        for values in table.rows.map({ $0.dropFirst(4).map { Double($0) ?? .nan } }) where values[0] > 1 {
            let (estimate, low, high, modelLow, modelHigh, share) = (values[1], values[2], values[3], values[4], values[5], values[6])
            XCTAssertLessThanOrEqual(low, estimate)
            XCTAssertLessThanOrEqual(estimate, high)
            XCTAssertLessThanOrEqual(modelLow, modelHigh)
            XCTAssertTrue((0...1).contains(share))
        }
        let torque = try row("12", "torque_0", "change_from_baseline")
        XCTAssertLessThan(torque[4], torque[5], "the parameter sets move the torque gain")

        assertRefused(try simulate(options + ["--uncertainty", "3", "--shard", "1/2", "--out", "x"]),
                      mentioning: ["--uncertainty", "--shard"], usageAllowed: true)
    }

    private func data(_ path: String) throws -> Data { try Data(contentsOf: tmp.appendingPathComponent(path)) }

    private func manifest(_ folder: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: data("\(folder)/manifest.json")) as? [String: Any])
    }
}
