import Analysis
import Foundation
import LumbarDatasets
import Physiology
import Sensitivity
import StudySetup
import XCTest

/// The uncertain inputs read from `Datasets/` and the overrides that put a trial value into the model.
final class UncertainInputsTests: XCTestCase {
    let store: DatasetStore = { do { return try DatasetStore.locate() } catch { fatalError("\(error)") } }()

    /// An override replaces exactly the value it names, in a physiology file and in the fitted set.
    func testOverridesReplaceTheNamedValue() throws {
        var overridden = store
        overridden.overrides.set(file: "physiology/adaptation.yaml", path: "neural.unrestrained_lumbar_share", to: 0.03)
        overridden.overrides.set(file: FittedParameters.datasetPath, path: "parameters.width_deg", to: 70)
        let fitted = try FittedParameters.load(from: overridden)
        let changed = try AdaptationParameters.load(from: overridden, fitted: fitted)
        let committed = try AdaptationParameters.load(from: store, fitted: try FittedParameters.load(from: store))
        XCTAssertEqual(changed.unrestrainedLumbarShare, 0.03)
        XCTAssertEqual(fitted.parameters["width_deg"]?.value, 70)
        XCTAssertEqual(changed.transferWidthDeg, committed.transferWidthDeg, "other values keep the file's")
        XCTAssertEqual(fitted.parameters["optimal_flexion_deg"], try FittedParameters.load(from: store).parameters["optimal_flexion_deg"])
    }

    /// A path the file does not hold, or a value the model refuses, fails in one line naming the file and field.
    func testBadOverridesAreRefusedNamingFileAndField() {
        var typo = store
        typo.overrides.set(file: "physiology/adaptation.yaml", path: "neural.unrestrained_lumbar_shar", to: 0.4)
        XCTAssertThrowsError(try AdaptationParameters.load(from: typo, fitted: try FittedParameters.load(from: store))) { error in
            XCTAssertEqual("\(error)", "Datasets/physiology/adaptation.yaml: field neural.unrestrained_lumbar_shar: no such value to override")
        }
        var outside = store
        outside.overrides.set(file: "physiology/adaptation.yaml", path: "neural.unrestrained_lumbar_share", to: 1.5)
        XCTAssertThrowsError(try AdaptationParameters.load(from: outside, fitted: try FittedParameters.load(from: store))) { error in
            XCTAssertTrue("\(error)".contains("neural.unrestrained_lumbar_share"), "\(error)")
        }
    }

    /// Every quantity of the physiology files and every fitted parameter is an input, once, with its data's spread.
    func testEveryParameterIsAnInputWithItsSpread() throws {
        let inputs = try UncertainInputs(store: store, unrangedSpread: 0.25).inputs
        XCTAssertEqual(Set(inputs.map(\.name)).count, inputs.count, "names are unique")
        let fitted = try FittedParameters.load(from: store)
        for name in fitted.names {
            let input = try XCTUnwrap(inputs.first { $0.name == "fitted.\(name)" })
            let p = fitted.parameters[name]!
            XCTAssertEqual(input.basis, .fitted)
            XCTAssertEqual(input.distribution, .normal(mean: p.value, sd: p.se!, lower: p.lower, upper: p.upper))
        }
        var count = 0
        for file in UncertainInputs.files(in: store) where file != FittedParameters.datasetPath {
            count += try store.quantities(in: file).filter { $0.quantity.confidence != "fitted" }.count
        }
        XCTAssertEqual(inputs.count, count + fitted.names.count)

        let arm = try XCTUnwrap(inputs.first { $0.name == "lumbar-extensors.groups.multifidus.moment_arm_cm" })
        XCTAssertEqual(arm.basis, .range)
        XCTAssertEqual(arm.distribution.range, 5...7)
        let exact = try XCTUnwrap(inputs.first { $0.name == "lumbar-extensors.groups.multifidus.fat_susceptibility" })
        XCTAssertEqual(exact.basis, .exact, "sd: 0 states an exact value")
        XCTAssertFalse(exact.varies)
        XCTAssertEqual(inputs.filter { $0.basis == .unranged && $0.file != FittedParameters.datasetPath }.map(\.name), [],
                       "only a fitted parameter without a standard error can lack a stated spread")
        for input in inputs {
            XCTAssertTrue(input.distribution.range.contains(input.value), "\(input.name) spans its value")
        }
    }

    /// Every input loads into the model at both ends of its spread, so a sensitivity analysis never meets a value the
    /// loader refuses (a fraction above 1, a rate at zero).
    func testEveryInputLoadsAtTheEndsOfItsRange() throws {
        let inputs = try UncertainInputs(store: store, unrangedSpread: 0.25).inputs.filter(\.varies)
        for input in inputs {
            for end in [0.0, 1.0] {
                var overridden = store
                overridden.overrides = UncertainInputs.overrides([input], at: [end])
                XCTAssertNoThrow(try PhysiologyModel(store: overridden), "\(input.name) at \(input.distribution.quantile(end))")
            }
        }
    }

    /// `--uncertainty`'s parameter sets draw calibrate's parameters jointly: over many sets the force–length optimum
    /// and width correlate as fitted.yaml's covariance says, each marginal has the SE times the SD of a normal cut at
    /// ±2 (0.8796), values stay in the fit's bounds, every other input is drawn from its own range, and the same
    /// seed gives the same sets.
    func testParameterSetsDrawFittedParametersFromTheirJointDistribution() throws {
        let fitted = try FittedParameters.load(from: store)
        let sets = try UncertainInputs.parameterSets(store: store, count: 400, seed: 3)
        let path = FittedParameters.datasetPath
        func sample(_ name: String) throws -> [Double] { try sets.map { try XCTUnwrap($0.values[path]?["parameters.\(name)"], name) } }
        let i = try XCTUnwrap(fitted.names.firstIndex(of: "optimal_flexion_deg")), j = try XCTUnwrap(fitted.names.firstIndex(of: "width_deg"))
        let expected = fitted.covariance[i][j] / (fitted.covariance[i][i] * fitted.covariance[j][j]).squareRoot()
        XCTAssertGreaterThan(abs(expected), 0.5, "a strongly correlated pair to test with")
        XCTAssertEqual(Self.correlation(try sample("optimal_flexion_deg"), try sample("width_deg")), expected, accuracy: 0.05)
        XCTAssertEqual(Self.correlation(try sample("slr_max_gain_deg"), try sample("width_deg")), 0, accuracy: 0.15, "uncorrelated in the fit")
        for name in fitted.names {
            let p = try XCTUnwrap(fitted.parameters[name])
            XCTAssertTrue(try sample(name).allSatisfy { (p.lower...p.upper).contains($0) }, name)
        }
        let tension = try sample("specific_tension_mean_Ncm2")
        XCTAssertEqual(Self.sd(tension) / (try XCTUnwrap(fitted.parameters["specific_tension_mean_Ncm2"]?.se)), 0.8796, accuracy: 0.03)

        let inputs = try UncertainInputs(store: store, unrangedSpread: 0.25).inputs.filter(\.varies)
        let points = LatinHypercube.points(count: 400, dimensions: inputs.count, seed: 3)
        let independent = UncertainInputs.overrides(inputs, at: points[7]).values.filter { $0.key != path }
        XCTAssertEqual(sets[7].values.filter { $0.key != path }, independent)
        XCTAssertEqual(try UncertainInputs.parameterSets(store: store, count: 400, seed: 3), sets, "seed-exact")
    }

    private static func sd(_ x: [Double]) -> Double {
        let mean = x.reduce(0, +) / Double(x.count)
        return (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)).squareRoot()
    }

    private static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        return sxy / (x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) } * y.reduce(0) { $0 + ($1 - my) * ($1 - my) }).squareRoot()
    }

    /// A physiology value with neither an sd nor a range is refused in one line naming the file and field, by the
    /// model's loader and by the reader of uncertain inputs alike; `sd: 0` (exact) is a stated spread.
    func testAValueWithoutAStatedSpreadIsRefusedNamingFileAndField() throws {
        let expected = "Datasets/physiology/adaptation.yaml: field neural.detraining_time_constant_weeks: value has neither "
            + "an sd nor a range (give its published uncertainty, or a plausible range with the reason)"
        let unranged = try datasetsCopy(editing: "physiology/adaptation.yaml") { text in
            text.replacingOccurrences(of: #"(  detraining_time_constant_weeks:\n    value: 15\n    unit: week\n)    range: [^\n]*\n"#,
                                      with: "$1", options: .regularExpression)
        }
        XCTAssertThrowsError(try PhysiologyModel(store: unranged)) { XCTAssertEqual("\($0)", expected) }
        XCTAssertThrowsError(try UncertainInputs(store: unranged, unrangedSpread: 0.25)) { XCTAssertEqual("\($0)", expected) }

        let exact = try datasetsCopy(editing: "physiology/adaptation.yaml") { text in
            text.replacingOccurrences(of: #"(  detraining_time_constant_weeks:\n    value: 15\n    unit: week\n)    range: [^\n]*\n"#,
                                      with: "$1    sd: 0\n", options: .regularExpression)
        }
        XCTAssertNoThrow(try PhysiologyModel(store: exact))
        let input = try XCTUnwrap(try UncertainInputs(store: exact, unrangedSpread: 0.25).inputs
            .first { $0.name == "adaptation.neural.detraining_time_constant_weeks" })
        XCTAssertEqual(input.basis, .exact)
        XCTAssertEqual(input.distribution.range, 15...15)
    }

    /// The same refusal in the files read through a schema (lumbar-extensors, fatigue), for a nested and a top-level value.
    func testEveryModelParameterFileRefusesAValueWithoutSpread() throws {
        let cases = [("physiology/lumbar-extensors.yaml", #"(  stiffness_exponent:\n    value: 3.0\n    unit: "1"\n)    range: [^\n]*\n"#,
                      "Datasets/physiology/lumbar-extensors.yaml: field passive.stiffness_exponent: value has neither an sd nor a range"),
                     ("physiology/fatigue.yaml", #"(controller_gain:\n  value: 10\n  unit: 1/s\n)  range: [^\n]*\n"#,
                      "Datasets/physiology/fatigue.yaml: field controller_gain: value has neither an sd nor a range")]
        for (file, pattern, prefix) in cases {
            let store = try datasetsCopy(editing: file) { $0.replacingOccurrences(of: pattern, with: "$1", options: .regularExpression) }
            XCTAssertThrowsError(try PhysiologyModel(store: store)) { error in
                XCTAssertTrue("\(error)".hasPrefix(prefix), "\(error)")
                XCTAssertFalse("\(error)".contains("\n"))
            }
        }
    }

    /// A copy of the parameter files (physiology, calibration, references) with one file edited; the edit must change it.
    private func datasetsCopy(editing file: String, _ edit: (String) -> String) throws -> DatasetStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-spread-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for item in ["physiology", "calibration", "references.yaml"] {
            try FileManager.default.copyItem(at: store.url(item), to: folder.appendingPathComponent(item))
        }
        let url = folder.appendingPathComponent(file)
        let original = try String(contentsOf: url, encoding: .utf8)
        let edited = edit(original)
        XCTAssertNotEqual(edited, original, "the edit applies to \(file)")
        try edited.write(to: url, atomically: true, encoding: .utf8)
        return try DatasetStore(root: folder)
    }
}
