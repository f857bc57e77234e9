@testable import Analysis
import LumbarDatasets
@testable import LumbarNumerics
import XCTest

/// `fitted-uncertainty.yaml`: Gauss–Newton intervals and correlations from the covariance, the parameters it serves
/// poorly marked with the reason, and a profile interval replacing the linearised one with the method named.
final class FittedUncertaintyTests: XCTestCase {
    /// Three parameters: a pair correlated at 0.93 (as the force–length optimum and width) and one whose lower bound
    /// lies within 2 SE.
    let fitted: FittedParameters = {
        let names = ["optimum", "width", "weight"]
        let parameters = [
            "optimum": FittedParameters.Parameter(value: 62, se: 7.5, unit: "deg", lower: 30, upper: 120, prior: nil),
            "width": FittedParameters.Parameter(value: 52, se: 6.75, unit: "deg", lower: 20, upper: 150, prior: nil),
            "weight": FittedParameters.Parameter(value: 0.18, se: 0.1, unit: "1", lower: 0, upper: 1, prior: nil),
        ]
        let covariance = [[56.25, 0.93 * 7.5 * 6.75, 0], [0.93 * 7.5 * 6.75, 45.5625, 0], [0, 0, 0.01]]
        return FittedParameters(names: names, parameters: parameters, covariance: covariance, fit: nil)
    }()

    func testGaussNewtonIntervalsCorrelationsAndWhereTheyArePoor() throws {
        let u = FittedUncertainty(fitted, residualScale: "test")
        XCTAssertEqual(u.correlation[0][1], 0.93, accuracy: 1e-12)
        XCTAssertEqual(u.correlation[1][0], 0.93, accuracy: 1e-12)
        XCTAssertEqual(u.correlation.indices.map { u.correlation[$0][$0] }, [1, 1, 1])
        XCTAssertEqual(u.correlation[0][2], 0)
        let optimum = try XCTUnwrap(u.parameters["optimum"])
        XCTAssertEqual(optimum.low!, 62 - 1.959964 * 7.5, accuracy: 1e-4)
        XCTAssertEqual(optimum.high!, 62 + 1.959964 * 7.5, accuracy: 1e-4)
        XCTAssertEqual(optimum.method, "gauss-newton")
        XCTAssertEqual(optimum.poor, "correlation 0.93 with width")
        XCTAssertEqual(u.parameters["weight"]?.poor, "a bound within 2 SE")
        XCTAssertNil(FittedUncertainty(FittedParameters(names: ["a"], parameters: ["a": .init(value: 5, se: 1, unit: "", lower: 0, upper: 10, prior: nil)],
                                                        covariance: [[1]], fit: nil), residualScale: "").parameters["a"]?.poor)
    }

    func testAProfileReplacesTheIntervalAndNamesItsMethod() throws {
        var u = FittedUncertainty(fitted, residualScale: "test")
        let profile = ProfileInterval(values: [0, 0.18, 0.3], signedRoot: [-1.5, 0, 2.5], estimate: 0.18, low: 0, high: 0.27,
                                      lowIsOpen: true, highIsOpen: false)
        u.adopt(profile: profile, for: "weight")
        let weight = try XCTUnwrap(u.parameters["weight"])
        XCTAssertEqual(weight.method, "profile")
        XCTAssertEqual([weight.low, weight.high], [0, 0.27])
        XCTAssertEqual(weight.openEnds, ["low"])
        XCTAssertEqual(weight.profile?.signedRoot, [-1.5, 0, 2.5])
        XCTAssertEqual(weight.gaussNewton?.count, 2)
        XCTAssertEqual(weight.gaussNewton![0], 0.18 - 1.959964 * 0.1, accuracy: 1e-5)
        let text = try u.yaml()
        XCTAssertTrue(text.contains("method: profile"), text)
        XCTAssertTrue(text.contains("open_ends:") && text.contains("signed_root:"), text)
        XCTAssertTrue(text.contains("residual_scale: test"), text)
        XCTAssertEqual(FittedUncertainty.url(besides: URL(fileURLWithPath: "/a/fitted.yaml")).path, "/a/fitted-uncertainty.yaml")
    }
}
