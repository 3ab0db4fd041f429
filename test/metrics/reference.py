"""Independent NumPy/SciPy reference values for gankit's metrics (run by test/metrics/reference.test.ts).

Reads a JSON list of cases from argv[1] and prints a JSON list of results. Written from the papers'
definitions (pytorch-fid's FID with scipy.linalg.sqrtm, torch-fidelity's KID, the original IS, the
prdc package's precision/recall/density/coverage), not from gankit's code.
"""
import json
import sys

import numpy as np
import scipy.linalg
from scipy.spatial.distance import cdist


def fid_sqrtm(a, b):
    m1, m2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    covmean, _ = scipy.linalg.sqrtm(s1.dot(s2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(s1.shape[0]) * 1e-6
        covmean = scipy.linalg.sqrtm((s1 + offset).dot(s2 + offset))
    covmean = np.real(covmean)
    return float(((m1 - m2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def fid_nuclear(a, b):
    # With A = (X - mean) / sqrt(n - 1), S1 = A1'A1 and S2 = A2'A2, so tr sqrt(S1 S2) is the sum of the
    # singular values of A1 A2' (its nuclear norm): no square root of rounding noise, accurate for
    # singular covariances where any sqrtm of S1 S2 loses about sqrt(eps).
    m1, m2 = a.mean(0), b.mean(0)
    a1 = (a - m1) / np.sqrt(a.shape[0] - 1)
    a2 = (b - m2) / np.sqrt(b.shape[0] - 1)
    tr = np.linalg.svd(a1 @ a2.T, compute_uv=False).sum()
    return float(((m1 - m2) ** 2).sum() + (a1 ** 2).sum() + (a2 ** 2).sum() - 2 * tr)


def mmd2_unbiased(x, y):
    d = x.shape[1]
    m = x.shape[0]
    kxx = (x @ x.T / d + 1) ** 3
    kyy = (y @ y.T / d + 1) ** 3
    kxy = (x @ y.T / d + 1) ** 3
    sxx = (kxx.sum() - np.trace(kxx)) / (m * (m - 1))
    syy = (kyy.sum() - np.trace(kyy)) / (m * (m - 1))
    return float(sxx + syy - 2 * kxy.mean())


def inception_score(p, splits):
    n = p.shape[0]
    scores = []
    for i in range(splits):
        part = p[i * n // splits:(i + 1) * n // splits]
        py = part.mean(0, keepdims=True)
        with np.errstate(divide='ignore', invalid='ignore'):
            kl = np.where(part > 0, part * (np.log(part) - np.log(py)), 0.0)
        scores.append(np.exp(kl.sum(1).mean()))
    return {'mean': float(np.mean(scores)), 'std': float(np.std(scores))}


def kth_radii(x, k):
    dist = cdist(x, x)
    return np.sort(dist, axis=1)[:, k]  # index 0 is the point itself


def prdc(real, fake, k_pr, k_dc):
    d_rf = cdist(real, fake)
    r_real_pr, r_fake_pr = kth_radii(real, k_pr), kth_radii(fake, k_pr)
    precision = (d_rf <= r_real_pr[:, None]).any(axis=0).mean()
    recall = (d_rf <= r_fake_pr[None, :]).any(axis=1).mean()
    r_real_dc = kth_radii(real, k_dc)
    density = (1.0 / k_dc) * (d_rf < r_real_dc[:, None]).sum(axis=0).mean()
    coverage = (d_rf.min(axis=1) < r_real_dc).mean()
    return {'precision': float(precision), 'recall': float(recall),
            'density': float(density), 'coverage': float(coverage)}


def main():
    cases = json.load(open(sys.argv[1]))
    out = []
    for c in cases:
        fake = np.load(c['fake']).astype(np.float64)
        if c['kind'] == 'is':
            out.append(inception_score(fake, c['splits']))
            continue
        real = np.load(c['real']).astype(np.float64)
        if c['kind'] == 'fid':
            out.append({'sqrtm': fid_sqrtm(real, fake), 'nuclear': fid_nuclear(real, fake)})
        elif c['kind'] == 'kid':
            out.append({'mmd2': mmd2_unbiased(real, fake)})
        elif c['kind'] == 'kid-subsets':
            # Subset indices drawn by gankit's seeded sampler, so both sides use the same subsets.
            ir, jf = np.load(c['realIdx']).astype(int), np.load(c['fakeIdx']).astype(int)
            v = [mmd2_unbiased(real[a], fake[b]) for a, b in zip(ir, jf)]
            out.append({'mean': float(np.mean(v)), 'std': float(np.std(v))})
        elif c['kind'] == 'prdc':
            out.append(prdc(real, fake, c['kPr'], c['kDc']))
        else:
            raise ValueError(c['kind'])
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
