#!/bin/sh
# The kernel tree kunit.py and the UML benchmark build in: a hard-linked
# copy of the cached test kernel's source with the module sources copied in
# as drivers/misc/wdfmem (built in by Kconfig).  Prints its path.
#   qemu/kunit-tree.sh
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
kdir=$("$top/qemu/kernel.sh" test | tail -n 1)
src=$(readlink -f "$kdir/source")
CACHE=$(dirname "$kdir")
ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
tree="$CACHE/kunit-tree-$ver"

if [ ! -f "$tree/.wdfmem-linked" ]; then
	echo "kunit: linking a scratch kernel tree at $tree" >&2
	rm -rf "$tree"
	cp -al "$src" "$tree"
	# New files, never edits in place: the tree shares inodes with $src.
	for f in Kconfig Makefile; do
		cp --remove-destination "$src/drivers/misc/$f" "$tree/drivers/misc/$f"
	done
	echo 'source "drivers/misc/wdfmem/Kconfig"' >>"$tree/drivers/misc/Kconfig"
	echo 'obj-$(CONFIG_WDFMEM) += wdfmem/' >>"$tree/drivers/misc/Makefile"
	touch "$tree/.wdfmem-linked"
fi
dst="$tree/drivers/misc/wdfmem"
rm -rf "$dst"
mkdir -p "$dst"
"$top/qemu/copy-sources.sh" "$dst"
echo "$tree"
