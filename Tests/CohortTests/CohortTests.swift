import Cohort
import Device
import Foundation
import LumbarDatasets
import LumbarNumerics
import Physiology
import RunOutput
import Simulation
import StudySetup
import XCTest

/// Published targets from Datasets/calibration/targets.csv, by id.
enum Targets {
    static let values: [String: Double] = {
        do {
            let targets = try CalibrationTarget.load(from: DatasetStore.locate())
            return Dictionary(uniqueKeysWithValues: targets.compactMap { t in t.value.map { (t.id, $0) } })
        } catch { fatalError("\(error)") }
    }()
}

final class CohortTests: XCTestCase {
    static func outcomes(_ cohort: String, count: Int = 1000, seed: UInt64 = 1, threads: Int = 2,
                         rate: Double? = nil) throws -> (RunSetup, [SubjectOutcome]) {
        let setup = try RunSetup(cohort: cohort)
        let runner = try setup.runner(settings: try setup.deviceSettings(sampleRateHz: rate), seed: seed)
        return (setup, try runner.run(count: count, threads: threads))
    }

    // 250 Hz keeps the debug-build suite quick; the device at 1 kHz is covered by DeviceTests and validate.
    static let healthy: [SubjectOutcome] = { do { return try outcomes("healthy-adults", rate: 250).1 } catch { fatalError("\(error)") } }()
    static let clbp: [SubjectOutcome] = { do { return try outcomes("clbp-adults", rate: 250).1 } catch { fatalError("\(error)") } }()

    static func meanCurve(_ outcomes: [SubjectOutcome], sex: Sex) -> [Double] {
        let rows = outcomes.filter { $0.subject.sex == sex }
        return RunTables.torqueColumnAngles.map { angle in
            // Subjects whose range stops short of an angle are not tested there (CLBP): average those tested.
            let tested = rows.compactMap { $0.baseline.reportedPeak(atDeg: angle) }
            return tested.reduce(0, +) / Double(tested.count)
        }
    }

    func testHealthyCohortMatchesMedXNormsWithinTenPercentAtEveryAngle() {
        for (sex, prefix) in [(Sex.male, "norm_men_"), (Sex.female, "norm_women_")] {
            let curve = Self.meanCurve(Self.healthy, sex: sex)
            for (i, angle) in RunTables.torqueColumnAngles.enumerated() {
                guard let published = Targets.values["\(prefix)\(Int(angle))"] else { return XCTFail("no target \(prefix)\(Int(angle))") }
                XCTAssertEqual(curve[i], published, accuracy: 0.10 * published, "\(sex) at \(angle) deg")
            }
            let ratio = curve.last! / curve.first!
            XCTAssertTrue((1.9...2.5).contains(ratio), "\(sex): T(72)/T(0) = \(ratio)")
        }
    }

    func testCLBPCohortIsWeakerWithTheLargestDeficitAtFullExtension() {
        for sex in Sex.allCases {
            let healthy = Self.meanCurve(Self.healthy, sex: sex)
            let clbp = Self.meanCurve(Self.clbp, sex: sex)
            let deficit = zip(healthy, clbp).map { 1 - $1 / $0 }
            XCTAssertTrue(deficit.allSatisfy { $0 > 0.05 }, "\(sex) deficits \(deficit)")
            XCTAssertEqual(deficit.firstIndex(of: deficit.max()!), 0, "\(sex): largest relative deficit at 0 deg; \(deficit)")
        }
    }

    func testSexMixAndTraitMomentsFollowTheCohortFile() throws {
        let men = Self.healthy.filter { $0.subject.sex == .male }
        let fraction = Double(men.count) / Double(Self.healthy.count)
        XCTAssertEqual(fraction, 0.70, accuracy: 4 * (0.7 * 0.3 / 1000).squareRoot())
        let csa = men.map(\.subject.csaCm2.multifidus)
        let mean = csa.reduce(0, +) / Double(csa.count)
        XCTAssertEqual(mean, 8.9, accuracy: 4 * 1.7 / Double(csa.count).squareRoot())
        // Correlation height-mass as specified (0.45), within sampling error.
        let h = men.map(\.subject.heightCm), m = men.map(\.subject.massKg)
        XCTAssertEqual(correlation(h, m), 0.45, accuracy: 0.1)
        let setup = try RunSetup()
        for o in Self.healthy {
            let t = o.subject
            for (name, value) in [("age_y", t.ageY), ("height_cm", t.heightCm), ("csa_multifidus_cm2", t.csaCm2.multifidus),
                                  ("activation", t.activationCapacity)] {
                let trait = setup.cohort.traits[name]!
                XCTAssertTrue((trait.lower...trait.upper).contains(value), "\(name) = \(value)")
            }
        }
    }

    func testSameSeedSameBytesOnOneAndTwoThreadsAndAnySubjectAlone() throws {
        let (setup, one) = try Self.outcomes("clbp-adults", count: 70, seed: 42, threads: 1, rate: 200)
        let (_, two) = try Self.outcomes("clbp-adults", count: 70, seed: 42, threads: 2, rate: 200)
        XCTAssertEqual(RunTables.subjects(one).data, RunTables.subjects(two).data)
        XCTAssertEqual(RunTables.tests(one, armNames: ["baseline"]).data, RunTables.tests(two, armNames: ["baseline"]).data)
        let runner = try setup.runner(settings: try setup.deviceSettings(sampleRateHz: 200), seed: 42)
        let alone = try runner.outcome(id: 57)
        XCTAssertEqual(alone.subject, one[57].subject)
        XCTAssertEqual(alone.arms[0], one[57].arms[0])
        let (_, other) = try Self.outcomes("clbp-adults", count: 70, seed: 43, threads: 2, rate: 200)
        XCTAssertNotEqual(RunTables.tests(one, armNames: ["baseline"]).data, RunTables.tests(other, armNames: ["baseline"]).data)
    }

    func testNonPositiveDefiniteCovarianceIsRejectedWithOneLine() throws {
        var definition = try RunSetup().cohort
        let names = definition.correlation.traits
        func set(_ a: String, _ b: String, _ r: Double) {
            let i = names.firstIndex(of: a)!, j = names.firstIndex(of: b)!
            definition.correlation.matrix[i][j] = r
            definition.correlation.matrix[j][i] = r
        }
        set("csa_longissimus_cm2", "csa_iliocostalis_cm2", 0.99)
        set("csa_multifidus_cm2", "csa_longissimus_cm2", 0.99)
        set("csa_multifidus_cm2", "csa_iliocostalis_cm2", -0.99)
        let setup = try RunSetup()
        XCTAssertThrowsError(try CohortSampler(definition: definition, model: setup.model,
                                               specificTensionMean: setup.physiology.specificTensionMean,
                                               fatigabilitySD: 0.3)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("not positive definite"), text)
            XCTAssertTrue(text.contains("dpotrf"), text)
            XCTAssertFalse(text.contains("\n"))
        }
    }

    func testUnknownCohortNameListsTheKnownOnes() {
        XCTAssertThrowsError(try RunSetup(cohort: "astronauts")) { error in
            XCTAssertEqual("\(error)", "unknown cohort 'astronauts' (known: clbp-adults, healthy-adults)")
        }
    }

    func testZeroSubjectsIsAnError() throws {
        let setup = try RunSetup()
        let runner = try setup.runner(settings: try setup.deviceSettings(), seed: 1)
        XCTAssertThrowsError(try runner.run(count: 0, threads: 1))
    }

    func testCSVNumbersAreFixedDecimalAndQuoted() {
        XCTAssertEqual(CSVTable.number(1.005, 2), "1.00")  // binary 1.005 is just below; printf rounds the true value
        XCTAssertEqual(CSVTable.number(-0.0001, 2), "0.00")
        XCTAssertEqual(CSVTable.number(.nan, 2), "")
        var table = CSVTable(header: ["a", "b"])
        table.append(["x,y", "say \"hi\""])
        XCTAssertEqual(String(decoding: table.data, as: UTF8.self), "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n")
    }

    /// The fast writer must give printf's bytes: ties decided by the exact binary value, carries across the point,
    /// exponent-range values, and random values of every magnitude the tables hold.
    func testCSVNumbersMatchPrintfByteForByte() {
        func printf(_ x: Double, _ decimals: Int) -> String {
            let s = String(format: "%.\(decimals)f", x)
            return s == "-" + String(format: "%.\(decimals)f", 0.0) ? String(s.dropFirst()) : s
        }
        let special: [Double] = [0, -0.0, 1.005, 2.675, 0.125, 0.375, 9.995, 9.9951, 99.999, -99.9951, 0.5, 1.5, 2.5, -2.5,
                                 0.0001, 0.00001, 1e-7, 123_456_789.123_456, 1e16, 1e22, -1e22, 4.35, 1.45, 8.345, 0.045,
                                 Double.ulpOfOne, .leastNormalMagnitude, .greatestFiniteMagnitude]
        for x in special {
            for decimals in 0...4 { XCTAssertEqual(CSVTable.number(x, decimals), printf(x, decimals), "\(x) to \(decimals)") }
        }
        var random = SystemRandomNumberGenerator()
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let magnitude = Double.random(in: -6...9, using: &random)
            let x = (Bool.random(using: &random) ? 1 : -1) * pow(10, magnitude) * Double.random(in: 1..<10, using: &random)
            // Values on a grid of thousandths hit the ties the shortest digits cannot decide.
            let gridded = (x * 1000).rounded() / 1000 + (Bool.random(using: &random) ? 0.0005 : 0)
            for value in [x, gridded] {
                let decimals = Int.random(in: 0...4, using: &random)
                if CSVTable.number(value, decimals) != printf(value, decimals) { mismatches.append("\(value) to \(decimals)") }
            }
        }
        XCTAssertEqual(mismatches, [])
    }

    private func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
        return sxy / (sxx * syy).squareRoot()
    }
}
