import Course
import Foundation
import LumbarDatasets
import LumbarNumerics
import RunOutput

/// Fits the population-level parameters of `Datasets/calibration/fitted.yaml` to the validation measurements
/// marked `calibrate: true`, by bounded Levenberg–Marquardt on LAPACK.
///
/// Each residual is (simulated − published) / half the acceptance band, so a target counts in proportion to how
/// precisely it is known. Scenarios run with the ideal instrument (true peaks, no sensor noise) and fixed seeds:
/// the objective is deterministic, so the fit is reproducible to the bit.
public struct Calibrator: Sendable {
    public let store: DatasetStore
    public let threads: Int
    /// Subjects per scenario (at most the scenario's own size): calibration evaluates each scenario many times.
    public let subjects: Int
    /// Relative finite-difference step: large enough to step over the integer repetition counts inside training.
    public static let finiteDifferenceStep = 1e-3

    public init(store: DatasetStore, threads: Int, subjects: Int) {
        self.store = store
        self.threads = threads
        self.subjects = subjects
    }

    public struct Target: Sendable {
        public var scenario: ValidationScenario
        public var measurement: Measurement
        public var published: Double
    }

    /// The calibration targets, in scenario and measurement order.
    public func targets() throws -> [Target] {
        let published = Dictionary(uniqueKeysWithValues: try CalibrationTarget.load(from: store).compactMap { t in t.value.map { (t.id, $0) } })
        return try Validator(store: store, threads: threads).scenarios().flatMap { scenario in
            try scenario.measurements.filter(\.calibrate).map { m in
                guard let value = published[m.target] else { throw ValidationError.unknownTarget(scenario: scenario.id, target: m.target) }
                return Target(scenario: scenario, measurement: m, published: value)
            }
        }
    }

    /// Weighted residuals for a candidate parameter set.
    public func residuals(_ fitted: FittedParameters, targets: [Target]) throws -> [Double] {
        var result: [Double] = []
        var byScenario: [String: ScenarioOutcome] = [:]
        for target in targets {
            let id = target.scenario.id
            if byScenario[id] == nil {
                byScenario[id] = try ScenarioOutcome(scenario: target.scenario, store: store, fitted: fitted,
                                                     subjects: min(subjects, target.scenario.subjects), threads: threads,
                                                     instrument: .ideal)
            }
            let simulated = try byScenario[id]!.value(of: target.measurement)
            let halfBand = (target.measurement.upper - target.measurement.lower) / 2
            result.append((simulated - target.published) / halfBand)
        }
        return result
    }

    /// Fits from `start`; `progress` hears each evaluation's cost.
    public func fit(start: FittedParameters, maxIterations: Int, progress: ((Int, Double) -> Void)? = nil)
        throws -> (fitted: FittedParameters, result: NonlinearLeastSquares.Result) {
        let targets = try targets()
        let names = start.names
        let lower = names.map { start.parameters[$0]!.lower }
        let upper = names.map { start.parameters[$0]!.upper }
        var evaluations = 0
        let solver = NonlinearLeastSquares(options: .init(maxIterations: maxIterations, relativeStepTolerance: 1e-4,
                                                          costTolerance: 1e-8, finiteDifferenceStep: Self.finiteDifferenceStep))
        let result = try solver.fit(initial: start.values, lower: lower, upper: upper) { values in
            let r = try residuals(start.with(values: values), targets: targets)
            evaluations += 1
            progress?(evaluations, 0.5 * r.reduce(0) { $0 + $1 * $1 })
            return r
        }
        var fitted = start.with(values: result.parameters)
        for (i, name) in names.enumerated() { fitted.parameters[name]?.se = result.standardErrors[i] }
        fitted.covariance = (0..<names.count).map { i in (0..<names.count).map { result.covariance[i, $0] } }
        var scenarios: [String] = []
        for id in targets.map(\.scenario.id) where !scenarios.contains(id) { scenarios.append(id) }
        fitted.fit = FittedParameters.Fit(tool: "lumbarsim calibrate \(LumbarSimVersion.current)", scenarios: scenarios,
                                          subjectsPerScenario: subjects,
                                          targets: targets.map(\.measurement.target), cost: result.cost,
                                          iterations: result.iterations, evaluations: result.evaluations,
                                          converged: result.converged)
        return (fitted, result)
    }
}
