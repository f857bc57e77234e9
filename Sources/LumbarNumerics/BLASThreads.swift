import CLapack

/// The number of threads OpenBLAS uses inside each BLAS/LAPACK call.
///
/// LumbarSim parallelises across subjects itself, so callers set this to 1:
/// nested OpenBLAS threads would oversubscribe the cores and slow everything down.
public enum BLASThreads {
    /// Sets the OpenBLAS thread count (process-wide); `n` must be at least 1.
    public static func set(_ n: Int) {
        precondition(n >= 1, "BLAS thread count must be at least 1, got \(n)")
        openblas_set_num_threads(Int32(clamping: n))
    }

    /// The OpenBLAS thread count currently in effect.
    public static var count: Int {
        Int(openblas_get_num_threads())
    }
}
