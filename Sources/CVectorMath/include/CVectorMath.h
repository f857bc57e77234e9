// Vector operations the sampling kernel needs that Swift's SIMD types do not compile to single instructions:
// SIMD.squareRoot() is a lane-by-lane loop that LLVM leaves scalar (and with it the code that follows), while
// clang's elementwise builtin is one vsqrtpd. Header-only; Swift inlines these into the kernel.
#ifndef LUMBARSIM_CVECTORMATH_H
#define LUMBARSIM_CVECTORMATH_H

typedef double cvm_double4 __attribute__((ext_vector_type(4)));

/// Correctly rounded square roots of four doubles (IEEE 754, as Double.squareRoot()).
static inline cvm_double4 cvm_sqrt4(cvm_double4 x) { return __builtin_elementwise_sqrt(x); }

#endif
