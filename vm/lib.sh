# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the vm/ scripts (sourced, not run).

: "${CAPSICUM_CACHE:=/var/cache/capsicum-linux}"
export CAPSICUM_CACHE
mkdir -p "$CAPSICUM_CACHE"

log() { printf '[vm] %s\n' "$*" >&2; }
die() {
	printf '[vm] error: %s\n' "$*" >&2
	exit 1
}

# apt's lists are needed to resolve versions; refresh them once per hour.
apt_update_once() {
	local stamp="$CAPSICUM_CACHE/.apt-updated"
	if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
		apt-get update -qq >/dev/null || die "apt-get update failed"
		touch "$stamp"
	fi
}
