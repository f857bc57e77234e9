import CVectorMath
import LumbarNumerics

/// Standard normal draws for eight lanes by inversion (Wichura's AS 241), bit-identical to
/// ``StandardNormal/quantile(_:)``: the same operations in the same order, lane by lane. The central rational
/// function (85 % of draws) and the near tails (with ``Logarithm`` written out in vector registers) run on all
/// lanes; only a lane beyond 5 in r = √(−log tail), probability 3·10⁻¹¹ per draw, falls back to the scalar routine.
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
    let lower = q .< -0.425
    let tails = (q .> 0.425) .| lower
    if anyLane(tails) {
        var area = 1 - u
        area.replace(with: u, where: q .< 0)
        let rt = squareRootLanes(-logLanes(area))
        let t = rt - 1.6
        var tn: SIMD8<Double> = 7.74545014278341407640e-4 * t + 2.27238449892691845833e-2
        tn = tn * t + 2.41780725177450611770e-1
        tn = tn * t + 1.27045825245236838258e0
        tn = tn * t + 3.64784832476320460504e0
        tn = tn * t + 5.76949722146069140550e0
        tn = tn * t + 4.63033784615654529590e0
        tn = tn * t + 1.42343711074968357734e0
        var td: SIMD8<Double> = 1.05075007164441684324e-9 * t + 5.47593808499534494600e-4
        td = td * t + 1.51986665636164571966e-2
        td = td * t + 1.48103976427480074590e-1
        td = td * t + 6.89767334985100004550e-1
        td = td * t + 1.67638483018380384940e0
        td = td * t + 2.05319162663775882187e0
        td = td * t + 1.0
        var tail = tn / td
        tail.replace(with: -tail, where: lower)
        z.replace(with: tail, where: tails)
        let far = tails .& (rt .> 5)
        if anyLane(far) {
            for lane in 0..<8 where far[lane] { z[lane] = StandardNormal.quantile(u[lane]) }
        }
    }
    return z
}

/// Whether any lane of a mask is set, as vector ORs: the standard library's `any` calls a generic reduction.
@inlinable @inline(__always)
func anyLane(_ mask: SIMDMask<SIMD8<Int64>>) -> Bool {
    let bits = unsafeBitCast(mask, to: SIMD8<Int64>.self)
    let four = bits.lowHalf | bits.highHalf
    let two = four.lowHalf | four.highHalf
    return two[0] | two[1] != 0
}

/// Correctly rounded square roots in vector instructions (see CVectorMath.h for why not `squareRoot()`).
@inlinable @inline(__always)
func squareRootLanes(_ x: SIMD8<Double>) -> SIMD8<Double> {
    SIMD8(lowHalf: cvm_sqrt4(x.lowHalf), highHalf: cvm_sqrt4(x.highHalf))
}

/// ``Logarithm/natural(_:)`` on eight positive normal lanes, with its operations in its order.
@inlinable @inline(__always)
func logLanes(_ x: SIMD8<Double>) -> SIMD8<Double> {
    let bits = unsafeBitCast(x, to: SIMD8<UInt64>.self)
    // The biased exponent (at most 11 bits) becomes a double exactly through the mantissa of 2⁵².
    let biased = unsafeBitCast(((bits &>> 52) & 0x7FF) | 0x4330_0000_0000_0000, to: SIMD8<Double>.self) - 0x1p52
    var exponent = biased - 1023
    var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: SIMD8<Double>.self)
    let high = m .> 0x1.6a09e667f3bcdp0
    m.replace(with: m * 0.5, where: high)
    exponent.replace(with: exponent + 1, where: high)
    let f = m - 1
    let s = f / (2 + f)
    let z = s * s
    var p = SIMD8<Double>(repeating: 2.0 / 19)
    p = p * z + 2.0 / 17
    p = p * z + 2.0 / 15
    p = p * z + 2.0 / 13
    p = p * z + 2.0 / 11
    p = p * z + 2.0 / 9
    p = p * z + 2.0 / 7
    p = p * z + 2.0 / 5
    p = p * z + 2.0 / 3
    return exponent * 0x1.62e42feep-1 + (exponent * 0x1.a39ef35793c76p-33 + s * (2 + z * p))
}

/// 53-bit uniforms from pairs of 32-bit words (held in 64-bit lanes), as ``RandomStream/nextUniform()`` builds
/// them; k = 0 (probability 2⁻⁵³) becomes k = 1 instead of a redraw, so that sample n's noise sits at a fixed
/// place in the stream.
///
/// k·2⁻⁵³ is formed exactly without an integer-to-double conversion (AVX2 has none for 64-bit lanes): each
/// 32-bit-or-less half is placed in the mantissa of 2⁵² and the bias subtracted, then the halves combine exactly.
/// Integer lane masks compile to lane-by-lane code, so k = 0 → 1 is arithmetic: (k − 1) >> 63 is 1 only for
/// k = 0, as k < 2⁵³.
@inlinable @inline(__always)
func uniformLanes(low: SIMD8<UInt64>, high: SIMD8<UInt64>) -> SIMD8<Double> {
    var k = ((high &<< 32) | low) &>> 11
    k &+= (k &- 1) &>> 63
    let magic = SIMD8<UInt64>(repeating: 0x4330_0000_0000_0000)  // the bit pattern of 2^52
    let two52 = SIMD8<Double>(repeating: 0x1p52)
    let upper = unsafeBitCast((k &>> 32) | magic, to: SIMD8<Double>.self) - two52
    let lower = unsafeBitCast((k & 0xFFFF_FFFF) | magic, to: SIMD8<Double>.self) - two52
    return (upper * 0x1p32 + lower) * 0x1p-53
}
