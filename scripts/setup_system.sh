#!/usr/bin/env bash
# System packages the portal needs beyond Python 3.11: Pango (WeasyPrint),
# a Times-New-Roman-metric font with Vietnamese (Liberation Serif, Tinos) and,
# for the browser tests, Debian's Chromium. On Debian or Ubuntu as root they are
# installed; elsewhere this names what is missing.
#   scripts/setup_system.sh          # what `make run` needs
#   scripts/setup_system.sh --test   # and Chromium for the browser tests
set -u
want_browser=0
[ "${1:-}" = "--test" ] && want_browser=1

missing=()
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi 'Liberation Serif' || missing+=(fonts-liberation2)
fc-list 2>/dev/null | grep -qi 'Tinos' || missing+=(fonts-croscore)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null && exit 0
  echo "apt-get could not install: ${missing[*]}" >&2
  exit 1
fi
if command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null && exit 0
fi
echo "Missing system packages: ${missing[*]}" >&2
echo "Install them (on Debian/Ubuntu: sudo apt-get install ${missing[*]}) and run make again." >&2
# Chromium alone only disables the browser tests outside CI; the rest is required.
if [ ${#missing[@]} -eq 1 ] && [ "${missing[0]}" = chromium ]; then
  exit 0
fi
exit 1
