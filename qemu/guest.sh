#!/bin/sh
# Build everything a guest run needs and run it.
#   qemu/guest.sh test|run|shell|bench
# test:  KUnit suites and device tests, kunit.py summary, log check,
#        "N passed, N failed".
# run:   the demo client and a file through the edu device, then statistics.
# bench: wdfmem against raw Linux on the perf kernel (no debug options),
#        by instruction count under TCG, then natively in a UML kernel.
set -eu
mode=$1
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/build"
mkdir -p "$out"
t0=$(date +%s)

# The host's busy and stolen clock ticks, all CPUs, and the CPU ticks of
# this shell's children that have ended: "busy stolen children".
host_ticks() {
	busy=$(awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8, $9 }' /proc/stat)
	kids=$(sed 's/.*) //' "/proc/$$/stat" | awk '{ print $14 + $15 }')
	echo "$busy $kids"
}

"$top/qemu/setup.sh"
if [ "$mode" = bench ]; then
	# The guest clock counts instructions (1 ns = 1 instruction): the
	# same code measures the same every run.  WDFMEM_QEMU_ARGS overrides.
	export WDFMEM_QEMU_ARGS="${WDFMEM_QEMU_ARGS:--icount shift=0,sleep=off}"
	kdir=$("$top/qemu/kernel.sh" perf | tail -n 1)
	# A copy of the sources, so the test kernel's objects stay as they are.
	src="$out/perf-src"
	rm -rf "$src"
	mkdir -p "$src"
	"$top/qemu/copy-sources.sh" "$src"
	files="$src/wdfmem.ko $src/wdfmem_bench.ko $top/tools/null-bench"
	make -s -C "$top/tools"
else
	kdir=$("$top/qemu/kernel.sh" test | tail -n 1)
	src="$top"
	files="$top/wdfmem.ko $top/wdfmem_kunit.ko $top/wdfmem_soak.ko $top/wdfmem_demo.ko \
$top/wdfmem_kmdf_sample.ko $top/wdfmem_edu.ko $top/wdfmem_upper.ko $top/tools/edu-dma $top/tools/edu-test $top/tools/wdfmem-stat"
	make -s -C "$top/tools"
fi
echo "guest: kernel $kdir"
make -s -C "$kdir" M="$src" modules
"$top/qemu/initramfs.sh" "$out/initramfs-$mode.cpio.gz" $files
t1=$(date +%s)
echo "guest: modules and initramfs ready ($((t1 - t0))s); booting QEMU (TCG, -device edu)"

log="$out/guest-$mode.log"
if [ "$mode" = shell ]; then
	exec "$top/qemu/boot.sh" "$kdir" "$out/initramfs-$mode.cpio.gz" shell "$log"
fi
if [ "$mode" = test ]; then
	# Debian's own kernels, the ones users run: the device tests against
	# modules built with their headers packages (no KUnit there).  Each
	# guest is one TCG thread, so on two cores these run beside the test
	# kernel's guests.  debian-6.12 2G-iommu: behind QEMU's intel-iommu.
	: >"$out/stock.logs"
	(
		for run in "debian-6.12 2G 5G 2G-iommu" "debian-6.1 2G"; do
			# shellcheck disable=SC2086
			stock=$("$top/qemu/stock.sh" --logs $run) || {
				echo "guest: the run on Debian's kernel ($run) failed"
				exit 1
			}
			echo "$stock" | tail -n 1 >>"$out/stock.logs"
		done
	) >"$out/stock.out" 2>&1 &
	stock_pid=$!
fi
rc=0
"$top/qemu/boot.sh" "$kdir" "$out/initramfs-$mode.cpio.gz" "$mode" "$log" || rc=$?
t2=$(date +%s)
echo "guest: QEMU exited with $rc after $((t2 - t1))s; console log in $log"
logs=$log
if [ "$mode" = test ]; then
	# The device tests again with 1 GiB: RAM beyond the edu device's 28-bit
	# mask, so the framework must bounce (and the DMA API never warn).
	log1g="$out/guest-test-1g.log"
	rc=0
	"$top/qemu/boot.sh" "$kdir" "$out/initramfs-$mode.cpio.gz" devtest \
		"$log1g" 1G 900 wdfmem.suite=wdfmem_edu_1g || rc=$?
	t3=$(date +%s)
	echo "guest: 1 GiB guest exited with $rc after $((t3 - t2))s; console log in $log1g"
	# The soak without -icount, so that TCG runs both vCPUs in parallel.
	logsoak="$out/guest-test-soak.log"
	rc=0
	WDFMEM_QEMU_ARGS="-accel tcg,thread=multi" "$top/qemu/boot.sh" "$kdir" \
		"$out/initramfs-$mode.cpio.gz" soak "$logsoak" 256M 900 || rc=$?
	t4=$(date +%s)
	echo "guest: soak guest (no icount) exited with $rc after $((t4 - t3))s; console log in $logsoak"
	logs="$logs $log1g $logsoak"
	# Debian's runs, started before the test kernel's guests.
	rc=0
	wait "$stock_pid" || rc=$?
	cat "$out/stock.out"
	if [ "$rc" -ne 0 ]; then
		echo "guest: a run on Debian's kernels failed; see above"
		echo "0 passed, 1 failed"
		exit 1
	fi
	logs="$logs $(cat "$out/stock.logs")"
	t5=$(date +%s)
	echo "guest: Debian 6.12 (2 and 5 GiB, 2 GiB behind an IOMMU) and 6.1 (2 GiB) guests done $((t5 - t4))s after the soak"
fi
# shellcheck disable=SC2086
case "$mode" in
test) exec python3 "$top/qemu/report.py" test "$out" "$kdir/source" $logs ;;
run) exec python3 "$top/qemu/report.py" run "$log" ;;
bench)
	# Two CPUs at once against one: without -icount, so that TCG runs the
	# vCPUs in parallel (UML has one CPU).
	# Its vCPUs need the host's cores: what else ran on the host meanwhile
	# (its busy time less this shell's children's, QEMU's) and what its
	# own hypervisor stole go to the report beside the lines.
	logscale="$out/guest-bench-scaling.log"
	rc=0
	ts0=$(date +%s.%N)
	h0=$(host_ticks)
	WDFMEM_QEMU_ARGS="-accel tcg,thread=multi" "$top/qemu/boot.sh" "$kdir" \
		"$out/initramfs-$mode.cpio.gz" scaling "$logscale" 256M 900 || rc=$?
	h1=$(host_ticks)
	ts1=$(date +%s.%N)
	echo "$h0 $h1 $ts0 $ts1 $(nproc) $(getconf CLK_TCK)" | awk '{
		span = ($8 - $7) * $9 * $10
		others = $4 - $1 - ($6 - $3)
		printf "%.1f %.1f %d\n", 100 * (others > 0 ? others : 0) / span,
			100 * ($5 - $2) / span, $9 }' >"$logscale.host"
	echo "guest: scaling guest (no icount) exited with $rc; console log in $logscale"
	# The same comparisons natively, in a UML kernel: median of five boots.
	"$top/qemu/bench-uml.sh" "$out/bench-uml" 5 || {
		echo "guest: the UML benchmark failed; see above"
		exit 1
	}
	exec python3 "$top/qemu/report.py" bench --scaling "$logscale" "$log" \
		"$out"/bench-uml-1.log "$out"/bench-uml-2.log \
		"$out"/bench-uml-3.log "$out"/bench-uml-4.log \
		"$out"/bench-uml-5.log ;;
esac
