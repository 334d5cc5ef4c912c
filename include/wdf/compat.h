/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem on the kernels its users run: Debian 12's 6.1 and its backported
 * 6.12, and the project's own 6.12.  Every kernel API that differs between
 * them is here, keyed on the kernel version, so that the framework and its
 * client drivers stay free of #ifdefs.  (Fault injection, which a kernel
 * may lack by configuration, is the framework's own business:
 * framework/wdf_internal.h.)
 */
#ifndef _WDF_COMPAT_H
#define _WDF_COMPAT_H

#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/pci.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/version.h>

/*
 * 6.5 added SLAB_NO_MERGE.  Before it, a cache with a usercopy region (as
 * every lookaside cache has) is never merged anyway.
 */
#ifndef SLAB_NO_MERGE
#define SLAB_NO_MERGE	0
#endif

/*
 * 6.1's overflow.h lacks the range predicates of later kernels: the same
 * tests, each argument evaluated once.
 */
#ifndef range_overflows
#define range_overflows(start, size, max) ({				\
	typeof(start) start__ = (start);				\
	typeof(size) size__ = (size);					\
	typeof(max) max__ = (max);					\
	start__ >= max__ || size__ > max__ - start__;			\
})
#endif
#ifndef range_end_overflows
#define range_end_overflows(start, size, max) ({			\
	typeof(start) start__ = (start);				\
	typeof(size) size__ = (size);					\
	typeof(max) max__ = (max);					\
	start__ > max__ || size__ > max__ - start__;			\
})
#endif

/* 6.8 renamed PCI_IRQ_LEGACY to PCI_IRQ_INTX. */
#ifndef PCI_IRQ_INTX
#define PCI_IRQ_INTX	PCI_IRQ_LEGACY
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

/*
 * 6.7 made shrinkers allocated objects (shrinker_alloc(), shrinker_register(),
 * shrinker_free()); before it a caller owned the struct and called
 * register_shrinker().  One pair of calls for both.
 */
static inline struct shrinker *
wdf_shrinker_create(const char *name,
		    unsigned long (*count)(struct shrinker *,
					   struct shrink_control *),
		    unsigned long (*scan)(struct shrinker *,
					  struct shrink_control *))
{
	struct shrinker *s;

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	s = shrinker_alloc(0, "%s", name);
	if (!s)
		return NULL;
	s->count_objects = count;
	s->scan_objects = scan;
	shrinker_register(s);
#else
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	s->count_objects = count;
	s->scan_objects = scan;
	s->seeks = DEFAULT_SEEKS;
	if (register_shrinker(s, "%s", name)) {
		kfree(s);
		return NULL;
	}
#endif
	return s;
}

static inline void wdf_shrinker_destroy(struct shrinker *s)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	shrinker_free(s);
#else
	unregister_shrinker(s);
	kfree(s);
#endif
}

#endif /* _WDF_COMPAT_H */
