// CVectorMath is header-only (include/CVectorMath.h); SwiftPM needs one source file in a C target.
