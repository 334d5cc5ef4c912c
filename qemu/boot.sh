#!/bin/sh
# Boot the guest under TCG with the edu device and capture the console.
#   qemu/boot.sh KDIR INITRD MODE LOG [MEM] [TIMEOUT_S] [EXTRA_APPEND]
# MODE is test, devtest, run, bench or shell; shell is interactive.  MEM is
# the guest's RAM (256M: all of it inside the edu device's 28-bit mask).
set -eu
kdir=$1 initrd=$2 mode=$3 log=$4 mem=${5:-256M} tmo=${6:-900} extra=${7:-}
# KDIR is a kernel build tree, or a kernel image (a distribution's vmlinuz).
kernel=$kdir
[ -f "$kernel" ] || kernel="$kdir/arch/x86/boot/bzImage"
# -icount with sleep=off lets virtual time jump ahead while the guest
# waits for the device's 100 ms DMA timer: make test took 88 s of wall time
# without it and 40 s with it, for the same 83-90 s of guest time.
# WDFMEM_QEMU_ARGS replaces it (set it to " " to run without icount).
icount=${WDFMEM_QEMU_ARGS:--icount shift=auto,sleep=off}
# WDFMEM_QEMU_DEVICES adds devices before edu (an IOMMU must come first).
devices=${WDFMEM_QEMU_DEVICES:-}
# shellcheck disable=SC2086
set -- qemu-system-x86_64 $icount -nodefaults -no-reboot -machine q35 -cpu max \
	-smp 2 -m "$mem" $devices -device edu -kernel "$kernel" \
	-initrd "$initrd" \
	-append "console=ttyS0 panic=-1 oops=panic kmemleak=on wdfmem.mode=$mode $extra"
if [ "$mode" = shell ]; then
	exec "$@" -nographic -serial mon:stdio
fi
run() {
	timeout --foreground "$tmo" "$@" -display none -serial stdio </dev/null >"$log" 2>&1
}
rm -f "$log.dead-boot"
ret=0
run "$@" || ret=$?
# A kernel that dies before /init has run (QEMU 7.2's TCG now and then
# corrupts a guest's early boot: garbage EFLAGS, then an oops in generic
# code) is booted once more; the dead boot's log is kept beside the new one
# and said.  Nothing that happens after /init started is ever retried.
if ! grep -q '^WDFMEM-GUEST-BEGIN' "$log" && grep -q 'Kernel panic' "$log"; then
	mv "$log" "$log.dead-boot"
	echo "boot: the kernel died before /init ran ($log.dead-boot); booting again" >&2
	ret=0
	run "$@" || ret=$?
fi
exit "$ret"
