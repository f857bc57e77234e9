// Every floating-point expression mirrors csk.c (and so SamplingKernel.run) operation for operation, lane by lane;
// with -ffp-contract=off the lanes agree with the scalar twin bit for bit. Only the evaluation is reorganised:
// a vector of subjects per step (four with AVX2, eight with AVX-512), Philox in 64-bit lanes without masks inside
// its rounds, the draws of CHUNK samples made first with the normal quantile's tails evaluated afterwards for the
// tail lanes alone (CVectorMath's cvm_draw_step and cvm_fix_tails, which the Swift kernel inlines too), then the
// chain over them, and the moving average's peak divided once at the end (correctly rounded division by a positive
// constant is monotone, so max(s)/w equals max(s/w)).
#include "cvk.h"

#include <math.h>
#include <string.h>
#if defined(__AVX2__) || defined(__AVX512F__)
#include <immintrin.h>
#endif

// One vector of W lanes: a ymm register of four doubles with AVX2, a zmm of eight with AVX-512.
#if defined(__AVX512F__)
#define W 8
#else
#define W 4
#endif
#define CVM_LANES W
#include "CVectorMath.h"
typedef cvm_doubles dv;
typedef cvm_words uv;
typedef cvm_mask mv;

#define INLINE static inline __attribute__((always_inline))

const char *cvk_instruction_set(void) { return cvm_instruction_set(); }

/// Low 32 bits of a times low 32 bits of b, as 64-bit products; the upper halves of the inputs are ignored.
INLINE uv mul_low32(uv a, uv b) {
#if defined(__AVX512F__)
    return (uv)_mm512_mul_epu32((__m512i)a, (__m512i)b);
#elif defined(__AVX2__)
    return (uv)_mm256_mul_epu32((__m256i)a, (__m256i)b);
#else
    return (a & 0xFFFFFFFFull) * (b & 0xFFFFFFFFull);
#endif
}

/// The round keys of Philox4x32-10, broadcast: key + round × Weyl constant, modulo 2^32.
typedef struct { uv k0[10], k1[10]; } round_keys;

/// Philox4x32-10 on W counters. Words live in 64-bit lanes whose upper halves may hold garbage inside the rounds:
/// the multiplier reads only the low halves, and uniform() keeps only the low halves of the outputs.
typedef struct { uv x0, x1, x2, x3; } block;

/// The first rounds' work that does not depend on the block counter c0: words 1-3 (substream, stream id) are the
/// same for every block of a lane group, so round 0's second product, round 1's first product and the key words
/// they meet are computed once (10 of a block's 80 round instructions), as in the Swift kernel.
typedef struct { uv a1, b1, c3_key, b1_key, d1_key, d2_key; } streams;

static streams philox_streams(uv c1, uv c2, uv c3, const round_keys *key) {
    const uv p1 = mul_low32(c2, 0xCD9E8D57ull);
    streams s;
    s.a1 = (p1 >> 32) ^ c1 ^ key->k0[0];
    s.b1 = p1;
    s.c3_key = c3 ^ key->k1[0];
    s.b1_key = p1 ^ key->k0[1];
    const uv p0 = mul_low32(s.a1, 0xD2511F53ull);
    s.d1_key = (p0 >> 32) ^ key->k1[1];
    s.d2_key = p0 ^ key->k1[2];
    return s;
}

INLINE block philox(uv c0, const streams *s, const round_keys *key) {
    // The keys and stream words are read where they are used, as memory operands: hoisted into registers by the
    // optimiser, they were reloaded from the stack on every block (a dozen moves per block).
    __asm__("" : "+r"(key), "+r"(s));
    const uv m0 = 0xD2511F53ull, m1 = 0xCD9E8D57ull;
    const uv p00 = mul_low32(c0, m0);                       // round 0: a, b = a1, b1
    const uv p11 = mul_low32((p00 >> 32) ^ s->c3_key, m1);  // round 1: its first product is constant
    uv a = (p11 >> 32) ^ s->b1_key, b = p11, c = p00 ^ s->d1_key;
    const uv p02 = mul_low32(a, m0), p12 = mul_low32(c, m1); // round 2: d is round 1's constant product
    a = (p12 >> 32) ^ b ^ key->k0[2];
    b = p12;
    c = (p02 >> 32) ^ s->d2_key;
    uv d = p02;
#pragma clang loop unroll(full)
    for (int round = 3; round < 10; round++) {
        const uv p0 = mul_low32(a, m0);
        const uv p1 = mul_low32(c, m1);
        a = (p1 >> 32) ^ b ^ key->k0[round];
        b = p1;
        c = (p0 >> 32) ^ d ^ key->k1[round];
        d = p0;
    }
    return (block){a, b, c, d};
}

void cvk_normal_quantiles(const double *u, double *z, size_t count) {
    for (size_t i = 0; i < count; i += W) {
        dv lanes = 0.5;
        for (size_t lane = 0; lane < W && i + lane < count; lane++) lanes[lane] = u[i + lane];
        const dv draws = cvm_normal(lanes);
        for (size_t lane = 0; lane < W && i + lane < count; lane++) z[i + lane] = draws[lane];
    }
}

/// Samples per pass, as in the Swift kernel: a pass's draws (CHUNK vectors) and tail list stay in L1.
#define CHUNK 32

/// The load-cell chain's constants and state for W lanes. The shared constants are copied in as vectors: read
/// through the csk_constants pointer, they would be reloaded after every store to the ring (which may alias them).
typedef struct {
    dv active, passive, gravity, gain, offset, tare, first_sample;
    dv noise_sd, lsb, min_code, max_code, alpha, drift, pole0, pole1, pole2, gain0, gain1, gain2;
    dv filtered, flicker0, flicker1, flicker2, ring_sum, sum, peak_sum;
    /// The sample's index in the segment, as a double (exact: counted in steps of 1), added to first_sample.
    dv index;
} chain;

/// Sample n with draws z: csk.c's chain, with the peak tracked on the running sum (divided once at the end).
INLINE void step(chain *s, dv z, size_t n, double effort, dv *ring, size_t *slot, size_t window) {
    s->flicker0 = s->pole0 * s->flicker0 + s->gain0 * z;
    s->flicker1 = s->pole1 * s->flicker1 + s->gain1 * z;
    s->flicker2 = s->pole2 * s->flicker2 + s->gain2 * z;
    const dv sample = s->first_sample + s->index;
    s->index += 1;
    const dv analog = s->gain * (effort * s->active + s->passive - s->gravity) + s->offset
        + s->drift * sample + s->noise_sd * z + (s->flicker0 + s->flicker1 + s->flicker2);
    s->filtered = s->filtered + s->alpha * (analog - s->filtered);
    const dv code = cvm_clamp(__builtin_elementwise_roundeven(s->filtered / s->lsb), s->min_code, s->max_code);
    const dv reading = code * s->lsb - s->tare;
    s->sum += reading;
    s->ring_sum += reading - ring[*slot];
    ring[*slot] = reading;
    if (++*slot == window) *slot = 0;
    if (n + 1 >= window) s->peak_sum = s->ring_sum > s->peak_sum ? s->ring_sum : s->peak_sum;
}

/// W subjects (`lanes` of them real, the rest copies) through the segment.
static void run_group(const csk_subject *p, size_t lanes, const double *effort, size_t samples,
                      const csk_constants *c, dv *ring, size_t window, double *sum_out, double *peak_out) {
    chain s;
    uv stream_low, stream_high, first_word;
    for (int i = 0; i < W; i++) {
        const csk_subject *subject = &p[(size_t)i < lanes ? (size_t)i : lanes - 1];
        s.active[i] = subject->active;
        s.passive[i] = subject->passive;
        s.gravity[i] = subject->gravity;
        s.gain[i] = subject->gain;
        s.offset[i] = subject->offset;
        s.tare[i] = subject->tare;
        s.first_sample[i] = subject->first_sample;
        stream_low[i] = (uint32_t)subject->stream;
        stream_high[i] = subject->stream >> 32;
        first_word[i] = subject->first_word;
    }
    round_keys key;
    for (int round = 0; round < 10; round++) {
        key.k0[round] = (uint32_t)((uint32_t)c->seed + (uint32_t)round * 0x9E3779B9u);
        key.k1[round] = (uint32_t)((uint32_t)(c->seed >> 32) + (uint32_t)round * 0xBB67AE85u);
    }
    s.noise_sd = c->noise_sd;
    s.lsb = c->lsb;
    s.min_code = c->min_code;
    s.max_code = c->max_code;
    s.alpha = c->alpha;
    s.drift = c->drift_per_sample;
    s.pole0 = c->flicker_pole[0];
    s.pole1 = c->flicker_pole[1];
    s.pole2 = c->flicker_pole[2];
    s.gain0 = c->flicker_gain[0];
    s.gain1 = c->flicker_gain[1];
    s.gain2 = c->flicker_gain[2];
    const streams words = philox_streams((unsigned long long)c->substream, stream_low, stream_high, &key);
    for (size_t i = 0; i < window; i++) ring[i] = 0;
    s.filtered = s.gain * (0 * s.active + s.passive - s.gravity) + s.offset + s.drift * s.first_sample;
    s.flicker0 = s.flicker1 = s.flicker2 = s.ring_sum = s.sum = s.index = 0;
    s.peak_sum = -INFINITY;
    size_t slot = 0;
    dv z[CHUNK];
    unsigned list[CHUNK * W + CVM_TAIL_LIST_SLACK];
    // Every lane on a block boundary (the usual layout): samples 2j and 2j + 1 share block j (CHUNK is even).
    const int aligned = __builtin_reduce_or(first_word & 3) == 0;
    const uv first_block = first_word >> 2;
    for (size_t start = 0; start < samples; start += CHUNK) {
        const size_t count = samples - start < CHUNK ? samples - start : CHUNK;
        unsigned tails = 0;
        if (aligned) {
            for (size_t i = 0; i < count; i += 2) {
                const block b = philox((first_block + (unsigned long long)((start + i) / 2)) & 0xFFFFFFFFull, &words, &key);
                tails = cvm_draw_step(b.x0, b.x1, (double *)&z[i], list, tails, (unsigned)(i * W));
                if (i + 1 < count) {
                    tails = cvm_draw_step(b.x2, b.x3, (double *)&z[i + 1], list, tails, (unsigned)((i + 1) * W));
                }
            }
        } else {
            for (size_t i = 0; i < count; i++) {
                const uv word = first_word + 2 * (unsigned long long)(start + i);
                const block b = philox((word >> 2) & 0xFFFFFFFFull, &words, &key);
                const mv upper = (mv)(((word >> 1) & 1) != 0);
                tails = cvm_draw_step(upper ? b.x2 : b.x0, upper ? b.x3 : b.x1, (double *)&z[i], list, tails,
                                      (unsigned)(i * W));
            }
        }
        cvm_fix_tails((double *)z, list, tails);
        for (size_t i = 0; i < count; i++) step(&s, z[i], start + i, effort[start + i], ring, &slot, window);
    }
    const dv peak = s.peak_sum / (double)window;
    for (size_t i = 0; i < lanes; i++) {
        sum_out[i] = s.sum[i];
        peak_out[i] = peak[i];
    }
}

void cvk_run_batch(size_t subjects, const csk_subject *params, const double *effort, size_t samples,
                   const csk_constants *c, double *ring_scratch, size_t window, double *sum_out, double *peak_out) {
    for (size_t g = 0; g < subjects; g += W) {
        const size_t lanes = subjects - g < W ? subjects - g : W;
        run_group(params + g, lanes, effort, samples, c, (dv *)ring_scratch, window, sum_out + g, peak_out + g);
    }
}
