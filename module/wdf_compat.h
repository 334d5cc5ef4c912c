/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem on the kernels its users run: Debian 12's 6.1 and its backported
 * 6.12, and the project's own 6.12.  Everything that differs between them
 * is here, keyed on the kernel version or on a configuration option, so
 * that the framework and driver files stay free of #ifdefs.
 */
#ifndef _WDF_COMPAT_H
#define _WDF_COMPAT_H

#include <linux/fault-inject.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/version.h>

/*
 * Fault injection compiles out without CONFIG_FAULT_INJECTION (Debian's
 * 6.1 has none): wdf_fail() is then always false, there is no fail_alloc
 * directory, and debugfs "features" says so.
 */
#if IS_ENABLED(CONFIG_FAULT_INJECTION)
#define WDF_HAVE_FAULT_INJECTION	1
#define WDF_DEFINE_FAIL_ATTR(name)	DECLARE_FAULT_ATTR(name)
extern struct fault_attr wdf_fail_alloc;
static inline bool wdf_fail(void)
{
	return should_fail(&wdf_fail_alloc, 1);
}

static inline void wdf_fail_debugfs(struct dentry *parent)
{
	/* Absent without CONFIG_FAULT_INJECTION_DEBUG_FS: nothing to undo. */
	fault_create_debugfs_attr("fail_alloc", parent, &wdf_fail_alloc);
}
#else
#define WDF_HAVE_FAULT_INJECTION	0
#define WDF_DEFINE_FAIL_ATTR(name)	static int name __maybe_unused
static inline bool wdf_fail(void)
{
	return false;
}

static inline void wdf_fail_debugfs(struct dentry *parent)
{
}
#endif

/*
 * 6.5 added SLAB_NO_MERGE.  Before it, a cache with a usercopy region (as
 * every lookaside cache has) is never merged anyway.
 */
#ifndef SLAB_NO_MERGE
#define SLAB_NO_MERGE	0
#endif

/*
 * Does [@start, @start + @size) reach past @max, without wrapping?  As
 * range_end_overflows(), which 6.1 lacks.
 */
static inline bool wdf_range_past_end(size_t start, size_t size, size_t max)
{
	return start > max || size > max - start;
}

/* 6.8 renamed PCI_IRQ_LEGACY to PCI_IRQ_INTX. */
#ifndef PCI_IRQ_INTX
#define PCI_IRQ_INTX	PCI_IRQ_LEGACY
#endif

/* 6.2 made a class's devnode() take a const device. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define wdf_devnode_const	const
#else
#define wdf_devnode_const
#endif

/* 6.11 added pcim_iomap_region(); before it, the regions call and table. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 11, 0)
static inline void __iomem *pcim_iomap_region(struct pci_dev *pdev, int bar,
					      const char *name)
{
	int ret = pcim_iomap_regions(pdev, BIT(bar), name);

	return ret ? IOMEM_ERR_PTR(ret) : pcim_iomap_table(pdev)[bar];
}
#endif

/*
 * is_vmalloc_or_module_addr() is not exported by 6.1: the same test, on
 * the architecture's module area where it has one.
 */
static inline bool wdf_vmalloc_or_module_addr(const void *x)
{
#ifdef MODULES_VADDR
	unsigned long addr = (unsigned long)x;

	if (addr >= MODULES_VADDR && addr < MODULES_END)
		return true;
#endif
	return is_vmalloc_addr(x);
}

#endif /* _WDF_COMPAT_H */
