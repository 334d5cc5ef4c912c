#!/bin/sh
# Run the device tests on Debian's own kernel, as a user's machine has it.
#
#   qemu/stock.sh debian-6.12 [MEM...]      default MEM: 2G 5G
#
# Fetches the newest linux-image, linux-headers (arch and common) and
# linux-kbuild packages of Debian's 6.12 kernel with "apt-get download"
# (never installed on the host), unpacks them once into
# $WDFMEM_CACHE/debian-<version>/, builds the modules against those headers
# in a copy of the sources, and boots the stock vmlinuz with a busybox
# initramfs once per MEM, running tools/edu-test as suite
# wdfmem_edu_debian_6_12_<mem>.  The stock kernel has no KUnit, KASAN or
# DMA-API debug; the log is still checked for any WARNING or BUG.
set -eu
flavour=${1:-debian-6.12}
shift || true
[ $# -gt 0 ] || set -- 2G 5G
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/build"
CACHE=${WDFMEM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/wdfmem}

case "$flavour" in
debian-6.12) series=6.12 ;;
*) echo "stock.sh: unknown kernel $flavour (debian-6.12)" >&2; exit 2 ;;
esac

"$top/qemu/setup.sh"
ver=$(apt-cache search --names-only "^linux-image-${series}\.[0-9]+\+deb12-amd64\$" |
	sed -n "s/^linux-image-\(${series}\.[0-9]*+deb12\)-amd64 .*/\1/p" |
	sort -V | tail -n 1)
[ -n "$ver" ] || { echo "stock.sh: no linux-image-$series package found" >&2; exit 1; }
dir="$CACHE/debian-$ver"
root="$dir/root"
hdr="$root/usr/src/linux-headers-$ver-amd64"
if [ ! -f "$dir/.wdfmem-unpacked" ]; then
	echo "stock: fetching Debian's $ver kernel and headers into $dir" >&2
	rm -rf "$dir"
	mkdir -p "$dir/debs" "$root"
	(cd "$dir/debs" && apt-get download -q "linux-image-$ver-amd64" \
		"linux-headers-$ver-amd64" "linux-headers-$ver-common" \
		"linux-kbuild-$ver" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
	for deb in "$dir"/debs/*.deb; do
		dpkg -x "$deb" "$root"
	done
	rm -rf "$dir/debs"
	# The headers' Makefile includes the common tree by its installed path.
	sed -i "s|^include /usr/src/|include $root/usr/src/|" "$hdr/Makefile"
	touch "$dir/.wdfmem-unpacked"
fi
kernel="$root/boot/vmlinuz-$ver-amd64"
[ -f "$kernel" ] || { echo "stock.sh: $kernel missing" >&2; exit 1; }

# Build in a copy, so the test kernel's objects stay as they are.
src="$out/stock-$ver-src"
rm -rf "$src"
mkdir -p "$src"
(cd "$top" && cp --parents Kbuild $(git ls-files 'module/*.[ch]' 'kunit/*.[ch]') "$src/")
echo "stock: building the modules against linux-headers-$ver-amd64" >&2
make -s -C "$hdr" M="$src" modules
make -s -C "$top/tools"
"$top/qemu/initramfs.sh" "$out/initramfs-stock.cpio.gz" "$src/wdfmem.ko" \
	"$src/wdfmem_edu.ko" "$top/tools/edu-dma" "$top/tools/edu-test"

logs=""
tag=$(echo "$series" | tr . _)
for mem in "$@"; do
	m=$(echo "$mem" | tr 'A-Z' 'a-z')
	log="$out/guest-stock-$ver-$m.log"
	t0=$(date +%s)
	rc=0
	"$top/qemu/boot.sh" "$kernel" "$out/initramfs-stock.cpio.gz" devtest \
		"$log" "$mem" 900 "wdfmem.suite=wdfmem_edu_debian_${tag}_$m" || rc=$?
	echo "stock: $ver with $mem exited with $rc after $(( $(date +%s) - t0 ))s; log in $log" >&2
	grep -h 'MemTotal .* bounced' "$log" | sed 's/^ *# */stock: /' >&2 || true
	logs="$logs $log"
done
# kunit.py from Debian's linux-source-6.12 parses the results: the whole
# tree if the test kernel unpacked it, else just tools/testing/kunit.
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
ksrc="$CACHE/src-$srcver/linux-source-6.12"
if [ ! -f "$ksrc/tools/testing/kunit/kunit.py" ]; then
	ksrc="$CACHE/kunit-py-$srcver/linux-source-6.12"
	[ -f "$ksrc/tools/testing/kunit/kunit.py" ] ||
		{ mkdir -p "$CACHE/kunit-py-$srcver" &&
		  tar -C "$CACHE/kunit-py-$srcver" -xf /usr/src/linux-source-6.12.tar.xz \
			linux-source-6.12/tools/testing/kunit; }
fi
# shellcheck disable=SC2086
exec python3 "$top/qemu/report.py" test "$out" "$ksrc" $logs
