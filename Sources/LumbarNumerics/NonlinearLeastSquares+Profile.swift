import Foundation

/// The profile-likelihood interval of one parameter of a least-squares fit, for where Gauss–Newton's linearised
/// standard error is poor (a bound near, a strong correlation, a cost far from quadratic over ±2 SE).
///
/// At each value v of the parameter the others are refitted with it held at v; the statistic
/// D(v) = 2·(cost(v) − cost at the optimum)/s², with s² the residual variance the covariance is scaled by, is
/// χ²₁ under the usual conditions, and the interval is where D ≤ z²(1 − α/2). Crossings are found on the signed
/// root z(v) = sign(v − v̂)·√D(v), which is linear in v when the cost is quadratic, so a quadratic cost gives back
/// the Gauss–Newton interval v̂ ± z·SE exactly.
public struct ProfileInterval: Sendable, Equatable {
    /// The parameter's values tried and the signed root z at each, in ascending order of value (the optimum included).
    public var values: [Double]
    public var signedRoot: [Double]
    public var estimate: Double
    public var low: Double
    public var high: Double
    /// An end that did not cross within the grid or the parameter's bounds (the interval is open on that side).
    public var lowIsOpen: Bool
    public var highIsOpen: Bool
}

extension NonlinearLeastSquares {
    /// The profile of parameter `index` of `fit` (found by this solver from the same `residuals` and bounds).
    public func profile(parameter index: Int, of fit: Result, lower: [Double]? = nil, upper: [Double]? = nil,
                        steps: [Double] = [-3, -2, -1, 1, 2, 3], level: Double = 0.95,
                        residuals: ([Double]) throws -> [Double]) throws -> ProfileInterval {
        try profile(parameter: index, at: fit.parameters, standardErrors: fit.standardErrors, lower: lower, upper: upper,
                    steps: steps, level: level, residuals: residuals)
    }

    /// The profile of parameter `index` around the optimum `optimum` whose linearised standard errors are
    /// `standardErrors`: refits the others at v̂ + k·SE for each k in `steps` (standard errors, negative and
    /// positive; clamped to the bounds), and returns the `level` interval.
    public func profile(parameter index: Int, at optimum: [Double], standardErrors: [Double], lower: [Double]? = nil,
                        upper: [Double]? = nil, steps: [Double] = [-3, -2, -1, 1, 2, 3], level: Double = 0.95,
                        residuals: ([Double]) throws -> [Double]) throws -> ProfileInterval {
        let atOptimum = try residuals(optimum)
        let best = 0.5 * atOptimum.reduce(0) { $0 + $1 * $1 }
        let n = optimum.count, m = atOptimum.count
        let estimate = optimum[index], se = standardErrors[index]
        let s2 = m > n ? 2 * best / Double(m - n) : 1
        let low = lower?[index] ?? -.infinity, high = upper?[index] ?? .infinity
        let others = (0..<n).filter { $0 != index }
        func with(_ value: Double, _ rest: [Double]) -> [Double] {
            var x = optimum
            x[index] = value
            for (k, i) in others.enumerated() { x[i] = rest[k] }
            return x
        }
        var points: [(value: Double, z: Double)] = [(estimate, 0)]
        for k in steps.sorted() {
            let value = min(max(estimate + k * se, low), high)
            guard value != estimate, !points.contains(where: { $0.value == value }) else { continue }
            let cost: Double
            if others.isEmpty {
                let r = try residuals(with(value, []))
                cost = 0.5 * r.reduce(0) { $0 + $1 * $1 }
            } else {
                let refit = try fit(initial: others.map { optimum[$0] }, lower: lower.map { l in others.map { l[$0] } },
                                    upper: upper.map { u in others.map { u[$0] } }) { try residuals(with(value, $0)) }
                cost = refit.cost
            }
            let d = max(0, 2 * (cost - best) / s2)
            points.append((value, (value < estimate ? -1 : 1) * d.squareRoot()))
        }
        points.sort { $0.value < $1.value }
        let z = StandardNormal.quantile(0.5 + level / 2)
        /// Where the signed root crosses `target` between neighbouring points, walking out from the optimum.
        func crossing(_ target: Double, _ order: [Int]) -> Double? {
            for (a, b) in zip(order, order.dropFirst()) where (points[a].z - target) * (points[b].z - target) <= 0 && points[a].z != points[b].z {
                let t = (target - points[a].z) / (points[b].z - points[a].z)
                return points[a].value + t * (points[b].value - points[a].value)
            }
            return nil
        }
        let centre = points.firstIndex { $0.value == estimate }!
        let lowEnd = crossing(-z, Array((0...centre).reversed())), highEnd = crossing(z, Array(centre..<points.count))
        return ProfileInterval(values: points.map(\.value), signedRoot: points.map(\.z), estimate: estimate,
                               low: lowEnd ?? points.first!.value, high: highEnd ?? points.last!.value,
                               lowIsOpen: lowEnd == nil, highIsOpen: highEnd == nil)
    }
}
