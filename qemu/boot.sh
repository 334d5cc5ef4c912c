#!/bin/sh
# Boot the guest under TCG with the edu device and capture the console.
#   qemu/boot.sh KDIR INITRD MODE LOG [TIMEOUT_S]
# MODE is test, run or shell; shell is interactive.
set -eu
kdir=$1 initrd=$2 mode=$3 log=$4 tmo=${5:-900}
set -- qemu-system-x86_64 -nodefaults -no-reboot -machine q35 -cpu max \
	-smp 2 -m 256M -device edu -kernel "$kdir/arch/x86/boot/bzImage" \
	-initrd "$initrd" \
	-append "console=ttyS0 panic=-1 oops=panic kmemleak=on wdfmem.mode=$mode"
if [ "$mode" = shell ]; then
	exec "$@" -nographic -serial mon:stdio
fi
timeout --foreground "$tmo" "$@" -display none -serial stdio </dev/null >"$log" 2>&1
