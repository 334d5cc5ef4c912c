#!/bin/sh
# The benchmark natively: wdfmem and the benchmark built into a User-Mode
# Linux kernel (kunit.py's default architecture), so kernel code runs on
# the host's CPU.  UML cannot run user space on these hosts, so the
# benchmark runs from its initcall and powers the kernel off.  Boots it
# RUNS times (default 5) and writes each boot's log to OUT-N.log.
#   qemu/bench-uml.sh OUT [RUNS]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$1
runs=${2:-5}
tree=$("$top/qemu/kunit-tree.sh" | tail -n 1)
CACHE=$(dirname "$tree")
ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
frag="$top/qemu/bench-uml.config"
# Keyed by the options alone, not the comments.
hash=$(grep -E "^(CONFIG_|# CONFIG_)" "$frag" | sha256sum | cut -c1-12)
build="$CACHE/bench-build-um-$ver-$hash"

# kunit.py's own UML configuration (its defaults plus the fragment): the
# one these hosts are known to boot.
t0=$(date +%s)
(cd "$tree" && python3 tools/testing/kunit/kunit.py build \
	--build_dir="$build" --kunitconfig="$frag" --jobs="$(nproc)") >&2
echo "bench-uml: UML kernel ready ($(($(date +%s) - t0)) s); $runs boots" >&2
i=1
while [ "$i" -le "$runs" ]; do
	log="$out-$i.log"
	timeout 600 "$build/linux" mem=256M console=tty \
		wdfmem_bench.halt=1 </dev/null 2>&1 | cat >"$log" || true
	grep -q "wdfmem-bench: done" "$log" ||
		{ echo "bench-uml: boot $i did not finish (log: $log)" >&2; exit 1; }
	i=$((i + 1))
done
