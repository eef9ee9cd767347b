#!/usr/bin/env bash
# Make sure the Debian packages the test suite needs are on the machine: Chromium for the
# browser tests and PostgreSQL for the second database run. As root it installs them with
# apt; otherwise it prints the exact command. Under CI=true a missing package is an error.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
# WeasyPrint renders PDFs through Pango.
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  exit 0
fi

echo "!! Missing Debian packages: ${need[*]}" >&2
echo "!! Install them with:  sudo apt-get install ${need[*]}" >&2
if [ "${CI:-}" = "true" ]; then
  exit 1
fi
