#!/usr/bin/env bash
# Install Debian's chromium for the browser tests (Playwright drives it; no
# browser download from the test tool). Idempotent; a no-op when present.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "orgkg: chromium is missing and I cannot install it (not root, no sudo); browser tests will say so" >&2; exit 0; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-core >/dev/null
command -v chromium
