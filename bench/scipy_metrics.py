"""SciPy/NumPy reference for the metrics part of `npm run bench`: FID the pytorch-fid way
(np.cov, then scipy.linalg.sqrtm of the non-symmetric product Σ₁Σ₂) and KID at torch-fidelity's
defaults in float64 NumPy (100 subsets of 1000, cubic kernel), on the .npy features gankit wrote.
Prints one JSON line: {"fid": ..., "fid_wall_s": ..., "fid_cpu_s": ..., "kid_mean": ..., ...}; CPU time
is the process's over all threads. NumPy's BLAS threads follow OPENBLAS_NUM_THREADS as set by the caller.

Usage: /usr/bin/python3 bench/scipy_metrics.py real.npy fake.npy [--kid-subsets 100] [--kid-subset-size 1000]
"""
import argparse
import json
import time

import numpy as np
import scipy.linalg


def timed(f):
    wall, cpu = time.perf_counter(), time.process_time()
    out = f()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def fid_pytorch_fid(a, b):
    m1, m2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    covmean, _ = scipy.linalg.sqrtm(s1.dot(s2), disp=False)
    covmean = np.real(covmean)
    return float(((m1 - m2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def kid_numpy(a, b, subsets, size, seed=0):
    rng = np.random.default_rng(seed)
    d = a.shape[1]
    values = []
    for _ in range(subsets):
        x = a[rng.choice(a.shape[0], size, replace=False)]
        y = b[rng.choice(b.shape[0], size, replace=False)]
        kxx = (x @ x.T / d + 1) ** 3
        kyy = (y @ y.T / d + 1) ** 3
        kxy = (x @ y.T / d + 1) ** 3
        m = size
        values.append((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (m * (m - 1))
                      - 2 * kxy.mean())
    return float(np.mean(values)), float(np.std(values))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('real')
    p.add_argument('fake')
    p.add_argument('--kid-subsets', type=int, default=100)
    p.add_argument('--kid-subset-size', type=int, default=1000)
    args = p.parse_args()
    # float32 features as gankit hands them over, widened to float64 as pytorch-fid's np.cov does.
    a = np.load(args.real).astype(np.float64)
    b = np.load(args.fake).astype(np.float64)
    fid, fid_wall, fid_cpu = timed(lambda: fid_pytorch_fid(a, b))
    out = {'fid': fid, 'fid_wall_s': fid_wall, 'fid_cpu_s': fid_cpu}
    if args.kid_subsets > 0:
        (mean, std), kid_wall, kid_cpu = timed(lambda: kid_numpy(a, b, args.kid_subsets, args.kid_subset_size))
        out.update({'kid_mean': mean, 'kid_std': std, 'kid_wall_s': kid_wall, 'kid_cpu_s': kid_cpu})
    print(json.dumps(out))


if __name__ == '__main__':
    main()
