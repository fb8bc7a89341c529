#!/usr/bin/env bash
# Debian's chromium for the browser tests (Playwright drives it; no browser download), and fonts that draw
# every Vietnamese letter: Noto Sans for the pages, Noto Mono for the SPARQL editor (DejaVu Sans Mono, often
# the only monospace font, has no "ố" or "ở", and the browser then draws "ô" and a loose accent).
set -euo pipefail
here=$(dirname "$0")
bash "$here/debian.sh" chromium chromium
vietnamese_mono() { fc-list ':charset=1ed1 1edf:spacing=mono' family 2>/dev/null | grep -q .; }
vietnamese_sans() { fc-list ':charset=1ed1 1edf' family 2>/dev/null | grep -q "Noto Sans"; }
if command -v fc-list >/dev/null 2>&1 && vietnamese_mono && vietnamese_sans; then exit 0; fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "orgkg: cannot install fonts-noto-core fonts-noto-mono (not root, no sudo); Vietnamese may draw badly" >&2; exit 0; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends fontconfig fonts-noto-core fonts-noto-mono >/dev/null
fc-list ':charset=1ed1 1edf:spacing=mono' family
