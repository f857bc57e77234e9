import Foundation
import Sensitivity
import XCTest

final class MorrisDesignTests: XCTestCase {
    /// On a linear function every elementary effect is its coefficient: μ* = |c|, μ = c, σ = 0.
    func testLinearFunctionHasExactEffects() {
        let c = [5.0, -2, 0.5, 0]
        let design = MorrisDesign(dimensions: 4, trajectories: 10, seed: 1)
        let indices = design.indices(values: design.points.map { zip($0, c).reduce(0) { $0 + $1.0 * $1.1 } })
        for (index, coefficient) in zip(indices, c) {
            XCTAssertEqual(index.mu, coefficient, accuracy: 1e-12)
            XCTAssertEqual(index.muStar, abs(coefficient), accuracy: 1e-12)
            XCTAssertEqual(index.sigma, 0, accuracy: 1e-12)
            XCTAssertEqual(index.count, 10)
        }
    }

    /// Sobol's g-function with a = (0, 1, 4.5, 9, 99): importance falls with a_i, and μ* ranks the inputs in that order.
    func testRanksGFunctionInputs() {
        let a = [0, 1, 4.5, 9, 99]
        let design = MorrisDesign(dimensions: a.count, trajectories: 40, seed: 2)
        let values = design.points.map { u in zip(u, a).reduce(1.0) { $0 * (abs(4 * $1.0 - 2) + $1.1) / (1 + $1.1) } }
        let muStar = design.indices(values: values).map(\.muStar)
        XCTAssertEqual(muStar.indices.sorted { muStar[$0] > muStar[$1] }, [0, 1, 2, 3, 4], "\(muStar)")
        XCTAssertGreaterThan(design.indices(values: values)[0].sigma, 0, "x1 interacts with the others")
    }

    /// Each trajectory moves every input exactly once by ±Δ on the grid and stays in [0, 1].
    func testTrajectoriesMoveEachInputOnce() {
        let design = MorrisDesign(dimensions: 6, trajectories: 5, levels: 4, seed: 3)
        XCTAssertEqual(design.points.count, 5 * 7)
        XCTAssertEqual(design.delta, 2.0 / 3, accuracy: 1e-15)
        for (t, walk) in design.moves.enumerated() {
            XCTAssertEqual(Set(walk.map(\.input)), Set(0..<6))
            for (step, move) in walk.enumerated() {
                let before = design.points[t * 7 + step], after = design.points[t * 7 + step + 1]
                for i in 0..<6 {
                    XCTAssertEqual(after[i] - before[i], i == move.input ? move.delta : 0, accuracy: 1e-12)
                    XCTAssertTrue((0...1).contains(after[i]))
                    XCTAssertEqual((after[i] * 3).rounded(), after[i] * 3, accuracy: 1e-9, "on the grid")
                }
            }
        }
        XCTAssertEqual(design.points, MorrisDesign(dimensions: 6, trajectories: 5, levels: 4, seed: 3).points)
    }
}
