import Foundation
import XCTest

/// SplitMix64 (Steele, Lea & Flood 2014): the one generator tests draw random inputs from, so that every failing
/// draw can be replayed from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension XCTestCase {
    /// A generator seeded with `seed`, or with LUMBARSIM_TEST_SEED when set (to explore other draws); if the test
    /// fails, its seed is printed with the way to replay it.
    public func seededGenerator(_ seed: UInt64) -> SeededGenerator {
        let chosen = ProcessInfo.processInfo.environment["LUMBARSIM_TEST_SEED"].flatMap { UInt64($0) } ?? seed
        let probe = FailureProbe(test: self)
        addTeardownBlock {
            if probe.failed { print("\(probe.name): random inputs from seed \(chosen) (replay: LUMBARSIM_TEST_SEED=\(chosen))") }
        }
        return SeededGenerator(seed: chosen)
    }
}

/// Reads a test's outcome from its teardown block (which must not capture the test case itself).
private final class FailureProbe: @unchecked Sendable {
    weak var test: XCTestCase?
    init(test: XCTestCase) { self.test = test }
    var failed: Bool { (test?.testRun?.totalFailureCount ?? 0) > 0 }
    var name: String { test?.name ?? "test" }
}
