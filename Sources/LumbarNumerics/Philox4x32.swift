/// Philox4x32-10, the counter-based block cipher of Salmon, Moraes, Dror & Shaw,
/// "Parallel random numbers: as easy as 1, 2, 3" (SC '11), as published in Random123.
///
/// A counter-based generator has no evolving state: output block *n* is a pure
/// function of (counter, key), so any subject's draws can be produced on any
/// thread, in any order, without having generated anything before them.
public enum Philox4x32 {
    /// Encrypts one 128-bit counter under a 64-bit key with 10 rounds, the
    /// round count Random123 recommends as a safety margin over the 7 that
    /// already pass BigCrush.
    ///
    /// `@inlinable` so hot loops in other modules can inline the rounds rather
    /// than call across the module boundary once per block.
    @inlinable
    public static func block(counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
        let multiplier0: UInt32 = 0xD251_1F53
        let multiplier1: UInt32 = 0xCD9E_8D57
        // Weyl increments (golden ratio and √3 − 1 in 32-bit fixed point).
        let keyIncrement = SIMD2<UInt32>(0x9E37_79B9, 0xBB67_AE85)

        var x = counter
        var k = key
        for round in 0..<10 {
            // The key schedule bumps the key before every round but the first.
            if round > 0 { k &+= keyIncrement }
            let (hi0, lo0) = multiplier0.multipliedFullWidth(by: x[0])
            let (hi1, lo1) = multiplier1.multipliedFullWidth(by: x[2])
            x = SIMD4(hi1 ^ x[1] ^ k[0], lo1, hi0 ^ x[3] ^ k[1], lo0)
        }
        return x
    }
}
