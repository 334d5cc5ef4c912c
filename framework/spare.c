// SPDX-License-Identifier: GPL-2.0
/*
 * The blocks each CPU keeps: the last block freed on a CPU of each size
 * class up to WDF_SPARE_MAX, for the next allocation of that class there.
 * NT serves small pool blocks from per-processor lookaside lists, KMDF
 * takes its requests from one, and the block layer keeps freed bios per
 * CPU; here requests, memory objects with their buffer inside and the
 * kernel buffers of buffered requests share one slot per class and CPU.
 *
 * A block is allocated with its whole class's size (what kmalloc gives for
 * any size of the class), so a block kept in a slot fits every size of
 * that class, whatever allocator or KFENCE gave it.  Slots are taken and
 * filled with xchg() and cmpxchg() on the slot of the CPU the caller runs
 * on (a task that moves uses another CPU's slot, which is only slower),
 * so the shrinker and module exit may empty any CPU's slots.  At most one
 * block of each class a CPU: about 8 KiB.
 *
 * Nothing is kept while the kernel zeroes freed memory (init_on_free).  A
 * reused block is zeroed when the kernel zeroes every allocation
 * (init_on_alloc) or the caller asks for __GFP_ZERO.  A KASAN kernel keeps
 * nothing, so that a use after free is reported and every block has its
 * exact size, unless the KUnit suites ask (wdf_spare_keep()): then the
 * blocks allocated whole-class are remembered in an xarray, and only those
 * are kept.
 */

#include <linux/xarray.h>
#include "wdf_internal.h"

DEFINE_PER_CPU(void *, wdf_spares[WDF_SPARE_CLASSES]);

#ifdef CONFIG_KASAN
bool wdf_spare_keeping;
static DEFINE_XARRAY_FLAGS(wdf_spare_sized, XA_FLAGS_LOCK_IRQ);

/* Remember a whole-class block; if that fails it is just never kept. */
void wdf_spare_sized_add(void *p)
{
	unsigned long flags;

	xa_lock_irqsave(&wdf_spare_sized, flags);
	__xa_store(&wdf_spare_sized, (unsigned long)p, xa_mk_value(0),
		   GFP_ATOMIC | __GFP_NOWARN);
	xa_unlock_irqrestore(&wdf_spare_sized, flags);
}

/* Forget a block being freed.  Return: it was allocated whole-class. */
bool wdf_spare_sized_take(void *p)
{
	unsigned long flags;
	void *was;

	xa_lock_irqsave(&wdf_spare_sized, flags);
	was = __xa_erase(&wdf_spare_sized, (unsigned long)p);
	xa_unlock_irqrestore(&wdf_spare_sized, flags);
	return was;
}
#endif

/**
 * wdf_spare_keep() - keep freed blocks on a KASAN kernel, or stop
 * @on: keep them
 *
 * Stopping gives back what is kept.  Without KASAN blocks are always kept.
 *
 * Return: the previous setting.
 */
bool wdf_spare_keep(bool on)
{
#ifdef CONFIG_KASAN
	bool was = xchg(&wdf_spare_keeping, on);

	if (!on)
		wdf_spare_drain();
	return was;
#else
	return true;
#endif
}

/* The blocks all CPUs keep (for the shrinker and the KUnit suites). */
unsigned long wdf_spare_count(void)
{
	unsigned long n = 0;
	unsigned int c;
	int cpu;

	for_each_possible_cpu(cpu)
		for (c = 0; c < WDF_SPARE_CLASSES; c++)
			n += !!READ_ONCE(per_cpu(wdf_spares[c], cpu));
	return n;
}

/*
 * Give back every block kept (none is in the xarray: wdf_spare_free() took
 * it out before keeping it).  Return: how many.
 */
unsigned long wdf_spare_drain(void)
{
	unsigned long n = 0;
	unsigned int c;
	int cpu;

	for_each_possible_cpu(cpu) {
		for (c = 0; c < WDF_SPARE_CLASSES; c++) {
			void *p = xchg(per_cpu_ptr(&wdf_spares[c], cpu), NULL);

			n += !!p;
			kfree(p);
		}
	}
	return n;
}

/* Memory pressure: every kept block is reclaimable. */
static unsigned long wdf_spare_shrink_count(struct shrinker *s,
					    struct shrink_control *sc)
{
	return wdf_spare_count() ?: SHRINK_EMPTY;
}

static unsigned long wdf_spare_shrink_scan(struct shrinker *s,
					   struct shrink_control *sc)
{
	return wdf_spare_drain() ?: SHRINK_STOP;
}

static struct shrinker *wdf_spare_shrinker;

/**
 * wdf_spare_init() - register the kept blocks' shrinker
 *
 * Return: 0 or -ENOMEM.
 */
int wdf_spare_init(void)
{
	wdf_spare_shrinker = wdf_shrinker_create("wdfmem-spare",
						 wdf_spare_shrink_count,
						 wdf_spare_shrink_scan);
	return wdf_spare_shrinker ? 0 : -ENOMEM;
}

/* Module exit: nothing allocates any more; give back what is kept. */
void wdf_spare_exit(void)
{
	wdf_shrinker_destroy(wdf_spare_shrinker);
	wdf_spare_drain();
#ifdef CONFIG_KASAN
	xa_destroy(&wdf_spare_sized);
#endif
}
