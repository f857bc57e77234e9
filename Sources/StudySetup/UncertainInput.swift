import Foundation
import LumbarDatasets
import Sensitivity

/// One model input whose value is uncertain, with the spread a sensitivity or uncertainty analysis draws it from.
///
/// Every quantity of `Datasets/physiology/*.yaml` and every parameter of `calibration/fitted.yaml` is one; the
/// spread comes from the data itself (``Basis``), never from code.
public struct UncertainInput: Sendable, Equatable {
    /// Where an input's spread comes from.
    public enum Basis: String, Sendable, Codable, CaseIterable {
        /// The entry's `range` (an assumption's plausible range, or a published interval).
        case range
        /// The entry's published `sd`: normal, cut at ±2 SD and at zero for a positive value.
        case sd
        /// calibrate's standard error (`fitted.yaml`): normal, cut at ±2 SE and at the fit's bounds.
        case fitted
        /// A fitted parameter without a standard error: ± the analysis's `unrangedSpread` of the value (reported, to be
        /// replaced by data; the loader refuses a physiology value without a spread).
        case unranged
        /// Stated exact (`sd: 0`: a definition or a protocol's cap): never varied.
        case exact
    }

    /// The file, relative to `Datasets/`.
    public let file: String
    /// The quantity's dotted path in the file (`neural.transfer_width_deg`; `parameters.width_deg` in fitted.yaml).
    public let path: String
    public let value: Double
    public let unit: String
    /// The entry's `confidence` (`fitted` for calibrate's parameters).
    public let confidence: String
    public let basis: Basis
    public let distribution: InputDistribution

    /// A short unique name: the file's stem and the path (`adaptation.neural.transfer_width_deg`, `fitted.width_deg`).
    public var name: String {
        let stem = (file as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: "")
        return file == FittedParameters.datasetPath ? "fitted." + path.replacingOccurrences(of: "parameters.", with: "")
            : "\(stem).\(path)"
    }

    /// Whether the analysis varies it (an exact value, or an unranged zero, stays fixed).
    public var varies: Bool { distribution.range.lowerBound < distribution.range.upperBound }
}

/// Every uncertain input of a `Datasets/` folder, in file and then field order.
public struct UncertainInputs: Sendable {
    public let inputs: [UncertainInput]

    /// The spread of an entry whose data gives none unless a command is told otherwise: ±25 %, wide enough to show
    /// whether the entry matters, and marked `unranged` wherever it is used.
    public static let defaultUnrangedSpread = 0.25

    /// The parameter files read: every `physiology/*.yaml` and the fitted set.
    public static func files(in store: DatasetStore) -> [String] {
        store.names(in: "physiology").map { "physiology/\($0).yaml" } + [FittedParameters.datasetPath]
    }

    /// Reads every quantity of ``files(in:)`` with its stated spread (the store refuses one without); a fitted
    /// parameter without a standard error gets ± `unrangedSpread` of its value (cut at its bounds).
    public init(store: DatasetStore, unrangedSpread: Double) throws {
        var inputs: [UncertainInput] = []
        let fitted = try FittedParameters.load(from: store)
        for file in Self.files(in: store) where file != FittedParameters.datasetPath {
            for (path, quantity) in try store.quantities(in: file) where quantity.confidence != "fitted" {
                inputs.append(Self.input(file: file, path: path, quantity: quantity))
            }
        }
        for name in fitted.names {
            let p = fitted.parameters[name]!
            let distribution: InputDistribution
            let basis: UncertainInput.Basis
            if let se = p.se, se > 0 {
                (basis, distribution) = (.fitted, .normal(mean: p.value, sd: se, lower: p.lower, upper: p.upper))
            } else {
                (basis, distribution) = (.unranged, Self.spread(p.value, unit: p.unit, by: unrangedSpread, within: p.lower...p.upper))
            }
            inputs.append(UncertainInput(file: FittedParameters.datasetPath, path: "parameters.\(name)", value: p.value, unit: p.unit,
                                         confidence: "fitted", basis: basis, distribution: distribution))
        }
        self.inputs = inputs
    }

    /// The inputs whose data states no spread.
    public var unranged: [UncertainInput] { inputs.filter { $0.basis == .unranged } }

    /// `count` parameter sets for an uncertainty run (`--uncertainty N`): points of a Latin hypercube over every
    /// input that varies, each as the overrides of its values, calibrate's parameters drawn jointly from their
    /// covariance (``JointFittedDraw``). The same seed gives the same sets.
    public static func parameterSets(store: DatasetStore, count: Int, seed: UInt64) throws -> [DatasetOverrides] {
        let inputs = try UncertainInputs(store: store, unrangedSpread: defaultUnrangedSpread).inputs.filter(\.varies)
        let joint = try JointFittedDraw(fitted: try FittedParameters.load(from: store), inputs: inputs)
        return LatinHypercube.points(count: count, dimensions: inputs.count, seed: seed).map { point in
            var set = overrides(inputs, at: point)
            for (name, value) in joint.values(at: point) {
                set.set(file: FittedParameters.datasetPath, path: "parameters.\(name)", to: value)
            }
            return set
        }
    }

    /// The values of `chosen` inputs at a point of the unit hypercube (one coordinate per chosen input), as overrides
    /// of the files they come from.
    public static func overrides(_ chosen: [UncertainInput], at point: [Double]) -> DatasetOverrides {
        var overrides = DatasetOverrides()
        for (input, u) in zip(chosen, point) { overrides.set(file: input.file, path: input.path, to: input.distribution.quantile(u)) }
        return overrides
    }

    /// One physiology entry; ``DatasetStore/quantities(in:)`` has checked that it states a range or an sd.
    static func input(file: String, path: String, quantity q: Quantity) -> UncertainInput {
        let basis: UncertainInput.Basis
        let distribution: InputDistribution
        if let range = q.range {
            (basis, distribution) = (.range, .uniform(lower: range[0], upper: range[1]))
        } else if let sd = q.sd, sd > 0 {
            (basis, distribution) = (.sd, .normal(mean: q.value, sd: sd, lower: q.value > 0 ? 0 : -.infinity))
        } else {
            (basis, distribution) = (.exact, .uniform(lower: q.value, upper: q.value))
        }
        return UncertainInput(file: file, path: path, value: q.value, unit: q.unit, confidence: q.confidence ?? (q.source == nil ? "assumption" : "sourced"),
                              basis: basis, distribution: distribution)
    }

    /// ± `fraction` of `value`, kept on the value's side of zero and, for a dimensionless value up to 1, at most 1.
    static func spread(_ value: Double, unit: String, by fraction: Double, within bounds: ClosedRange<Double>) -> InputDistribution {
        var lower = value - abs(value) * fraction, upper = value + abs(value) * fraction
        if unit == "1", (0...1).contains(value) { upper = min(upper, 1) }
        lower = max(lower, bounds.lowerBound)
        upper = min(upper, bounds.upperBound)
        return .uniform(lower: lower, upper: upper)
    }
}
