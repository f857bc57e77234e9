/// The natural logarithm, computed the same way on every platform and in every engine.
///
/// libm's `log` differs between C libraries in the last bit, and vector code cannot call it lane by lane
/// cheaply. This one (exponent split, then 2·atanh(s) with s = f/(2+f) as a degree-9 series in s², about
/// 1.6 ulp) is written out in the sampling kernel's SIMD lanes, in its C twin and in the numpy reference with
/// the same operations in the same order, so all of them draw the same normal variates to the bit.
public enum Logarithm {
    // The constants are literals in the code (not stored properties) so that inlined callers fold them:
    // ln 2 = 0x1.62e42feep-1 + 0x1.a39ef35793c76p-33, the first part with 32 significant bits so that
    // e·ln2High is exact for any exponent e; mantissas above √2 = 0x1.6a09e667f3bcdp0 are halved, so that
    // f = m − 1 lies in [√½ − 1, √2 − 1] and |s| ≤ 0.1716; the series 2·atanh(s) = s·(2 + Σ_{k=1…9} 2/(2k+1)·s^{2k})
    // then stops with the next term below 3·10⁻¹⁷ relative.

    /// ln x for x > 0; −∞ at 0, NaN below 0 or at NaN, +∞ at +∞.
    @inlinable
    public static func natural(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return x == 0 ? -.infinity : (x == .infinity ? .infinity : .nan) }
        // Subnormals: scale into the normal range first (exact), and take the scale back out of the exponent.
        let scaled = x < .leastNormalMagnitude
        let y = scaled ? x * 0x1p54 : x
        let bits = y.bitPattern
        var exponent = Double((bits >> 52) & 0x7FF) - 1023 - (scaled ? 54 : 0)
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        if m > 0x1.6a09e667f3bcdp0 {
            m = m * 0.5
            exponent = exponent + 1
        }
        return exponent * 0x1.62e42feep-1 + (exponent * 0x1.a39ef35793c76p-33 + logOfMantissa(m))
    }

    /// ln m for m in [√½, √2].
    @inlinable @inline(__always)
    public static func logOfMantissa(_ m: Double) -> Double {
        let f = m - 1
        let s = f / (2 + f)
        let z = s * s
        var p = 2.0 / 19
        p = p * z + 2.0 / 17
        p = p * z + 2.0 / 15
        p = p * z + 2.0 / 13
        p = p * z + 2.0 / 11
        p = p * z + 2.0 / 9
        p = p * z + 2.0 / 7
        p = p * z + 2.0 / 5
        p = p * z + 2.0 / 3
        return s * (2 + z * p)
    }
}
