#!/usr/bin/env bash
# Screenshot a built HTML page in headless Chromium, with no network.
# Usage: scripts/screenshot.sh _build/html/chapters/02_integration.html out.png [height]
set -euo pipefail
page=$(realpath "$1"); out=$2; h=${3:-3000}
prof=$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$prof" --hide-scrollbars --virtual-time-budget=8000 \
  --window-size=1280,"$h" --screenshot="$out" "file://$page" >/dev/null 2>&1
rm -rf "$prof"
echo "$out"
