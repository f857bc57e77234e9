import CVectorMath
import LumbarNumerics

/// Standard normal draws for four lanes by inversion (Wichura's AS 241), bit-identical to
/// ``StandardNormal/quantile(_:)``: the same operations in the same order, lane by lane. The vector part is
/// CVectorMath's `cvm_normal` (C vector extensions, inlined here: written on SIMD4 in Swift it compiled to pieces
/// of two and one lanes); only a lane beyond 5 in r = √(−log tail), probability 3·10⁻¹¹ per draw, falls back to
/// the scalar routine.
@inlinable @inline(__always)
func normalLanes(_ u: SIMD4<Double>) -> SIMD4<Double> {
    var z = cvm_normal(u)
    // Far-tail lanes come back as NaN.
    if anyLane(z .!= z) {
        for lane in 0..<4 where z[lane].isNaN { z[lane] = StandardNormal.quantile(u[lane]) }
    }
    return z
}

/// Whether any lane of a mask is set, as vector ORs: the standard library's `any` calls a generic reduction.
@inlinable @inline(__always)
func anyLane(_ mask: SIMDMask<SIMD4<Int64>>) -> Bool {
    let bits = unsafeBitCast(mask, to: SIMD4<Int64>.self)
    let two = bits.lowHalf | bits.highHalf
    return two[0] | two[1] != 0
}

/// 53-bit uniforms from pairs of 32-bit words (the low halves of 64-bit lanes), as ``RandomStream/nextUniform()``
/// builds them, with k = 0 (probability 2⁻⁵³) as k = 1 instead of a redraw, so that sample n's noise sits at a fixed
/// place in the stream: CVectorMath's `cvm_uniform`.
@inlinable @inline(__always)
func uniformLanes(low: SIMD4<UInt64>, high: SIMD4<UInt64>) -> SIMD4<Double> {
    cvm_uniform(low, high)
}
