# wdfmem: the commands a person types.  See README.md.
#
#   make          build the modules against the project's guest kernel
#                 (KDIR=/path builds them against any prepared kernel tree);
#                 installs nothing: run, test, kunit and checkpatch install
#                 the Debian packages they need
#   make run      boot the guest, run the demo client, print the statistics
#   make test     boot the guest, run every KUnit suite, print the summary
#   make test-stock   the device tests on Debian's own kernel alone
#                 (STOCK=debian-6.12 or debian-6.1, MEM="2G 5G"; make test
#                 runs 6.12 at 2 and 5 GiB and 6.1 at 2 GiB itself)
#   make kunit    run the suites with the kernel's kunit.py run on UML
#                 (make kunit ARCH=x86_64: in QEMU, as before)
#   make bench    wdfmem against raw Linux on the perf kernel (no debug options),
#                 by instruction count, and natively in a UML kernel (5 boots)
#   make shell    boot the guest to a shell, modules in /lib/wdfmem
#   make checkpatch   scripts/checkpatch.pl --strict on every C file
#                 (trace headers keep TRACE_EVENT's own layout: open-ended
#                 "TP_STRUCT__entry(" lines are exempt there, and the
#                 compatibility header may compare LINUX_VERSION_CODE;
#                 the KMDF-named files keep KMDF's CamelCase, typedefs and
#                 context-type macros),
#                 scripts/kernel-doc -Wall on the modules' sources, and
#                 sparse (make C=2) on every module: all must be clean
#   make install  the modules into /lib/modules/$(uname -r)/updates, depmod,
#                 and headers + Module.symvers for client drivers into
#                 /usr/src/wdfmem (KVER=, INSTALL_KDIR=, DESTDIR= to choose);
#                 make uninstall undoes it
#   make dkms-check   dkms add/build/install/remove against Debian's 6.12
#                 headers in scratch trees, and make install into DESTDIR
#   make clean    remove build products (the kernel cache stays)

TOP := $(CURDIR)
GUEST_KERNEL = $(TOP)/qemu/kernel.sh test | tail -n 1

.PHONY: all modules run test test-stock kunit bench shell checkpatch clean \
	install uninstall dkms-check

all: modules

modules:
	@kdir="$${KDIR:-$$($(GUEST_KERNEL))}" && $(MAKE) -s -C "$$kdir" M=$(TOP) modules

# make run boots Debian's own 6.12 kernel (what users run, no debug
# options: its figures are the device's); make run KERNEL=debian-6.1 the
# Debian 12 default, make run KERNEL=test the project's test kernel.
RUN_KERNEL = $(or $(KERNEL_RUN),$(STOCK_RUN),debian-6.12)
run:
	@if [ "$(RUN_KERNEL)" = test ]; then $(TOP)/qemu/guest.sh run; \
	else $(TOP)/qemu/stock.sh --run $(RUN_KERNEL) $(MEM); fi

test:
	@$(TOP)/qemu/guest.sh test

STOCK ?= debian-6.12
MEM ?= 2G
STOCK_RUN = $(if $(filter command line environment,$(origin STOCK)),$(STOCK))
KERNEL_RUN = $(if $(filter command line,$(origin KERNEL)),$(KERNEL))
test-stock:
	@$(TOP)/qemu/stock.sh $(STOCK) $(MEM)

shell:
	@$(TOP)/qemu/guest.sh shell

bench:
	@$(TOP)/qemu/guest.sh bench

KUNIT_ARCH = $(if $(filter command line,$(origin ARCH)),$(ARCH),um)
kunit:
	@$(TOP)/qemu/kunit.sh $(KUNIT_ARCH)

# Install on this machine (or into DESTDIR): the modules into the kernel's
# updates/ directory, then depmod; the headers and Module.symvers a client
# driver builds against into $(DESTDIR)/usr/src/wdfmem/.
KVER ?= $(shell uname -r)
INSTALL_KDIR ?= /lib/modules/$(KVER)/build
WDFMEM_SRC = $(DESTDIR)/usr/src/wdfmem
install:
	@test -d "$(INSTALL_KDIR)" || { echo "install: no kernel headers at $(INSTALL_KDIR) (apt-get install linux-headers-$(KVER))"; exit 1; }
	$(MAKE) -s -C "$(INSTALL_KDIR)" M=$(TOP) modules
	$(MAKE) -s -C "$(INSTALL_KDIR)" M=$(TOP) INSTALL_MOD_DIR=updates \
		INSTALL_MOD_PATH=$(DESTDIR) DEPMOD=true CONFIG_MODULE_SIG_ALL= \
		modules_install
	depmod $(if $(DESTDIR),-b $(DESTDIR)) -a $(KVER)
	install -d $(WDFMEM_SRC)/include/wdf $(WDFMEM_SRC)/include/uapi $(WDFMEM_SRC)/$(KVER)
	install -m 0644 include/wdf/*.h $(WDFMEM_SRC)/include/wdf/
	install -m 0644 drivers/edu/wdfmem_edu.h $(WDFMEM_SRC)/include/uapi/
	install -m 0644 Module.symvers $(WDFMEM_SRC)/$(KVER)/Module.symvers

uninstall:
	rm -f $(DESTDIR)/lib/modules/$(KVER)/updates/wdfmem*.ko*
	depmod $(if $(DESTDIR),-b $(DESTDIR)) -a $(KVER)
	rm -rf $(WDFMEM_SRC)

dkms-check:
	@$(TOP)/qemu/dkms-check.sh

KSRC_FILES = $(shell git ls-files '*.[ch]')
# KMDF's own names are CamelCase typedefs, and its context-type macros
# declare a function: those files are exempt from these four checks only,
# and checkpatch learns the KMDF types from qemu/kmdf-typedefs.
KMDF_FILES = include/wdf/kmdf.h framework/kmdf.c samples/kmdf_sample.c \
	kunit/kmdf_kunit.c
KDOC_FILES = $(filter framework/% include/% drivers/% samples/% bench/%,$(KSRC_FILES))
checkpatch:
	@$(TOP)/qemu/setup.sh
	@kdir="$$($(GUEST_KERNEL))" && src="$$kdir/source" && \
	perl "$$src/scripts/checkpatch.pl" --no-tree --strict --terse \
		--ignore FILE_PATH_CHANGES \
		-f $(filter-out %_trace.h include/wdf/compat.h $(KMDF_FILES),$(KSRC_FILES)) && \
	perl "$$src/scripts/checkpatch.pl" --no-tree --strict --terse \
		--ignore FILE_PATH_CHANGES,CAMELCASE,NEW_TYPEDEFS,MACRO_ARG_REUSE,MACRO_WITH_FLOW_CONTROL \
		--typedefsfile qemu/kmdf-typedefs -f $(KMDF_FILES) && \
	perl "$$src/scripts/checkpatch.pl" --no-tree --strict --terse \
		--ignore FILE_PATH_CHANGES,LINUX_VERSION_CODE,CONSTANT_COMPARISON \
		-f include/wdf/compat.h && \
	perl "$$src/scripts/checkpatch.pl" --no-tree --strict --terse \
		--ignore FILE_PATH_CHANGES,OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT \
		-f $(filter %_trace.h,$(KSRC_FILES)) && \
	kdoc=$$(perl "$$src/scripts/kernel-doc" -Wall -none $(KDOC_FILES) 2>&1) && \
	{ [ -z "$$kdoc" ] || { echo "$$kdoc"; echo "kernel-doc: not clean"; false; }; } && \
	$(TOP)/qemu/sparse.sh "$$kdir"

clean:
	rm -rf build
	$(MAKE) -C tools clean
	find framework drivers samples bench kunit -name '*.o' -o -name '.*.cmd' \
		-o -name '*.mod*' -o -name '*.o.d' | xargs rm -f
	rm -f *.ko *.mod *.mod.c *.mod.o *.o .*.cmd Module.symvers modules.order
