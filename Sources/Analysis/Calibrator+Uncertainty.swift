import Foundation
import LumbarDatasets
import LumbarNumerics

/// The joint uncertainty of calibrate's parameters, written beside `fitted.yaml` as `fitted-uncertainty.yaml`:
/// each estimate with its Gauss–Newton standard error and 95 % interval, the correlation matrix, and — where that
/// linearisation is poor (a bound within 2 SE, or a correlation beyond ±0.9 such as the force–length optimum and
/// width) and a profile was asked for — the profile-likelihood interval, with the method each interval came from.
public struct FittedUncertainty: Codable, Sendable, Equatable {
    public struct Parameter: Codable, Sendable, Equatable {
        public var estimate: Double
        public var se: Double?
        public var low: Double?
        public var high: Double?
        /// `gauss-newton` (estimate ± 1.96 SE from s²(JᵀJ)⁻¹) or `profile` (likelihood ratio, refitting the others).
        public var method: String
        /// Why Gauss–Newton is poor for it, if it is.
        public var poor: String?
        /// The Gauss–Newton interval, kept beside a profile one for comparison.
        public var gaussNewton: [Double]?
        /// A profile end that did not cross within its grid or the parameter's bound.
        public var openEnds: [String]?
        /// The profile itself: the values tried and the signed root at each (±1.96 bounds the interval).
        public var profile: Profile?

        public struct Profile: Codable, Sendable, Equatable {
            public var values: [Double]
            public var signedRoot: [Double]

            enum CodingKeys: String, CodingKey { case values, signedRoot = "signed_root" }
        }

        enum CodingKeys: String, CodingKey {
            case estimate, se, low, high, method, poor, gaussNewton = "gauss_newton", openEnds = "open_ends", profile
        }
    }

    public static let suffix = "-uncertainty"
    /// Correlations beyond this make the linearised interval along the ridge unreliable (a stated threshold, not
    /// a fitted one: the issue names ±0.9, the force–length pair's 0.93).
    public static let correlationThreshold = 0.9

    /// How the residuals were scaled (the cost's units), so that a reader knows what the intervals mean.
    public var residualScale: String
    public var names: [String]
    public var parameters: [String: Parameter]
    public var correlation: [[Double]]

    /// The Gauss–Newton uncertainty of `fitted`, with the parameters it serves poorly marked.
    public init(_ fitted: FittedParameters, residualScale: String) {
        self.residualScale = residualScale
        names = fitted.names
        let z = StandardNormal.quantile(0.975)
        let sd = fitted.names.indices.map { fitted.covariance.isEmpty ? 0 : fitted.covariance[$0][$0].squareRoot() }
        correlation = fitted.names.indices.map { i in
            fitted.names.indices.map { j in i == j ? 1 : sd[i] > 0 && sd[j] > 0 ? fitted.covariance[i][j] / (sd[i] * sd[j]) : 0 }
        }
        let poor = Self.poorlyServed(fitted, correlation: correlation)
        var parameters: [String: Parameter] = [:]
        for name in fitted.names {
            let p = fitted.parameters[name]!
            parameters[name] = Parameter(estimate: p.value, se: p.se, low: p.se.map { p.value - z * $0 },
                                         high: p.se.map { p.value + z * $0 }, method: "gauss-newton", poor: poor[name])
        }
        self.parameters = parameters
    }

    /// The parameters whose linearised interval is poor, with the reason: a bound within 2 SE of the estimate, or a
    /// correlation beyond ±``correlationThreshold`` with another parameter.
    static func poorlyServed(_ fitted: FittedParameters, correlation: [[Double]]) -> [String: String] {
        var reasons: [String: String] = [:]
        for (i, name) in fitted.names.enumerated() {
            let p = fitted.parameters[name]!
            var why: [String] = []
            if let se = p.se, p.value - 2 * se < p.lower || p.value + 2 * se > p.upper { why.append("a bound within 2 SE") }
            for (j, other) in fitted.names.enumerated() where j != i && abs(correlation[i][j]) > Self.correlationThreshold {
                why.append(String(format: "correlation %.2f with %@", correlation[i][j], other))
            }
            if !why.isEmpty { reasons[name] = why.joined(separator: "; ") }
        }
        return reasons
    }

    /// Replaces `name`'s interval by its profile, keeping the Gauss–Newton one beside it.
    public mutating func adopt(profile: ProfileInterval, for name: String) {
        guard var p = parameters[name] else { return }
        p.gaussNewton = [p.low, p.high].compactMap { $0 }
        p.low = profile.low
        p.high = profile.high
        p.method = "profile"
        let open = [profile.lowIsOpen ? "low" : nil, profile.highIsOpen ? "high" : nil].compactMap { $0 }
        p.openEnds = open.isEmpty ? nil : open
        p.profile = Parameter.Profile(values: profile.values, signedRoot: profile.signedRoot)
        parameters[name] = p
    }

    /// The file beside `fitted` (`fitted.yaml` → `fitted-uncertainty.yaml`).
    public static func url(besides fitted: URL) -> URL {
        let stem = fitted.deletingPathExtension().lastPathComponent
        return fitted.deletingLastPathComponent().appendingPathComponent(stem + suffix + ".yaml")
    }

    public func yaml() throws -> String {
        "# The joint uncertainty of the fitted parameters beside it, written by `lumbarsim calibrate` (see `method` per\n"
            + "# parameter; `poor` says where the Gauss-Newton linearisation is unreliable). Intervals are 95 %.\n"
            + (try DataFile.yaml(self))
    }

    enum CodingKeys: String, CodingKey { case residualScale = "residual_scale", names, parameters, correlation }
}

extension Calibrator {
    /// How the residuals are scaled today (``residuals(_:targets:)``): what the intervals are in units of.
    public static let residualScale = "half the acceptance band of each target; s^2 (J^T J)^-1 rescales by the fit's residual variance"

    /// The profile-likelihood interval of `name` around `fitted` (taken as the optimum), each point a refit of the
    /// other parameters of at most `maxIterations` iterations on the same targets and engine as the fit.
    public func profile(_ name: String, around fitted: FittedParameters, maxIterations: Int,
                        steps: [Double] = [-3, -2, -1, 1, 2, 3]) throws -> ProfileInterval {
        guard let index = fitted.names.firstIndex(of: name) else {
            throw DatasetError.invalidValue(path: "--profile", reason: "'\(name)' is not a fitted parameter (known: \(fitted.names.joined(separator: ", ")))")
        }
        let targets = try targets()
        let solver = NonlinearLeastSquares(options: .init(maxIterations: maxIterations, relativeStepTolerance: 1e-4,
                                                          costTolerance: 1e-8, finiteDifferenceStep: Self.finiteDifferenceStep))
        return try solver.profile(parameter: index, at: fitted.values, standardErrors: fitted.names.map { fitted.parameters[$0]!.se ?? 0 },
                                  lower: fitted.names.map { fitted.parameters[$0]!.lower },
                                  upper: fitted.names.map { fitted.parameters[$0]!.upper }, steps: steps) { values in
            try residuals(fitted.with(values: values), targets: targets)
        }
    }
}
