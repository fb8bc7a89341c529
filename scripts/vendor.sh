#!/usr/bin/env bash
# Re-create the bundled front-end files in viz/assets from the npm registry.
# Only needed when upgrading them: the files are committed, so installs and
# runs never touch the network.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp viz/package.json "$tmp/"
[ -f viz/package-lock.json ] && cp viz/package-lock.json "$tmp/"
(cd "$tmp" && npm install --no-audit --no-fund --ignore-scripts >/dev/null)
cp "$tmp/package-lock.json" viz/package-lock.json
y="$tmp/node_modules/@zazuko/yasgui"
cp "$y/build/yasgui.min.js" "$y/build/yasgui.min.css" viz/assets/
cp "$y/LICENSE" viz/assets/yasgui.LICENSE 2>/dev/null || echo "MIT, (c) Triply and Zazuko: https://github.com/zazuko/Yasgui" > viz/assets/yasgui.LICENSE
echo "vendored: $(ls viz/assets)"
