/// A number taken from the literature (or assumed) together with where it came from.
///
/// Every physiological parameter and calibration value in `Datasets/` is a `Quantity`, so the code never
/// holds a bare constant: decoding fails unless a value names its `source` or states the `assumption`
/// behind it (see ``validate(at:)``).
public struct Quantity: Codable, Sendable, Equatable {
    public var value: Double
    public var unit: String
    /// Standard deviation in the same unit, where the source gives one; `0` states an exact value (a definition or a
    /// protocol's cap), never varied.
    public var sd: Double?
    /// Free-text uncertainty when it is not an SD (a range, a CI, "upper bound").
    public var uncertainty: String?
    /// `[low, high]`: an assumption's plausible range or a published interval, around the value; what sensitivity
    /// and uncertainty analyses draw it from (uniformly). The reason belongs in `uncertainty` or `assumption`.
    public var range: [Double]?
    /// A key of `Datasets/references.yaml`.
    public var source: String?
    /// Where the number sits in the source: table, figure, abstract.
    public var locator: String?
    /// `verbatim`, `secondary`, `derived`, `recalled`, `fitted` or `assumption`.
    public var confidence: String?
    /// Why a value had to be assumed; required when there is no source.
    public var assumption: String?

    public init(value: Double, unit: String, sd: Double? = nil, uncertainty: String? = nil, range: [Double]? = nil,
                source: String? = nil, locator: String? = nil, confidence: String? = nil,
                assumption: String? = nil) {
        self.value = value
        self.unit = unit
        self.sd = sd
        self.uncertainty = uncertainty
        self.range = range
        self.source = source
        self.locator = locator
        self.confidence = confidence
        self.assumption = assumption
    }

    /// Checks the science rules for one value: finite, a non-negative SD, a range around the value, and a source or
    /// an assumption.
    public func validate(at path: String) throws {
        guard value.isFinite else { throw DatasetError.invalidValue(path: path, reason: "value is not a finite number") }
        if let sd, !(sd.isFinite && sd >= 0) {
            throw DatasetError.invalidValue(path: path, reason: "sd must be a finite number >= 0")
        }
        if let range, !(range.count == 2 && range.allSatisfy(\.isFinite) && range[0] < range[1] && (range[0]...range[1]).contains(value)) {
            throw DatasetError.invalidValue(path: path, reason: "range must be [low, high] with low <= value <= high")
        }
        let hasSource = !(source ?? "").isEmpty
        let hasAssumption = !(assumption ?? "").isEmpty
        guard hasSource || hasAssumption else {
            throw DatasetError.invalidValue(path: path, reason: "value has neither a source nor an assumption")
        }
    }
}

extension Quantity {
    /// Checks that a model parameter states how uncertain it is: an `sd` (published, or 0 for an exact value) or a
    /// `range`. A `fitted` value's spread is calibrate's standard error in `fitted.yaml`.
    public func validateSpread(at path: String) throws {
        guard confidence == "fitted" || range != nil || sd != nil else {
            throw DatasetError.invalidValue(path: path, reason: "value has neither an sd nor a range "
                                            + "(give its published uncertainty, or a plausible range with the reason)")
        }
    }
}

/// A file of model parameters: besides ``QuantityValidating``'s rules, every value in it states its spread
/// (``Quantity/validateSpread(at:)``), which uncertainty and sensitivity analyses draw it from.
public protocol ModelParameterFile {}

/// A type whose quantities can be checked after decoding.
public protocol QuantityValidating {
    /// Throws the first rule a value breaks; `path` names the field for the one-line error.
    func validateQuantities(path: String) throws
}
