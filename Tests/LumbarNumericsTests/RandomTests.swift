import TestSupport
import XCTest
import LumbarNumerics

final class RandomTests: XCTestCase {
    // MARK: Philox4x32-10

    /// The philox4x32 10 lines of Random123's tests/kat_vectors (as reproduced in
    /// D. E. Shaw Research's core123 ut_philox.cpp): counter, key, expected output.
    func testPhiloxMatchesRandom123KnownAnswers() {
        let vectors: [(SIMD4<UInt32>, SIMD2<UInt32>, SIMD4<UInt32>)] = [
            (SIMD4(0, 0, 0, 0), SIMD2(0, 0),
             SIMD4(0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8)),
            (SIMD4(repeating: 0xFFFF_FFFF), SIMD2(repeating: 0xFFFF_FFFF),
             SIMD4(0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD)),
            (SIMD4(0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344), SIMD2(0xA409_3822, 0x299F_31D0),
             SIMD4(0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1)),
        ]
        for (counter, key, expected) in vectors {
            XCTAssertEqual(Philox4x32.block(counter: counter, key: key), expected)
        }
    }

    // MARK: RandomStream layout and determinism

    func testStreamWordsAreBlocksAtDocumentedCounter() {
        var stream = RandomStream(seed: 0x0123_4567_89AB_CDEF, stream: 0xFEDC_BA98_7654_3210, substream: 5)
        let key = SIMD2<UInt32>(0x89AB_CDEF, 0x0123_4567)
        for blockIndex: UInt32 in 0..<3 {
            let expected = Philox4x32.block(counter: SIMD4(blockIndex, 5, 0x7654_3210, 0xFEDC_BA98), key: key)
            for lane in 0..<4 {
                XCTAssertEqual(stream.nextUInt32(), expected[lane])
            }
        }
    }

    func testNextJoinsTwoWordsLowFirstAcrossBlockBoundaries() {
        var words = RandomStream(seed: 9, stream: 3)
        let w = (0..<9).map { _ in UInt64(words.nextUInt32()) }
        var mixed = RandomStream(seed: 9, stream: 3)
        XCTAssertEqual(UInt64(mixed.nextUInt32()), w[0])
        XCTAssertEqual(mixed.next(), w[1] | w[2] << 32)
        XCTAssertEqual(mixed.next(), w[3] | w[4] << 32) // spans blocks 0 and 1
        XCTAssertEqual(mixed.next(), w[5] | w[6] << 32)
        XCTAssertEqual(mixed.next(), w[7] | w[8] << 32) // spans blocks 1 and 2
    }

    func testSameCoordinatesReproduceAndDifferentCoordinatesDiffer() {
        func draws(_ s: RandomStream) -> [UInt64] {
            var s = s
            return (0..<64).map { _ in s.next() }
        }
        let base = draws(RandomStream(seed: 42, stream: 7, substream: StreamPurpose.traits.rawValue))
        XCTAssertEqual(base, draws(RandomStream(seed: 42, stream: 7, substream: StreamPurpose.traits.rawValue)))
        XCTAssertNotEqual(base, draws(RandomStream(seed: 42, stream: 8, substream: StreamPurpose.traits.rawValue)))
        XCTAssertNotEqual(base, draws(RandomStream(seed: 42, stream: 7, substream: StreamPurpose.outcomes.rawValue)))
        XCTAssertNotEqual(base, draws(RandomStream(seed: 43, stream: 7, substream: StreamPurpose.traits.rawValue)))
        XCTAssertNotEqual(base, draws(RandomStream(seed: 42, stream: 7 + (1 << 32), substream: StreamPurpose.traits.rawValue)))
        XCTAssertNotEqual(base, draws(RandomStream(seed: 42 + (1 << 32), stream: 7, substream: StreamPurpose.traits.rawValue)))
    }

    func testStreamDoesNotDependOnOtherStreamsDrawnBefore() {
        func normals(stream: UInt64) -> [Double] {
            var s = RandomStream(seed: 2024, stream: stream, substream: StreamPurpose.deviceNoise.rawValue)
            return (0..<1000).map { _ in s.nextNormal() }
        }
        let alone = normals(stream: 7)
        for earlier in 0..<7 { _ = normals(stream: UInt64(earlier)) }
        XCTAssertEqual(normals(stream: 7), alone)
    }

    // MARK: StandardNormal

    func testQuantileKnownValues() {
        XCTAssertEqual(StandardNormal.quantile(0.975), 1.959963984540054, accuracy: 2e-15)
        XCTAssertEqual(StandardNormal.quantile(0.025), -1.959963984540054, accuracy: 2e-15)
        XCTAssertEqual(StandardNormal.quantile(0.5), 0)
        XCTAssertEqual(StandardNormal.quantile(1e-10), -6.361340902404056, accuracy: 1e-14)
        // Reference quantiles computed with mpmath at 60 digits, spanning all
        // three AS 241 regions down to the smallest normal doubles.
        let references: [(p: Double, x: Double)] = [
            (0.3, -0.52440051270804078404), (0.1, -1.281551565544600467),
            (0.0123, -2.2476267557951377629), (1e-3, -3.0902323061678135415),
            (1e-5, -4.2648907939228246285), (1e-8, -5.6120012441747887315),
            (1e-12, -7.0344838253011319298), (1e-16, -8.2220822161304356127),
            (1e-20, -9.2623400897984075737), (1e-30, -11.464024688443615727),
            (1e-50, -14.933337534788488981), (1e-100, -21.273453560965324295),
            (1e-200, -30.205594179579643063), (1e-300, -37.047096299361199237),
        ]
        for r in references {
            XCTAssertEqual(StandardNormal.quantile(r.p), r.x, accuracy: 1e-15 * abs(r.x), "p = \(r.p)")
        }
        // Symmetry; u is rounded first so that 1 − u is exact.
        for p in stride(from: 0.001, through: 0.5, by: 0.001) {
            let u = 1 - p
            XCTAssertEqual(StandardNormal.quantile(u), -StandardNormal.quantile(1 - u), accuracy: 1e-15)
        }
    }

    func testQuantileEdges() {
        XCTAssertEqual(StandardNormal.quantile(0), -.infinity)
        XCTAssertEqual(StandardNormal.quantile(1), .infinity)
        XCTAssertTrue(StandardNormal.quantile(-1e-300).isNaN)
        XCTAssertTrue(StandardNormal.quantile(1.0.nextUp).isNaN)
        XCTAssertTrue(StandardNormal.quantile(.nan).isNaN)
    }

    func testCdfInvertsQuantile() {
        for k in 1..<1000 {
            let p = Double(k) / 1000
            XCTAssertEqual(StandardNormal.cdf(StandardNormal.quantile(p)), p, accuracy: 1e-14)
        }
        // Lower tail to 1e-300, relative error. Φ's condition number there is
        // about x², so an ulp-accurate quantile can only round-trip to ~x²·ε.
        for e in 1...300 {
            let p = pow(10, -Double(e))
            let x = StandardNormal.quantile(p)
            XCTAssertEqual(StandardNormal.cdf(x) / p, 1, accuracy: 1e-15 * (1 + x * x), "p = 1e-\(e)")
        }
    }

    func testPdf() {
        XCTAssertEqual(StandardNormal.pdf(0), 0.398942280401432678, accuracy: 1e-16)
        XCTAssertEqual(StandardNormal.pdf(1.5), StandardNormal.pdf(-1.5))
        XCTAssertEqual(StandardNormal.pdf(.infinity), 0)
    }

    // MARK: Draws

    func testNormalMoments() {
        var stream = RandomStream(seed: 1, stream: 0, substream: StreamPurpose.outcomes.rawValue)
        let n = 200_000
        let m = Moments((0..<n).map { _ in stream.nextNormal() })
        assertWithinStandardErrors(m.mean, 0, se: StandardError.mean(sd: 1, n: n), "mean")
        assertWithinStandardErrors(m.variance, 1, se: StandardError.variance(normal: 1, n: n), "variance")
        assertWithinStandardErrors(m.skewness, 0, se: (6.0 / Double(n)).squareRoot(), "skewness")

        var shifted = RandomStream(seed: 1, stream: 1)
        let s = Moments((0..<n).map { _ in shifted.nextNormal(mean: 10, sd: 3) })
        assertWithinStandardErrors(s.mean, 10, se: StandardError.mean(sd: 3, n: n), "shifted mean")
        assertWithinStandardErrors(s.variance, 9, se: StandardError.variance(normal: 9, n: n), "shifted variance")
    }

    func testTruncatedNormalAnalyticMoments() throws {
        // Reference values computed with mpmath at 50 digits.
        let cases: [(lower: Double, upper: Double, mean: Double, variance: Double)] = [
            (-1, 2, 0.22963717909132896862, 0.51976253921153393591),
            (3, .infinity, 3.2830986549304365069, 0.070559186785268116862),
            (-.infinity, -4, -4.2256071444894710728, 0.046672838397422631167),
            (8, 9, 8.1211889929797971226, 0.014148542782748111039),
        ]
        for c in cases {
            let d = try TruncatedNormal(mean: 0, sd: 1, lower: c.lower, upper: c.upper)
            XCTAssertEqual(d.expectedMean, c.mean, accuracy: 1e-13 * abs(c.mean), "[\(c.lower), \(c.upper)]")
            XCTAssertEqual(d.expectedVariance, c.variance, accuracy: 1e-10 * c.variance, "[\(c.lower), \(c.upper)]")
        }
        let scaled = try TruncatedNormal(mean: 5, sd: 2, lower: 3, upper: 9)
        XCTAssertEqual(scaled.expectedMean, 5 + 2 * 0.22963717909132896862, accuracy: 1e-13)
        XCTAssertEqual(scaled.expectedVariance, 4 * 0.51976253921153393591, accuracy: 1e-12)
    }

    func testTruncatedNormalSamplesMatchAnalyticMoments() throws {
        let cases: [(mean: Double, sd: Double, lower: Double, upper: Double)] = [
            (0, 1, -1, 2),
            (0, 1, 3, .infinity),
            (0, 1, -.infinity, -4),
            (0, 1, 8, 9),
            (-2, 0.5, 1, 1.5), // interval 6–7 sd above the mean
            (10, 3, -.infinity, .infinity),
        ]
        let n = 200_000
        for (index, c) in cases.enumerated() {
            let d = try TruncatedNormal(mean: c.mean, sd: c.sd, lower: c.lower, upper: c.upper)
            var stream = RandomStream(seed: 77, stream: UInt64(index), substream: StreamPurpose.protocolJitter.rawValue)
            let samples = (0..<n).map { _ in d.sample(using: &stream) }
            let label = "N(\(c.mean), \(c.sd)²) on [\(c.lower), \(c.upper)]"
            XCTAssertTrue(samples.allSatisfy { $0 >= c.lower && $0 <= c.upper }, label)
            let m = Moments(samples)
            let meanSE = (m.variance / Double(n)).squareRoot()
            let varianceSE = ((m.fourthCentral - m.variance * m.variance) / Double(n)).squareRoot()
            XCTAssertEqual(m.mean, d.expectedMean, accuracy: 5 * meanSE, label)
            XCTAssertEqual(m.variance, d.expectedVariance, accuracy: 5 * varianceSE, label)
        }
    }

    func testNextTruncatedNormalMatchesStructSampling() throws {
        let d = try TruncatedNormal(mean: 1, sd: 2, lower: 0, upper: 4)
        var a = RandomStream(seed: 5, stream: 5)
        var b = a
        for _ in 0..<100 {
            XCTAssertEqual(try a.nextTruncatedNormal(mean: 1, sd: 2, lower: 0, upper: 4), d.sample(using: &b))
        }
    }

    func testUniformsStrictlyInsideUnitInterval() {
        var stream = RandomStream(seed: 3, stream: 11)
        let u = (0..<200_000).map { _ in stream.nextUniform() }
        XCTAssertTrue(u.allSatisfy { $0 > 0 && $0 < 1 })
        let m = Moments(u)
        assertWithinStandardErrors(m.mean, 0.5, se: StandardError.mean(sd: (1.0 / 12).squareRoot(), n: u.count), "mean")
        // A uniform's fourth central moment is 1/80.
        assertWithinStandardErrors(m.variance, 1.0 / 12, se: StandardError.variance(1.0 / 12, fourthMoment: 1.0 / 80, n: u.count), "variance")
    }

    func testBernoulliFrequency() {
        var stream = RandomStream(seed: 4, stream: 2, substream: StreamPurpose.trial.rawValue)
        let n = 200_000
        let p = 0.3
        let hits = (0..<n).count { _ in stream.nextBernoulli(p) }
        XCTAssertEqual(Double(hits) / Double(n), p, accuracy: 5 * (p * (1 - p) / Double(n)).squareRoot())
        XCTAssertFalse((0..<1000).contains { _ in stream.nextBernoulli(0) })
        XCTAssertTrue((0..<1000).allSatisfy { _ in stream.nextBernoulli(1) })
    }

    // MARK: Validation

    func testInvalidTruncatedNormalParametersThrow() {
        let invalid: [(mean: Double, sd: Double, lower: Double, upper: Double)] = [
            (0, 0, -1, 1), (0, -1, -1, 1), (0, .infinity, -1, 1), (0, .nan, -1, 1),
            (.nan, 1, -1, 1), (.infinity, 1, -1, 1),
            (0, 1, .nan, 1), (0, 1, -1, .nan), (0, 1, 1, 1), (0, 1, 2, 1),
            (0, 1, .infinity, .infinity), (0, 1, -.infinity, -.infinity),
            (0, 1, 40, .infinity), // mass underflows to 0
        ]
        for c in invalid {
            XCTAssertThrowsError(try TruncatedNormal(mean: c.mean, sd: c.sd, lower: c.lower, upper: c.upper),
                                 "\(c)") { error in
                guard case DistributionError.invalidParameter(let message)? = error as? DistributionError else {
                    return XCTFail("unexpected error \(error)")
                }
                XCTAssertFalse(message.isEmpty)
            }
        }
        var stream = RandomStream(seed: 0, stream: 0)
        XCTAssertThrowsError(try stream.nextTruncatedNormal(mean: 0, sd: 1, lower: 1, upper: 0))
    }
}

/// Sample moments by two passes (mean first), which avoids the cancellation of
/// the one-pass sum-of-squares formula.
private struct Moments {
    let mean: Double
    let variance: Double
    let skewness: Double
    let fourthCentral: Double

    init(_ x: [Double]) {
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for value in x {
            let d = value - mean
            m2 += d * d
            m3 += d * d * d
            m4 += d * d * d * d
        }
        self.mean = mean
        variance = m2 / (n - 1)
        skewness = (m3 / n) / pow(m2 / n, 1.5)
        fourthCentral = m4 / n
    }
}
