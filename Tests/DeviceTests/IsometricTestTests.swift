@testable import Device
import LumbarDatasets
import LumbarNumerics
import Physiology
import TestSupport
import XCTest

final class IsometricTestTests: XCTestCase {
    static var physiology: PhysiologyModel { TestData.physiology }
    static var model: TorqueModel { TestData.torque }
    static var spec: DeviceSpec { TestData.device }

    var model: TorqueModel { Self.model }

    func subject(id: Int = 0, csaScale: Double = 1) -> SubjectParameters { TestSubjects.typical(id: id, csaScale: csaScale) }

    /// The device file's settings with the sensor's imperfections switched off.
    func idealSettings() -> DeviceSettings {
        var s = DeviceSettings(spec: Self.spec).noiseFree
        s.counterweightStepNm = 0
        s.adcBits = 24
        return s
    }

    func testProtocolAnglesAreTheMedXSevenFromFlexedToExtended() {
        XCTAssertEqual(DeviceSettings(spec: Self.spec).testAnglesDeg, [72, 60, 48, 36, 24, 12, 0])
    }

    func testIdealInstrumentReportsTheTruePeaks() throws {
        let test = try IsometricTest(settings: idealSettings(), model: model)
        let s = subject()
        var rng = RandomStream.deviceNoise(seed: 1, subject: 0, session: 0)
        let result = test.run(subject: s, state: SubjectState(baselineOf: s), rng: &rng)
        for (i, angle) in result.anglesDeg.enumerated() {
            let truth = model.torqueNm(flexionDeg: angle, subject: s, state: SubjectState(baselineOf: s))
            XCTAssertEqual(result.truePeakNm[i], truth, accuracy: 1e-9)
            // 24-bit ADC over ±800 N*m: one step is 1e-4 N*m.
            XCTAssertEqual(result.reportedPeakNm[i], truth, accuracy: 1e-3, "angle \(angle)")
        }
    }

    func testUncancelledTorsoWeightIsAtMostHalfACounterweightStep() throws {
        var settings = idealSettings()
        settings.counterweightStepNm = 1.356
        let test = try IsometricTest(settings: settings, model: model)
        for id in 0..<20 {
            var s = subject(id: id)
            s.torsoMassKg = 30 + Double(id)  // different residuals
            var rng = RandomStream.deviceNoise(seed: 3, subject: id, session: 0)
            let result = test.run(subject: s, state: SubjectState(baselineOf: s), rng: &rng)
            for i in result.anglesDeg.indices {
                XCTAssertLessThanOrEqual(abs(result.reportedPeakNm[i] - result.truePeakNm[i]), 1.356 / 2 + 1e-3)
            }
        }
    }

    func testRealisticSensorErrorIsSmallAndFallsWithAdcResolution() throws {
        func meanAbsError(bits: Int) throws -> Double {
            var settings = DeviceSettings(spec: Self.spec)
            settings.adcBits = bits
            settings.noiseSdNm = 0
            settings.flickerSdNm = 0
            settings.gainErrorSd = 0
            let test = try IsometricTest(settings: settings, model: model)
            var total = 0.0, n = 0.0
            for id in 0..<30 {
                let s = subject(id: id, csaScale: 0.7 + 0.02 * Double(id))
                var rng = RandomStream.deviceNoise(seed: 5, subject: id, session: 0)
                let r = test.run(subject: s, state: SubjectState(baselineOf: s), rng: &rng)
                for i in r.anglesDeg.indices { total += abs(r.reportedPeakNm[i] - r.truePeakNm[i]); n += 1 }
            }
            return total / n
        }
        let e8 = try meanAbsError(bits: 8), e12 = try meanAbsError(bits: 12), e16 = try meanAbsError(bits: 16)
        XCTAssertGreaterThan(e8, e12)
        XCTAssertGreaterThan(e12, e16)
        XCTAssertLessThan(e12, 2.0, "12-bit over ±800 N*m: step 0.39 N*m")
        XCTAssertGreaterThan(e8, 1.0, "8-bit: step 6.25 N*m")
    }

    func testDefaultDeviceReportsWithinThreePercentOfTruth() throws {
        let test = try IsometricTest(settings: DeviceSettings(spec: Self.spec), model: model)
        for id in 0..<10 {
            let s = subject(id: id)
            var rng = RandomStream.deviceNoise(seed: 9, subject: id, session: 0)
            let r = test.run(subject: s, state: SubjectState(baselineOf: s), rng: &rng)
            for i in r.anglesDeg.indices {
                XCTAssertEqual(r.reportedPeakNm[i], r.truePeakNm[i], accuracy: 0.03 * r.truePeakNm[i])
            }
        }
    }

    func testSameStreamSameSamplesOtherSessionOtherNoise() throws {
        let test = try IsometricTest(settings: DeviceSettings(spec: Self.spec), model: model)
        let s = subject()
        var a = RandomStream.deviceNoise(seed: 11, subject: 4, session: 0)
        var b = RandomStream.deviceNoise(seed: 11, subject: 4, session: 0)
        var c = RandomStream.deviceNoise(seed: 11, subject: 4, session: 1)
        let ra = test.run(subject: s, state: SubjectState(baselineOf: s), rng: &a, keepTrace: true)
        let rb = test.run(subject: s, state: SubjectState(baselineOf: s), rng: &b, keepTrace: true)
        let rc = test.run(subject: s, state: SubjectState(baselineOf: s), rng: &c)
        XCTAssertEqual(ra, rb)
        XCTAssertNotEqual(ra.reportedPeakNm, rc.reportedPeakNm)
        XCTAssertEqual(ra.truePeakNm, rc.truePeakNm)
    }

    func testTraceLengthPhasesAndEffort() throws {
        var settings = DeviceSettings(spec: Self.spec)
        settings.sampleRateHz = 200
        let test = try IsometricTest(settings: settings, model: model)
        let s = subject()
        var rng = RandomStream.deviceNoise(seed: 1, subject: 0, session: 0)
        let r = test.run(subject: s, state: SubjectState(baselineOf: s), rng: &rng, keepTrace: true)
        let trace = try XCTUnwrap(r.trace)
        XCTAssertEqual(trace.count, (1 + 7 * (3 + 2 + 10)) * 200)
        XCTAssertEqual(r.samples, trace.count)
        XCTAssertEqual(trace.filter { $0.phase == .zero }.count, 200)
        XCTAssertEqual(trace.filter { $0.phase == .hold }.count, 7 * 2 * 200)
        XCTAssertTrue(trace.allSatisfy { (0...1).contains($0.effort) && $0.trueTorqueNm >= 0 })
        XCTAssertTrue(zip(trace, trace.dropFirst()).allSatisfy { $0.timeS < $1.timeS })
        XCTAssertEqual(trace.filter { $0.phase == .hold }.map(\.effort).min(), 1)
    }

    func testLoadCellSaturatesAtFullScale() {
        var settings = idealSettings()
        settings.adcBits = 12
        var rng = RandomStream(seed: 1, stream: 0)
        var cell = LoadCell(settings: settings, rng: &rng)
        cell.settle(at: 5000)
        XCTAssertEqual(cell.read(5000, rng: &rng), settings.fullScaleNm - cell.lsbNm, accuracy: 1e-9)
        cell.settle(at: -5000)
        XCTAssertEqual(cell.read(-5000, rng: &rng), -settings.fullScaleNm, accuracy: 1e-9)
        cell.settle(at: 100)
        XCTAssertEqual(cell.read(100, rng: &rng), 100, accuracy: cell.lsbNm / 2)
    }

    /// The locked arm stands off its protocol angle by the potentiometer's noise: SD as in the device file, never past
    /// the machine's stops, and the samples' noise still starts on a Philox block boundary (an even count of draws).
    func testArmPositioningErrorHasThePotentiometerSD() throws {
        let test = try IsometricTest(settings: DeviceSettings(spec: Self.spec), model: model)
        var errors: [Double] = []
        for id in 0..<2000 {
            var rng = RandomStream.deviceNoise(seed: 4, subject: id, session: 0)
            let drawn = test.positioningErrorsDeg(rng: &rng)
            XCTAssertEqual(drawn.count, 7)
            errors += drawn
        }
        let sd = (errors.map { $0 * $0 }.reduce(0, +) / Double(errors.count)).squareRoot()
        let expected = Self.spec.dynamic.potentiometerNoiseSdDeg.value
        assertWithinStandardErrors(sd, expected, se: StandardError.sd(expected, n: errors.count), "positioning SD")
        XCTAssertEqual(test.armAngleDeg(index: 6, errorsDeg: [0, 0, 0, 0, 0, 0, -0.3]), 0, "0 deg is the extension stop")
        XCTAssertEqual(test.armAngleDeg(index: 0, errorsDeg: [0.3, 0, 0, 0, 0, 0, 0]), 72, "72 deg is the flexion stop")
    }

    func testAntiAliasingFilterFollowsAStepWithItsTimeConstantAndDriftAccumulates() {
        var settings = idealSettings()
        settings.driftNmPerMin = 0
        var rng = RandomStream(seed: 2, stream: 0)
        var cell = LoadCell(settings: settings, rng: &rng)
        cell.settle(at: 0)
        // A step to 100 N*m: after k samples the output is 100 (1 - exp(-2 pi fc k / fs)), the sampled RC response.
        var reading = 0.0
        for k in 1...3 {
            reading = cell.read(100, rng: &rng)
            let expected = 100 * (1 - exp(-2 * Double.pi * settings.antiAliasCutoffHz * Double(k) / settings.sampleRateHz))
            XCTAssertEqual(reading, expected, accuracy: cell.lsbNm)
        }
        for _ in 0..<50 { reading = cell.read(100, rng: &rng) }
        XCTAssertEqual(reading, 100, accuracy: 0.01)
        // Zero drift: after a minute at rest the reading has moved by the drift rate.
        settings.driftNmPerMin = 0.5
        var drifting = LoadCell(settings: settings, rng: &rng)
        drifting.skip(Int(60 * settings.sampleRateHz))
        drifting.settle(at: 0)
        XCTAssertEqual(drifting.read(0, rng: &rng), 0.5, accuracy: 1e-3)
    }

    func testBadSettingsGiveOneLineErrors() {
        func error(_ change: (inout DeviceSettings) -> Void) -> String? {
            var s = DeviceSettings(spec: Self.spec)
            change(&s)
            do { try s.validate(); return nil } catch { return "\(error)" }
        }
        let cases: [(String, (inout DeviceSettings) -> Void)] = [
            ("sample rate", { $0.sampleRateHz = 0 }), ("sample rate", { $0.sampleRateHz = -100 }),
            ("sample rate", { $0.sampleRateHz = .nan }), ("ADC bits", { $0.adcBits = 7 }), ("ADC bits", { $0.adcBits = 25 }),
            ("angle 80", { $0.testAnglesDeg = [72, 80] }), ("angle -6", { $0.testAnglesDeg = [-6] }),
            ("noise SD", { $0.noiseSdNm = -1 }),
            // Finite but absurd (issue 15): each bounded by the device's own full scale, range of motion or sample budget.
            ("load_cell.flicker_sd_Nm", { $0.flickerSdNm = 1.7e308 }), ("load_cell.drift_Nm_per_min", { $0.driftNmPerMin = 9.2e18 }),
            ("load_cell.drift_Nm_per_min", { $0.driftNmPerMin = -9.2e18 }),
            ("dynamic.potentiometer_noise_sd_deg", { $0.potentiometerNoiseSdDeg = -1 }),
            ("dynamic.potentiometer_resolution_deg", { $0.potentiometerResolutionDeg = 1e6 }),
            ("load_cell.sample_rate_hz", { $0.sampleRateHz = .infinity }), ("protocol.rest_s", { $0.restS = 1e12 }),
            ("load_cell.gain_error_sd", { $0.gainErrorSd = 3 }), ("geometry.torso_incline_at_0_deg", { $0.torsoInclineAt0Deg = 1e9 }),
            ("software.filter_window_s", { $0.filterWindowS = 1e9 }), ("endurance.failure_hold_s", { $0.enduranceFailureHoldS = 1e9 }),
            ("angle 1000000000.0", { $0.enduranceAngleDeg = 1e9 }),
        ]
        for (expected, change) in cases {
            let message = error(change)
            XCTAssertNotNil(message, expected)
            XCTAssertTrue(message?.contains(expected) ?? false, "\(message ?? "nil") should name \(expected)")
            XCTAssertFalse(message?.contains("\n") ?? true)
        }
        XCTAssertNil(error { _ in })
        XCTAssertThrowsError(try IsometricTest(settings: { var s = DeviceSettings(spec: Self.spec); s.adcBits = 4; return s }(), model: model))
    }
}
