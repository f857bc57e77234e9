// Every floating-point expression below mirrors SamplingKernel.run and StandardNormal.quantile operation for
// operation; with -ffp-contract=off (no fused multiply-adds, as Swift never contracts) the results agree bit for bit.
#include "csk.h"

#include <math.h>
#include <string.h>

void csk_philox4x32_10(const uint32_t counter[4], const uint32_t key[2], uint32_t out[4]) {
    uint32_t x0 = counter[0], x1 = counter[1], x2 = counter[2], x3 = counter[3];
    uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        const uint64_t p0 = (uint64_t)0xD2511F53u * x0;
        const uint64_t p1 = (uint64_t)0xCD9E8D57u * x2;
        const uint32_t y0 = (uint32_t)(p1 >> 32) ^ x1 ^ k0;
        const uint32_t y2 = (uint32_t)(p0 >> 32) ^ x3 ^ k1;
        x0 = y0;
        x1 = (uint32_t)p1;
        x2 = y2;
        x3 = (uint32_t)p0;
    }
    out[0] = x0;
    out[1] = x1;
    out[2] = x2;
    out[3] = x3;
}

// Logarithm.natural for positive normal x: exponent split, then 2·atanh(s) with s = f/(2+f) as a series in s².
static double csk_log(double x) {
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    double exponent = (double)((bits >> 52) & 0x7FF) - 1023;
    const uint64_t mantissa_bits = (bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull;
    double m;
    memcpy(&m, &mantissa_bits, sizeof m);
    if (m > 0x1.6a09e667f3bcdp0) {
        m = m * 0.5;
        exponent = exponent + 1;
    }
    const double f = m - 1;
    const double s = f / (2 + f);
    const double z = s * s;
    double p = 2.0 / 19;
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

double csk_normal_quantile(double u) {
    const double q = u - 0.5;
    if (fabs(q) <= 0.425) {
        const double r = 0.180625 - q * q;
        const double num = (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r
            + 6.7265770927008700853e4) * r + 4.5921953931549871457e4) * r
            + 1.3731693765509461125e4) * r + 1.9715909503065514427e3) * r
            + 1.3314166789178437745e2) * r + 3.3871328727963666080e0);
        const double den = (((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r
            + 3.9307895800092710610e4) * r + 2.1213794301586595867e4) * r
            + 5.3941960214247511077e3) * r + 6.8718700749205790830e2) * r
            + 4.2313330701600911252e1) * r + 1.0);
        return q * num / den;
    }
    // The smaller tail area is formed directly (1 − u is exact for u ≥ 0.5).
    double r = sqrt(-csk_log(q < 0 ? u : 1 - u));
    double z;
    if (r <= 5) {
        r -= 1.6;
        const double num = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r
            + 2.41780725177450611770e-1) * r + 1.27045825245236838258e0) * r
            + 3.64784832476320460504e0) * r + 5.76949722146069140550e0) * r
            + 4.63033784615654529590e0) * r + 1.42343711074968357734e0);
        const double den = (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r
            + 1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r
            + 6.89767334985100004550e-1) * r + 1.67638483018380384940e0) * r
            + 2.05319162663775882187e0) * r + 1.0);
        z = num / den;
    } else {
        r -= 5;
        const double num = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
            + 1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r
            + 2.96560571828504891230e-1) * r + 1.78482653991729133580e0) * r
            + 5.46378491116411436990e0) * r + 6.65790464350110377720e0);
        const double den = (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r
            + 1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r
            + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
            + 5.99832206555887937690e-1) * r + 1.0);
        z = num / den;
    }
    return q < 0 ? -z : z;
}

static void run_subject(const csk_subject *s, const double *effort, size_t samples, const csk_constants *c,
                        double *ring, size_t window, double *sum_out, double *peak_out) {
    const uint32_t key[2] = {(uint32_t)c->seed, (uint32_t)(c->seed >> 32)};
    uint32_t counter[4] = {0, c->substream, (uint32_t)s->stream, (uint32_t)(s->stream >> 32)};
    for (size_t i = 0; i < window; i++) ring[i] = 0;
    const double window_length = (double)window;
    double ring_sum = 0, sum = 0, peak = -INFINITY;
    double filtered = s->gain * (0 * s->active + s->passive - s->gravity) + s->offset + c->drift_per_sample * s->first_sample;
    double flicker0 = 0, flicker1 = 0, flicker2 = 0;
    // Two consecutive samples share a block when the word index is a multiple of 4: encrypt it once.
    uint32_t block_words[4];
    uint64_t cached_block = UINT64_MAX;  // no 32-bit block index equals it
    size_t slot = 0;
    for (size_t n = 0; n < samples; n++) {
        const uint64_t word = s->first_word + 2 * (uint64_t)n;
        const uint32_t block = (uint32_t)(word >> 2);
        if (block != cached_block) {
            counter[0] = block;
            csk_philox4x32_10(counter, key, block_words);
            cached_block = block;
        }
        const unsigned half = (word & 2) ? 2 : 0;
        const uint64_t bits = (uint64_t)block_words[half + 1] << 32 | block_words[half];
        uint64_t k = bits >> 11;
        if (k == 0) k = 1;
        const double z = csk_normal_quantile((double)k * 0x1p-53);
        flicker0 = c->flicker_pole[0] * flicker0 + c->flicker_gain[0] * z;
        flicker1 = c->flicker_pole[1] * flicker1 + c->flicker_gain[1] * z;
        flicker2 = c->flicker_pole[2] * flicker2 + c->flicker_gain[2] * z;
        const double sample = s->first_sample + (double)n;
        const double analog = s->gain * (effort[n] * s->active + s->passive - s->gravity) + s->offset
            + c->drift_per_sample * sample + c->noise_sd * z + (flicker0 + flicker1 + flicker2);
        filtered = filtered + c->alpha * (analog - filtered);
        double code = rint(filtered / c->lsb);  // round half to even in the default rounding mode
        if (code < c->min_code) code = c->min_code;
        if (code > c->max_code) code = c->max_code;
        const double reading = code * c->lsb - s->tare;
        sum += reading;
        ring_sum += reading - ring[slot];
        ring[slot] = reading;
        if (++slot == window) slot = 0;
        if (n + 1 >= window) {
            const double average = ring_sum / window_length;
            // Swift's Double.maximum(peak, average).
            peak = (peak > average || isnan(average)) ? peak : average;
        }
    }
    *sum_out = sum;
    *peak_out = peak;
}

void csk_run_batch(size_t subjects, const csk_subject *params, const double *effort, size_t samples,
                   const csk_constants *c, double *ring_scratch, size_t window, double *sum_out, double *peak_out) {
    for (size_t i = 0; i < subjects; i++) {
        run_subject(&params[i], effort, samples, c, ring_scratch, window, &sum_out[i], &peak_out[i]);
    }
}
