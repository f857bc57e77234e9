import Foundation
import LumbarDatasets
import Physiology
import TestSupport
import XCTest

final class TorqueModelTests: XCTestCase {
    static var physiology: PhysiologyModel { TestData.physiology }
    let model = TorqueModelTests.physiology.torque
    var fitted: FittedParameters { Self.physiology.fitted }

    func typicalSubject() -> SubjectParameters { TestSubjects.typical(model: model) }

    func testTorqueHandComputedAtZeroDegrees() throws {
        // At 0 deg: passive is zero (below slack), arms are at full length, no neural adaptation yet.
        let s = typicalSubject()
        let state = SubjectState(baselineOf: s)
        let fl = exp(-0.5 * pow((0 - (try fitted.value("optimal_flexion_deg"))) / (try fitted.value("width_deg")), 2))
        let forces = [8.9 * 0.9, 12 * (1 - 0.08), 8 * (1 - 0.08)].map { 114.4 * 0.92 * 2 * $0 }
        let arms = [0.055, 0.065, 0.071]
        let expected = zip(forces, arms).map { $0 * $1 }.reduce(0, +) * fl
        XCTAssertEqual(model.torqueNm(flexionDeg: 0, subject: s, state: state), expected, accuracy: 1e-9)
        XCTAssertEqual(model.passiveTorqueNm(flexionDeg: 0, subject: s, state: state), 0)
    }

    func testPassiveTorqueRisesFromSlackToItsValueAt72() {
        let s = typicalSubject()
        let state = SubjectState(baselineOf: s)
        XCTAssertEqual(model.passiveTorqueNm(flexionDeg: 17.5, subject: s, state: state), 0)
        XCTAssertEqual(model.passiveTorqueNm(flexionDeg: 72, subject: s, state: state), 30, accuracy: 1e-12)
        var last = 0.0
        for angle in stride(from: 18.0, through: 72, by: 6) {
            let p = model.passiveTorqueNm(flexionDeg: angle, subject: s, state: state)
            XCTAssertGreaterThan(p, last)
            last = p
        }
    }

    func testMomentArmLossAtFullFlexionWithinMacintoshBound() {
        let s = typicalSubject()
        for group in ExtensorGroup.allCases {
            let loss = 1 - model.momentArmM(group, flexionDeg: 72, subject: s) / model.momentArmM(group, flexionDeg: 0, subject: s)
            XCTAssertGreaterThan(loss, 0)
            XCTAssertLessThanOrEqual(loss, 0.18, "Macintosh 1993: at most 18 % loss of moment at full flexion")
        }
    }

    func testForceVelocityShape() {
        XCTAssertEqual(model.forceVelocity(extensionVelocityDegPerS: 0), 1, accuracy: 1e-15)
        XCTAssertEqual(model.forceVelocity(extensionVelocityDegPerS: 433), 0)
        XCTAssertEqual(model.forceVelocity(extensionVelocityDegPerS: 1000), 0)
        var previous = 1.0
        for v in stride(from: 20.0, to: 433, by: 20) {
            let f = model.forceVelocity(extensionVelocityDegPerS: v)
            XCTAssertLessThan(f, previous)
            previous = f
        }
        // Lengthening: above 1, increasing, bounded by the eccentric maximum.
        previous = 1
        for v in stride(from: -10.0, through: -400, by: -30) {
            let f = model.forceVelocity(extensionVelocityDegPerS: v)
            XCTAssertGreaterThan(f, previous)
            XCTAssertLessThan(f, 1.1)
            previous = f
        }
    }

    func testTorqueIsNeverNegativeOverRandomSubjectsAnglesEffortsAndVelocities() {
        var generator = seededGenerator(20_260_413)
        for _ in 0..<2000 {
            var s = typicalSubject()
            s.csaCm2 = PerGroup { _ in Double.random(in: 0.5...25, using: &generator) }
            s.fatFraction = PerGroup { _ in Double.random(in: 0...0.9, using: &generator) }
            s.activationCapacity = Double.random(in: 0...1, using: &generator)
            s.passiveScale = Double.random(in: 0...3, using: &generator)
            let torque = model.torqueNm(flexionDeg: Double.random(in: 0...72, using: &generator), subject: s,
                                        state: SubjectState(baselineOf: s), effort: Double.random(in: 0...1, using: &generator),
                                        extensionVelocityDegPerS: Double.random(in: -500...500, using: &generator))
            XCTAssertGreaterThanOrEqual(torque, 0)
            XCTAssertTrue(torque.isFinite)
        }
    }

    func testMoreCSAOrActivationNeverLessTorque() {
        let s = typicalSubject()
        var state = SubjectState(baselineOf: s)
        let base = model.torqueNm(flexionDeg: 36, subject: s, state: state)
        state.hypertrophy.multifidus += 0.1
        let bigger = model.torqueNm(flexionDeg: 36, subject: s, state: state)
        XCTAssertGreaterThan(bigger, base)
        state.activation = 1
        XCTAssertGreaterThan(model.torqueNm(flexionDeg: 36, subject: s, state: state), bigger)
    }

    func testSubjectValidationNamesTheField() {
        var s = typicalSubject()
        s.activationCapacity = 1.7
        XCTAssertThrowsError(try s.validate()) { error in
            XCTAssertTrue("\(error)".contains("activation"), "\(error)")
        }
        s = typicalSubject()
        s.heightCm = .nan
        XCTAssertThrowsError(try s.validate())
        XCTAssertNoThrow(try typicalSubject().validate())
    }

    func testAValueWithoutSourceOrAssumptionIsRejected() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-phys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("physiology"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try String(contentsOf: DatasetStore.locate().url(PhysiologyConstants.datasetPath), encoding: .utf8)
        // Strip the source and confidence of the iliocostalis moment arm.
        let edited = original.replacingOccurrences(of: #"(      value: 7.1\n      unit: cm\n      range: [^\n]*\n)      source: nemeth1986\n      confidence: secondary\n"#,
                                                   with: "$1", options: .regularExpression)
        XCTAssertNotEqual(edited, original)
        try edited.write(to: folder.appendingPathComponent(PhysiologyConstants.datasetPath), atomically: true, encoding: .utf8)
        try "{}".write(to: folder.appendingPathComponent("references.yaml"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PhysiologyConstants.load(from: DatasetStore(root: folder))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("groups.iliocostalis.moment_arm_cm"), text)
            XCTAssertTrue(text.contains("neither a source nor an assumption"), text)
            XCTAssertFalse(text.contains("\n"))
        }
    }
}
