@testable import Analysis
import Foundation
import LumbarDatasets
import XCTest

/// The evidence kind of each target (targets.csv `evidence`): loaded strictly and consistent with what calibrate fits.
final class EvidenceTests: XCTestCase {
    let store: DatasetStore = { do { return try DatasetStore.locate() } catch { fatalError("\(error)") } }()

    func testFittedTargetsAreExactlyTheOnesCalibrateFits() throws {
        let targets = try CalibrationTarget.load(from: store)
        let fitted = Set(targets.filter { $0.evidence == .fitted }.map(\.id))
        let calibrated = Set(try Calibrator(store: store, threads: 1, subjects: 2).targets().map(\.measurement.target))
        XCTAssertEqual(fitted, calibrated)
        XCTAssertEqual(fitted.count, 24, "the issue's 21 fitted targets, graves1994's stabilised gain and carpenter1991's 20-week gains")
        XCTAssertEqual(Set(try FittedParameters.load(from: store).fit?.targets ?? []), fitted)
        // Targets whose study set a parameter by hand are not independent, whatever their band.
        let byId = Dictionary(uniqueKeysWithValues: targets.map { ($0.id, $0) })
        for id in ["sit_stand_lbp", "csa_gain_ilex_12wk", "endurance_bs_healthy", "mf_csa_us_men_L5", "fatigue_trunk_F"] {
            XCTAssertEqual(byId[id]?.evidence, .input, id)
        }
        XCTAssertEqual(byId["norm_men_ratio"]?.evidence, .derived)
    }

    /// Issue 12: the neural reserves and the gain per session are fitted to every sourced ILEX training study that
    /// is not held out (pollock1989, carpenter1991 at 12 and 20 weeks, graves1994's stabilised group), and the
    /// studies kept as checks stay independent: no fit may quietly absorb them.
    func testTheNeuralReservesAreFittedToEveryTrainingStudyNotHeldOut() throws {
        let byId = Dictionary(uniqueKeysWithValues: try CalibrationTarget.load(from: store).map { ($0.id, $0.evidence) })
        let calibrated = Set(try Calibrator(store: store, threads: 1, subjects: 2).targets().map(\.measurement.target))
        for id in ["pollock_gain_0", "pollock_gain_72", "carpenter_gain12_ext", "carpenter_gain12_flex", "carpenter_gain20_ext",
                   "carpenter_gain20_flex", "graves1994_stab_gain_12wk"] {
            XCTAssertEqual(byId[id], .fitted, id)
            XCTAssertTrue(calibrated.contains(id), id)
        }
        for id in ["mayer2002_stab_gain_12wk", "mayer2002_nostab_gain_12wk", "fisher2018_hl80_mvc_change_6wk", "fisher2018_ll50_mvc_change_6wk",
                   "steele2017_clbp_strength_es_12wk", "helmhout2004_hit_minus_lit_strength_3mo"] {
            XCTAssertEqual(byId[id], .independent, id)
            XCTAssertFalse(calibrated.contains(id), id)
        }
    }

    func testAnIndependentTargetNamesItsPopulationAndHasNoCalibration() throws {
        let scenarios = try Validator(store: store, threads: 1).scenarios()
        let measurements = Dictionary(scenarios.flatMap(\.measurements).map { ($0.target, $0) }, uniquingKeysWith: { a, _ in a })
        for t in try CalibrationTarget.load(from: store) where t.evidence == .independent {
            XCTAssertFalse(t.condition.isEmpty, "\(t.id) states its population")
            XCTAssertFalse(t.source.isEmpty, t.id)
            XCTAssertNotEqual(measurements[t.id]?.calibrate, true, t.id)
        }
    }

    func testAnUnknownEvidenceKindIsRefusedWithAOneLineErrorNamingFileAndField() throws {
        let folder = try copyOfTargets { $0.replacingOccurrences(of: ",derived,derived,355/169", with: ",derived,predicted,355/169") }
        defer { try? FileManager.default.removeItem(at: folder) }
        XCTAssertThrowsError(try CalibrationTarget.load(from: DatasetStore(root: folder))) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("calibration/targets.csv") && message.contains("norm_men_ratio.evidence")
                          && message.contains("predicted"), message)
            XCTAssertFalse(message.contains("\n"))
        }
    }

    func testATargetsFileWithoutTheEvidenceColumnIsRefused() throws {
        let folder = try copyOfTargets { $0.replacingOccurrences(of: ",evidence,", with: ",kind,") }
        defer { try? FileManager.default.removeItem(at: folder) }
        XCTAssertThrowsError(try CalibrationTarget.load(from: DatasetStore(root: folder))) { error in
            XCTAssertTrue("\(error)".contains("missing column 'evidence'"), "\(error)")
        }
    }

    func testCalibratingANonFittedTargetOrNotCalibratingAFittedOneIsRefused() throws {
        let scenarios = try Validator(store: store, threads: 1).scenarios()
        let targets = try CalibrationTarget.load(from: store)
        XCTAssertNoThrow(try Validator.checkEvidence(targets: targets, scenarios: scenarios))

        var relabelled = targets
        relabelled[relabelled.firstIndex { $0.id == "pollock_gain_72" }!].evidence = .independent
        XCTAssertThrowsError(try Validator.checkEvidence(targets: relabelled, scenarios: scenarios)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("validation/pollock1989.yaml") && message.contains("pollock_gain_72.calibrate"), message)
        }

        relabelled = targets
        relabelled[relabelled.firstIndex { $0.id == "endurance_bs_healthy" }!].evidence = .fitted
        XCTAssertThrowsError(try Validator.checkEvidence(targets: relabelled, scenarios: scenarios)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("calibration/targets.csv") && message.contains("endurance_bs_healthy.evidence"), message)
        }
    }

    func testTheSummaryCountsEachKindAndHowManyLieInside() {
        func row(_ id: String, _ evidence: CalibrationTarget.Evidence, _ within: Bool?) -> ValidationResult {
            ValidationResult(id: id, quantity: "q", unit: "u", published: 1, publishedUncertainty: "", simulated: within == nil ? nil : 1,
                             lower: nil, upper: nil, within: within, required: true, scenario: nil, note: "", evidence: evidence,
                             source: "s", population: "p", targetNotes: "")
        }
        let rows = [row("a", .fitted, true), row("b", .fitted, false), row("c", .independent, true), row("d", .input, nil)]
        XCTAssertEqual(rows.evidenceSummary,
                       "by evidence: 2 fitted (1 inside), 0 input (0 inside), 0 derived (0 inside), 1 independent (1 inside); only independent targets count as validation")
    }

    /// A Datasets folder holding only calibration/targets.csv, edited.
    private func copyOfTargets(_ edit: (String) -> String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-evidence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("calibration"), withIntermediateDirectories: true)
        let text = try String(contentsOf: store.url(CalibrationTarget.datasetPath), encoding: .utf8)
        let edited = edit(text)
        XCTAssertNotEqual(edited, text, "the edit applies")
        try edited.write(to: folder.appendingPathComponent(CalibrationTarget.datasetPath), atomically: true, encoding: .utf8)
        return folder
    }
}
