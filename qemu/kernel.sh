#!/bin/sh
# Build (or reuse) the guest kernel for wdfmem.
#
#   qemu/kernel.sh test|perf      prints the build directory on the last line
#
# The source comes from Debian's linux-source-6.12 tarball and is unpacked
# once into $WDFMEM_CACHE/src-<package version>.  Each kernel is built in
# $WDFMEM_CACHE/kbuild-<package version>-<flavour>-<hash of base.config, the
# flavour's fragment and the recipe version>, so a second run with nothing
# changed rebuilds nothing.
set -eu

flavour=${1:-test}
here=$(cd "$(dirname "$0")" && pwd)
frag="$here/$flavour.config"
base="$here/base.config"
[ -f "$frag" ] || { echo "kernel.sh: no fragment $frag" >&2; exit 2; }

CACHE=${WDFMEM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/wdfmem}
tarball=/usr/src/linux-source-6.12.tar.xz
[ -f "$tarball" ] || { echo "kernel.sh: $tarball missing (run qemu/setup.sh)" >&2; exit 1; }
ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
src="$CACHE/src-$ver/linux-source-6.12"

mkdir -p "$CACHE"
if [ ! -f "$src/.wdfmem-unpacked" ]; then
	echo "kernel: unpacking linux-source-6.12 $ver into $CACHE" >&2
	rm -rf "$CACHE/src-$ver"
	mkdir -p "$CACHE/src-$ver"
	tar -C "$CACHE/src-$ver" -xf "$tarball"
	touch "$src/.wdfmem-unpacked"
fi

# Bump RECIPE when the build steps below change in a way that alters the
# kernel; the hash covers the fragments and the recipe, nothing else.
RECIPE=2
hash=$( (echo "recipe $RECIPE"; cat "$base" "$frag") | sha256sum | cut -c1-12)
out="$CACHE/kbuild-$ver-$flavour-$hash"
if [ -f "$out/.wdfmem-built" ]; then
	echo "kernel: cached $flavour kernel $out" >&2
	echo "$out"
	exit 0
fi

jobs=$(nproc)
echo "kernel: building the $flavour kernel in $out ($jobs jobs)" >&2
echo "kernel: a first build takes about 6-10 minutes on 2 cores" >&2
mkdir -p "$out"
make -s -C "$src" O="$out" ARCH=x86_64 tinyconfig >/dev/null
(cd "$src" && ARCH=x86_64 scripts/kconfig/merge_config.sh -m -O "$out" \
	"$out/.config" "$base" "$frag" >/dev/null)
make -s -C "$src" O="$out" ARCH=x86_64 olddefconfig
bad=0
grep -hE '^(CONFIG_[A-Z0-9_]+=.*|# CONFIG_[A-Z0-9_]+ is not set)' "$base" "$frag" |
while read -r line; do
	if ! grep -qxF "$line" "$out/.config"; then
		echo "kernel: option did not survive olddefconfig: $line" >&2
		exit 1
	fi
done || bad=1
[ "$bad" -eq 0 ] || exit 1

start=$(date +%s)
log="$out/build.log"
# Progress: one line every 500 build steps, with elapsed time.
make -C "$src" O="$out" ARCH=x86_64 -j"$jobs" bzImage modules >"$log" 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
	sleep 30
	n=$(grep -c '^  [A-Z]' "$log" 2>/dev/null || true)
	echo "kernel: $(( $(date +%s) - start ))s, $n build steps" >&2
done
if ! wait "$pid"; then
	tail -n 40 "$log" >&2
	echo "kernel: build failed, full log in $log" >&2
	exit 1
fi
echo "kernel: built in $(( $(date +%s) - start ))s" >&2
touch "$out/.wdfmem-built"
echo "$out"
