// CSamplingKernel: a scalar C twin of SamplingKernel.run (one subject at a time), the yardstick against which
// the Swift SIMD kernel's speed is measured and the independent implementation its bits are checked against.
#ifndef CSK_H
#define CSK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The load-cell settings a batch shares (LoadCellConstants).
typedef struct csk_constants {
    double noise_sd;
    double lsb;
    double min_code;
    double max_code;
    double alpha;
    double drift_per_sample;
    /// The three 1/f poles (Flicker): state_k = pole_k * state_k + gain_k * z, from rest at the segment's start.
    double flicker_pole[3];
    double flicker_gain[3];
    uint64_t seed;
    uint32_t substream;
} csk_constants;

/// One subject's constants for a segment of samples (one lane of a LaneGroup); `stream` is the subject id.
typedef struct csk_subject {
    double active;
    double passive;
    double gravity;
    double gain;
    double offset;
    double tare;
    uint64_t stream;
    uint64_t first_word;
    double first_sample;
} csk_subject;

/// Philox4x32-10 of `counter` under `key`, written to `out` (Random123's block function).
void csk_philox4x32_10(const uint32_t counter[4], const uint32_t key[2], uint32_t out[4]);

/// The standard normal quantile by Wichura's AS 241 for 0 < u < 1 (the kernel's uniforms never reach 0 or 1).
double csk_normal_quantile(double u);

/// Runs `samples` load-cell samples of `effort` for each subject in turn, writing each one's sum of readings and
/// peak full-window moving average (−∞ when samples < window). `ring_scratch` holds `window` ≥ 1 doubles.
void csk_run_batch(size_t subjects, const csk_subject *params, const double *effort, size_t samples,
                   const csk_constants *c, double *ring_scratch, size_t window, double *sum_out, double *peak_out);

#ifdef __cplusplus
}
#endif

#endif
