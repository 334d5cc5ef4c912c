#!/bin/sh
# Install the Debian packages wdfmem needs, only those that are missing.
# Safe to run any number of times; runs apt-get update at most once.
set -eu

PKGS="qemu-system-x86 busybox-static cpio kmod flex bison bc libelf-dev \
libssl-dev linux-source-6.12 xz-utils gcc libc6-dev make python3 perl dwarves \
sparse gnuplot-nox"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*"ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

[ -z "$missing" ] && exit 0

echo "setup: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "setup: done"
