# wdfmem: the commands a person types.  See README.md.
#
#   make          build the modules against the project's guest kernel
#                 (KDIR=/path builds them against any prepared kernel tree)
#   make run      boot the guest, run the demo client, print the statistics
#   make test     boot the guest, run every KUnit suite, print the summary
#   make test-stock   the device tests on Debian's own kernel alone
#                 (STOCK=debian-6.12 or debian-6.1, MEM="2G 5G"; make test
#                 runs 6.12 at 2 and 5 GiB and 6.1 at 2 GiB itself)
#   make kunit    run the suites with the kernel's kunit.py run on UML
#                 (make kunit ARCH=x86_64: in QEMU, as before)
#   make bench    wdfmem against raw Linux on the perf kernel (no debug options)
#   make shell    boot the guest to a shell, modules in /lib/wdfmem
#   make checkpatch   scripts/checkpatch.pl --strict on module/, kunit/, tools/
#                 (trace headers keep TRACE_EVENT's own layout: open-ended
#                 "TP_STRUCT__entry(" lines are exempt there, and the
#                 compatibility header may compare LINUX_VERSION_CODE),
#                 and scripts/kernel-doc -Wall on the framework and driver
#   make clean    remove build products (the kernel cache stays)

TOP := $(CURDIR)
KERNEL = $(TOP)/qemu/kernel.sh test | tail -n 1

.PHONY: all modules run test test-stock kunit bench shell checkpatch clean

all: modules

modules:
	@$(TOP)/qemu/setup.sh
	@kdir="$${KDIR:-$$($(KERNEL))}" && $(MAKE) -s -C "$$kdir" M=$(TOP) modules

run:
	@$(TOP)/qemu/guest.sh run

test:
	@$(TOP)/qemu/guest.sh test

STOCK ?= debian-6.12
MEM ?= 2G
test-stock:
	@$(TOP)/qemu/stock.sh $(STOCK) $(MEM)

shell:
	@$(TOP)/qemu/guest.sh shell

bench:
	@$(TOP)/qemu/guest.sh bench

KUNIT_ARCH = $(if $(filter command line,$(origin ARCH)),$(ARCH),um)
kunit:
	@$(TOP)/qemu/kunit.sh $(KUNIT_ARCH)

checkpatch:
	@$(TOP)/qemu/setup.sh
	@src="$$($(KERNEL))/source" && \
	perl "$$src/scripts/checkpatch.pl" --no-tree --strict --terse \
		--ignore FILE_PATH_CHANGES \
		-f $$(git ls-files 'module/*.[ch]' 'kunit/*.[ch]' 'tools/*.[ch]' | \
		      grep -v '_trace\.h$$' | grep -v 'wdf_compat\.h$$') && \
	perl "$$src/scripts/checkpatch.pl" --no-tree --strict --terse \
		--ignore FILE_PATH_CHANGES,LINUX_VERSION_CODE,CONSTANT_COMPARISON \
		-f module/wdf_compat.h && \
	perl "$$src/scripts/checkpatch.pl" --no-tree --strict --terse \
		--ignore FILE_PATH_CHANGES,OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT \
		-f $$(git ls-files 'module/*_trace.h' 'module/*/*_trace.h') && \
	perl "$$src/scripts/kernel-doc" -Wall -none $$(git ls-files 'module/*.[ch]')

clean:
	rm -rf build
	$(MAKE) -C tools clean
	find module kunit -name '*.o' -o -name '.*.cmd' -o -name '*.mod*' | xargs rm -f
	rm -f *.ko *.mod *.mod.c *.mod.o *.o .*.cmd Module.symvers modules.order
