// The LAPACK routines linalg.cc calls, declared with the Fortran ABI (gfortran: trailing underscore,
// every argument by pointer, hidden string lengths omitted as all are 1-character flags). Debian's
// OpenBLAS ships LAPACK in libopenblas but no lapack.h / lapacke.h, hence the declarations here.
#pragma once

extern "C" {
void dpstrf_(const char* uplo, const int* n, double* a, const int* lda, int* piv, int* rank, const double* tol,
             double* work, int* info);
void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda, double* w, double* work,
             const int* lwork, int* iwork, const int* liwork, int* info);
}
