import Foundation
import Yams

/// Population-level parameters fitted by `lumbarsim calibrate` (`Datasets/calibration/fitted.yaml`): values,
/// standard errors, their covariance, and how the fit was made. Models read their fitted values from here,
/// so the parameter set in use is always one that calibrate produced.
public struct FittedParameters: Codable, Sendable, Equatable {
    public struct Parameter: Codable, Sendable, Equatable {
        public var value: Double
        public var se: Double?
        public var unit: String
        public var lower: Double
        public var upper: Double
        public var prior: String?

        public init(value: Double, se: Double?, unit: String, lower: Double, upper: Double, prior: String?) {
            self.value = value
            self.se = se
            self.unit = unit
            self.lower = lower
            self.upper = upper
            self.prior = prior
        }
    }

    public struct Fit: Codable, Sendable, Equatable {
        enum CodingKeys: String, CodingKey {
            case tool, scenarios, subjectsPerScenario = "subjects_per_scenario", targets, cost, iterations, evaluations, converged
        }

        public var tool: String
        /// Validation scenarios simulated (each file fixes its cohort, size and seed).
        public var scenarios: [String]
        /// Subjects simulated per scenario (at most the scenario's own size).
        public var subjectsPerScenario: Int
        public var targets: [String]
        public var cost: Double
        public var iterations: Int
        public var evaluations: Int
        public var converged: Bool

        public init(tool: String, scenarios: [String], subjectsPerScenario: Int, targets: [String], cost: Double, iterations: Int, evaluations: Int,
                    converged: Bool) {
            self.tool = tool
            self.scenarios = scenarios
            self.subjectsPerScenario = subjectsPerScenario
            self.targets = targets
            self.cost = cost
            self.iterations = iterations
            self.evaluations = evaluations
            self.converged = converged
        }
    }

    /// Parameter names in the order of the covariance matrix.
    public var names: [String]
    public var parameters: [String: Parameter]
    public var covariance: [[Double]]
    public var fit: Fit?

    public init(names: [String], parameters: [String: Parameter], covariance: [[Double]], fit: Fit?) {
        self.names = names
        self.parameters = parameters
        self.covariance = covariance
        self.fit = fit
    }

    public static let datasetPath = "calibration/fitted.yaml"

    public static func load(from store: DatasetStore) throws -> FittedParameters {
        let fitted = try store.decode(FittedParameters.self, from: datasetPath)
        try fitted.check(file: "Datasets/\(datasetPath)")
        return fitted
    }

    /// The value of a fitted parameter; a missing name is a data error, not a crash.
    public func value(_ name: String) throws -> Double {
        guard let parameter = parameters[name] else {
            throw DatasetError.malformed(file: "Datasets/\(Self.datasetPath)", reason: "field parameters.\(name): missing")
        }
        return parameter.value
    }

    /// A copy with new values (in `names` order), as calibrate tries candidates.
    public func with(values: [Double]) -> FittedParameters {
        var copy = self
        for (name, value) in zip(names, values) { copy.parameters[name]?.value = value }
        return copy
    }

    public var values: [Double] { names.map { parameters[$0]?.value ?? .nan } }

    func check(file: String) throws {
        guard Set(names) == Set(parameters.keys), names.count == parameters.count else {
            throw DatasetError.malformed(file: file, reason: "field names: must list each parameter once")
        }
        for name in names {
            let p = parameters[name]!
            guard p.value.isFinite, p.lower < p.upper, (p.lower...p.upper).contains(p.value) else {
                throw DatasetError.malformed(file: file, reason: "field parameters.\(name): value \(p.value) outside [\(p.lower), \(p.upper)]")
            }
        }
        guard covariance.isEmpty || (covariance.count == names.count && covariance.allSatisfy { $0.count == names.count }) else {
            throw DatasetError.malformed(file: file, reason: "field covariance: must be \(names.count)x\(names.count)")
        }
    }

    /// YAML text for the file, with a header saying how it was made.
    public func yaml(header: String) throws -> String {
        header + (try DataFile.yaml(self))
    }
}
