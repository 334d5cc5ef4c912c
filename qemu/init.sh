#!/bin/sh
# /init of the wdfmem guest.  The mode comes from the kernel command line:
# wdfmem.mode=test (KUnit suites), run (demo + statistics) or shell.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
D=/sys/kernel/debug
M=/lib/wdfmem
mode=test
suite=wdfmem_edu
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	wdfmem.mode=*) mode=${arg#wdfmem.mode=} ;;
	wdfmem.suite=*) suite=${arg#wdfmem.suite=} ;;
	esac
done
echo "WDFMEM-GUEST-BEGIN mode=$mode"

# Print a file between markers with the console quiet, so kernel messages
# cannot split its lines.
dump() {
	lvl=$(cut -f1 /proc/sys/kernel/printk)
	echo 1 >/proc/sys/kernel/printk
	echo "WDFMEM-FILE-BEGIN $1"
	cat "$2"
	echo "WDFMEM-FILE-END $1"
	echo "$lvl" >/proc/sys/kernel/printk
}

leakcheck() {
	[ -w $D/kmemleak ] || return 0
	sleep 6
	echo scan >$D/kmemleak
	dump kmemleak $D/kmemleak
}

insmod $M/wdfmem.ko || echo "WDFMEM-ERROR insmod wdfmem"

case "$mode" in
test)
	insmod $M/wdfmem_kunit.ko || echo "WDFMEM-ERROR insmod wdfmem_kunit"
	for s in $D/kunit/wdfmem*; do
		[ -f "$s/results" ] && dump "kunit:${s##*/}" "$s/results"
	done
	rmmod wdfmem_kunit || echo "WDFMEM-ERROR rmmod wdfmem_kunit"
	insmod $M/wdfmem_edu.ko || echo "WDFMEM-ERROR insmod wdfmem_edu"
	bdf=$(ls /sys/bus/pci/drivers/wdfmem_edu | grep '^0000:' | head -n 1)
	edu-test --slow --pci "$bdf" >/tmp/edu.ktap 2>&1
	dump ktap:wdfmem_edu /tmp/edu.ktap
	edu-test --trace >/tmp/trace.ktap 2>&1
	dump ktap:wdfmem_trace /tmp/trace.ktap
	edu-test --stat --pci "$bdf" >/tmp/stat.ktap 2>&1
	dump ktap:wdfmem_stat /tmp/stat.ktap
	for f in $D/wdfmem_edu/*/*; do echo "${f##*/} $(cat "$f")"; done >/tmp/edu.stats
	dump edu-stats /tmp/edu.stats
	rmmod wdfmem_edu || echo "WDFMEM-ERROR rmmod wdfmem_edu"
	insmod $M/wdfmem_edu.ko msi=0 || echo "WDFMEM-ERROR insmod wdfmem_edu msi=0"
	grep -q 'IO-APIC.*wdfmem_edu\|XT-PIC.*wdfmem_edu' /proc/interrupts ||
		echo "WDFMEM-ERROR wdfmem_edu msi=0 is not on INTx"
	edu-test --intx >/tmp/intx.ktap 2>&1
	dump ktap:wdfmem_edu_intx /tmp/intx.ktap
	rmmod wdfmem_edu || echo "WDFMEM-ERROR rmmod wdfmem_edu"
	dump stats $D/wdfmem/stats
	rmmod wdfmem || echo "WDFMEM-ERROR rmmod wdfmem"
	leakcheck
	;;
soak)
	# The soak alone, in a guest without -icount: both vCPUs run at once.
	insmod $M/wdfmem_soak.ko || echo "WDFMEM-ERROR insmod wdfmem_soak"
	for s in $D/kunit/wdfmem*; do
		[ -f "$s/results" ] && dump "kunit:${s##*/}" "$s/results"
	done
	rmmod wdfmem_soak || echo "WDFMEM-ERROR rmmod wdfmem_soak"
	dump stats $D/wdfmem/stats
	rmmod wdfmem || echo "WDFMEM-ERROR rmmod wdfmem"
	leakcheck
	;;
devtest)
	# The device tests alone, in a guest whose RAM the device cannot reach
	# in full: the framework must bounce what lies beyond its mask.
	insmod $M/wdfmem_edu.ko || echo "WDFMEM-ERROR insmod wdfmem_edu"
	bdf=$(ls /sys/bus/pci/drivers/wdfmem_edu | grep '^0000:' | head -n 1)
	edu-test --slow --pci "$bdf" --suite "$suite" >/tmp/edu.ktap 2>&1
	dump "ktap:$suite" /tmp/edu.ktap
	dump stats $D/wdfmem/stats
	rmmod wdfmem_edu || echo "WDFMEM-ERROR rmmod wdfmem_edu"
	rmmod wdfmem || echo "WDFMEM-ERROR rmmod wdfmem"
	leakcheck
	;;
run)
	insmod $M/wdfmem_demo.ko || echo "WDFMEM-ERROR insmod wdfmem_demo"
	insmod $M/wdfmem_edu.ko || echo "WDFMEM-ERROR insmod wdfmem_edu"
	dd if=/dev/urandom of=/tmp/file bs=1024 count=64 2>/dev/null
	edu-dma --file /tmp/file --offset 1 >/tmp/edu-dma.out 2>&1 ||
		echo "WDFMEM-ERROR edu-dma failed"
	dump edu-dma /tmp/edu-dma.out
	wdfmem-stat >/tmp/stat.out 2>&1 || echo "WDFMEM-ERROR wdfmem-stat failed"
	dump wdfmem-stat /tmp/stat.out
	rmmod wdfmem_edu || echo "WDFMEM-ERROR rmmod wdfmem_edu"
	rmmod wdfmem_demo || echo "WDFMEM-ERROR rmmod wdfmem_demo"
	wdfmem-stat >/tmp/stat.out 2>&1 || echo "WDFMEM-ERROR wdfmem-stat failed"
	dump wdfmem-stat-after-unload /tmp/stat.out
	rmmod wdfmem || echo "WDFMEM-ERROR rmmod wdfmem"
	;;
bench)
	insmod $M/wdfmem_bench.ko || echo "WDFMEM-ERROR insmod wdfmem_bench"
	rmmod wdfmem_bench
	rmmod wdfmem || echo "WDFMEM-ERROR rmmod wdfmem"
	;;
shell)
	echo "wdfmem guest shell: wdfmem.ko loaded; insmod the others from $M; statistics in $D/wdfmem"
	setsid cttyhack sh
	;;
esac
echo "WDFMEM-GUEST-END"
poweroff -f
