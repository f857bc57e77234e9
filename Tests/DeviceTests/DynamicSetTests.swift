import Device
import LumbarDatasets
import LumbarNumerics
import Physiology
import XCTest

final class DynamicSetTests: XCTestCase {
    func dynamicSet(rate: Double = 200) throws -> DynamicSet {
        var settings = DeviceSettings(spec: IsometricTestTests.spec)
        settings.sampleRateHz = rate
        return try DynamicSet(settings: settings, physiology: IsometricTestTests.physiology)
    }

    func reps(fraction: Double, restrained: Bool = true) throws -> DynamicSetResult {
        let set = try dynamicSet()
        let subject = IsometricBatchTests.subjects(1, clbp: false)[0]
        let state = SubjectState(baselineOf: subject)
        let weight = set.weight(forFraction: fraction, subject: subject, state: state, rom: 0...72)
        var rng = RandomStream(seed: 1, stream: 0)
        return try set.run(subject: subject, state: state, weightNm: weight, rom: 0...72, upS: 2, downS: 4,
                           pelvicRestraint: restrained, maxReps: 60, rng: &rng, keepTrace: true)
    }

    func testHeavierWeightsAllowFewerRepetitions() throws {
        let counts = try [0.3, 0.45, 0.6].map { try reps(fraction: $0).reps }
        XCTAssertGreaterThan(counts[0], counts[1])
        XCTAssertGreaterThan(counts[1], counts[2])
        XCTAssertGreaterThan(counts[2], 0)
        XCTAssertEqual(try reps(fraction: 1.2).reps, 0, "a weight above the concentric capacity cannot be lifted")
    }

    func testWithoutPelvicRestraintTheLumbarExtensorsCarryLess() throws {
        let restrained = try reps(fraction: 0.5), free = try reps(fraction: 0.5, restrained: false)
        XCTAssertLessThan(free.peakTargetLoad, 0.5 * restrained.peakTargetLoad)
        XCTAssertGreaterThan(free.reps, restrained.reps)
    }

    func testTraceFollowsTheRangeAndTheFatigueStateStaysValid() throws {
        let result = try reps(fraction: 0.45)
        let trace = try XCTUnwrap(result.trace)
        XCTAssertEqual(trace.count, result.samples)
        XCTAssertTrue(trace.allSatisfy { (0...72).contains($0.angleDeg) })
        XCTAssertTrue(trace.allSatisfy { abs($0.reportedAngleDeg * 10 - ($0.reportedAngleDeg * 10).rounded()) < 1e-9 })
        XCTAssertTrue(trace.allSatisfy { abs($0.reportedAngleDeg - $0.angleDeg) < 2 })
        for group in ExtensorGroup.allCases {
            let f = result.state.fatigue[group]
            XCTAssertEqual(f.active + f.fatigued + f.resting, 1, accuracy: 1e-12)
            XCTAssertGreaterThan(f.fatigued, 0)
        }
    }

    func testBadSettingsAreRefused() throws {
        let set = try dynamicSet()
        let subject = IsometricBatchTests.subjects(1, clbp: true)[0]  // lumbar range 55 deg
        var rng = RandomStream(seed: 1, stream: 0)
        let state = SubjectState(baselineOf: subject)
        XCTAssertThrowsError(try set.run(subject: subject, state: state, weightNm: -5, rom: 0...50, upS: 2, downS: 4,
                                         pelvicRestraint: true, maxReps: 5, rng: &rng)) { XCTAssertTrue("\($0)".contains("weight")) }
        XCTAssertThrowsError(try set.run(subject: subject, state: state, weightNm: 50, rom: 0...72, upS: 2, downS: 4,
                                         pelvicRestraint: true, maxReps: 5, rng: &rng)) { XCTAssertTrue("\($0)".contains("range of motion")) }
        XCTAssertThrowsError(try set.run(subject: subject, state: state, weightNm: 50, rom: 0...80, upS: 2, downS: 4,
                                         pelvicRestraint: true, maxReps: 5, rng: &rng)) { XCTAssertTrue("\($0)".contains("angle 80")) }
    }
}
