#!/usr/bin/env bash
# Installs everything gankit needs on Debian/Ubuntu: the system packages that are missing (datasets,
# oneDNN, OpenBLAS and a C++ toolchain for the native addons, Python references for the tests), then the
# npm packages (which also build the TypeScript and, when oneDNN / OpenBLAS are present, the addons).
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# dataset-fashion-mnist: Fashion-MNIST IDX files; libdnnl-dev, g++, make, python3: native engine build;
# libopenblas-dev: float64 BLAS + LAPACK (dsyrk, dpstrf, dsyevd, dgemm) for the linalg addon that makes
# FID/KID on 2,048-d features take seconds instead of minutes (native/linalg/; optional like oneDNN);
# python3-torch, python3-scipy, python3-numpy: independent references the tests compare against;
# chromium: the headless browser the report, dashboard, playground and image-page tests drive (through
# npm puppeteer-core, which downloads no browser); redis-server: the job queue of sweeps across workers
# (`gankit sweep --queue`, `gankit worker`), which the queue tests start on a loopback port of their own.
PACKAGES=(dataset-fashion-mnist libdnnl-dev libopenblas-dev g++ make python3 python3-numpy python3-scipy python3-torch chromium redis-server)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "gankit setup: installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "gankit setup: not a Debian system; install these yourself if you need them: ${missing[*]}" >&2
  fi
fi

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
