#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium and a text font for the SVG screenshot test
# (packages/plot/test/svg-render.test.ts) and the browser tests (tools/test/browser-page.test.ts,
# packages/pool/test/web-worker-pool.test.ts, which drive it with playwright-core), only when they
# are missing. Idempotent; prints what it did.
# Usage: bash tools/ci/install-chromium.sh
set -euo pipefail

find_chromium() {
  command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null || true
}

PACKAGES=()
[ -n "$(find_chromium)" ] || PACKAGES+=(chromium)
# Without a font, Chromium draws the plots' labels as empty boxes (or not at all).
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || PACKAGES+=(fonts-dejavu-core)
if [ ${#PACKAGES[@]} -eq 0 ]; then
  echo "install-chromium: Chromium already present ($(find_chromium); $("$(find_chromium)" --version 2>/dev/null | head -n 1))"
  exit 0
fi

HINT="install Chromium yourself (Debian: apt-get install chromium fonts-dejavu-core; Ubuntu: the chromium snap or Google Chrome, on PATH as 'chromium'), then rerun."
fail() { apt_fail install-chromium "$HINT" "$*"; }
# shellcheck source=apt-install.sh
source "$(dirname "$0")/apt-install.sh"

echo "install-chromium: installing ${PACKAGES[*]} with apt-get (Chromium: about 20-60 s, 300 MB)"
start=$(date +%s)
apt_install install-chromium "$HINT" "${PACKAGES[@]}"
[ -n "$(find_chromium)" ] || fail "Chromium was installed but neither chromium nor chromium-browser is on PATH."
echo "install-chromium: installed $("$(find_chromium)" --version 2>/dev/null | head -n 1) in $(($(date +%s) - start)) s"
