#!/bin/sh
# make kunit: run the wdfmem suites with the kernel's own kunit.py,
#   kunit.py run --kunitconfig=kunit/.kunitconfig             (ARCH=um, default)
#   kunit.py run --arch=x86_64 --kunitconfig=kunit/.kunitconfig  (ARCH=x86_64)
# UML is kunit.py's default architecture: it runs the suites natively.
# It has no PCI and no DMA API, so the edu driver and the DMA-piece suite
# are left out by configuration (Kconfig and Kbuild), not skipped.
# kunit.py builds inside a kernel tree, so the sources are copied into a
# hard-linked copy of the cached tree as drivers/misc/wdfmem (built in).
set -eu
arch=${1:-um}
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/qemu/setup.sh"
tree=$("$top/qemu/kunit-tree.sh" | tail -n 1)
CACHE=$(dirname "$tree")
ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)

cd "$tree"
if [ "$arch" = um ]; then
	exec python3 tools/testing/kunit/kunit.py run \
		--build_dir="$CACHE/kunit-build-um-$ver" \
		--kunitconfig="$top/kunit/.kunitconfig" \
		--jobs="$(nproc)" 'wdfmem*'
fi
# Two CPUs, as the test kernel's guest has, for the cases that need them.
exec python3 tools/testing/kunit/kunit.py run --arch="$arch" \
	--build_dir="$CACHE/kunit-build-$ver" \
	--kunitconfig="$top/kunit/.kunitconfig" --kconfig_add CONFIG_SMP=y \
	--jobs="$(nproc)" --qemu_args='-m 256M -smp 2' 'wdfmem*'
