import Trial
import XCTest

/// Risk ratios of binary outcomes (recurrence), against hand-computed Katz log intervals.
final class RiskRatioTests: XCTestCase {
    func testTheRiskRatioAndItsLogIntervalMatchTheTextbookFormula() throws {
        // 10/100 vs 20/100: RR 0.5, SE(log RR) = sqrt(1/10 - 1/100 + 1/20 - 1/100) = 0.36056.
        let r = try XCTUnwrap(RiskRatio(eventsArm: 10, nArm: 100, eventsReference: 20, nReference: 100, alpha: 0.05))
        XCTAssertEqual(r.ratio, 0.5, accuracy: 1e-12)
        XCTAssertEqual(r.logSE, 0.360555127546399, accuracy: 1e-12)
        XCTAssertEqual(r.ciLow, 0.246640801682946, accuracy: 1e-9)
        XCTAssertEqual(r.ciHigh, 1.01361979970116, accuracy: 1e-9)
        XCTAssertEqual(r.pValue, 0.0545498651696098, accuracy: 1e-9)
        XCTAssertEqual(r.riskArm, 0.1)
    }

    func testAZeroCellAddsAHalfToEveryCellAndNoEventsIsNotEstimable() throws {
        let r = try XCTUnwrap(RiskRatio(eventsArm: 0, nArm: 50, eventsReference: 5, nReference: 50, alpha: 0.05))
        XCTAssertEqual(r.ratio, (0.5 / 51) / (5.5 / 51), accuracy: 1e-12)
        XCTAssertEqual(r.logSE, 1.463763128222484, accuracy: 1e-12)
        XCTAssertEqual(r.eventsArm, 0, "the counts reported are the observed ones")
        XCTAssertNil(RiskRatio(eventsArm: 0, nArm: 50, eventsReference: 0, nReference: 50, alpha: 0.05))
        XCTAssertNil(RiskRatio(eventsArm: 1, nArm: 0, eventsReference: 2, nReference: 50, alpha: 0.05))
    }
}
