import Course
import Device
import Foundation
import Physiology
import StudySetup
import TestSupport
import XCTest

/// CLBP trainability: the share of a session's strength stimulus a subject with chronic LBP takes up, relative
/// to a healthy trainee (`neural.clbp_trainability_ratio`).
final class TrainabilityTests: XCTestCase {
    /// Twelve weeks of the bundled strengthening regimen for two subjects alike in all but their CLBP status, on a
    /// copy of the bundled datasets with the ratio set to `ratio`.
    func gains(ratio: Double) throws -> (healthy: Double, clbp: Double) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-trainability-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: TestData.store.root, to: folder)
        let file = folder.appendingPathComponent("physiology/adaptation.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "  clbp_trainability_ratio:\n    value: 1\n",
                                               with: "  clbp_trainability_ratio:\n    value: \(ratio)\n")
        XCTAssertNotEqual(edited, text, "the ratio's entry was found")
        try edited.write(to: file, atomically: true, encoding: .utf8)
        let setup = try RunSetup(datasets: folder.path, cohort: "clbp-adults", regimens: ["core-strengthening"])
        XCTAssertEqual(setup.physiology.adaptation.clbpTrainabilityRatio, ratio)
        let settings = try setup.deviceSettings(sampleRateHz: 100)
        let course = CourseOfCare(physiology: setup.physiology, test: try IsometricTest(settings: settings, model: setup.model),
                                  arms: setup.arms, instrument: .ideal)
        func gain(clbp: Bool) -> Double {
            var subject = TestSubjects.typical(model: setup.model)
            subject.clbp = clbp
            let visits = course.run(subject: subject, arm: setup.arms[0], seed: 3, cohortPain: 40, cohortODI: 30)
            let before = visits[0].isometric.truePeakNm.reduce(0, +), after = visits[visits.count - 1].isometric.truePeakNm.reduce(0, +)
            return after / before - 1
        }
        return (gain(clbp: false), gain(clbp: true))
    }

    func testTheBundledRatioIsOneAndOnlyCLBPSubjectsTakeIt() throws {
        let p = TestData.physiology.adaptation
        XCTAssertEqual(p.clbpTrainabilityRatio, 1)
        var subject = TestSubjects.typical()
        var changed = p
        changed.clbpTrainabilityRatio = 0.6
        XCTAssertEqual(changed.trainability(subject), 1, "healthy trainees always take the full stimulus")
        subject.clbp = true
        XCTAssertEqual(changed.trainability(subject), 0.6)
    }

    /// Ratio 1 reproduces healthy gains (the twins differ only by the CLBP multifidus atrophy of 12 weeks, a few
    /// tenths of a percent); a lower ratio lowers the CLBP twin's gain and leaves the healthy twin's alone.
    func testRatioOneReproducesHealthyGainsAndALowerRatioLowersThem() throws {
        let one = try gains(ratio: 1)
        XCTAssertGreaterThan(one.healthy, 0.1)
        XCTAssertEqual(one.clbp, one.healthy, accuracy: 0.005)
        let half = try gains(ratio: 0.5)
        XCTAssertEqual(half.healthy, one.healthy, accuracy: 1e-12)
        XCTAssertLessThan(half.clbp, one.clbp - 0.02)
    }
}
