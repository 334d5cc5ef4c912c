#!/bin/sh
# Build the guest initramfs: static busybox, the modules, the tools, /init.
#   qemu/initramfs.sh OUT.cpio.gz FILE...
# A FILE ending in .ko goes to /lib/wdfmem, any other to /bin.
set -eu
out=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/sbin" "$root/proc" "$root/sys" "$root/dev" \
	"$root/lib/wdfmem" "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
for app in $("$root/bin/busybox" --list); do
	[ -e "$root/bin/$app" ] || ln -s busybox "$root/bin/$app"
done
cp "$here/init.sh" "$root/init"
chmod 755 "$root/init"
for f in "$@"; do
	case "$f" in
	*.ko) cp "$f" "$root/lib/wdfmem/" ;;
	*) cp "$f" "$root/bin/" ;;
	esac
done
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
