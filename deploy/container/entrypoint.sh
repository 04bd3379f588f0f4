#!/bin/sh
# Entry point of the igs/platform image (see deploy/container/Dockerfile).
#
# With no arguments it starts the app named by APP from the repo root (/app):
#   node --enable-source-maps --max-semi-space-size=64 apps/${APP}/dist/src/main.js
# With arguments it runs them instead (e.g. `docker run --rm igs/platform:dev node -v`).
set -eu

if [ "$#" -gt 0 ]; then
  exec "$@"
fi

cd /app

app="${APP:-}"
available="$(ls apps 2>/dev/null | tr '\n' ' ')"
case "$app" in
  '' | *[!A-Za-z0-9_-]*)
    echo "igs-entrypoint: APP must name a folder under apps/ (got '${app}'); this image has: ${available}" >&2
    exit 64
    ;;
esac

main="apps/${app}/dist/src/main.js"
if [ ! -f "$main" ]; then
  echo "igs-entrypoint: ${main} not found; this image has: ${available}" >&2
  exit 64
fi

# A larger young generation: a request allocates many short-lived objects, and with V8's
# default semi-space the scavenges cost a tenth of the gateway's CPU under load (the data-call
# bench measured 11 % less gateway CPU per call with this). Keep in step with tools/stack/services.mjs.
exec node --enable-source-maps --max-semi-space-size=64 "$main"
