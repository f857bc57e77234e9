import LumbarNumerics

/// Morris's one-at-a-time design (Morris 1991): `trajectories` walks over a grid of `levels` levels in [0, 1]^d,
/// each moving every input once by ±Δ, Δ = levels / (2 (levels − 1)).
///
/// With an even number of levels each level has exactly one neighbour at ±Δ inside [0, 1], so a walk's start and
/// the order its inputs move in (both from the trajectory's own stream) fix it. A trajectory is d + 1 points.
public struct MorrisDesign: Sendable {
    public struct Move: Sendable, Equatable {
        /// The input that moves from point `step` to point `step + 1` of its trajectory.
        public var input: Int
        /// Its signed step on the unit scale (±Δ).
        public var delta: Double
    }

    public let dimensions: Int
    public let levels: Int
    /// Every point, trajectory after trajectory: `trajectories × (dimensions + 1)` rows.
    public let points: [[Double]]
    /// Each trajectory's `dimensions` moves, in order.
    public let moves: [[Move]]

    public var trajectories: Int { moves.count }
    public var delta: Double { Double(levels) / Double(2 * (levels - 1)) }

    public init(dimensions: Int, trajectories: Int, levels: Int = 4, seed: UInt64) {
        precondition(dimensions > 0 && trajectories > 1, "Morris screening needs inputs and at least two trajectories")
        precondition(levels >= 2 && levels % 2 == 0, "Morris levels must be even")
        self.dimensions = dimensions
        self.levels = levels
        let step = Double(levels) / Double(2 * (levels - 1))
        var points: [[Double]] = []
        var moves: [[Move]] = []
        for t in 0..<trajectories {
            var stream = RandomStream(seed: seed, address: .sensitivity(.morrisTrajectory, key: t))
            var x = (0..<dimensions).map { _ in
                Double(min(levels - 1, Int(stream.nextUniform() * Double(levels)))) / Double(levels - 1)
            }
            var order = Array(0..<dimensions)
            for i in stride(from: dimensions - 1, to: 0, by: -1) {
                order.swapAt(i, min(i, Int(stream.nextUniform() * Double(i + 1))))
            }
            points.append(x)
            var walk: [Move] = []
            for input in order {
                let delta = x[input] + step <= 1 + 1e-12 ? step : -step
                x[input] += delta
                walk.append(Move(input: input, delta: delta))
                points.append(x)
            }
            moves.append(walk)
        }
        self.points = points
        self.moves = moves
    }

    /// The Morris measures of each input for one output, from its values at ``points`` (in order).
    public func indices(values: [Double]) -> [MorrisIndex] {
        precondition(values.count == points.count, "one value per design point")
        var effects = [[Double]](repeating: [], count: dimensions)
        for (t, walk) in moves.enumerated() {
            let base = t * (dimensions + 1)
            for (step, move) in walk.enumerated() {
                let effect = (values[base + step + 1] - values[base + step]) / move.delta
                if effect.isFinite { effects[move.input].append(effect) }
            }
        }
        return effects.map(MorrisIndex.init(effects:))
    }
}

/// The elementary effects of one input on one output, on the input's unit scale (the change of the output when the
/// input crosses its whole range): μ* (mean absolute effect, Campolongo 2007) ranks importance, σ flags
/// non-linearity or interactions.
public struct MorrisIndex: Sendable, Equatable, Codable {
    public var muStar: Double
    public var mu: Double
    public var sigma: Double
    /// Effects that could be computed (an output that is not finite at a point drops its effects).
    public var count: Int

    public init(effects: [Double]) {
        count = effects.count
        let n = Double(max(effects.count, 1))
        mu = effects.reduce(0, +) / n
        muStar = effects.reduce(0) { $0 + abs($1) } / n
        let mean = mu
        sigma = effects.count > 1
            ? (effects.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(effects.count - 1)).squareRoot() : 0
    }

    enum CodingKeys: String, CodingKey { case muStar = "mu_star", mu, sigma, count }
}
