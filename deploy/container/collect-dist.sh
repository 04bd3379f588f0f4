#!/bin/sh
# Collects what the runtime image runs from a built repository: the compiled apps and
# libraries (every apps/*/dist and libs/*/dist, with their paths), without what only tests
# need: libs/testing and e2e entirely, each project's compiled test/ folder (integration
# tests), compiled specs, declaration files and build info. Source maps of the code that
# ships stay (the apps run with --enable-source-maps).
#
#   sh deploy/container/collect-dist.sh <repository root> <output folder>
#
# Run by the Dockerfile's build stage; e2e/platform/test/container-image.spec.ts runs it
# on a made-up tree and on the real build, so what the image ships is tested without Docker.
set -eu
src="${1:?usage: collect-dist.sh <repository root> <output folder>}"
out="${2:?usage: collect-dist.sh <repository root> <output folder>}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$src"
for dist in apps/*/dist libs/*/dist; do
  [ -d "$dist" ] || continue
  [ "$dist" = libs/testing/dist ] && continue
  cp -a --parents "$dist" "$out/"
done
find "$out" -depth -type d -path '*/dist/test' -exec rm -rf {} +
find "$out" -type f \( -name '*.spec.js' -o -name '*.spec.js.map' -o -name '*.d.ts' -o -name '*.d.ts.map' -o -name '*.tsbuildinfo' \) -delete
if [ -z "$(ls -A "$out")" ]; then
  echo 'collect-dist.sh: no apps/*/dist or libs/*/dist folder was built' >&2
  exit 1
fi
