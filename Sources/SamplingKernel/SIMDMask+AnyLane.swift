/// Whether any lane of a mask is set, as vector ORs: the standard library's `any` calls a generic reduction.
@inlinable @inline(__always)
func anyLane(_ mask: SIMDMask<SIMD4<Int64>>) -> Bool {
    let bits = unsafeBitCast(mask, to: SIMD4<Int64>.self)
    let two = bits.lowHalf | bits.highHalf
    return two[0] | two[1] != 0
}
