// The LAPACK routines fid_trace.cc calls, declared with gfortran's ABI: trailing underscore, every
// argument by pointer, and one hidden length per character argument appended at the end (passed
// explicitly: leaving them out is undefined behaviour that GCC's tail calls inside LAPACK have turned
// into crashes elsewhere). Debian's OpenBLAS ships LAPACK in libopenblas but no lapacke.h.
#pragma once
#include <cstddef>

extern "C" {
void dpstrf_(const char* uplo, const int* n, double* a, const int* lda, int* piv, int* rank, const double* tol,
             double* work, int* info, size_t uplo_len);
void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda, double* w, double* work,
             const int* lwork, int* iwork, const int* liwork, int* info, size_t jobz_len, size_t uplo_len);
}
