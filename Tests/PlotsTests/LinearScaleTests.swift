@testable import Plots
import XCTest

final class LinearScaleTests: XCTestCase {
    func testStepsAreOneTwoOrFiveTimesAPowerOfTenNearestTheRawStep() {
        XCTAssertEqual(LinearScale.niceStep(12), 10)
        XCTAssertEqual(LinearScale.niceStep(62), 50)
        XCTAssertEqual(LinearScale.niceStep(0.37), 0.5)
        XCTAssertEqual(LinearScale.niceStep(2.9), 2)
        XCTAssertEqual(LinearScale.niceStep(7.5), 10)
        XCTAssertEqual(LinearScale.niceStep(0.0013), 0.001, accuracy: 1e-15)
    }

    func testDomainEndsOnTicksAndCoversTheValues() {
        let cases: [[Double]] = [[105, 415], [0, 72], [-2.18, 2.58], [0.83, 0.9999], [-23.2, 1.2], [23.0, 26.9], [1e5, 3.3e5], [-0.004, 0.007]]
        for values in cases {
            let scale = LinearScale(covering: values, targetTicks: 5)
            XCTAssertLessThanOrEqual(scale.lower, values.min()!, "\(values)")
            XCTAssertGreaterThanOrEqual(scale.upper, values.max()!, "\(values)")
            // No more than one step of slack on either side, and between 3 and 11 ticks.
            XCTAssertGreaterThan(scale.lower + scale.step, values.min()!, "\(values)")
            XCTAssertLessThan(scale.upper - scale.step, values.max()!, "\(values)")
            let ticks = scale.ticks
            XCTAssertTrue((3...11).contains(ticks.count), "\(values): \(ticks)")
            XCTAssertEqual(ticks.first!, scale.lower, accuracy: scale.step * 1e-9)
            XCTAssertEqual(ticks.last!, scale.upper, accuracy: scale.step * 1e-9)
            let mantissa = scale.step / pow(10, log10(scale.step).rounded(.down))
            XCTAssertTrue([1, 2, 5].contains { abs(mantissa - $0) < 1e-9 }, "step \(scale.step)")
        }
        let torque = LinearScale(covering: [105, 415], targetTicks: 5)
        XCTAssertEqual([torque.lower, torque.upper, torque.step], [100, 450, 50])
    }

    func testASingleValueSitsInsideTheAxis() {
        for value in [0.0, 139.8, -5] {
            let scale = LinearScale(covering: [value, value])
            XCTAssertLessThan(scale.lower, value)
            XCTAssertGreaterThan(scale.upper, value)
        }
    }

    func testLabelsUseTheStepsDecimalsAndATrueMinus() {
        let scale = LinearScale(covering: [-2.18, 2.58], targetTicks: 6)
        XCTAssertEqual(scale.step, 1)
        XCTAssertEqual(scale.ticks.map(scale.label), ["\u{2212}3", "\u{2212}2", "\u{2212}1", "0", "1", "2", "3"])
        let fine = LinearScale(lower: 0, upper: 1, step: 0.2)
        XCTAssertEqual(fine.ticks.map(fine.label), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    func testMapsTheDomainOntoPixelsLinearly() {
        let y = LinearScale(lower: 0, upper: 100, step: 20, pixels: (300, 100))
        XCTAssertEqual(y(0), 300)
        XCTAssertEqual(y(100), 100)
        XCTAssertEqual(y(80), 140, accuracy: 1e-12)
    }
}
