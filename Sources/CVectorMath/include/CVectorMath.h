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

#if defined(__AVX__)
#include <immintrin.h>
#endif

/// Correctly rounded square roots of four doubles (IEEE 754, as Double.squareRoot()).
static inline cvm_double4 cvm_sqrt4(cvm_double4 x) { return __builtin_elementwise_sqrt(x); }

/// Coefficients, highest degree first, as vectors of CVM_LANES equal lanes (see cvm_polynomial).
#define CVM_SPLAT(c) ((cvm_doubles)(c))
static const cvm_doubles cvm_log_series[9] = {
    CVM_SPLAT(2.0 / 19), CVM_SPLAT(2.0 / 17), CVM_SPLAT(2.0 / 15), CVM_SPLAT(2.0 / 13), CVM_SPLAT(2.0 / 11),
    CVM_SPLAT(2.0 / 9), CVM_SPLAT(2.0 / 7), CVM_SPLAT(2.0 / 5), CVM_SPLAT(2.0 / 3),
};
static const cvm_doubles cvm_central_num[8] = {
    CVM_SPLAT(2.5090809287301226727e3), CVM_SPLAT(3.3430575583588128105e4), CVM_SPLAT(6.7265770927008700853e4),
    CVM_SPLAT(4.5921953931549871457e4), CVM_SPLAT(1.3731693765509461125e4), CVM_SPLAT(1.9715909503065514427e3),
    CVM_SPLAT(1.3314166789178437745e2), CVM_SPLAT(3.3871328727963666080e0),
};
static const cvm_doubles cvm_central_den[8] = {
    CVM_SPLAT(5.2264952788528545610e3), CVM_SPLAT(2.8729085735721942674e4), CVM_SPLAT(3.9307895800092710610e4),
    CVM_SPLAT(2.1213794301586595867e4), CVM_SPLAT(5.3941960214247511077e3), CVM_SPLAT(6.8718700749205790830e2),
    CVM_SPLAT(4.2313330701600911252e1), CVM_SPLAT(1.0),
};
static const cvm_doubles cvm_near_num[8] = {
    CVM_SPLAT(7.74545014278341407640e-4), CVM_SPLAT(2.27238449892691845833e-2), CVM_SPLAT(2.41780725177450611770e-1),
    CVM_SPLAT(1.27045825245236838258e0), CVM_SPLAT(3.64784832476320460504e0), CVM_SPLAT(5.76949722146069140550e0),
    CVM_SPLAT(4.63033784615654529590e0), CVM_SPLAT(1.42343711074968357734e0),
};
static const cvm_doubles cvm_near_den[8] = {
    CVM_SPLAT(1.05075007164441684324e-9), CVM_SPLAT(5.47593808499534494600e-4), CVM_SPLAT(1.51986665636164571966e-2),
    CVM_SPLAT(1.48103976427480074590e-1), CVM_SPLAT(6.89767334985100004550e-1), CVM_SPLAT(1.67638483018380384940e0),
    CVM_SPLAT(2.05319162663775882187e0), CVM_SPLAT(1.0),
};
static const cvm_doubles cvm_far_num[8] = {
    CVM_SPLAT(2.01033439929228813265e-7), CVM_SPLAT(2.71155556874348757815e-5), CVM_SPLAT(1.24266094738807843860e-3),
    CVM_SPLAT(2.65321895265761230930e-2), CVM_SPLAT(2.96560571828504891230e-1), CVM_SPLAT(1.78482653991729133580e0),
    CVM_SPLAT(5.46378491116411436990e0), CVM_SPLAT(6.65790464350110377720e0),
};
static const cvm_doubles cvm_far_den[8] = {
    CVM_SPLAT(2.04426310338993978564e-15), CVM_SPLAT(1.42151175831644588870e-7), CVM_SPLAT(1.84631831751005468180e-5),
    CVM_SPLAT(7.86869131145613259100e-4), CVM_SPLAT(1.48753612908506148525e-2), CVM_SPLAT(1.36929880922735805310e-1),
    CVM_SPLAT(5.99832206555887937690e-1), CVM_SPLAT(1.0),
};

/// c[0]·x^(n−1) + … + c[n−1] by Horner's rule, (c[0]·x + c[1])·x + c[2] …, rounding after every operation.
/// The coefficients are read through a pointer the optimiser cannot see through, so that each is an operand in
/// memory: as literals they became broadcasts into registers, one instruction more per coefficient (AVX2 has no
/// broadcast operands).
CVM_INLINE cvm_doubles cvm_polynomial(const cvm_doubles *c, int n, cvm_doubles x) {
#pragma clang fp contract(off)
    __asm__("" : "+r"(c));
    cvm_doubles p = c[0] * x + c[1];
#pragma clang loop unroll(full)
    for (int i = 2; i < n; i++) p = p * x + c[i];
    return p;
}

/// 53-bit uniforms k·2⁻⁵³ from the low 32-bit words of two 64-bit lanes (RandomStream.nextUniform's k = high:low
/// >> 11; k = 0 becomes 1 rather than a redraw, so that a sample's noise sits at a fixed place in its stream).
/// The upper halves of `low` and `high` are ignored.
///
/// Built from the two words without forming k: each word goes into the mantissa of a double whose exponent gives it
/// its weight (high·2⁻³² above 2²⁰, (low >> 11)·2⁻⁵³ above ½), and one subtraction and one addition, both exact,
/// join them: (2²⁰ + high·2⁻³² − (2²⁰ + ½)) + (½ + (low >> 11)·2⁻⁵³) = k·2⁻⁵³, which a double holds exactly.
/// k = 0 gives +0, which the maximum with 2⁻⁵³ turns into k = 1's uniform. Seven instructions with AVX2, where
/// converting k (no 64-bit integer to double conversion before AVX-512) took seventeen.
CVM_INLINE cvm_doubles cvm_uniform(cvm_words low, cvm_words high) {
#pragma clang fp contract(off)
    const cvm_doubles upper = (cvm_doubles)((high & 0xFFFFFFFFull) | 0x4130000000000000ull);  // 2^20 + high·2^-32
    const cvm_doubles lower = (cvm_doubles)(((low & 0xFFFFFFFFull) >> 11) | 0x3FE0000000000000ull);  // 1/2 + ...
    const cvm_doubles u = (upper - (0x1p20 + 0.5)) + lower;
    return u < 0x1p-53 ? 0x1p-53 : u;
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
    const cvm_doubles p = cvm_polynomial(cvm_log_series, 9, z);
    return exponent * 0x1.62e42feep-1 + (exponent * 0x1.a39ef35793c76p-33 + s * (2 + z * p));
}

/// The central region of AS 241 (|q| ≤ 0.425, 85 % of draws) on every lane, q = u − 0.5.
CVM_INLINE cvm_doubles cvm_normal_central(cvm_doubles q) {
#pragma clang fp contract(off)
    const cvm_doubles r = 0.180625 - q * q;
    const cvm_doubles num = cvm_polynomial(cvm_central_num, 8, r);
    const cvm_doubles den = cvm_polynomial(cvm_central_den, 8, r);
    return q * num / den;
}

/// The lanes whose draw lies in a tail (|q| > 0.425).
CVM_INLINE cvm_mask cvm_needs_tail(cvm_doubles q) { return (cvm_mask)((q > 0.425) | (q < -0.425)); }

/// A tail region of AS 241: its rational function of t = r − shift (r = √(−log tail)), signed as q. The near
/// tail (r ≤ 5) has shift 1.6; the far tail (r > 5, below u ≈ 1.4·10⁻¹¹ or above 1 − that) has shift 5.
CVM_INLINE cvm_doubles cvm_normal_tail_region(cvm_doubles r, cvm_doubles q, double shift, const cvm_doubles *num_c,
                                              const cvm_doubles *den_c) {
#pragma clang fp contract(off)
    const cvm_doubles t = r - shift;
    const cvm_doubles value = cvm_polynomial(num_c, 8, t) / cvm_polynomial(den_c, 8, t);
    return q < 0 ? -value : value;
}

/// The tail quantile on every lane (each lane's |q| > 0.425): near tail, the far tail only when a lane needs it.
CVM_INLINE cvm_doubles cvm_normal_tail(cvm_doubles u, cvm_doubles q) {
#pragma clang fp contract(off)
    // The smaller tail area is formed directly (1 − u is exact for u ≥ 0.5).
    const cvm_doubles area = q < 0 ? u : 1 - u;
    const cvm_doubles r = __builtin_elementwise_sqrt(-cvm_log(area));
    const cvm_mask far = (cvm_mask)(r > 5);
    const cvm_doubles near = cvm_normal_tail_region(r, q, 1.6, cvm_near_num, cvm_near_den);
    if (__builtin_reduce_or(far) == 0) return near;
    return far ? cvm_normal_tail_region(r, q, 5, cvm_far_num, cvm_far_den) : near;
}

/// Standard normal draws by inversion (Wichura's AS 241): the central rational function on all lanes, the tails
/// only when a lane needs them (with four lanes on 48 % of vectors, with eight on 73 %). The kernels do not call
/// this: they defer the tails (cvm_draw_step, cvm_fix_tails), so that a vector evaluates them for tail lanes only.
CVM_INLINE cvm_doubles cvm_normal(cvm_doubles u) {
    const cvm_doubles q = u - 0.5;
    const cvm_doubles z = cvm_normal_central(q);
    const cvm_mask tails = cvm_needs_tail(q);
    return __builtin_reduce_or(tails) != 0 ? (tails ? cvm_normal_tail(u, q) : z) : z;
}

/// Room a tail list needs past its last possible entry: appends write four indices whatever the count advances by,
/// and cvm_fix_tails pads the list to whole vectors.
#define CVM_TAIL_LIST_SLACK 8

typedef unsigned cvm_indices4 __attribute__((ext_vector_type(4)));

/// Appends base + lane for each set lane of `lanes` to list[count...] (branch-free: four indices are written, the
/// count advances by the set lanes); returns the new count.
CVM_INLINE unsigned cvm_append_lanes(unsigned *list, unsigned count, unsigned base, cvm_mask lanes) {
    // The set lanes of a four-lane mask, in order, padded with zeros.
    static const unsigned compress[16][4] = {
        {0}, {0}, {1}, {0, 1}, {2}, {0, 2}, {1, 2}, {0, 1, 2},
        {3}, {0, 3}, {1, 3}, {0, 1, 3}, {2, 3}, {0, 2, 3}, {1, 2, 3}, {0, 1, 2, 3},
    };
#if CVM_LANES == 4 && defined(__AVX__)
    const unsigned bits = (unsigned)_mm256_movemask_pd((__m256d)lanes);
#elif CVM_LANES == 8
    const unsigned bits = (unsigned)__builtin_reduce_or(lanes & (cvm_mask){1, 2, 4, 8, 16, 32, 64, 128});
#else
    const unsigned bits = (unsigned)__builtin_reduce_or(lanes & (cvm_mask){1, 2, 4, 8});
#endif
    for (unsigned half = 0; half < CVM_LANES; half += 4) {
        const unsigned nibble = (bits >> half) & 15;
        cvm_indices4 indices;
        __builtin_memcpy(&indices, compress[nibble], sizeof indices);
        indices += base + half;
        __builtin_memcpy(list + count, &indices, sizeof indices);
        count += (unsigned)__builtin_popcount(nibble);
    }
    return count;
}

/// One step of draws, the tails deferred: the uniforms from two words per lane (cvm_uniform) go to `z_out`
/// (CVM_LANES doubles, any alignment) as their central quantile, or as themselves in lanes that need a tail, whose
/// flat indices base + lane are appended to `list` (cvm_append_lanes); returns the list's new count. Evaluating the
/// tails afterwards for the listed lanes alone (cvm_fix_tails) does a vector's tail work per CVM_LANES tail draws,
/// where the vector quantile did it for every lane of a vector with any tail lane (48 % of four-lane vectors), and
/// leaves no unpredictable branch in the loop.
CVM_INLINE unsigned cvm_draw_step(cvm_words low, cvm_words high, double *z_out, unsigned *list, unsigned count,
                                  unsigned base) {
    const cvm_doubles u = cvm_uniform(low, high);
    const cvm_doubles q = u - 0.5;
    const cvm_mask tails = cvm_needs_tail(q);
    const cvm_doubles z = tails ? u : cvm_normal_central(q);
    __builtin_memcpy(z_out, &z, sizeof z);
    return cvm_append_lanes(list, count, base, tails);
}

/// Replaces the uniform u at each of the `count` flat indices in `list` by its tail quantile, CVM_LANES at a time;
/// each lane goes through cvm_normal's operations, so the bits are the same. The list is padded with copies of its
/// last entry to whole vectors (it needs CVM_TAIL_LIST_SLACK entries of room past `count`).
CVM_INLINE void cvm_fix_tails(double *z, unsigned *list, unsigned count) {
    if (count == 0) return;
    for (unsigned k = 0; k < CVM_LANES - 1; k++) list[count + k] = list[count - 1];
    for (unsigned i = 0; i < count; i += CVM_LANES) {
        cvm_doubles u;
        for (unsigned k = 0; k < CVM_LANES; k++) u[k] = z[list[i + k]];
        const cvm_doubles t = cvm_normal_tail(u, u - 0.5);
        for (unsigned k = 0; k < CVM_LANES; k++) z[list[i + k]] = t[k];
    }
}

/// x limited to [lo, hi] (the ADC's saturation): lo where x < lo, hi where x > hi, else x. One max and one min
/// instruction; Swift's lane-wise select on a comparison compiled to a compare and a blend for each bound.
CVM_INLINE cvm_doubles cvm_clamp(cvm_doubles x, cvm_doubles lo, cvm_doubles hi) {
    x = x < lo ? lo : x;
    return x > hi ? hi : x;
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
