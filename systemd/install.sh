#!/usr/bin/env bash
# Installs (or upgrades) the self-checkout station on Raspberry Pi OS (Bookworm or later), as root:
#   sudo ./systemd/install.sh [--role kiosk|gate|inventory|encoder] [--kiosk-browser] [--ils-address ADDR]
# - Node.js 20+ from Debian/Raspberry Pi OS (nodejs + npm), socat-free runtime deps, build tools for the optional native modules;
# - the code in /opt/selfcheck (npm ci --omit=dev), the units, udev rules and module list;
# - /etc/selfcheck/config.yaml on first install only (an upgrade keeps the config and credentials);
# - journald retention of 30 days for the service's logs (privacy inventory: ops.logs).
set -euo pipefail

role=kiosk
browser=no
ils_address=""
while [ $# -gt 0 ]; do
  case "$1" in
    --role) role="$2"; shift 2 ;;
    --kiosk-browser) browser=yes; shift ;;
    --ils-address) ils_address="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case "$role" in kiosk|gate|inventory|encoder) ;; *) echo "--role must be kiosk, gate, inventory or encoder" >&2; exit 2 ;; esac
[ "$(id -u)" -eq 0 ] || { echo "run as root (sudo)" >&2; exit 1; }

src="$(cd "$(dirname "$0")/.." && pwd)"
export DEBIAN_FRONTEND=noninteractive

echo "== packages"
apt-get update -qq
apt-get install -y -qq --no-install-recommends nodejs npm python3 make g++ libusb-1.0-0 udev gpiod curl
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node.js $node_major is too old (need 20+). Install Node 20 from your distribution's backports or NodeSource, then re-run." >&2
  exit 1
fi
if [ "$browser" = yes ]; then apt-get install -y -qq --no-install-recommends cage chromium; fi

echo "== code in /opt/selfcheck"
install -d -m 0755 /opt/selfcheck
# Copy the tree (not node_modules or local data), then install production dependencies from the lock file.
tar -C "$src" --exclude=./node_modules --exclude=./data --exclude=./test-output --exclude=./.git -cf - . | tar -C /opt/selfcheck -xf -
(cd /opt/selfcheck && npm ci --omit=dev --no-fund --no-audit)
# The CLI runs TypeScript through tsx, which is a runtime dependency for that reason.
chmod 0755 /opt/selfcheck/bin/selfcheck.js
ln -sf /opt/selfcheck/bin/selfcheck.js /usr/local/bin/selfcheck

echo "== configuration (kept on upgrade)"
install -d -m 0755 /etc/selfcheck
install -d -m 0700 /etc/selfcheck/credentials
if [ ! -f /etc/selfcheck/config.yaml ]; then
  cat > /etc/selfcheck/config.yaml <<CONF
# Self-checkout station configuration. Every key and its default: \`selfcheck config\`. Check it with \`selfcheck --config /etc/selfcheck/config.yaml config\`.
general:
  role: $role
  stationId: $(hostname)
sip2:
  mode: builtin          # set to remote and fill in host/port/tls/user for your ILS
  # host: ils.example.org
  # port: 6001
  # tls: { enabled: true, caFile: /etc/selfcheck/ils-ca.pem }
  # user: selfcheck1
  # institution: MAIN
  # location: SC1
reader:
  driver: sim            # feig | 3m | ti-ascii, with port: /dev/serial/by-id/...
CONF
  chmod 0644 /etc/selfcheck/config.yaml
  echo "wrote /etc/selfcheck/config.yaml"
else
  echo "kept /etc/selfcheck/config.yaml"
fi
if [ ! -f /etc/selfcheck/credentials/sip2-password ]; then
  : > /etc/selfcheck/credentials/sip2-password
  chmod 0600 /etc/selfcheck/credentials/sip2-password
  echo "put the ILS's SIP2 password in /etc/selfcheck/credentials/sip2-password"
fi

echo "== units, udev, modules"
install -m 0644 "$src/systemd/selfcheck.service" /etc/systemd/system/selfcheck.service
install -m 0644 "$src/systemd/selfcheck-kiosk@.service" /etc/systemd/system/selfcheck-kiosk@.service
install -m 0644 "$src/systemd/60-selfcheck-readers.rules" /etc/udev/rules.d/60-selfcheck-readers.rules
install -m 0644 "$src/systemd/modules-load-selfcheck.conf" /etc/modules-load.d/selfcheck.conf
getent group gpio >/dev/null || groupadd --system gpio
getent group plugdev >/dev/null || groupadd --system plugdev
if [ -n "$ils_address" ]; then
  install -d /etc/systemd/system/selfcheck.service.d
  printf '[Service]\nIPAddressAllow=%s\n' "$ils_address" > /etc/systemd/system/selfcheck.service.d/ils.conf
fi
install -d /etc/systemd/journald.conf.d
printf '[Journal]\nMaxRetentionSec=30day\n' > /etc/systemd/journald.conf.d/selfcheck.conf
udevadm control --reload-rules && udevadm trigger || true
systemctl daemon-reload
systemctl restart systemd-journald || true
# restart, not enable --now: on an upgrade the running service must pick up the new code.
systemctl enable selfcheck.service
systemctl restart selfcheck.service
if [ "$browser" = yes ]; then
  id selfcheck-kiosk >/dev/null 2>&1 || useradd --system --create-home --groups video,render,input selfcheck-kiosk
  systemctl enable selfcheck-kiosk@tty1.service
  systemctl restart selfcheck-kiosk@tty1.service
fi

echo "== done"
systemd-analyze security selfcheck.service | tail -1 || true
echo "privacy audit: selfcheck --config /etc/selfcheck/config.yaml privacy-audit"
