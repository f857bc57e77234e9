// The sampling kernel's vector arithmetic, in C's vector extensions: Swift's SIMD types do not compile it to vector
// instructions. SIMD.squareRoot() is a lane-by-lane loop that LLVM leaves scalar, and the rational functions of the
// normal quantile, written on SIMD4<Double>, came out split into two-lane and one-lane pieces (measured under
// callgrind: ~190 instructions per four-lane quantile against ~95 here). Header-only: Swift inlines these into the
// kernel, compiled for the kernel module's CPU target, and the vectorised C twin (CVecKernel) includes the same
// code, so the two evaluate the quantile identically.
//
// Every expression mirrors StandardNormal.quantile and Logarithm.natural (LumbarNumerics) operation for operation:
// compiled without FMA contraction (Swift never contracts; CVecKernel passes -ffp-contract=off) the lanes agree
// with the scalar routines bit for bit.
#ifndef LUMBARSIM_CVECTORMATH_H
#define LUMBARSIM_CVECTORMATH_H

/// Lanes per vector: 4 (one AVX2 register; SIMD4 in Swift) unless the includer asks for another width.
#ifndef CVM_LANES
#define CVM_LANES 4
#endif

typedef double cvm_double4 __attribute__((ext_vector_type(4)));
typedef double cvm_doubles __attribute__((ext_vector_type(CVM_LANES)));
typedef unsigned long long cvm_words __attribute__((ext_vector_type(CVM_LANES)));
/// Lane masks: all ones or zero per 64-bit lane (`long long`, which Swift imports as SIMD4<Int64>; comparisons
/// of double vectors give `long` lanes, converted by a cast that compiles to nothing).
typedef long long cvm_mask __attribute__((ext_vector_type(CVM_LANES)));

#define CVM_INLINE static inline __attribute__((always_inline))

/// Correctly rounded square roots of four doubles (IEEE 754, as Double.squareRoot()).
static inline cvm_double4 cvm_sqrt4(cvm_double4 x) { return __builtin_elementwise_sqrt(x); }

/// 53-bit uniforms k·2⁻⁵³ from the low 32-bit words of two 64-bit lanes (RandomStream.nextUniform's k = high:low
/// >> 11; k = 0 becomes 1 rather than a redraw, so that a sample's noise sits at a fixed place in its stream).
/// The upper halves of `low` and `high` are ignored.
CVM_INLINE cvm_doubles cvm_uniform(cvm_words low, cvm_words high) {
#pragma clang fp contract(off)
    cvm_words k = ((high << 32) | (low & 0xFFFFFFFFull)) >> 11;
    k += (k - 1) >> 63;
#if defined(__AVX512DQ__)
    return __builtin_convertvector(k, cvm_doubles) * 0x1p-53;
#else
    // No 64-bit integer to double conversion before AVX-512: each half through the mantissa of 2^52, exactly.
    const cvm_words magic = 0x4330000000000000ull;
    const cvm_doubles upper = (cvm_doubles)((k >> 32) | magic) - 0x1p52;
    const cvm_doubles lower = (cvm_doubles)((k & 0xFFFFFFFFull) | magic) - 0x1p52;
    return (upper * 0x1p32 + lower) * 0x1p-53;
#endif
}

/// Logarithm.natural on positive normal lanes: exponent split, then 2·atanh(s), s = f/(2+f), as a series in s².
CVM_INLINE cvm_doubles cvm_log(cvm_doubles x) {
#pragma clang fp contract(off)
    const cvm_words bits = (cvm_words)x;
    const cvm_words magic = 0x4330000000000000ull;
    // The biased exponent (at most 11 bits) becomes a double exactly through the mantissa of 2^52.
    cvm_doubles exponent = ((cvm_doubles)(((bits >> 52) & 0x7FF) | magic) - 0x1p52) - 1023;
    cvm_doubles m = (cvm_doubles)((bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull);
    const cvm_mask high = (cvm_mask)(m > 0x1.6a09e667f3bcdp0);
    m = high ? m * 0.5 : m;
    exponent = high ? exponent + 1 : exponent;
    const cvm_doubles f = m - 1;
    const cvm_doubles s = f / (2 + f);
    const cvm_doubles z = s * s;
    cvm_doubles p = 2.0 / 19;
    p = p * z + 2.0 / 17;
    p = p * z + 2.0 / 15;
    p = p * z + 2.0 / 13;
    p = p * z + 2.0 / 11;
    p = p * z + 2.0 / 9;
    p = p * z + 2.0 / 7;
    p = p * z + 2.0 / 5;
    p = p * z + 2.0 / 3;
    return exponent * 0x1.62e42feep-1 + (exponent * 0x1.a39ef35793c76p-33 + s * (2 + z * p));
}

/// The near tails of AS 241 (|q| > 0.425, r = √(−log tail) ≤ 5) in the lanes of `tails`; other lanes keep z.
/// Lanes beyond r = 5 (probability 3·10⁻¹¹ per draw) become NaN: the caller takes them from the scalar routine.
CVM_INLINE cvm_doubles cvm_normal_tails(cvm_doubles u, cvm_doubles q, cvm_doubles z, cvm_mask tails) {
#pragma clang fp contract(off)
    // The smaller tail area is formed directly (1 − u is exact for u ≥ 0.5).
    const cvm_doubles area = q < 0 ? u : 1 - u;
    const cvm_doubles r = __builtin_elementwise_sqrt(-cvm_log(area));
    const cvm_doubles t = r - 1.6;
    cvm_doubles num = 7.74545014278341407640e-4 * t + 2.27238449892691845833e-2;
    num = num * t + 2.41780725177450611770e-1;
    num = num * t + 1.27045825245236838258e0;
    num = num * t + 3.64784832476320460504e0;
    num = num * t + 5.76949722146069140550e0;
    num = num * t + 4.63033784615654529590e0;
    num = num * t + 1.42343711074968357734e0;
    cvm_doubles den = 1.05075007164441684324e-9 * t + 5.47593808499534494600e-4;
    den = den * t + 1.51986665636164571966e-2;
    den = den * t + 1.48103976427480074590e-1;
    den = den * t + 6.89767334985100004550e-1;
    den = den * t + 1.67638483018380384940e0;
    den = den * t + 2.05319162663775882187e0;
    den = den * t + 1.0;
    const cvm_doubles value = num / den;
    const cvm_doubles near = tails ? (q < 0 ? -value : value) : z;
    return (tails & (cvm_mask)(r > 5)) ? __builtin_nan("") : near;
}

/// Standard normal draws by inversion (Wichura's AS 241): the central rational function (85 % of draws) on all
/// lanes, the near tails only when a lane needs them (with four lanes on 48 % of vectors, with eight on 73 %).
/// Lanes that come out NaN (never a draw: 0 < u < 1) are in the far tails and need the scalar routine.
CVM_INLINE cvm_doubles cvm_normal(cvm_doubles u) {
#pragma clang fp contract(off)
    const cvm_doubles q = u - 0.5;
    const cvm_doubles r = 0.180625 - q * q;
    cvm_doubles num = 2.5090809287301226727e3 * r + 3.3430575583588128105e4;
    num = num * r + 6.7265770927008700853e4;
    num = num * r + 4.5921953931549871457e4;
    num = num * r + 1.3731693765509461125e4;
    num = num * r + 1.9715909503065514427e3;
    num = num * r + 1.3314166789178437745e2;
    num = num * r + 3.3871328727963666080e0;
    cvm_doubles den = 5.2264952788528545610e3 * r + 2.8729085735721942674e4;
    den = den * r + 3.9307895800092710610e4;
    den = den * r + 2.1213794301586595867e4;
    den = den * r + 5.3941960214247511077e3;
    den = den * r + 6.8718700749205790830e2;
    den = den * r + 4.2313330701600911252e1;
    den = den * r + 1.0;
    const cvm_doubles z = q * num / den;
    const cvm_mask tails = (cvm_mask)((q > 0.425) | (q < -0.425));
    return __builtin_reduce_or(tails) != 0 ? cvm_normal_tails(u, q, z, tails) : z;
}

/// The instruction set this header was compiled for: in the kernel's module, the CPU target the kernel's code is
/// generated for ("avx512", "avx2" or "baseline").
static inline const char *cvm_instruction_set(void) {
#if defined(__AVX512F__) && defined(__AVX512DQ__)
    return "avx512";
#elif defined(__AVX2__)
    return "avx2";
#else
    return "baseline";
#endif
}

#endif
