#!/usr/bin/env bash
# Set up and run the whole test suite (what CI runs through .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/browser.sh
bash scripts/virtuoso.sh
exec .venv/bin/python -m pytest -q tests "$@"
