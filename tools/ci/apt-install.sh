#!/usr/bin/env bash
# Sourced by the install-*.sh scripts: installs Debian packages with apt-get, as root or through
# sudo, running `apt-get update` only once per boot however many scripts install something.
# apt_install <label> <hint> <package>...   (label prefixes messages; hint says how to install by hand)

apt_fail() {
  echo "$1: ERROR: $3" >&2
  echo "$1: $2" >&2
  exit 1
}

apt_install() {
  local label=$1 hint=$2
  shift 2
  command -v apt-get >/dev/null 2>&1 || apt_fail "$label" "$hint" "$* missing and this machine has no apt-get."
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || apt_fail "$label" "$hint" "installing $* needs root (no sudo available)."
    sudo="sudo"
  fi
  local marker=/tmp/.tempest-apt-updated
  if [ ! -e "$marker" ]; then
    $sudo apt-get update -qq || apt_fail "$label" "$hint" "apt-get update failed."
    touch "$marker"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || apt_fail "$label" "$hint" "apt-get install $* failed."
}
