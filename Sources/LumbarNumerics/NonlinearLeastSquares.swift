/// Bounded Levenberg–Marquardt for small, expensive least-squares problems: fitting a handful of
/// population-level parameters to published calibration targets, where one residual evaluation
/// may simulate a whole cohort.
///
/// Evaluations are therefore spent sparingly: the Jacobian is differenced only after an accepted
/// step, a rejected step or the final small step costs a single evaluation, and a step the bounds
/// cut to nothing costs none. The result depends only on the inputs, so a calibration is
/// reproducible bit for bit.
public struct NonlinearLeastSquares: Sendable {
    public struct Options: Sendable {
        /// The most trial steps to take. Each costs at most one evaluation, plus one Jacobian
        /// if accepted, so this also caps evaluations at about `maxIterations · (n + 1)`.
        public var maxIterations: Int
        /// Stop when a step δ satisfies ‖δ‖ ≤ tol · (‖x‖ + tol): the parameters have settled.
        /// That last step is still taken if it lowers the cost.
        public var relativeStepTolerance: Double
        /// Stop when both the actual and the predicted cost reduction of a step are at most
        /// tol · cost: the linearised model promises nothing further.
        public var costTolerance: Double
        /// Stop when every parameter free to move has |Jⱼᵀr| / ‖Jⱼ‖ ≤ tol. This is the gradient in
        /// parameter-scale-free form, in residual units (residuals are already divided by their
        /// uncertainties), so one tolerance suits parameters of any units.
        public var gradientTolerance: Double
        /// The starting λ in (JᵀJ + λ·diag(JᵀJ)) δ = −Jᵀr; small starts close to Gauss–Newton.
        public var initialDamping: Double
        /// The finite-difference step relative to the parameter's magnitude, or to its starting
        /// magnitude if it has since shrunk towards zero (or 1 if it started at zero).
        public var finiteDifferenceStep: Double
        /// Central rather than forward differences: a more accurate Jacobian for 2n instead of n
        /// evaluations. Falls back to a one-sided difference where the box leaves no room.
        public var centralDifferences: Bool

        /// Traps on a negative iteration count or tolerance, a damping that is not positive and
        /// finite, or a step outside (0, 1): none has a meaning for the solver.
        public init(maxIterations: Int = 100, relativeStepTolerance: Double = 1e-8,
                    costTolerance: Double = 1e-12, gradientTolerance: Double = 1e-10,
                    initialDamping: Double = 1e-3, finiteDifferenceStep: Double = 1e-6,
                    centralDifferences: Bool = false) {
            precondition(maxIterations >= 0, "maxIterations must be non-negative, got \(maxIterations)")
            precondition(relativeStepTolerance >= 0 && costTolerance >= 0 && gradientTolerance >= 0,
                         "Tolerances must be non-negative")
            precondition(initialDamping > 0 && initialDamping.isFinite,
                         "initialDamping must be positive and finite, got \(initialDamping)")
            precondition(finiteDifferenceStep > 0 && finiteDifferenceStep < 1,
                         "finiteDifferenceStep must lie in (0, 1), got \(finiteDifferenceStep)")
            self.maxIterations = maxIterations
            self.relativeStepTolerance = relativeStepTolerance
            self.costTolerance = costTolerance
            self.gradientTolerance = gradientTolerance
            self.initialDamping = initialDamping
            self.finiteDifferenceStep = finiteDifferenceStep
            self.centralDifferences = centralDifferences
        }
    }

    public struct Result: Sendable {
        public let parameters: [Double]
        /// The residuals at `parameters`.
        public let residuals: [Double]
        /// ½‖r‖².
        public let cost: Double
        /// Trial steps taken, accepted or rejected.
        public let iterations: Int
        /// Calls to the residual function, including the Jacobian's.
        public let evaluations: Int
        /// False only when the iteration limit stopped the fit.
        public let converged: Bool
        /// Which stopping rule ended the fit, in words.
        public let reason: String
        /// The m×n finite-difference Jacobian at `parameters`, or, when the step rule stopped the
        /// fit, at the point one step below `relativeStepTolerance` before them: re-differencing
        /// would cost n evaluations to change it by less than the differencing error.
        public let jacobian: Matrix
        /// s²·(JᵀJ)⁻¹ with s² = ‖r‖²/(m − n) when m > n, else (JᵀJ)⁻¹ (s² = 1, which is right
        /// when the residuals are divided by correct uncertainties). Rescaling by s² widens the
        /// errors when the fit is worse than those uncertainties claim. The bounds are ignored:
        /// this is the linearised covariance of an unconstrained fit at `parameters`.
        public let covariance: Matrix
        /// √diag(`covariance`).
        public let standardErrors: [Double]
    }

    public let options: Options

    public init(options: Options = .init()) {
        self.options = options
    }

    /// Minimises ½‖residuals(x)‖² over lower ≤ x ≤ upper (nil: unbounded; entries may be ±∞).
    ///
    /// Throws `FitError` for unusable input, residuals that are non-finite at the start or at a
    /// finite-difference point, or parameters the residuals do not determine; errors thrown by
    /// `residuals` propagate unchanged. Non-finite residuals at a trial step merely reject it,
    /// so a model that is undefined outside some region can still be fitted from inside it.
    public func fit(initial: [Double], lower: [Double]? = nil, upper: [Double]? = nil,
                    residuals: ([Double]) throws -> [Double]) throws -> Result {
        let box = try Box(initial: initial, lower: lower, upper: upper)
        let n = initial.count
        var evaluations = 1
        var r = try residuals(initial)
        let m = r.count
        guard m >= n else {
            throw FitError.dimension("\(m) residuals cannot determine \(n) parameters")
        }
        guard r.allSatisfy(\.isFinite) else { throw FitError.nonFiniteResidual(parameters: initial) }

        /// The residuals at x, or nil if any is NaN or infinite.
        func evaluate(_ x: [Double]) throws -> [Double]? {
            evaluations += 1
            let values = try residuals(x)
            guard values.count == m else {
                throw FitError.dimension("residual function returned \(m) values at the start, \(values.count) later")
            }
            return values.allSatisfy(\.isFinite) ? values : nil
        }

        /// The residuals at a point no shorter step could avoid, where non-finite values are an error.
        func evaluateFinite(_ x: [Double]) throws -> [Double] {
            guard let values = try evaluate(x) else { throw FitError.nonFiniteResidual(parameters: x) }
            return values
        }

        /// The finite-difference Jacobian at x, whose residuals `rx` are already known.
        func jacobian(at x: [Double], residuals rx: [Double]) throws -> Matrix {
            var entries = [Double]()
            entries.reserveCapacity(m * n)
            for j in 0..<n {
                let typical = initial[j] == 0 ? 1 : initial[j].magnitude
                let h = options.finiteDifferenceStep * max(x[j].magnitude, typical)
                let central = options.centralDifferences && x[j] - h >= box.lower[j] && x[j] + h <= box.upper[j]
                var plus = x, minus = x
                plus[j] += central ? h : box.oneSidedStep(h, from: x[j], index: j)
                if central { minus[j] -= h }
                // Dividing by the representable gap keeps the rounding of x ± h out of the quotient.
                let width = plus[j] - minus[j]
                let rPlus = try evaluateFinite(plus)
                let rMinus = central ? try evaluateFinite(minus) : rx
                for i in 0..<m {
                    entries.append((rPlus[i] - rMinus[i]) / width)
                }
            }
            return Matrix(rows: m, columns: n, columnMajor: entries)
        }

        var x = initial
        var cost = halfSquaredNorm(r)
        var model = LocalModel(jacobian: try jacobian(at: x, residuals: r), residuals: r)
        // Moré's scaling: each column norm's running maximum, so damping acts alike on parameters
        // of any units and the trust region cannot collapse when a column briefly vanishes.
        var scale = model.columnNorms.map { $0 > 0 ? $0 : 1 }
        var damping = options.initialDamping
        var dampingGrowth = 2.0
        var iterations = 0

        func finish(converged: Bool, reason: String) throws -> Result {
            let variance = m > n ? 2 * cost / Double(m - n) : 1
            let covariance = try Self.covariance(normal: model.normal, variance: variance,
                                                 identifiabilityThreshold: identifiabilityThreshold)
            return Result(parameters: x, residuals: r, cost: cost, iterations: iterations,
                          evaluations: evaluations, converged: converged, reason: reason,
                          jacobian: model.jacobian, covariance: covariance,
                          standardErrors: (0..<n).map { covariance[$0, $0].squareRoot() })
        }

        var free = box.freeParameters(at: x, gradient: model.gradient)
        if model.scaledGradientNorm(over: free, scale: scale) <= options.gradientTolerance {
            return try finish(converged: true, reason: "gradient below tolerance")
        }
        while iterations < options.maxIterations {
            iterations += 1
            let trial = try Self.trialPoint(from: x, model: model, scale: scale, free: free, box: box,
                                            damping: &damping)
            // A step the bounds cut to nothing is rejected without spending an evaluation.
            guard trial != x else {
                damping = min(damping * dampingGrowth, .greatestFiniteMagnitude)
                dampingGrowth *= 2
                continue
            }
            let step = zip(trial, x).map { $0 - $1 }
            let settled = norm(step) <= options.relativeStepTolerance * (norm(x) + options.relativeStepTolerance)
            let predicted = -dot(model.gradient, step) - halfSquaredNorm(model.jacobian.multiply(step))
            let rTrial = try evaluate(trial)
            let trialCost = rTrial.map(halfSquaredNorm)
            let previousCost = cost
            var accepted = false
            if let rTrial, let trialCost, trialCost < cost {
                x = trial
                r = rTrial
                cost = trialCost
                accepted = true
            }
            // The final small step is still taken, which costs one evaluation but leaves the answer
            // well inside the tolerance rather than at its edge. No new Jacobian is computed (see
            // `Result.jacobian`).
            if settled {
                return try finish(converged: true, reason: "step below tolerance")
            }
            if accepted {
                model = LocalModel(jacobian: try jacobian(at: x, residuals: r), residuals: r)
                scale = zip(scale, model.columnNorms).map { max($0, $1) }
                // Nielsen's update: shrink λ smoothly as far as the linear model proved right.
                let ratio = predicted > 0 ? (previousCost - cost) / predicted : 0
                let cube = (2 * ratio - 1) * (2 * ratio - 1) * (2 * ratio - 1)
                damping *= max(1.0 / 3, 1 - cube)
                dampingGrowth = 2
                free = box.freeParameters(at: x, gradient: model.gradient)
                if model.scaledGradientNorm(over: free, scale: scale) <= options.gradientTolerance {
                    return try finish(converged: true, reason: "gradient below tolerance")
                }
            } else {
                // Capped so a long run of rejections cannot overflow λ to infinity.
                damping = min(damping * dampingGrowth, .greatestFiniteMagnitude)
                dampingGrowth *= 2
            }
            if let trialCost, (previousCost - trialCost).magnitude <= options.costTolerance * previousCost,
               predicted <= options.costTolerance * previousCost {
                return try finish(converged: true, reason: "cost reduction below tolerance")
            }
        }
        return try finish(converged: false, reason: "iteration limit reached")
    }

    /// Eigenvalues of the column-normalised JᵀJ below this count as zero: they are the squares of
    /// singular values of the normalised Jacobian, and a forward difference misstates each column
    /// by about the relative step, so smaller ones cannot be told apart from differencing error.
    private var identifiabilityThreshold: Double {
        (10 * options.finiteDifferenceStep) * (10 * options.finiteDifferenceStep)
    }

    /// x + δ with δ solving (JᵀJ + λ·D²) δ = −Jᵀr over the free parameters, the others held.
    ///
    /// A parameter whose step would leave the box is put on that bound and the rest re-solved with it
    /// fixed there. Merely clipping δ would move the other parameters as if the clipped one had gone
    /// the whole way, a step the linear model never predicted and which is often rejected, wasting
    /// an evaluation.
    private static func trialPoint(from x: [Double], model: LocalModel, scale: [Double], free: [Int],
                                   box: Box, damping: inout Double) throws -> [Double] {
        var free = free
        var delta = [Double](repeating: 0, count: x.count)
        while !free.isEmpty {
            let fixed = x.indices.filter { !free.contains($0) }
            let system = Matrix(rows: free.count, columns: free.count, columnMajor: free.flatMap { column in
                free.map { row in model.normal[row, column] / (scale[row] * scale[column]) }
            })
            let rhs = free.map { row in
                -fixed.reduce(model.gradient[row]) { $0 + model.normal[row, $1] * delta[$1] } / scale[row]
            }
            let scaled = try solveDamped(system, rhs, damping: &damping)
            for (a, j) in free.enumerated() {
                delta[j] = scaled[a] / scale[j]
            }
            let leaving = free.filter { x[$0] + delta[$0] < box.lower[$0] || x[$0] + delta[$0] > box.upper[$0] }
            guard !leaving.isEmpty else { break }
            for j in leaving {
                delta[j] = min(max(x[j] + delta[j], box.lower[j]), box.upper[j]) - x[j]
            }
            free.removeAll { leaving.contains($0) }
        }
        // x + (bound − x) need not round back to the bound exactly; projecting makes it so.
        return box.project(zip(x, delta).map { $0 + $1 })
    }

    /// z solving (C + λI) z = b for a column-normalised C (entries of magnitude at most 1), raising
    /// λ tenfold whenever Cholesky fails. λ ≥ n makes C + λI diagonally dominant, so this always ends.
    private static func solveDamped(_ system: Matrix, _ rhs: [Double], damping: inout Double) throws -> [Double] {
        while true {
            var damped = system
            for a in 0..<system.rows {
                damped[a, a] += damping
            }
            do {
                return try damped.choleskyInverse().multiply(rhs)
            } catch is LAPACKError {
                damping *= 10
            }
        }
    }

    /// variance · (JᵀJ)⁻¹, after checking on the column-normalised JᵀJ (unit diagonal, so the check
    /// is independent of parameter units) that no combination of parameters leaves the residuals unchanged.
    private static func covariance(normal: Matrix, variance: Double,
                                   identifiabilityThreshold: Double) throws -> Matrix {
        let n = normal.rows
        // A column of zeros keeps scale 1, so it shows up below as a zero eigenvalue.
        let inverseNorms = (0..<n).map { normal[$0, $0] > 0 ? 1 / normal[$0, $0].squareRoot() : 1 }
        var correlation = Matrix(rows: n, columns: n)
        for j in 0..<n {
            for i in 0..<n {
                correlation[i, j] = normal[i, j] * (inverseNorms[i] * inverseNorms[j])
            }
        }
        let (values, vectors) = try correlation.symmetricEigen()
        let nullDirections = values.indices.filter { values[$0] <= identifiabilityThreshold }
        if !nullDirections.isEmpty {
            // How much of each parameter's own direction lies in the null space; this does not
            // depend on which basis of a repeated zero eigenvalue LAPACK happened to return.
            let weights = (0..<n).map { j in
                nullDirections.reduce(0.0) { $0 + vectors[j, $1] * vectors[j, $1] }.squareRoot()
            }
            let largest = weights.max() ?? 0
            throw FitError.notIdentifiable((0..<n).filter { weights[$0] >= 0.1 * largest })
        }
        let inverse = try correlation.choleskyInverse()
        var covariance = Matrix(rows: n, columns: n)
        for j in 0..<n {
            for i in 0..<n {
                covariance[i, j] = variance * inverse[i, j] * (inverseNorms[i] * inverseNorms[j])
            }
        }
        return covariance
    }
}

/// Why a fit could not start or could not report a usable result.
public enum FitError: Error, Equatable, CustomStringConvertible {
    /// The starting point or bounds are unusable; the text names the parameter.
    case invalidStart(String)
    /// The residuals were NaN or infinite at these parameters: the start, or a finite-difference
    /// point, where no shorter step could avoid them.
    case nonFiniteResidual(parameters: [Double])
    /// JᵀJ is singular at the solution: the residuals do not determine these parameters
    /// (0-based indices), alone or in combination, so they have no finite standard error.
    case notIdentifiable([Int])
    /// Array lengths do not fit together.
    case dimension(String)

    public var description: String {
        switch self {
        case .invalidStart(let detail):
            return "invalid starting point: \(detail)"
        case .nonFiniteResidual(let parameters):
            return "residuals are NaN or infinite at parameters \(parameters)"
        case .notIdentifiable(let indices):
            return "parameters \(indices.map(String.init).joined(separator: ", ")) are not identifiable: "
                + "changing them (alone or together) leaves the residuals unchanged"
        case .dimension(let detail):
            return "dimension mismatch: \(detail)"
        }
    }
}

/// The validated box lower ≤ x ≤ upper.
private struct Box {
    let lower: [Double]
    let upper: [Double]

    init(initial: [Double], lower: [Double]?, upper: [Double]?) throws(FitError) {
        let n = initial.count
        guard n > 0 else { throw FitError.dimension("no parameters to fit") }
        self.lower = lower ?? [Double](repeating: -.infinity, count: n)
        self.upper = upper ?? [Double](repeating: .infinity, count: n)
        guard self.lower.count == n, self.upper.count == n else {
            throw FitError.dimension("\(n) parameters but \(self.lower.count) lower and \(self.upper.count) upper bounds")
        }
        for j in 0..<n {
            guard initial[j].isFinite else {
                throw FitError.invalidStart("parameter \(j) is \(initial[j])")
            }
            // Also rejects a NaN bound, since every comparison with NaN is false.
            guard self.lower[j] < self.upper[j] else {
                throw FitError.invalidStart("parameter \(j) needs lower < upper, got [\(self.lower[j]), \(self.upper[j])]")
            }
            guard self.lower[j] <= initial[j], initial[j] <= self.upper[j] else {
                throw FitError.invalidStart(
                    "parameter \(j) = \(initial[j]) lies outside [\(self.lower[j]), \(self.upper[j])]")
            }
        }
    }

    func project(_ x: [Double]) -> [Double] {
        x.indices.map { min(max(x[$0], lower[$0]), upper[$0]) }
    }

    /// A signed step of about `h` from `value` that stays inside the box: forward if there is
    /// room, else backward, else across the wider side of a box narrower than the step.
    func oneSidedStep(_ h: Double, from value: Double, index j: Int) -> Double {
        if value + h <= upper[j] { return h }
        if value - h >= lower[j] { return -h }
        return upper[j] - value >= value - lower[j] ? upper[j] - value : lower[j] - value
    }

    /// The parameters not held at a bound: one sitting on a bound that the descent direction −g
    /// points out of is held, so the step is spent on the parameters that can still move.
    func freeParameters(at x: [Double], gradient: [Double]) -> [Int] {
        x.indices.filter { j in
            !((x[j] <= lower[j] && gradient[j] > 0) || (x[j] >= upper[j] && gradient[j] < 0))
        }
    }
}

/// The Gauss–Newton model of the cost around the current parameters.
private struct LocalModel {
    let jacobian: Matrix
    /// JᵀJ, exactly symmetric, as the eigen-solver requires.
    let normal: Matrix
    /// Jᵀr, the gradient of the cost.
    let gradient: [Double]

    init(jacobian: Matrix, residuals: [Double]) {
        let transposed = jacobian.transposed
        var normal = transposed * jacobian
        // dgemm need not round (i, j) and (j, i) alike; copy the lower triangle over the upper.
        for j in 0..<normal.columns {
            for i in 0..<j {
                normal[i, j] = normal[j, i]
            }
        }
        self.jacobian = jacobian
        self.normal = normal
        self.gradient = transposed.multiply(residuals)
    }

    var columnNorms: [Double] {
        (0..<normal.columns).map { normal[$0, $0].squareRoot() }
    }

    /// max |gⱼ| / scaleⱼ over `free`: the gradient in the variables the damping treats alike.
    func scaledGradientNorm(over free: [Int], scale: [Double]) -> Double {
        free.reduce(0) { max($0, gradient[$1].magnitude / scale[$1]) }
    }
}

private func dot(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
}

private func halfSquaredNorm(_ v: [Double]) -> Double {
    dot(v, v) / 2
}

private func norm(_ v: [Double]) -> Double {
    dot(v, v).squareRoot()
}
