#!/usr/bin/env bash
# Refreshes web/vendor/ from the npm registry: installs the locked versions of package-lock.json
# and copies the minified front-end libraries (and their licences) that `depeche serve` embeds.
# `cargo build` never runs this: vendor/ is committed, so the build stays offline and npm-free.
# Run it after changing a version in package.json (`npm install` then rewrites the lock file).
set -euo pipefail
cd "$(dirname "$0")"

if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund
else
    npm install --no-audit --no-fund
fi

mkdir -p vendor
cp node_modules/cytoscape/dist/cytoscape.min.js vendor/cytoscape.min.js
cp node_modules/cytoscape/LICENSE vendor/cytoscape.LICENSE
version=$(node -p "require('./node_modules/cytoscape/package.json').version")
echo "cytoscape ${version}" > vendor/VERSIONS
echo "web/vendor: cytoscape ${version}" >&2
