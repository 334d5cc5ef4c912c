#!/bin/sh
# Build everything a guest run needs and run it.
#   qemu/guest.sh test|run|shell
# test: KUnit suites, kunit.py summary, log check, "N passed, N failed".
# run:  the demo client, then the debugfs statistics.
set -eu
mode=$1
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/build"
mkdir -p "$out"
t0=$(date +%s)

"$top/qemu/setup.sh"
kdir=$("$top/qemu/kernel.sh" test | tail -n 1)
echo "guest: kernel $kdir"
make -s -C "$kdir" M="$top" modules
make -s -C "$top/tools"
files="$top/wdfmem.ko $top/wdfmem_kunit.ko $top/wdfmem_demo.ko \
$top/wdfmem_edu.ko $top/tools/edu-dma $top/tools/edu-test"
"$top/qemu/initramfs.sh" "$out/initramfs-$mode.cpio.gz" $files
t1=$(date +%s)
echo "guest: modules and initramfs ready ($((t1 - t0))s); booting QEMU (TCG, -device edu)"

log="$out/guest-$mode.log"
if [ "$mode" = shell ]; then
	exec "$top/qemu/boot.sh" "$kdir" "$out/initramfs-$mode.cpio.gz" shell "$log"
fi
rc=0
"$top/qemu/boot.sh" "$kdir" "$out/initramfs-$mode.cpio.gz" "$mode" "$log" || rc=$?
t2=$(date +%s)
echo "guest: QEMU exited with $rc after $((t2 - t1))s; console log in $log"
case "$mode" in
test) exec python3 "$top/qemu/report.py" test "$log" "$out" "$kdir/source" ;;
run) exec python3 "$top/qemu/report.py" run "$log" ;;
esac
