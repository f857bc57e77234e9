import Device
import Foundation
import LumbarDatasets
import LumbarNumerics
import SamplingKernel
import TestSupport
import XCTest

/// The 1/f term of the load cell: its spectrum, its variance, and that it starts at rest with each segment.
final class FlickerTests: XCTestCase {
    static var spec: DeviceSpec { TestData.device }

    /// |H(f)|² of the three-pole filter from the white draw to the flicker sum.
    func power(_ flicker: Flicker, atHz f: Double, rateHz: Double) -> Double {
        var re = 0.0, im = 0.0
        let w = 2 * Double.pi * f / rateHz
        for k in 0..<3 {
            // g / (1 − a e^{−iω})
            let a = flicker.poles[k], g = flicker.gains[k]
            let dr = 1 - a * cos(w), di = a * sin(w)
            let d = dr * dr + di * di
            re += g * dr / d
            im -= g * di / d
        }
        return re * re + im * im
    }

    func testSpectrumFallsAsOneOverFBetweenTheCorners() {
        let flicker = Flicker(sdNm: 0.4, cornersHz: [0.1, 1, 10], sampleRateHz: 1000)
        let band = [0.1, 0.3, 1, 3, 10].map { $0 * power(flicker, atHz: $0, rateHz: 1000) }
        let mean = exp(band.map { log($0) }.reduce(0, +) / Double(band.count))
        for (f, value) in zip([0.1, 0.3, 1, 3, 10], band) {
            XCTAssertEqual(value / mean, 1, accuracy: 0.3, "f·S(f) must be flat (1/f) at \(f) Hz")
        }
        let slope = log10(power(flicker, atHz: 3, rateHz: 1000) / power(flicker, atHz: 0.3, rateHz: 1000))
        XCTAssertEqual(slope, -1, accuracy: 0.1, "log-log slope over a decade inside the band")
        // Above the top corner the poles roll off: the flicker term no longer competes with white noise.
        XCTAssertLessThan(100 * power(flicker, atHz: 100, rateHz: 1000), 0.25 * mean)
    }

    /// The gains are normalised in closed form; the impulse response's energy checks it independently.
    func testStationarySDIsTheStatedOne() {
        for rate in [250.0, 1000, 2000] {
            let flicker = Flicker(sdNm: 0.4, cornersHz: [0.1, 1, 10], sampleRateHz: rate)
            var energy = 0.0
            var state = SIMD3<Double>(flicker.gains)
            // 30 time constants of the slowest pole.
            for _ in 0..<Int(30 * rate / (2 * Double.pi * 0.1)) {
                let h = state[0] + state[1] + state[2]
                energy += h * h
                state = flicker.poles * state
            }
            XCTAssertEqual(energy.squareRoot(), 0.4, accuracy: 1e-9, "at \(rate) Hz")
        }
        XCTAssertEqual(Flicker(sdNm: 0, cornersHz: [0.1, 1, 10], sampleRateHz: 1000), Flicker(poles: Flicker(sdNm: 0.4, cornersHz: [0.1, 1, 10], sampleRateHz: 1000).poles, gains: .zero))
    }

    /// Flicker wanders slowly: two readings 1 ms apart differ far less than two readings 5 s apart, while white
    /// noise of the same SD makes them differ alike. It restarts from rest when the cell settles.
    func testFlickerIsSlowAndRestartsAtSettle() throws {
        var settings = DeviceSettings(spec: Self.spec)
        settings.noiseSdNm = 0
        settings.gainErrorSd = 0
        settings.zeroOffsetSdNm = 0
        settings.driftNmPerMin = 0
        settings.adcBits = 24
        settings.antiAliasCutoffHz = 400
        var rng = RandomStream(seed: 3, stream: 0)
        var cell = LoadCell(settings: settings, rng: &rng)
        // Straight after settling the term holds one sample's innovation only.
        let oneStep = 4 * (settings.flicker.gains[0] + settings.flicker.gains[1] + settings.flicker.gains[2])
        var nearDiff = 0.0, farDiff = 0.0
        let runs = 200
        for _ in 0..<runs {
            cell.settle(at: 0)
            XCTAssertLessThanOrEqual(abs(cell.read(0, rng: &rng)), oneStep, "the term starts at rest")
            for _ in 0..<2000 { _ = cell.read(0, rng: &rng) }
            let first = cell.read(0, rng: &rng), next = cell.read(0, rng: &rng)
            for _ in 0..<5000 { _ = cell.read(0, rng: &rng) }
            let later = cell.read(0, rng: &rng)
            nearDiff += (next - first) * (next - first)
            farDiff += (later - first) * (later - first)
        }
        XCTAssertLessThan(nearDiff, 0.05 * farDiff)
        // 5000 samples apart the two readings are (nearly) independent: their difference has SD 0.4·√2.
        let expected = 0.4 * 2.0.squareRoot()
        assertWithinStandardErrors((farDiff / Double(runs)).squareRoot(), expected, se: StandardError.sd(expected, n: runs), "far difference SD")
    }
}
