import CLapack
import Foundation

/// The BLAS and LAPACK this process linked, for provenance (a run's manifest names them): the same code on another
/// OpenBLAS may round differently in the fits.
public enum LinearAlgebraLibrary {
    /// OpenBLAS's configuration line, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
    public static var openBLAS: String {
        guard let config = openblas_get_config() else { return "unknown" }
        return String(cString: config).trimmingCharacters(in: .whitespaces)
    }

    /// The LAPACK version behind LAPACKE, "major.minor.patch".
    public static var lapack: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        LAPACKE_ilaver(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
