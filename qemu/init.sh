#!/bin/sh
# /init of the wdfmem guest.  The mode comes from the kernel command line:
# wdfmem.mode=test (KUnit suites), run (demo + statistics) or shell; and
# the benchmark's bench and scaling.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
D=/sys/kernel/debug
M=/lib/wdfmem
mode=test
suite=wdfmem_edu
upper=0
iommu=
profile=
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	wdfmem.mode=*) mode=${arg#wdfmem.mode=} ;;
	wdfmem.suite=*) suite=${arg#wdfmem.suite=} ;;
	wdfmem.upper=1) upper=1 ;;
	wdfmem.iommu=1) iommu=--iommu ;;
	wdfmem.profile=*) profile=${arg#wdfmem.profile=} ;;
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

# Load and unload a module of $M; a failure is an error line the report
# counts.
load() {
	m=$1
	shift
	insmod "$M/$m.ko" "$@" || echo "WDFMEM-ERROR insmod $m $*"
}

unload() {
	rmmod "$1" || echo "WDFMEM-ERROR rmmod $1"
}

# Every KUnit suite's results that a module's load ran.
dump_kunit() {
	for s in $D/kunit/wdfmem*; do
		[ -f "$s/results" ] && dump "kunit:${s##*/}" "$s/results"
	done
}

# The edu device's PCI address, once wdfmem_edu has bound it.
edu_bdf() {
	ls /sys/bus/pci/drivers/wdfmem_edu | grep '^0000:' | head -n 1
}

# Slab bytes of every cache, or of the caches named $1*, from slabinfo.
slab_bytes() {
	awk -v p="$1" 'NR > 2 && (p == "" || index($1, p) == 1) { s += $15 * $6 * 4096 }
		END { printf "%d\n", s }' /proc/slabinfo
}

# Slab bytes per object: KIND SIZE held N times (wdfmem_bench's "hold").
# Every cache gives back its empty slabs first, so the objects are counted
# in slabs of their own rather than in space an earlier row left free.
# Whatever else the kernel allocates or frees meanwhile moves the total by
# a few slabs either way: the median of three holds, rounded to the byte.
bytes_per() {
	vals=
	for r in 1 2 3; do
		for f in /sys/kernel/slab/*/shrink; do echo 1 >"$f"; done 2>/dev/null
		b=$(slab_bytes)
		echo "$1 $2 $3" >$D/wdfmem_bench/hold || { echo "?"; return; }
		a=$(slab_bytes)
		echo release >$D/wdfmem_bench/hold
		vals="$vals $(((a - b + $3 / 2) / $3))"
	done
	# shellcheck disable=SC2086
	printf '%s\n' $vals | sort -n | sed -n 2p
}

# make bench's bytes-per-object table and the lookaside burst, with the
# targets and whether each holds.
bytes_table() {
	echo "slab bytes per live object (131072 held of 16-256 B, 16384 of 1 KiB, 4096 of 4 KiB;"
	echo "/proc/slabinfo before and after, every cache shrunk first; median of three)"
	printf "%-6s %8s %14s %8s %12s  %s\n" size memory devm_kmalloc kmalloc kmem_cache \
		"target: memory <= devm_kmalloc"
	for size in 16 64 256 1024 4096; do
		n=$((size <= 256 ? 131072 : 16777216 / size))
		m=$(bytes_per memory $size $n)
		d=$(bytes_per devm $size $n)
		k=$(bytes_per kmalloc $size $n)
		c=$(bytes_per kmem_cache $size $n)
		v=holds
		[ "$m" -le "$d" ] || v=MISSED
		printf "%-6s %8s %14s %8s %12s  %s\n" "$size" "$m" "$d" "$k" "$c" "$v"
	done
	n=131072
	l=$(bytes_per lookaside 256 $n)
	v=holds
	[ "$l" -le 320 ] || v=MISSED
	echo "lookaside entry of 256 B: $l bytes (kmem_cache of 256 B: $(bytes_per kmem_cache 256 $n)); target <= 320: $v"
	echo "burst 256 20000" >$D/wdfmem_bench/hold
	a=$(slab_bytes wdf-Byts)
	sleep 3
	b=$(slab_bytes wdf-Byts)
	echo release >$D/wdfmem_bench/hold
	echo "lookaside burst: 20000 entries of 256 B made and deleted; the list's cache holds $a bytes right after, $b bytes 3 s (three periods) later"
}

# The upper driver forwarding to edu through an I/O target, each path, as
# suites $1_sync and $1_async; $2 is edu's PCI address.
upper_suites() {
	load wdfmem_upper
	for p in sync async; do
		edu-test --upper /dev/wdfmem-upper-$p --pci "$2" \
			--suite "$1_$p" >/tmp/upper.ktap 2>&1
		dump "ktap:$1_$p" /tmp/upper.ktap
	done
	unload wdfmem_upper
}

# The end of every test mode: statistics, unload, kmemleak.
finish() {
	dump stats $D/wdfmem/stats
	unload wdfmem
	leakcheck
}

load wdfmem

case "$mode" in
test)
	load wdfmem_kunit
	dump_kunit
	unload wdfmem_kunit
	load wdfmem_edu
	bdf=$(edu_bdf)
	edu-test --slow --pci "$bdf" >/tmp/edu.ktap 2>&1
	dump ktap:wdfmem_edu /tmp/edu.ktap
	edu-test --trace >/tmp/trace.ktap 2>&1
	dump ktap:wdfmem_trace /tmp/trace.ktap
	edu-test --stat --pci "$bdf" >/tmp/stat.ktap 2>&1
	dump ktap:wdfmem_stat /tmp/stat.ktap
	upper_suites wdfmem_upper "$bdf"
	for f in $D/wdfmem_edu/*/*; do echo "${f##*/} $(cat "$f")"; done >/tmp/edu.stats
	dump edu-stats /tmp/edu.stats
	unload wdfmem_edu
	load wdfmem_edu msi=0
	grep -q 'IO-APIC.*wdfmem_edu\|XT-PIC.*wdfmem_edu' /proc/interrupts ||
		echo "WDFMEM-ERROR wdfmem_edu msi=0 is not on INTx"
	edu-test --intx >/tmp/intx.ktap 2>&1
	dump ktap:wdfmem_edu_intx /tmp/intx.ktap
	unload wdfmem_edu
	finish
	;;
soak)
	# The soak alone, in a guest without -icount: both vCPUs run at once.
	load wdfmem_soak
	dump_kunit
	unload wdfmem_soak
	finish
	;;
devtest)
	# The device tests alone, in a guest whose RAM the device cannot reach
	# in full: the framework must bounce what lies beyond its mask.
	load wdfmem_edu
	# shellcheck disable=SC2086
	edu-test --slow --pci "$(edu_bdf)" --suite "$suite" $iommu >/tmp/edu.ktap 2>&1
	dump "ktap:$suite" /tmp/edu.ktap
	[ "$upper" = 1 ] && upper_suites "${suite}_upper" "$(edu_bdf)"
	unload wdfmem_edu
	finish
	;;
run)
	load wdfmem_demo
	load wdfmem_kmdf_sample
	load wdfmem_edu
	kib=64
	dd if=/dev/urandom of=/tmp/file bs=1024 count=$kib 2>/dev/null
	edu-dma --file /tmp/file --offset 1 >/tmp/edu-dma.out 2>&1 ||
		echo "WDFMEM-ERROR edu-dma failed"
	dump "edu-dma --file /tmp/file ($kib KiB from /dev/urandom)" /tmp/edu-dma.out
	# 1 MiB: 257 DMAs each way per path, the bound 99.6% of the ideal.
	edu-dma --size 1048576 --offset 1 >/tmp/edu-dma.out 2>&1 ||
		echo "WDFMEM-ERROR edu-dma 1 MiB failed"
	dump "edu-dma --size 1048576" /tmp/edu-dma.out
	# The same file through the upper driver, its I/O target and edu's
	# queue: synchronous sends, then formatted requests.
	load wdfmem_upper
	for p in sync async; do
		grep '^requests_' $D/wdfmem/stats >/tmp/before
		{ edu-dma --device /dev/wdfmem-upper-$p --file /tmp/file --offset 1 &&
		  edu-dma --device /dev/wdfmem-upper-$p --size 1048576 --offset 1; } \
			>/tmp/upper.out 2>&1 || echo "WDFMEM-ERROR edu-dma upper-$p failed"
		grep '^requests_' $D/wdfmem/stats | paste /tmp/before - |
			awk '{ printf "%s +%d (%d in all)\n", $1, $4 - $2, $4 }' >>/tmp/upper.out
		dump "edu-dma --device /dev/wdfmem-upper-$p --file /tmp/file, then --size 1048576" /tmp/upper.out
	done
	wdfmem-stat >/tmp/stat.out 2>&1 || echo "WDFMEM-ERROR wdfmem-stat failed"
	dump wdfmem-stat /tmp/stat.out
	unload wdfmem_upper
	unload wdfmem_edu
	unload wdfmem_kmdf_sample
	unload wdfmem_demo
	wdfmem-stat >/tmp/stat.out 2>&1 || echo "WDFMEM-ERROR wdfmem-stat failed"
	dump "wdfmem-stat (after rmmod wdfmem_upper wdfmem_edu wdfmem_kmdf_sample wdfmem_demo)" /tmp/stat.out
	unload wdfmem
	;;
bench)
	load wdfmem_bench
	# The per-I/O comparison, timed from user space; its lines join the
	# benchmark's in the kernel log.
	null-bench 2>&1 | while read -r l; do echo "$l" >/dev/kmsg; done
	bytes_table >/tmp/bytes.out 2>&1
	dump bytes /tmp/bytes.out
	unload wdfmem_bench
	unload wdfmem
	;;
scaling)
	# Two CPUs at once against one, in a guest whose vCPUs run in parallel.
	load wdfmem_bench scaling=1
	unload wdfmem_bench
	unload wdfmem
	;;
profile)
	# qemu/profile.sh: the plugin counts what runs between two sync(2)
	# calls: one comparison of wdfmem_bench, or one null-bench case.
	case "$profile" in
	io:*)
		load wdfmem_bench only=none
		set -- $(echo "${profile#io:}" | tr : ' ')
		sync
		null-bench "$@" || echo "WDFMEM-ERROR null-bench $*"
		sync
		;;
	*)
		sync
		load wdfmem_bench only="$profile"
		sync
		;;
	esac
	grep '\[wdfmem' /proc/kallsyms >/tmp/syms
	dump kallsyms /tmp/syms
	unload wdfmem_bench
	unload wdfmem
	;;
shell)
	echo "wdfmem guest shell: wdfmem.ko loaded; insmod the others from $M; statistics in $D/wdfmem"
	setsid cttyhack sh
	;;
esac
echo "WDFMEM-GUEST-END"
poweroff -f
