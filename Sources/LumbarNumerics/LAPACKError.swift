/// A LAPACK routine reported failure through its `info` argument.
///
/// Carries the routine's own reading of `info`, because the bare number means
/// different things in different routines (a failing minor, a zero pivot, …).
public struct LAPACKError: Error, Equatable, CustomStringConvertible {
    /// The LAPACK routine name, e.g. "dpotrf".
    public let routine: String
    /// The `info` value LAPACK returned (never 0).
    public let info: Int
    /// What `info` means for this routine, in words.
    public let meaning: String

    public init(routine: String, info: Int, meaning: String) {
        self.routine = routine
        self.info = info
        self.meaning = meaning
    }

    /// An error whose `meaning` is derived from `info` as documented for `routine`.
    public init(routine: String, info: Int) {
        self.init(routine: routine, info: info, meaning: Self.meaning(routine: routine, info: info))
    }

    public var description: String {
        "LAPACK \(routine) failed (info \(info)): \(meaning)"
    }

    /// LAPACK's documented meaning of a nonzero `info` for the routines LumbarNumerics calls.
    static func meaning(routine: String, info: Int) -> String {
        if info < 0 {
            return "argument \(-info) had an illegal value"
        }
        switch routine {
        case "dpotrf":
            return "matrix is not positive definite (leading minor \(info) is not positive)"
        case "dpotri":
            return "diagonal element \(info) of the Cholesky factor is zero: the matrix is singular"
        case "dgesv":
            return "U(\(info),\(info)) is exactly zero: the matrix is singular"
        case "dgels":
            return "the \(info)-th diagonal element of the triangular factor is zero: A does not have full rank"
        case "dsyevd":
            return "the algorithm failed to converge"
        default:
            return "the computation failed (see the \(routine) documentation for info \(info))"
        }
    }

    /// Throws the matching error unless `info` is 0 (LAPACK's success value).
    static func check(_ info: Int32, routine: String) throws(LAPACKError) {
        guard info == 0 else {
            throw LAPACKError(routine: routine, info: Int(info))
        }
    }
}

/// Input rejected before it reached LAPACK, so that a bad argument gives a
/// precise error instead of NaNs or a LAPACK argument-number code.
public enum NumericsError: Error, Equatable, CustomStringConvertible {
    /// An input contained NaN or ±∞; LAPACK would propagate them silently.
    case nonFinite(routine: String)
    /// Operand shapes do not fit together; `detail` says how.
    case dimensionMismatch(routine: String, detail: String)
    /// The routine needs a square matrix.
    case notSquare(routine: String, rows: Int, columns: Int)
    /// The routine needs a symmetric matrix (within the relative tolerance it states).
    case notSymmetric(routine: String)

    public var description: String {
        switch self {
        case .nonFinite(let routine):
            return "input to \(routine) contains NaN or infinity"
        case .dimensionMismatch(let routine, let detail):
            return "dimension mismatch in \(routine): \(detail)"
        case .notSquare(let routine, let rows, let columns):
            return "\(routine) requires a square matrix, got \(rows)×\(columns)"
        case .notSymmetric(let routine):
            return "\(routine) requires a symmetric matrix"
        }
    }
}
