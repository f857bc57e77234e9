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
        overridden.overrides.set(file: "physiology/adaptation.yaml", path: "neural.unrestrained_lumbar_share", to: 0.45)
        overridden.overrides.set(file: FittedParameters.datasetPath, path: "parameters.width_deg", to: 70)
        let fitted = try FittedParameters.load(from: overridden)
        let changed = try AdaptationParameters.load(from: overridden, fitted: fitted)
        let committed = try AdaptationParameters.load(from: store, fitted: try FittedParameters.load(from: store))
        XCTAssertEqual(changed.unrestrainedLumbarShare, 0.45)
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
        let unranged = try XCTUnwrap(inputs.first { $0.name == "adaptation.neural.detraining_time_constant_weeks" })
        XCTAssertEqual(unranged.basis, .unranged)
        XCTAssertEqual(unranged.distribution.range, 15 * 0.75...15 * 1.25)
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

    /// The check the loader will make once every entry has a spread: a value with neither an SD nor a range.
    /// Until then the number of such entries may only fall, and a new entry must state one (the message lists them).
    func testUnrangedInputsDoNotGrow() throws {
        let unranged = try UncertainInputs(store: store, unrangedSpread: 0.25).unranged.map(\.name)
        XCTAssertLessThanOrEqual(unranged.count, Self.unrangedCeiling,
                                 "entries without sd or range (add one, with its reason): \(unranged.joined(separator: ", "))")
    }

    /// Entries of `Datasets/physiology/` without an `sd` or `range` when the check was introduced; lower it as ranges
    /// are added.
    static let unrangedCeiling = 65
}
