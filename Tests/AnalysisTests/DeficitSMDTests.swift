import Analysis
import Foundation
import LumbarDatasets
import XCTest

/// `torque_deficit_smd`: the reference cohort's baseline strength minus the cohort's, over their pooled SD.
final class DeficitSMDTests: XCTestCase {
    let store: DatasetStore = { do { return try DatasetStore.locate() } catch { fatalError("\(error)") } }()

    func scenario(cohort: String, reference: String, angle: String = "") throws -> ValidationScenario {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-smd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tiny.yaml")
        try """
        id: tiny
        description: "two cohorts at baseline"
        cohort: \(cohort)
        subjects: 40
        seed: 9
        sample_rate_hz: 100
        reference_cohort: \(reference)
        measurements:
          - target: conway2018_clbp_strength_deficit_d
            quantity: torque_deficit_smd
        \(angle)
            band: {lower: 0.15, upper: 0.97}
            band_reason: "test"
        """.write(to: file, atomically: true, encoding: .utf8)
        return try DataFile.decode(ValidationScenario.self, from: file)
    }

    static func smd(_ stronger: [Double], _ weaker: [Double]) -> Double {
        func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
        func variance(_ x: [Double]) -> Double { x.reduce(0) { $0 + ($1 - mean(x)) * ($1 - mean(x)) } / Double(x.count - 1) }
        return (mean(stronger) - mean(weaker)) / ((variance(stronger) + variance(weaker)) / 2).squareRoot()
    }

    /// At each subject's strongest angle by default, at one angle when asked; the CLBP cohort is the weaker, and
    /// swapping the cohorts turns the sign.
    func testTheSMDFollowsItsDefinitionAndTurnsWithTheCohorts() throws {
        let clbp = try ScenarioOutcome(scenario: try scenario(cohort: "clbp-adults", reference: "healthy-adults"), store: store, threads: 2)
        let m = clbp.scenario.measurements[0]
        let value = try clbp.value(of: m)
        let reference = try XCTUnwrap(clbp.reference)
        let expected = Self.smd(reference.map { $0.baseline.reportedPeakNm.max()! }, clbp.subjects.map { $0.baseline.reportedPeakNm.max()! })
        XCTAssertEqual(value, expected, accuracy: 1e-12)
        XCTAssertGreaterThan(value, 0, "CLBP adults are weaker")

        let swapped = try ScenarioOutcome(scenario: try scenario(cohort: "healthy-adults", reference: "clbp-adults"), store: store, threads: 2)
        XCTAssertEqual(try swapped.value(of: swapped.scenario.measurements[0]), -value, accuracy: 1e-12)

        let at72 = try ScenarioOutcome(scenario: try scenario(cohort: "clbp-adults", reference: "healthy-adults", angle: "    angle_deg: 72"),
                                       store: store, threads: 2)
        // Subjects whose range stops short of 72 deg have no value there and are left out.
        let expected72 = Self.smd(reference.compactMap { $0.baseline.reportedPeak(atDeg: 72) },
                                  clbp.subjects.compactMap { $0.baseline.reportedPeak(atDeg: 72) })
        XCTAssertEqual(try at72.value(of: at72.scenario.measurements[0]), expected72, accuracy: 1e-12)
    }
}
