#!/usr/bin/env bash
# Set up and build the knowledge graph of the bundled seeds into out/, then show the canned queries.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/orgkg build --out out
.venv/bin/orgkg query out awards
