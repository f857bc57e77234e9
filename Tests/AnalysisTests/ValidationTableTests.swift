@testable import Analysis
import Foundation
import LumbarDatasets
import XCTest

/// The validate table and JSON with and without the model intervals of `--uncertainty`.
final class ValidationTableTests: XCTestCase {
    private func row(_ id: String, simulated: Double?, model: ClosedRange<Double>?) -> ValidationResult {
        ValidationResult(id: id, quantity: "q", unit: "u", published: 10, publishedUncertainty: "±2", simulated: simulated,
                         lower: simulated == nil ? nil : 8, upper: simulated == nil ? nil : 12,
                         within: simulated.map { (8...12).contains($0) }, required: true, scenario: nil, note: "", evidence: .independent,
                         source: "s", population: "p", targetNotes: "", model: model)
    }

    /// Without model intervals the table has no model column and the JSON no model keys; with them, a column between
    /// band and offset and three keys on the rows that have one; the verdict is the committed value's either way.
    func testTheModelColumnAndKeysAppearOnlyWithModelIntervals() throws {
        let plain = [row("a", simulated: 13, model: nil), row("b", simulated: nil, model: nil)]
        var withModel = plain
        withModel[0].model = 11.5...14
        XCTAssertFalse(plain.table.contains("model 95 %"))
        let lines = withModel.table.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].contains("band") && lines[0].contains("model 95 %") && lines[0].contains("offset"), lines[0])
        XCTAssertTrue(lines[1].contains("[11.500, 14.000]") && lines[1].hasSuffix("OUTSIDE"), lines[1])
        XCTAssertEqual(withModel.failures.map(\.id), ["a"], "the model interval does not change the verdict")
        XCTAssertEqual(withModel[0].modelMeetsBand, true, "11.5-14 reaches the band 8-12")
        withModel[0].model = 12.5...14
        XCTAssertEqual(withModel[0].modelMeetsBand, false)

        let encoded = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(withModel)) as? [[String: Any]])
        XCTAssertEqual(encoded[0]["model_low"] as? Double, 12.5)
        XCTAssertEqual(encoded[0]["model_high"] as? Double, 14)
        XCTAssertEqual(encoded[0]["model_meets_band"] as? Bool, false)
        XCTAssertNil(encoded[1]["model_low"])
        let plainKeys = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(plain)) as? [[String: Any]]).map { Set($0.keys) }
        XCTAssertTrue(plainKeys.allSatisfy { $0.isDisjoint(with: ["model_low", "model_high", "model_meets_band"]) })
    }
}
