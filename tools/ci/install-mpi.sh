#!/usr/bin/env bash
# Installs OpenMPI (compiler wrapper, headers, mpirun) for the @tempest/mpi tests, only when
# `mpicc` is missing (and g++, make, python3 for node-gyp when those are missing). Idempotent. Exits non-zero with a clear message when it cannot install.
# Usage: bash tools/ci/install-mpi.sh
set -euo pipefail

# node-gyp also needs a C++ compiler, make and python3.
PACKAGES=()
command -v mpicc >/dev/null 2>&1 && command -v mpirun >/dev/null 2>&1 || PACKAGES+=(libopenmpi-dev openmpi-bin)
command -v g++ >/dev/null 2>&1 || PACKAGES+=(g++)
command -v make >/dev/null 2>&1 || PACKAGES+=(make)
command -v python3 >/dev/null 2>&1 || PACKAGES+=(python3)
# The multi-host test makes network namespaces with `ip` (iproute2) and `unshare` (util-linux).
command -v ip >/dev/null 2>&1 || PACKAGES+=(iproute2)
if [ ${#PACKAGES[@]} -eq 0 ]; then
  echo "install-mpi: MPI already present ($(command -v mpicc); $(mpirun --version 2>/dev/null | head -n 1))"
  exit 0
fi

fail() {
  echo "install-mpi: ERROR: $*" >&2
  echo "install-mpi: install OpenMPI yourself (Debian/Ubuntu: apt-get install libopenmpi-dev openmpi-bin; or MPICH: libmpich-dev mpich), then rerun." >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "mpicc is missing and this machine has no apt-get."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "mpicc is missing and installing it needs root (no sudo available)."
  SUDO="sudo"
fi

echo "install-mpi: installing ${PACKAGES[*]} with apt-get (OpenMPI: about 15 s, 100 MB)"
$SUDO apt-get update -qq || fail "apt-get update failed."
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null \
  || fail "apt-get install ${PACKAGES[*]} failed."
command -v mpicc >/dev/null 2>&1 || fail "OpenMPI was installed but mpicc is still not on PATH."
command -v mpirun >/dev/null 2>&1 || fail "OpenMPI was installed but mpirun is still not on PATH."
echo "install-mpi: installed $(mpirun --version 2>/dev/null | head -n 1)"
