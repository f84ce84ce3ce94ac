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

HINT="install OpenMPI yourself (Debian/Ubuntu: apt-get install libopenmpi-dev openmpi-bin; or MPICH: libmpich-dev mpich), then rerun."
fail() { apt_fail install-mpi "$HINT" "$*"; }
# shellcheck source=apt-install.sh
source "$(dirname "$0")/apt-install.sh"

echo "install-mpi: installing ${PACKAGES[*]} with apt-get (OpenMPI: about 15 s, 100 MB)"
apt_install install-mpi "$HINT" "${PACKAGES[@]}"
command -v mpicc >/dev/null 2>&1 || fail "OpenMPI was installed but mpicc is still not on PATH."
command -v mpirun >/dev/null 2>&1 || fail "OpenMPI was installed but mpirun is still not on PATH."
echo "install-mpi: installed $(mpirun --version 2>/dev/null | head -n 1)"
