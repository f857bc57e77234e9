// CVecKernel: a vectorised C twin of SamplingKernel.run (eight subjects per step, structure of arrays), the honest
// yardstick for the Swift kernel's speed: careful C built with the best flags for the machine it is built on.
#ifndef CVK_H
#define CVK_H

#include <stddef.h>

#include "csk.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Runs `samples` load-cell samples of `effort` for the subjects eight at a time (the last group padded with copies
/// of the last subject), writing each subject's sum of readings and peak full-window moving average, bit-identical
/// to csk_run_batch. `ring_scratch` holds 8 × `window` doubles, 64-byte aligned.
void cvk_run_batch(size_t subjects, const csk_subject *params, const double *effort, size_t samples,
                   const csk_constants *c, double *ring_scratch, size_t window, double *sum_out, double *peak_out);

/// The kernel's vector normal quantile on `count` uniforms in (0, 1), a vector at a time (for tests of its tails).
void cvk_normal_quantiles(const double *u, double *z, size_t count);

/// The instruction set the engine was compiled for: "avx512", "avx2" or "baseline".
const char *cvk_instruction_set(void);

#ifdef __cplusplus
}
#endif

#endif
