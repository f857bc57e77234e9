import Foundation
import LumbarNumerics
import XCTest

/// LumbarSim's own logarithm (the normal quantile's tails use it, in Swift, SIMD, C and numpy alike).
final class LogarithmTests: XCTestCase {
    func testAgreesWithLibmToTwoUlpsOverTheWholeRange() {
        var rng = RandomStream(seed: 9, stream: 0)
        var worst = 0.0
        for i in 0..<200_000 {
            // Tail areas of the quantile (2⁻⁵³ … 0.5), then any binade from subnormal to huge.
            let x = i.isMultiple(of: 2) ? 0.5 * rng.nextUniform() : exp2(2100 * rng.nextUniform() - 1070)
            let reference = Foundation.log(x)
            worst = max(worst, abs(Logarithm.natural(x) - reference) / abs(reference))
        }
        XCTAssertLessThan(worst, 4.5e-16)
    }

    func testExactPointsAndEdges() {
        XCTAssertEqual(Logarithm.natural(1), 0)
        XCTAssertEqual(Logarithm.natural(2), 0.693_147_180_559_945_3, accuracy: 2e-16)
        XCTAssertEqual(Logarithm.natural(0x1p-1074), -744.440_071_921_381_3, accuracy: 1e-12, "smallest subnormal")
        XCTAssertEqual(Logarithm.natural(.greatestFiniteMagnitude), 709.782_712_893_384, accuracy: 1e-12)
        XCTAssertEqual(Logarithm.natural(0), -.infinity)
        XCTAssertEqual(Logarithm.natural(.infinity), .infinity)
        XCTAssertTrue(Logarithm.natural(-1).isNaN)
        XCTAssertTrue(Logarithm.natural(.nan).isNaN)
    }
}
