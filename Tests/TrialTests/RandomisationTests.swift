import Trial
import XCTest

/// Balance properties of the three randomisation schemes.
final class RandomisationTests: XCTestCase {
    /// 97 subjects in four strata of uneven sizes, in a fixed pseudo-random order.
    static let strata: [Int] = (0..<97).map { ($0 * 7 + $0 / 5) % 4 }

    func counts(_ arms: [Int], _ armCount: Int) -> [Int] {
        (0..<armCount).map { arm in arms.filter { $0 == arm }.count }
    }

    func testPermutedBlocksAreExactlyBalancedInEveryBlock() {
        let randomiser = Randomiser(scheme: .blocks, armCount: 7, blockMultiples: [1, 2], seed: 3)
        let allocation = randomiser.allocate(strata: [Int](repeating: 0, count: 7 * 40))
        XCTAssertEqual(allocation.blocks.flatMap { $0 }, Array(0..<280), "blocks cover the subjects in enrolment order")
        XCTAssertEqual(Set(allocation.blocks.map(\.count)), [7, 14], "both block sizes occur")
        for block in allocation.blocks {
            let perArm = counts(block.map { allocation.arms[$0] }, 7)
            XCTAssertEqual(Set(perArm).count, 1, "block \(block) is unbalanced: \(perArm)")
        }
        XCTAssertEqual(counts(allocation.arms, 7), [Int](repeating: 40, count: 7))
    }

    func testStratifiedBlocksBalanceEveryStratum() {
        let randomiser = Randomiser(scheme: .stratified, armCount: 3, blockMultiples: [1, 2], seed: 11)
        let allocation = randomiser.allocate(strata: Self.strata)
        for block in allocation.blocks {
            XCTAssertEqual(Set(block.map { Self.strata[$0] }).count, 1, "a block stays within one stratum")
            if block.count % 3 == 0 { XCTAssertEqual(Set(counts(block.map { allocation.arms[$0] }, 3)).count, 1) }
        }
        for stratum in 0..<4 {
            let perArm = counts(Self.strata.indices.filter { Self.strata[$0] == stratum }.map { allocation.arms[$0] }, 3)
            XCTAssertLessThanOrEqual(perArm.max()! - perArm.min()!, 1, "stratum \(stratum): \(perArm)")
        }
        // Unstratified blocks balance the trial but not the strata: with these strata, some stratum ends up
        // further apart than one stratified list allows.
        let unstratified = Randomiser(scheme: .blocks, armCount: 3, blockMultiples: [1, 2], seed: 11).allocate(strata: Self.strata)
        let spread = (0..<4).map { stratum -> Int in
            let perArm = counts(Self.strata.indices.filter { Self.strata[$0] == stratum }.map { unstratified.arms[$0] }, 3)
            return perArm.max()! - perArm.min()!
        }
        XCTAssertGreaterThan(spread.max()!, 1)
    }

    func testSimpleRandomisationIsUniformButUnbalanced() {
        let arms = Randomiser(scheme: .simple, armCount: 7, blockMultiples: [1], seed: 1).allocate(strata: [Int](repeating: 0, count: 7000)).arms
        let perArm = counts(arms, 7)
        // Each arm's count is binomial(7000, 1/7): 1000 ± 29; all within 4 SD, and not all equal.
        for n in perArm { XCTAssertEqual(Double(n), 1000, accuracy: 4 * (7000 * (1.0 / 7) * (6.0 / 7)).squareRoot()) }
        XCTAssertGreaterThan(Set(perArm).count, 1)
    }

    func testTheSameSeedGivesTheSameAllocationAndAnotherSeedAnother() {
        for scheme in RandomisationScheme.allCases {
            let a = Randomiser(scheme: scheme, armCount: 4, blockMultiples: [1, 2], seed: 9).allocate(strata: Self.strata)
            let b = Randomiser(scheme: scheme, armCount: 4, blockMultiples: [1, 2], seed: 9).allocate(strata: Self.strata)
            let c = Randomiser(scheme: scheme, armCount: 4, blockMultiples: [1, 2], seed: 10).allocate(strata: Self.strata)
            XCTAssertEqual(a, b, "\(scheme)")
            XCTAssertNotEqual(a.arms, c.arms, "\(scheme)")
        }
    }
}
