import LumbarNumerics

/// Standard normal draws for eight lanes by inversion (Wichura's AS 241), bit-identical to
/// ``StandardNormal/quantile(_:)``: the central rational function (85 % of draws) runs in vector registers with
/// the scalar code's operation order; lanes in the tails (which need a logarithm) fall back to the scalar routine.
@inlinable @inline(__always)
func normalLanes(_ u: SIMD8<Double>) -> SIMD8<Double> {
    let q = u - 0.5
    let r = 0.180625 - q * q
    var num: SIMD8<Double> = 2.5090809287301226727e3 * r + 3.3430575583588128105e4
    num = num * r + 6.7265770927008700853e4
    num = num * r + 4.5921953931549871457e4
    num = num * r + 1.3731693765509461125e4
    num = num * r + 1.9715909503065514427e3
    num = num * r + 1.3314166789178437745e2
    num = num * r + 3.3871328727963666080e0
    var den: SIMD8<Double> = 5.2264952788528545610e3 * r + 2.8729085735721942674e4
    den = den * r + 3.9307895800092710610e4
    den = den * r + 2.1213794301586595867e4
    den = den * r + 5.3941960214247511077e3
    den = den * r + 6.8718700749205790830e2
    den = den * r + 4.2313330701600911252e1
    den = den * r + 1.0
    var z = q * num / den
    let tails = (q .> 0.425) .| (q .< -0.425)
    if any(tails) {
        for lane in 0..<8 where tails[lane] { z[lane] = StandardNormal.quantile(u[lane]) }
    }
    return z
}

/// 53-bit uniforms from pairs of 32-bit words (held in 64-bit lanes), as ``RandomStream/nextUniform()`` builds
/// them; k = 0 (probability 2⁻⁵³) becomes k = 1 instead of a redraw, so that sample n's noise sits at a fixed
/// place in the stream.
///
/// k·2⁻⁵³ is formed exactly without an integer-to-double conversion (AVX2 has none for 64-bit lanes): each
/// 32-bit-or-less half is placed in the mantissa of 2⁵² and the bias subtracted, then the halves combine exactly.
@inlinable @inline(__always)
func uniformLanes(low: SIMD8<UInt64>, high: SIMD8<UInt64>) -> SIMD8<Double> {
    var k = ((high &<< 32) | low) &>> 11
    k.replace(with: 1, where: k .== 0)
    let magic = SIMD8<UInt64>(repeating: 0x4330_0000_0000_0000)  // the bit pattern of 2^52
    let two52 = SIMD8<Double>(repeating: 0x1p52)
    let upper = unsafeBitCast((k &>> 32) | magic, to: SIMD8<Double>.self) - two52
    let lower = unsafeBitCast((k & 0xFFFF_FFFF) | magic, to: SIMD8<Double>.self) - two52
    return (upper * 0x1p32 + lower) * 0x1p-53
}
