import LumbarNumerics

/// Philox4x32-10 on eight counters at once (one per SIMD lane), bit-identical to ``Philox4x32/block(counter:key:)``.
///
/// The four 32-bit words live in 64-bit lanes for the whole computation: the 32×32→64-bit products then need
/// no narrowing or widening conversions inside the rounds (those compile to calls, not instructions).
@usableFromInline
struct Philox4x32x8: Sendable {
    @usableFromInline var x0: SIMD8<UInt64>
    @usableFromInline var x1: SIMD8<UInt64>
    @usableFromInline var x2: SIMD8<UInt64>
    @usableFromInline var x3: SIMD8<UInt64>

    /// Counter words as 64-bit lanes holding 32-bit values; the key as two 32-bit words.
    @inlinable @inline(__always)
    init(_ c0: SIMD8<UInt64>, _ c1: SIMD8<UInt64>, _ c2: SIMD8<UInt64>, _ c3: SIMD8<UInt64>, key: SIMD2<UInt32>) {
        var a = c0, b = c1, c = c2, d = c3
        var k0 = UInt64(key[0]), k1 = UInt64(key[1])
        let low32 = SIMD8<UInt64>(repeating: 0xFFFF_FFFF)
        let m0 = SIMD8<UInt64>(repeating: 0xD251_1F53)
        let m1 = SIMD8<UInt64>(repeating: 0xCD9E_8D57)
        for round in 0..<10 {
            if round > 0 {
                k0 = (k0 &+ 0x9E37_79B9) & 0xFFFF_FFFF
                k1 = (k1 &+ 0xBB67_AE85) & 0xFFFF_FFFF
            }
            let p0 = a &* m0
            let p1 = c &* m1
            let y0 = (p1 &>> 32) ^ b ^ SIMD8(repeating: k0)
            let y2 = (p0 &>> 32) ^ d ^ SIMD8(repeating: k1)
            a = y0
            b = p1 & low32
            c = y2
            d = p0 & low32
        }
        x0 = a
        x1 = b
        x2 = c
        x3 = d
    }
}
