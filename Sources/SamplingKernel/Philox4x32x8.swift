import LumbarNumerics

/// Philox4x32-10 on eight counters at once (one per SIMD lane), bit-identical to ``Philox4x32/block(counter:key:)``.
/// The 32×32→64-bit products are formed in 64-bit lanes, so the rounds stay in vector registers.
@usableFromInline
struct Philox4x32x8: Sendable {
    @usableFromInline var x0: SIMD8<UInt32>
    @usableFromInline var x1: SIMD8<UInt32>
    @usableFromInline var x2: SIMD8<UInt32>
    @usableFromInline var x3: SIMD8<UInt32>

    static let empty = Philox4x32x8(x0: .zero, x1: .zero, x2: .zero, x3: .zero)

    private init(x0: SIMD8<UInt32>, x1: SIMD8<UInt32>, x2: SIMD8<UInt32>, x3: SIMD8<UInt32>) {
        self.x0 = x0
        self.x1 = x1
        self.x2 = x2
        self.x3 = x3
    }

    @inlinable @inline(__always)
    init(_ c0: SIMD8<UInt32>, _ c1: SIMD8<UInt32>, _ c2: SIMD8<UInt32>, _ c3: SIMD8<UInt32>, key: SIMD2<UInt32>) {
        x0 = c0
        x1 = c1
        x2 = c2
        x3 = c3
        var k0 = key[0]
        var k1 = key[1]
        let m0 = SIMD8<UInt64>(repeating: 0xD251_1F53)
        let m1 = SIMD8<UInt64>(repeating: 0xCD9E_8D57)
        for round in 0..<10 {
            if round > 0 {
                k0 &+= 0x9E37_79B9
                k1 &+= 0xBB67_AE85
            }
            let p0 = SIMD8<UInt64>(truncatingIfNeeded: x0) &* m0
            let p1 = SIMD8<UInt64>(truncatingIfNeeded: x2) &* m1
            let hi0 = SIMD8<UInt32>(truncatingIfNeeded: p0 &>> 32), lo0 = SIMD8<UInt32>(truncatingIfNeeded: p0)
            let hi1 = SIMD8<UInt32>(truncatingIfNeeded: p1 &>> 32), lo1 = SIMD8<UInt32>(truncatingIfNeeded: p1)
            let y0 = hi1 ^ x1 ^ SIMD8(repeating: k0)
            let y2 = hi0 ^ x3 ^ SIMD8(repeating: k1)
            x0 = y0
            x1 = lo1
            x2 = y2
            x3 = lo0
        }
    }
}
