#!/bin/sh
# Installs the Debian packages the softphone tests need: a real SIP registrar/proxy (Kamailio with its
# WebSocket listener) and sipp for the far ends. Idempotent and quiet; CI calls it before the e2e run.
set -eu

packages="kamailio kamailio-websocket-modules sip-tester"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo -n"
else
  echo "install-deps: need root or sudo to install:$missing" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Only refresh the package lists when apt has never fetched them (fresh containers).
if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
  $as_root apt-get update -qq >/dev/null 2>&1
fi
# The kamailio package would start a system-wide daemon on port 5060; the tests start their own.
if [ ! -e /usr/sbin/policy-rc.d ] && [ "$(id -u)" -eq 0 ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
log=$(mktemp)
# shellcheck disable=SC2086
if ! $as_root apt-get install -y -qq --no-install-recommends $missing >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
