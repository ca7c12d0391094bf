#!/usr/bin/env bash
# CI: build the Linux one-folder bundle and smoke-test it (docs/spec.md §10). Exit non-zero on failure.
#
#     bash installer/ci.sh          # from a fresh clone: ~2.5 minutes on 2 cores (clean build ~2 min, smoke ~12 s)
#
# Skip it locally by not running it; `CRMDESK_SKIP_BUNDLE=1 bash installer/ci.sh` skips it in CI too.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${CRMDESK_SKIP_BUNDLE:-0}" = "1" ]; then
  echo "bundle build skipped (CRMDESK_SKIP_BUNDLE=1)"
  exit 0
fi
started=$(date +%s)

# objcopy (binutils) writes the archive into the executables; the CJK font is shipped in the bundle
# for PDFs; pdftotext checks the smoke PDF; the rest are what Qt's offscreen platform loads.
PACKAGES="binutils fonts-wqy-microhei poppler-utils libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3"
if command -v apt-get >/dev/null 2>&1; then
  missing=""
  for package in $PACKAGES; do
    dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
  done
  if [ -n "$missing" ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

python3 -m pip install --quiet -e ".[build]"
python3 installer/build.py --clean
echo "installer/ci.sh: $(( $(date +%s) - started )) s in all"
