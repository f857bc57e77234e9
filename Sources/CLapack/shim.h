// The C interface LumbarSim uses from the system LAPACK (LAPACKE) and BLAS (OpenBLAS CBLAS).
#ifndef LUMBARSIM_CLAPACK_SHIM_H
#define LUMBARSIM_CLAPACK_SHIM_H
#include <lapacke.h>
#include <cblas.h>
#endif
