#!/usr/bin/env bash
# Debian's chromium for the browser tests (Playwright drives it; no browser download).
exec bash "$(dirname "$0")/debian.sh" chromium chromium fonts-noto-core
