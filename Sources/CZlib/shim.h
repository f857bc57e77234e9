// zlib: deflate for gzip-compressed output tables, CRC-32 for the integrity records of chunks and outputs.
#ifndef LUMBARSIM_CZLIB_SHIM_H
#define LUMBARSIM_CZLIB_SHIM_H
#include <zlib.h>
#endif
