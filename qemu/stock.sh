#!/bin/sh
# Run the device tests on Debian's own kernel, as a user's machine has it.
#
#   qemu/stock.sh [--logs] debian-6.12|debian-6.1 [MEM...]   default MEM: 2G
#
# Fetches the newest linux-image, linux-headers (arch and common) and
# linux-kbuild packages of Debian 12's 6.12 (backports) or 6.1 (default)
# kernel with "apt-get download" (never installed on the host), unpacks
# them once into $WDFMEM_CACHE/debian-<version>/, builds the modules
# against those headers in a copy of the sources (no warnings allowed), and
# boots the stock vmlinuz with a busybox initramfs once per MEM, running
# tools/edu-test as suite wdfmem_edu_debian_<series>_<mem>.  The stock
# kernels have no KUnit, KASAN or DMA-API debug; the log is still checked
# for any WARNING or BUG.  With --logs the logs are printed for make test
# to report; without, the kernel's kunit.py reports them here.
set -eu
logs_only=0
append=
fetch_only=0
run_demo=0
case "${1:-}" in
--logs) logs_only=1; shift ;;
# --run: make run's demo on the stock kernel instead of the device tests.
--run) run_demo=1; shift ;;
# --fetch: only fetch and unpack; print "<uname -r> <headers dir> <vmlinuz>".
--fetch) fetch_only=1; shift ;;
esac
flavour=${1:-debian-6.12}
shift || true
[ $# -gt 0 ] || set -- 2G
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/build"
CACHE=${WDFMEM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/wdfmem}

case "$flavour" in
debian-6.12) series=6.12 pattern='6\.12\.[0-9]+\+deb12' ;;
debian-6.1) series=6.1 pattern='6\.1\.0-[0-9]+'
	# Under -icount, 6.1 spent 130 s of its boot calibrating the delay loop
	# and bringing up the second CPU; with these it boots in seconds.  Its
	# tickless idle let the first CPU spin for 16-58 s of guest time while
	# the second came up (TCG runs one vCPU at a time and switches at the
	# next timer); with a periodic tick, 4-13 s.
	append="lpj=4000000 tsc=reliable nohz=off" ;;
*) echo "stock.sh: unknown kernel $flavour (debian-6.12 or debian-6.1)" >&2; exit 2 ;;
esac

"$top/qemu/setup.sh" >&2
# The newest version the package lists name, and where it is unpacked.
resolve() {
	ver=$(apt-cache search --names-only "^linux-image-${pattern}-amd64\$" |
		sed -n 's/^linux-image-\(.*\)-amd64 .*/\1/p' | sort -V | tail -n 1)
	[ -n "$ver" ] || return 1
	# 6.1's kbuild package is one per series; 6.12's one per version.
	case "$series" in
	6.1) kbuild=linux-kbuild-6.1 ;;
	*) kbuild=linux-kbuild-$ver ;;
	esac
	dir="$CACHE/debian-$ver"
	root="$dir/root"
	hdr="$root/usr/src/linux-headers-$ver-amd64"
}

# Download the four packages; false unless all four arrived.
fetch() {
	echo "stock: fetching Debian's $ver kernel and headers into $dir" >&2
	rm -rf "$dir"
	mkdir -p "$dir/debs" "$root"
	(cd "$dir/debs" && apt-get download -q "linux-image-$ver-amd64" \
		"linux-headers-$ver-amd64" "linux-headers-$ver-common" \
		"$kbuild" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
	[ "$(find "$dir/debs" -name '*.deb' | wc -l)" -eq 4 ]
}

resolve || true
if [ -z "$ver" ] || [ ! -f "$dir/.wdfmem-unpacked" ]; then
	# Stale package lists name versions the archive no longer has.
	if [ -z "$ver" ] || ! fetch; then
		echo "stock: refreshing the package lists and trying again" >&2
		apt-get update -qq >&2 || true
		resolve || { echo "stock.sh: no linux-image-$series package found" >&2; exit 1; }
		[ -f "$dir/.wdfmem-unpacked" ] || fetch ||
			{ echo "stock.sh: could not download Debian's $ver packages" >&2; exit 1; }
	fi
fi
if [ ! -f "$dir/.wdfmem-unpacked" ]; then
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
if [ "$fetch_only" -eq 1 ]; then
	echo "$ver-amd64 $hdr $kernel"
	exit 0
fi

# Build in a copy, so the test kernel's objects stay as they are.
src="$out/stock-$ver-src"
rm -rf "$src"
mkdir -p "$src"
"$top/qemu/copy-sources.sh" "$src"
echo "stock: building the modules against linux-headers-$ver-amd64" >&2
blog="$out/stock-$ver-build.log"
make -C "$hdr" M="$src" modules >"$blog" 2>&1 ||
	{ cat "$blog" >&2; echo "stock.sh: build against $ver failed" >&2; exit 1; }
if grep -q 'warning:' "$blog"; then
	grep 'warning:' "$blog" >&2
	echo "stock.sh: the build against $ver has warnings" >&2
	exit 1
fi
make -s -C "$top/tools" >&2
initrd="$out/initramfs-stock-$ver.cpio.gz"
"$top/qemu/initramfs.sh" "$initrd" "$src/wdfmem.ko" "$src/wdfmem_demo.ko" "$src/wdfmem_kmdf_sample.ko" \
	"$src/wdfmem_edu.ko" "$src/wdfmem_upper.ko" "$top/tools/edu-dma" "$top/tools/edu-test" \
	"$top/tools/wdfmem-stat"
if [ "$run_demo" -eq 1 ]; then
	log="$out/guest-run-stock-$ver.log"
	rc=0
	"$top/qemu/boot.sh" "$kernel" "$initrd" run "$log" "$1" 900 "$append" || rc=$?
	echo "stock: make run on $ver with $1 exited with $rc; log in $log" >&2
	exec python3 "$top/qemu/report.py" run "$log"
fi

logs=""
tag=$(echo "$series" | tr . _)
for mem in "$@"; do
	m=$(echo "$mem" | tr 'A-Z' 'a-z')
	log="$out/guest-stock-$ver-$m.log"
	t0=$(date +%s)
	rc=0
	# Debian 12's own kernel also runs the upper driver's suites.
	extra=""
	devices=""
	[ "$series" = 6.1 ] && extra="wdfmem.upper=1"
	# 2G-iommu: behind QEMU's intel-iommu, in a translated (strict) domain.
	case "$mem" in
	*-iommu)
		mem=${mem%-iommu}
		devices="-device intel-iommu"
		extra="$extra wdfmem.iommu=1 intel_iommu=on iommu.passthrough=0 iommu.strict=1" ;;
	esac
	WDFMEM_QEMU_DEVICES="$devices" "$top/qemu/boot.sh" "$kernel" "$initrd" devtest \
		"$log" "$mem" 900 "wdfmem.suite=wdfmem_edu_debian_${tag}_$(echo "$m" | tr - _) $extra $append" || rc=$?
	echo "stock: $ver with $mem exited with $rc after $(( $(date +%s) - t0 ))s; log in $log" >&2
	grep -h 'MemTotal .* bounced' "$log" | sed 's/^ *# */stock: /' >&2 || true
	logs="$logs $log"
done
if [ "$logs_only" -eq 1 ]; then
	echo "$logs"
	exit 0
fi
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
