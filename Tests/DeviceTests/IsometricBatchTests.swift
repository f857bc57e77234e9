import Device
import LumbarDatasets
import LumbarNumerics
import Physiology
import TestSupport
import XCTest

/// The SIMD batch path must report what the per-subject reference path reports (to 1e-12 relative).
final class IsometricBatchTests: XCTestCase {
    static func subjects(_ count: Int, clbp: Bool) -> [SubjectParameters] { TestSubjects.varied(count, clbp: clbp) }

    func assertBatchMatchesReference(_ people: [SubjectParameters], settings: DeviceSettings, seed: UInt64, session: Int) throws {
        let test = try IsometricTest(settings: settings, model: IsometricTestTests.model)
        let states = people.map(SubjectState.init(baselineOf:))
        let batch = IsometricBatch(test: test).run(subjects: people, states: states, seed: seed, session: session)
        XCTAssertEqual(batch.count, people.count)
        for (i, subject) in people.enumerated() {
            var rng = RandomStream.deviceNoise(seed: seed, subject: subject.id, session: session)
            let reference = test.run(subject: subject, state: states[i], rng: &rng)
            XCTAssertEqual(batch[i].anglesDeg, reference.anglesDeg)
            XCTAssertEqual(batch[i].samples, reference.samples)
            for (fast, slow) in zip(batch[i].reportedPeakNm, reference.reportedPeakNm) {
                XCTAssertEqual(fast, slow, accuracy: 1e-12 * abs(slow), "subject \(subject.id)")
            }
            XCTAssertEqual(batch[i].truePeakNm, reference.truePeakNm)
            // Same operations in the same order: the two paths agree to the bit, so outputs are byte-identical.
            XCTAssertEqual(batch[i].reportedPeakNm, reference.reportedPeakNm)
        }
    }

    func testBatchEqualsReferenceForFullRangeSubjectsAndAPartialLaneGroup() throws {
        try assertBatchMatchesReference(Self.subjects(19, clbp: false), settings: DeviceSettings(spec: IsometricTestTests.spec), seed: 3, session: 0)
    }

    func testBatchEqualsReferenceWhenSubjectsSkipAnglesBeyondTheirRange() throws {
        var settings = DeviceSettings(spec: IsometricTestTests.spec)
        settings.sampleRateHz = 400
        try assertBatchMatchesReference(Self.subjects(24, clbp: true), settings: settings, seed: 8, session: 5)
    }

    func testBatchEqualsReferenceAtLowResolutionAndSaturation() throws {
        var settings = DeviceSettings(spec: IsometricTestTests.spec)
        settings.adcBits = 8
        settings.fullScaleNm = 250  // strong subjects saturate the converter
        settings.sampleRateHz = 300
        try assertBatchMatchesReference(Self.subjects(16, clbp: false), settings: settings, seed: 11, session: 2)
    }
}
