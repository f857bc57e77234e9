import Foundation
import XCTest

/// `trial --uncertainty N`: the model-uncertainty columns of effects.csv, and every other byte as without it.
final class TrialUncertaintyCLITests: CLITestCase {
    func testUncertaintyAddsModelColumnsAndChangesNothingElse() throws {
        let options = ["trial", "--arm", "control", "--arm", "core-strengthening", "--per-arm", "4", "--instrument", "ideal"]
        XCTAssertEqual(try CLI.run(options + ["--out", "plain"], in: tmp).status, 0)
        let result = try CLI.run(options + ["--uncertainty", "3", "--out", "model"], in: tmp)
        XCTAssertEqual(result.status, 0, result.summary)
        for file in ["trial_data.csv", "curves.csv", "timecourse.csv"] {
            XCTAssertEqual(try Data(contentsOf: tmp.appendingPathComponent("plain/\(file)")),
                           try Data(contentsOf: tmp.appendingPathComponent("model/\(file)")), file)
        }
        let plain = try CLI.readCSV(tmp.appendingPathComponent("plain/effects.csv"))
        let model = try CLI.readCSV(tmp.appendingPathComponent("model/effects.csv"))
        XCTAssertEqual(plain.header, "outcome,arm,reference,n_arm,n_reference,estimate,se,ci_low,ci_high,p_value,hedges_g,g_ci_low,g_ci_high,"
                       + "responders_arm,responders_reference,mcid,df,covariates,evidence,evidence_basis,measure,events_arm,events_reference,"
                       + "risk_arm,risk_reference")
        XCTAssertEqual(model.header, plain.header + ",model_low,model_high,model_share")
        let columns = plain.header.split(separator: ",").count
        XCTAssertEqual(model.rows.map { Array($0.prefix(columns)) }, plain.rows, "the committed parameters' statistics are unchanged")
        let measure = columns - 5
        var intervals = 0
        for row in model.rows where !row[columns].isEmpty {
            let (low, high, share) = try (XCTUnwrap(Double(row[columns])), XCTUnwrap(Double(row[columns + 1])), XCTUnwrap(Double(row[columns + 2])))
            XCTAssertEqual(row[measure], "difference", "risk ratios carry no model interval")
            XCTAssertLessThanOrEqual(low, high, row[0])
            XCTAssertTrue((0...1).contains(share), row[0])
            intervals += 1
        }
        XCTAssertEqual(intervals, plain.rows.filter { !$0[5].isEmpty && $0[measure] == "difference" }.count,
                       "every estimated difference has its model interval")
        let plainReport = try String(contentsOf: tmp.appendingPathComponent("plain/report.md"), encoding: .utf8)
        let modelReport = try String(contentsOf: tmp.appendingPathComponent("model/report.md"), encoding: .utf8)
        XCTAssertFalse(plainReport.contains("## Model uncertainty"))
        XCTAssertTrue(modelReport.contains("## Model uncertainty"), modelReport)
        XCTAssertTrue(modelReport.contains("| pain_vas | core-strengthening |"), modelReport)
        XCTAssertNotEqual(try CLI.run(options + ["--uncertainty", "1", "--out", "x"], in: tmp).status, 0)
    }
}
