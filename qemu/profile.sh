#!/bin/sh
# Where a benchmark's instructions go: boot the perf kernel under TCG with
# the tbprof plugin (qemu/tbprof.c) and print instructions per operation
# for each function, for one comparison of wdfmem_bench or one null-bench
# case.  A developer's tool; make bench does not need it.
#   qemu/profile.sh memory|lookaside|copy|tree OPS
#   qemu/profile.sh io:CASE:DEVICE:N OPS     (null-bench CASE DEVICE N)
# OPS divides the counts: the operations the window ran (memory: 4 sizes x
# 5 runs x 100,000 loops of each loop, wdfmem's and the peer's).
set -eu
what=$1 ops=$2
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/build"
mkdir -p "$out"
"$top/qemu/setup.sh"
kdir=$("$top/qemu/kernel.sh" perf | tail -n 1)
src="$out/perf-src"
rm -rf "$src"
mkdir -p "$src"
"$top/qemu/copy-sources.sh" "$src"
make -s -C "$top/tools"
make -s -C "$kdir" M="$src" modules
"$top/qemu/initramfs.sh" "$out/initramfs-profile.cpio.gz" \
	"$src/wdfmem.ko" "$src/wdfmem_bench.ko" "$top/tools/null-bench"
gcc -O2 -Wall -shared -fPIC -fvisibility=hidden -o "$out/tbprof.so" \
	"$top/qemu/tbprof.c" -lpthread
mark=$(awk '$3 == "__x64_sys_sync" { print "0x" $1 }' "$kdir/System.map")
counts="$out/profile-counts.txt"
rm -f "$counts"
WDFMEM_QEMU_ARGS="-icount shift=0,sleep=off -plugin $out/tbprof.so,mark=$mark,out=$counts" \
	"$top/qemu/boot.sh" "$kdir" "$out/initramfs-profile.cpio.gz" profile \
	"$out/guest-profile.log" 256M 900 "wdfmem.profile=$what"
exec python3 "$top/qemu/profile.py" "$kdir/System.map" \
	"$out/guest-profile.log" "$counts" "$ops"
