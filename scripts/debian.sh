#!/usr/bin/env bash
# Install Debian packages for the tests when a command they provide is missing.
# Usage: scripts/debian.sh COMMAND PACKAGE...   Idempotent; a no-op when COMMAND exists.
set -euo pipefail
cmd=$1; shift
if command -v "$cmd" >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "orgkg: $cmd is missing and I cannot install $* (not root, no sudo); the tests that need it will say so" >&2; exit 0; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
command -v "$cmd"
