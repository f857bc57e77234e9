import CSamplingKernel
import CVecKernel
import CVectorMath
@testable import kernel_compare
import LumbarNumerics
import SamplingKernel
import XCTest

/// The scalar and vectorised C kernels and the numpy script must compute what the Swift SIMD kernel computes, or
/// kernel-compare's speed ratios compare different work. C performs the same IEEE operations in the same order without
/// FMA contraction, so Swift and C are held to exact equality (they agree to the bit), not only to 1e-12.
final class KernelCompareTests: XCTestCase {
    static let realistic = LoadCellConstants(noiseSD: 0.8, lsb: 800.0 / 2048, minCode: -2048, maxCode: 2047,
                                             alpha: 1 - exp(-2 * Double.pi * 100 / 1000), driftPerSample: 0.5 / 60 / 1000,
                                             flicker: Flicker(sdNm: 0.4, cornersHz: [0.1, 1, 10], sampleRateHz: 1000),
                                             seed: 1, substream: 2)

    /// `count` random subjects with random stream ids (some above 2³²), first words (multiples of 4 or not, so lanes
    /// share or straddle Philox blocks) and drift clocks, on a 600-sample ramp and hold.
    func randomWorkload(count: Int, constants: LoadCellConstants, seed: UInt64, torqueScale: Double = 1) -> Workload {
        var rng = RandomStream(seed: seed, stream: 0)
        let subjects = (0..<count).map { _ in
            csk_subject(active: torqueScale * (100 + 300 * rng.nextUniform()), passive: 40 * rng.nextUniform(),
                        gravity: torqueScale * (80 * rng.nextUniform() - 40), gain: 1 + 0.01 * (rng.nextUniform() - 0.5),
                        offset: 10 * rng.nextUniform() - 5, tare: 10 * rng.nextUniform() - 5,
                        stream: rng.next() >> UInt64(rng.nextUInt32() % 64), first_word: 2 * UInt64(rng.nextUInt32() % 50_000),
                        first_sample: Double(rng.nextUInt32() % 100_000))
        }
        return Workload(constants: constants, window: 50, effort: Workload.rampAndHold(samples: 600), subjects: subjects)
    }

    func assertAgree(_ a: KernelOutputs, _ b: KernelOutputs, exactly: Bool = true, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThanOrEqual(a.maxRelativeDifference(from: b), 1e-12, file: file, line: line)
        if exactly {
            XCTAssertEqual(a, b, "not bit-identical", file: file, line: line)
        }
        XCTAssertTrue(a.peak.allSatisfy(\.isFinite), file: file, line: line)
    }

    func testPhiloxMatchesRandom123KnownAnswersAndLumbarNumerics() {
        func c(_ counter: SIMD4<UInt32>, _ key: SIMD2<UInt32>) -> SIMD4<UInt32> {
            var out = SIMD4<UInt32>()
            withUnsafePointer(to: counter) { counterWords in
                withUnsafePointer(to: key) { keyWords in
                    withUnsafeMutablePointer(to: &out) { outWords in
                        counterWords.withMemoryRebound(to: UInt32.self, capacity: 4) { ctr in
                            keyWords.withMemoryRebound(to: UInt32.self, capacity: 2) { k in
                                outWords.withMemoryRebound(to: UInt32.self, capacity: 4) { csk_philox4x32_10(ctr, k, $0) }
                            }
                        }
                    }
                }
            }
            return out
        }
        XCTAssertEqual(c(SIMD4(0, 0, 0, 0), SIMD2(0, 0)), SIMD4(0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8))
        XCTAssertEqual(c(SIMD4(repeating: .max), SIMD2(repeating: .max)), SIMD4(0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD))
        var rng = RandomStream(seed: 5, stream: 1)
        for _ in 0..<1000 {
            let counter = SIMD4(rng.nextUInt32(), rng.nextUInt32(), rng.nextUInt32(), rng.nextUInt32())
            let key = SIMD2(rng.nextUInt32(), rng.nextUInt32())
            XCTAssertEqual(c(counter, key), Philox4x32.block(counter: counter, key: key))
        }
    }

    /// cvm_uniform, which joins the two words in the mantissas of two doubles instead of converting k, gives
    /// RandomStream.nextUniform's k·2⁻⁵³ to the bit (k = 0 as k = 1), whatever the upper halves of the lanes hold.
    func testUniformsMatchRandomStreamToTheBit() {
        func expected(_ low: UInt64, _ high: UInt64) -> Double {
            let k = ((high & 0xFFFF_FFFF) << 32 | (low & 0xFFFF_FFFF)) >> 11
            return Double(k == 0 ? 1 : k) * 0x1p-53
        }
        var words: [(UInt64, UInt64)] = [(0, 0), (0x7FF, 0), (0x800, 0), (0xFFFF_FFFF, 0xFFFF_FFFF), (0, 0x8000_0000),
                                         (0xFFFF_F800, 0x7FFF_FFFF), (0xDEAD_BEEF_0000_0000, 0xFFFF_FFFF_0000_0000),
                                         (0x1234_5678_9ABC_DEF0, 0xFEDC_BA98_7654_3210)]
        var rng = RandomStream(seed: 8, stream: 1)
        words += (0..<4_000).map { _ in (rng.next(), rng.next()) }
        for start in stride(from: 0, to: words.count, by: 4) {
            let lanes = (0..<4).map { words[min(start + $0, words.count - 1)] }
            let u = cvm_uniform(SIMD4(lanes.map(\.0)), SIMD4(lanes.map(\.1)))
            for (lane, (low, high)) in lanes.enumerated() {
                XCTAssertEqual(u[lane].bitPattern, expected(low, high).bitPattern, "words \(low), \(high)")
            }
        }
    }

    /// Both tail branches of AS 241 (r ≤ 5 and the far tail below u ≈ 1.4e-11), their boundaries and the extremes of
    /// the kernel's uniforms, to the bit.
    func testQuantileMatchesStandardNormalToTheBit() {
        var points = [0x1p-53, 1e-300, 1e-20, 1.3e-11, 1.4e-11, 1e-6, 0.074_999_999_999_999_99, 0.075, 0.075_000_000_000_000_01,
                      0.5, 0.925, 0.999_999, 1 - 1e-11, 1 - 0x1p-53]
        var rng = RandomStream(seed: 6, stream: 1)
        points += (0..<20_000).map { _ in rng.nextUniform() }
        for u in points {
            XCTAssertEqual(csk_normal_quantile(u).bitPattern, StandardNormal.quantile(u).bitPattern, "u = \(u)")
        }
        // The vector quantile, on vectors that mix central, near-tail and far-tail lanes.
        var vector = [Double](repeating: .nan, count: points.count)
        cvk_normal_quantiles(points, &vector, points.count)
        for (u, z) in zip(points, vector) {
            XCTAssertEqual(z.bitPattern, StandardNormal.quantile(u).bitPattern, "vector C, u = \(u)")
        }
    }

    /// The kernels' deferred tails: cvm_fix_tails turns the listed uniforms (any order, a count that leaves a partial
    /// vector, near and far tails) into their quantiles in place, to the bit, and leaves the other slots alone.
    func testDeferredTailsMatchStandardNormalToTheBit() {
        var u = [1e-300, 0.3, 1.3e-11, 0.074_999_999_999_999_99, 0.5, 0.925, 1 - 1e-11, 0.9, 1 - 0x1p-53]
        var rng = RandomStream(seed: 7, stream: 1)
        u += (0..<1001).map { _ in rng.nextUniform() }
        var list = u.indices.filter { abs(u[$0] - 0.5) > 0.425 }.reversed().map { UInt32($0) }
        let tails = UInt32(list.count)
        list += Array(repeating: 0, count: Int(CVM_TAIL_LIST_SLACK))
        var z = u
        cvm_fix_tails(&z, &list, tails)
        for (i, value) in u.enumerated() {
            let expected = abs(value - 0.5) > 0.425 ? StandardNormal.quantile(value) : value
            XCTAssertEqual(z[i].bitPattern, expected.bitPattern, "u = \(value)")
        }
    }

    func testCMatchesSwiftOnRandomSubjects() {
        let workload = randomWorkload(count: 300, constants: Self.realistic, seed: 11)
        let swift = workload.runSwift(threads: 1)
        assertAgree(workload.runC(threads: 1), swift)
        assertAgree(workload.runCVec(threads: 1), swift)
    }

    func testCMatchesSwiftWhenTheConverterSaturates() {
        var constants = Self.realistic
        constants.lsb = 250.0 / 128
        constants.minCode = -128
        constants.maxCode = 127
        // Torques up to 2.5× the realistic ones clip strong subjects at full scale; every fourth subject, weak and
        // with a large uncancelled torso torque, stays below the negative end throughout.
        let strong = randomWorkload(count: 200, constants: constants, seed: 12, torqueScale: 2.5)
        let subjects = strong.subjects.enumerated().map { i, subject in
            var subject = subject
            if i % 4 == 0 {
                subject.active = 20
                subject.gravity += 450
            }
            return subject
        }
        let workload = Workload(constants: constants, window: 50, effort: strong.effort, subjects: subjects)
        let c = workload.runC(threads: 1)
        assertAgree(c, workload.runSwift(threads: 1))
        assertAgree(workload.runCVec(threads: 1), c)
        func clipped(at code: Double) -> Int {
            zip(c.peak, subjects).count { abs($0 - (code * constants.lsb - $1.tare)) < 1e-9 }
        }
        XCTAssertGreaterThan(clipped(at: 127), 10, "strong subjects must hold the converter at full scale for a window")
        XCTAssertEqual(clipped(at: -128), 50, "weak subjects must stay at the negative end")
    }

    /// σ = 400 N·m on a wide converter: every draw, tails included, moves the readings by many codes.
    func testCMatchesSwiftWithTailHeavyNoise() {
        var constants = Self.realistic
        constants.noiseSD = 400
        constants.lsb = 5000.0 / 2048
        constants.alpha = 0.9
        let workload = randomWorkload(count: 256, constants: constants, seed: 13)
        let swift = workload.runSwift(threads: 1)
        assertAgree(workload.runC(threads: 1), swift)
        assertAgree(workload.runCVec(threads: 1), swift)
    }

    func testTwoThreadSplitsMatchOneThread() {
        let workload = randomWorkload(count: 45, constants: Self.realistic, seed: 14)
        XCTAssertEqual(workload.runSwift(threads: 2), workload.runSwift(threads: 1))
        XCTAssertEqual(workload.runC(threads: 2), workload.runC(threads: 1))
        XCTAssertEqual(workload.runC(threads: 1).sum.count, 45)
        XCTAssertEqual(workload.runCVec(threads: 2), workload.runC(threads: 1))
    }

    /// The standard workload's first words are multiples of 4 (samples share Philox blocks); the random ones are not
    /// always: both of the vector kernel's paths against the scalar twin on the same subjects.
    func testVectorCMatchesScalarCOnBlockAlignedStarts() {
        let workload = Workload.standard(subjects: 37, samples: 301)
        assertAgree(workload.runCVec(threads: 1), workload.runC(threads: 1))
        assertAgree(workload.runSwift(threads: 1), workload.runC(threads: 1))
    }

    /// kernel-compare reports which instruction set each engine was built for; this machine's builds know theirs.
    func testEnginesNameTheirInstructionSets() {
        let known: Set = ["avx512", "avx2", "baseline"]
        XCTAssertTrue(known.contains(SamplingKernel.instructionSet), SamplingKernel.instructionSet)
        XCTAssertTrue(known.contains(String(cString: cvk_instruction_set())))
        #if arch(x86_64)
        XCTAssertNotEqual(SamplingKernel.instructionSet, "baseline", "the kernel's module is built for haswell or later")
        #endif
    }

    /// kernel-compare's exit status rests on this measure: a NaN or a lone infinity must count as disagreement.
    func testRelativeDifferenceCountsBrokenOutputsAsInfinite() {
        let base = KernelOutputs(sum: [1, -.infinity], peak: [2, 0])
        XCTAssertEqual(base.maxRelativeDifference(from: base), 0)
        XCTAssertEqual(KernelOutputs(sum: [1, -.infinity], peak: [2 + 2e-10, 0]).maxRelativeDifference(from: base), 1e-10, accuracy: 1e-15)
        XCTAssertEqual(KernelOutputs(sum: [.nan, -.infinity], peak: [2, 0]).maxRelativeDifference(from: base), .infinity)
        XCTAssertEqual(KernelOutputs(sum: [1, 5], peak: [2, 0]).maxRelativeDifference(from: base), .infinity)
    }

    /// numpy's log may round differently from glibc's in the last place, so numpy is held to 1e-12, not to the bit.
    /// CI sets LUMBARSIM_REQUIRE_NUMPY=1 so that the comparison cannot be skipped there.
    func testNumpyReferenceAgreesOnASmallCase() throws {
        do {
            try NumpyReference.check()
        } catch {
            if ProcessInfo.processInfo.environment["LUMBARSIM_REQUIRE_NUMPY"] == "1" {
                XCTFail("LUMBARSIM_REQUIRE_NUMPY=1 but the numpy reference cannot run: \(error)")
            }
            throw XCTSkip("numpy reference unavailable: \(error)")
        }
        var constants = Self.realistic
        constants.noiseSD = 40
        constants.lsb = 400.0 / 2048
        let workload = randomWorkload(count: 24, constants: constants, seed: 15, torqueScale: 1.5)
        let numpy = try NumpyReference.run(workload).outputs
        assertAgree(numpy, workload.runSwift(threads: 1), exactly: false)
    }
}
