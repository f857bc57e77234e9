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

    /// Counter words as 64-bit lanes holding 32-bit values; the round keys from ``roundKeys(_:into:)``.
    @inlinable @inline(__always)
    init(_ c0: SIMD4<UInt64>, _ c1: SIMD4<UInt64>, _ c2: SIMD4<UInt64>, _ c3: SIMD4<UInt64>,
         keys: UnsafeMutableBufferPointer<SIMD4<UInt64>>) {
        var a = c0, b = c1, c = c2, d = c3
        // Written out: the optimiser keeps a loop over the rounds, with its counter and register copies.
        Self.round(&a, &b, &c, &d, keys[0], keys[1])
        Self.round(&a, &b, &c, &d, keys[2], keys[3])
        Self.round(&a, &b, &c, &d, keys[4], keys[5])
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
