import Analysis
import Foundation
import LumbarDatasets
import Physiology
import XCTest

final class ValidationTests: XCTestCase {
    let store: DatasetStore = { do { return try DatasetStore.locate() } catch { fatalError("\(error)") } }()

    func testEveryTargetIsMeasuredOnceOrListedAsNotSimulatedWithAReason() throws {
        let targets = try CalibrationTarget.load(from: store).map(\.id)
        let scenarios = try Validator(store: store, threads: 1).scenarios()
        let measured = scenarios.flatMap { $0.measurements.map(\.target) }
        XCTAssertEqual(measured.count, Set(measured).count, "a target is measured twice")
        let notSimulated = try store.decode(NotSimulated.self, from: "validation/not-simulated.yaml").targets
        XCTAssertTrue(Set(measured).isDisjoint(with: notSimulated.keys))
        XCTAssertEqual(Set(measured).union(notSimulated.keys), Set(targets))
        XCTAssertTrue(notSimulated.values.allSatisfy { $0.count > 20 }, "each exclusion states its reason")
        XCTAssertTrue(scenarios.flatMap(\.measurements).allSatisfy { !$0.bandReason.isEmpty })
    }

    /// The must-show targets are required, so `validate` fails if any of them leaves its band. The
    /// Pollock 1989 gains are not: the neural reserves are fitted jointly to pollock1989, carpenter1991 and
    /// graves1994, which disagree, and the joint fit leaves Pollock's gains and Graves' below and above their
    /// tolerances; `calibrate --check` gates that fit (issue 12, docs/validation.md).
    func testThePublishedAnchorsAreRequired() throws {
        let required = Set(try Validator(store: store, threads: 1).scenarios().flatMap(\.measurements).filter(\.required).map(\.target))
        for id in ["norm_men_0", "norm_women_72", "carpenter_gain12_ext", "carpenter_gain12_flex",
                   "mf_csa_us_men_L5", "mf_csa_clbp_ratio", "csa_gain_ilex_12wk", "endurance_bs_healthy", "exercise_pain_effect"] {
            XCTAssertTrue(required.contains(id), id)
        }
    }

    /// Every validation scenario at reduced size (the full run is CI's release-mode gate): each required target
    /// lies inside its band, and each of the others is simulated (finite, with the published sign). A mean over
    /// the few subjects of one sex in a reduced cohort carries sampling error that the full run does not: for
    /// those means the band is extended by 3 standard errors of the reduced sample (a test tolerance for the
    /// smaller cohort, not a validation band).
    func testEveryValidationScenarioRunsAtReducedSizeWithItsRequiredTargetsInside() throws {
        let validator = Validator(store: store, threads: 2)
        let published = Dictionary(uniqueKeysWithValues: try CalibrationTarget.load(from: store).map { ($0.id, $0.value) })
        let scenarios = try validator.scenarios()
        XCTAssertGreaterThanOrEqual(scenarios.count, 10)
        for scenario in scenarios {
            let outcome = try ScenarioOutcome(scenario: scenario, store: store, subjects: min(scenario.subjects, Self.reducedSubjects),
                                              threads: 2)
            for m in scenario.measurements {
                let value = try outcome.value(of: m)
                if m.required {
                    let slack = 3 * (try Self.standardError(of: m, in: outcome) ?? 0)
                    XCTAssertTrue((m.lower - slack...m.upper + slack).contains(value),
                                  "\(scenario.id) \(m.target): \(value) outside [\(m.lower), \(m.upper)] +- \(slack)")
                } else if let bound = Self.predictedNoEffect[m.target] {
                    XCTAssertLessThan(abs(value), bound, "\(scenario.id) \(m.target): the model predicts no effect, got \(value)")
                } else {
                    let p = try XCTUnwrap(published[m.target] ?? nil, m.target)
                    XCTAssertTrue(value.isFinite && (value == 0 || p == 0 || value.sign == p.sign), "\(scenario.id) \(m.target): \(value)")
                }
            }
        }
    }

    /// The standard error of a baseline mean (torque or CSA) over the scenario's subjects; nil for other quantities.
    static func standardError(of m: Analysis.Measurement, in outcome: ScenarioOutcome) throws -> Double? {
        let people = outcome.subjects.filter { o in m.sex.map { $0 == o.subject.sex.rawValue } ?? true }
        let values: [Double]
        switch m.quantity {
        case .torqueMean: values = people.compactMap { $0.arms[0][0].isometric.reportedPeak(atDeg: m.angleDeg ?? 0) }
        case .csaMean:
            let group = try XCTUnwrap(m.group.flatMap(ExtensorGroup.init(rawValue:)))
            values = people.map { $0.arms[0][0].outcomes.csaCm2[group] }
        default: return nil
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot()
    }

    static let reducedSubjects = 60

    /// Targets the model is set to contradict, predicting no effect where the study found one, with the largest
    /// simulated value (test-retest noise of the reduced cohort) that still reads as none. Without pelvic
    /// restraint the lumbar extensors take no stimulus (unrestrained_lumbar_share 0, from graves1994), so
    /// mayer2002's unstabilised gain (+20.6 %) is not reproduced; a gain of a few percent would mean the share
    /// (or noise) grew.
    static let predictedNoEffect: [String: Double] = ["mayer2002_nostab_gain_12wk": 3]

    func testCalibrationResidualsAreDeterministic() throws {
        let calibrator = Calibrator(store: store, threads: 2, subjects: 12)
        let targets = try calibrator.targets()
        XCTAssertGreaterThanOrEqual(targets.count, 19)
        let fitted = try FittedParameters.load(from: store)
        let first = try calibrator.residuals(fitted, targets: targets)
        let again = try Calibrator(store: store, threads: 1, subjects: 12).residuals(fitted, targets: targets)
        XCTAssertEqual(first, again)
        XCTAssertTrue(first.allSatisfy(\.isFinite))
    }

    func testFittedParametersCarryTheirUncertaintyAndBounds() throws {
        let fitted = try FittedParameters.load(from: store)
        XCTAssertEqual(fitted.covariance.count, fitted.names.count)
        for name in fitted.names {
            let p = try XCTUnwrap(fitted.parameters[name])
            XCTAssertTrue((p.lower...p.upper).contains(p.value), name)
            XCTAssertNotNil(p.se, "\(name) has a standard error")
        }
        XCTAssertEqual(fitted.fit?.converged, true)
    }

    func testABadScenarioFileGivesAOneLineError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-val-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOf: store.url("validation/walking.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "quantity: pain_smd", with: "quantity: pain_ratio")
        let file = folder.appendingPathComponent("walking.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DataFile.decode(ValidationScenario.self, from: file)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("pain_ratio") && message.contains("quantity"), message)
            XCTAssertFalse(message.contains("\n"))
        }
    }
}
