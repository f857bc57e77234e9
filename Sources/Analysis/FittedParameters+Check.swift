import LumbarDatasets

extension FittedParameters {
    /// The comment at the top of `fitted.yaml`, which says how it was made.
    public static let fileHeader = """
    # Population-level parameters fitted by `lumbarsim calibrate` to the validation measurements marked
    # `calibrate: true` (see `fit`). Each residual is (simulated - published) / half its acceptance band;
    # se are standard errors from s^2 (J^T J)^-1. Regenerate with `lumbarsim calibrate --write`.

    """

    /// How far calibrate's refit from this (committed) set moved one parameter.
    public struct Drift: Sendable {
        public var name: String
        public var committed: Double
        public var refit: Double
        /// Half the committed standard error (or a relative 1e-6 where it has none).
        public var tolerance: Double
        public var moved: Bool { abs(refit - committed) > tolerance }
    }

    /// Each parameter's move from this set to `refit`: the committed set is calibrate's own fit when none moves by
    /// more than half its standard error (`calibrate --check`).
    public func drift(to refit: FittedParameters) -> [Drift] {
        names.map { name in
            let before = parameters[name]!, after = refit.parameters[name]!
            return Drift(name: name, committed: before.value, refit: after.value,
                         tolerance: max(0.5 * (before.se ?? 0), 1e-6 * abs(before.value)))
        }
    }
}
