import LumbarNumerics

/// Philox4x32-10 on four counters at once (one per SIMD lane), bit-identical to ``Philox4x32/block(counter:key:)``
/// in the low 32 bits of each output lane.
///
/// The four 32-bit words live in 64-bit lanes, and the upper halves are never cleared inside the rounds: a product
/// reads only the low halves of its operands (LLVM folds the `& low32` into `vpmuludq`), and an XOR's upper half
/// never reaches a low half. So the rounds have no masks and no key updates: the round keys come precomputed, and
/// only the consumer of the output words (CVectorMath's `cvm_uniform`) discards their upper halves.
@usableFromInline
struct Philox4x32x4: Sendable {
    @usableFromInline var x0: SIMD4<UInt64>
    @usableFromInline var x1: SIMD4<UInt64>
    @usableFromInline var x2: SIMD4<UInt64>
    @usableFromInline var x3: SIMD4<UInt64>

    /// Key k + round × Weyl constant for rounds 0–9 (words 0 and 1 interleaved), broadcast, in `keys` (20 vectors).
    @inlinable @inline(__always)
    static func roundKeys(_ key: SIMD2<UInt32>, into keys: UnsafeMutableBufferPointer<SIMD4<UInt64>>) {
        for round in 0..<10 {
            keys[2 * round] = SIMD4(repeating: UInt64(key[0] &+ UInt32(round) &* 0x9E37_79B9))
            keys[2 * round + 1] = SIMD4(repeating: UInt64(key[1] &+ UInt32(round) &* 0xBB67_AE85))
        }
    }

    /// The first rounds' work that does not depend on the block counter: words 1–3 of the counter (substream and
    /// stream id) are the same for every block of a half, so round 0's second product, round 1's first product and
    /// the key words they meet are computed once per half. 10 of the 80 instructions of a block's rounds.
    @usableFromInline
    struct Streams: Sendable {
        /// Round 0's a and b (constant); round 0's d-side XOR term c3 ^ k1[0]; round 1's b ^ k0[1];
        /// round 1's (p0 >> 32) ^ k1[1] and round 2's d ^ k1[2] (round 1's p0 is constant).
        @usableFromInline let a1: SIMD4<UInt64>, b1: SIMD4<UInt64>, c3Key: SIMD4<UInt64>, b1Key: SIMD4<UInt64>
        @usableFromInline let d1Key: SIMD4<UInt64>, d2Key: SIMD4<UInt64>

        @inlinable @inline(__always)
        init(_ c1: SIMD4<UInt64>, _ c2: SIMD4<UInt64>, _ c3: SIMD4<UInt64>, keys: UnsafeMutableBufferPointer<SIMD4<UInt64>>) {
            let low32 = SIMD4<UInt64>(repeating: 0xFFFF_FFFF)
            let p1 = (c2 & low32) &* SIMD4(repeating: 0xCD9E_8D57)
            a1 = (p1 &>> 32) ^ c1 ^ keys[0]
            b1 = p1
            c3Key = c3 ^ keys[1]
            b1Key = p1 ^ keys[2]
            let p0 = (a1 & low32) &* SIMD4(repeating: 0xD251_1F53)
            d1Key = (p0 &>> 32) ^ keys[3]
            d2Key = p0 ^ keys[5]
        }
    }

    /// The block at counter words (c0, c1, c2, c3), words 1–3 given as `streams`; the round keys from
    /// ``roundKeys(_:into:)``. Rounds 0–2 are reduced to their counter-dependent work; the rest are written out (the
    /// optimiser kept a loop over the rounds, with its counter and register copies).
    @inlinable @inline(__always)
    init(_ c0: SIMD4<UInt64>, _ s: Streams, keys: UnsafeMutableBufferPointer<SIMD4<UInt64>>) {
        let low32 = SIMD4<UInt64>(repeating: 0xFFFF_FFFF)
        // Round 0: a, b = s.a1, s.b1.
        let p00 = (c0 & low32) &* SIMD4(repeating: 0xD251_1F53)
        let c1 = (p00 &>> 32) ^ s.c3Key
        // Round 1: its first product is constant.
        let p11 = (c1 & low32) &* SIMD4(repeating: 0xCD9E_8D57)
        var a = (p11 &>> 32) ^ s.b1Key, b = p11, c = p00 ^ s.d1Key
        // Round 2: d is round 1's constant product.
        let p02 = (a & low32) &* SIMD4(repeating: 0xD251_1F53)
        let p12 = (c & low32) &* SIMD4(repeating: 0xCD9E_8D57)
        a = (p12 &>> 32) ^ b ^ keys[4]
        b = p12
        c = (p02 &>> 32) ^ s.d2Key
        var d = p02
        Self.round(&a, &b, &c, &d, keys[6], keys[7])
        Self.round(&a, &b, &c, &d, keys[8], keys[9])
        Self.round(&a, &b, &c, &d, keys[10], keys[11])
        Self.round(&a, &b, &c, &d, keys[12], keys[13])
        Self.round(&a, &b, &c, &d, keys[14], keys[15])
        Self.round(&a, &b, &c, &d, keys[16], keys[17])
        Self.round(&a, &b, &c, &d, keys[18], keys[19])
        x0 = a
        x1 = b
        x2 = c
        x3 = d
    }

    /// One Philox round: two 32×32→64-bit products (`vpmuludq`: the masks fold into it), no masks on the results.
    @inlinable @inline(__always)
    static func round(_ a: inout SIMD4<UInt64>, _ b: inout SIMD4<UInt64>, _ c: inout SIMD4<UInt64>,
                      _ d: inout SIMD4<UInt64>, _ k0: SIMD4<UInt64>, _ k1: SIMD4<UInt64>) {
        let low32 = SIMD4<UInt64>(repeating: 0xFFFF_FFFF)
        let p0 = (a & low32) &* SIMD4(repeating: 0xD251_1F53)
        let p1 = (c & low32) &* SIMD4(repeating: 0xCD9E_8D57)
        a = (p1 &>> 32) ^ b ^ k0
        b = p1
        c = (p0 &>> 32) ^ d ^ k1
        d = p0
    }
}
