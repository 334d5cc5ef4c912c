/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem private declarations shared by the framework's files.
 */
#ifndef _WDF_INTERNAL_H
#define _WDF_INTERNAL_H

#include <linux/fault-inject.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <wdf/wdf.h>
#include <wdf/dma.h>
#include <wdf/compat.h>
#include "wdf_objects.h"

/* Per-CPU framework counters: summed when read, never locked. */
struct wdf_stats {
	u64 created[WDF_TYPE_MAX];
	u64 freed[WDF_TYPE_MAX];
	u64 copies_rejected;
	u64 warnings;
	u64 dma_mapped_bytes;
	u64 dma_bounced_bytes[WDF_DMA_BOUNCE_REASONS];
	u64 requests_sent;
	u64 requests_completed;
};

DECLARE_PER_CPU(struct wdf_stats, wdf_stats);
DECLARE_PER_CPU(s64, wdf_bytes_cpu);
extern atomic64_t wdf_bytes_folded;
extern atomic64_t wdf_bytes_peak;
extern bool wdf_verifier;
extern struct workqueue_struct *wdf_wq;

/*
 * Each CPU folds its buffer bytes into the shared total only once they
 * have moved this far: buffer sizes run to kilobytes, and a shared line
 * written on every create and delete would not scale.
 */
#define WDF_BYTES_BATCH	(256 * 1024)

void wdf_bytes_peak_raise(s64 now);
void wdf_bytes_fold(s64 v);

/*
 * Per-CPU updates made where interrupts are already off, under a lock
 * taken with spin_lock_irqsave(): with no interrupt save of their own.  A
 * this_cpu op is one instruction on x86, but elsewhere (UML among them) a
 * save and restore around a plain add: four of them were a third of a
 * memory object's create and delete on UML (41.7 ns, 27.2 without them).
 * PREEMPT_RT leaves interrupts on under such a lock, so it keeps the
 * this_cpu ops.
 */
#ifdef CONFIG_PREEMPT_RT
#define wdf_irqsoff_cpu_inc(pcp)		this_cpu_inc(pcp)
#define wdf_irqsoff_cpu_add_return(pcp, v)	this_cpu_add_return(pcp, v)
#else
#define wdf_irqsoff_cpu_inc(pcp)		__this_cpu_inc(pcp)
#define wdf_irqsoff_cpu_add_return(pcp, v)	__this_cpu_add_return(pcp, v)
#endif

/*
 * Account buffer bytes, given this CPU's share @v after adding @bytes to
 * it.  The peak is raised against the shared total plus this CPU's share
 * not yet folded in: exact while one CPU allocates, and short by at most
 * what the other CPUs have not folded in (each less than WDF_BYTES_BATCH)
 * when several do.  Reading the statistics raises it to the exact sum.
 */
static __always_inline void wdf_bytes_account(s64 v, s64 bytes)
{
	if (unlikely(v >= WDF_BYTES_BATCH || v <= -WDF_BYTES_BATCH))
		wdf_bytes_fold(v);
	else if (bytes > 0 &&
		 atomic64_read(&wdf_bytes_folded) + v >
		 atomic64_read(&wdf_bytes_peak))
		wdf_bytes_peak_raise(atomic64_read(&wdf_bytes_folded) + v);
}

/* Account buffer bytes: one per-CPU add. */
static __always_inline void wdf_bytes_add(s64 bytes)
{
	wdf_bytes_account(this_cpu_add_return(wdf_bytes_cpu, bytes), bytes);
}

/* wdf_bytes_add() with interrupts off (wdf_irqsoff_cpu_inc()). */
static __always_inline void wdf_bytes_add_irqsoff(s64 bytes)
{
	wdf_bytes_account(wdf_irqsoff_cpu_add_return(wdf_bytes_cpu, bytes),
			  bytes);
}

/*
 * A KMDF bugcheck, answered with a message, a count and an errno (main.c).
 * Out of line and cold: the checks in front of it stay on the fast path.
 */
void __cold __printf(1, 2) wdf_misuse(const char *fmt, ...);

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
 * The framework's allocations: each is a fault point, and a size no
 * allocator can satisfy (a hostile context or buffer size) is answered
 * with NULL instead of the page allocator's warning.
 */
static inline void *wdf_kmalloc(size_t size, gfp_t gfp)
{
	if (wdf_fail() || size > KMALLOC_MAX_SIZE)
		return NULL;
	return kmalloc(size, gfp);
}

static inline void *wdf_kvmalloc(size_t size, gfp_t gfp)
{
	if (wdf_fail() || size > INT_MAX)
		return NULL;
	return kvmalloc(size, gfp);
}

static inline void *wdf_kvmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	return wdf_kvmalloc(size_mul(n, size), gfp);
}

/*
 * spare.c: the blocks each CPU keeps, one of each size class up to
 * WDF_SPARE_MAX: kmalloc's classes, 8 bytes to 4 KiB with 96 and 192.
 */
#define WDF_SPARE_MAX		4096
#define WDF_SPARE_CLASSES	13	/* indexed by wdf_spare_class() */

DECLARE_PER_CPU(void *, wdf_spares[WDF_SPARE_CLASSES]);

#ifdef CONFIG_KASAN
/*
 * A KASAN kernel keeps blocks only while the KUnit suites ask, and only
 * blocks allocated whole-class while they did: the others keep their exact
 * size, the bytes past it poisoned.
 */
extern bool wdf_spare_keeping;
void wdf_spare_sized_add(void *p);
bool wdf_spare_sized_take(void *p);
#define wdf_spares_on()		READ_ONCE(wdf_spare_keeping)
#else
static inline void wdf_spare_sized_add(void *p)
{
}

static inline bool wdf_spare_sized_take(void *p)
{
	return true;
}

#define wdf_spares_on()		true
#endif

/*
 * A size's class: 1 for 96 bytes, 2 for 192, else n for 2^n (3 for 8
 * bytes and below).  Up to 192 bytes from a table in steps of 8, as
 * kmalloc finds its own.
 */
static __always_inline unsigned int wdf_spare_class(size_t size)
{
	static const u8 small[24] = {
		3, 4, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1,
		7, 7, 7, 7, 2, 2, 2, 2, 2, 2, 2, 2
	};

	if (size <= 192)
		return small[size ? (size - 1) / 8 : 0];
	return fls(size - 1);
}

static __always_inline size_t wdf_spare_class_size(unsigned int c)
{
	return c == 1 ? 96 : c == 2 ? 192 : (size_t)1 << c;
}

/*
 * A block of @size bytes (any size up to KMALLOC_MAX_SIZE) for the
 * framework's own use: this CPU's kept block of its class, or a new block
 * of the whole class.  @gfp may not ask for a zone or a memcg charge
 * (wdf_spare_gfp()): the block may be kept and given to another caller.
 * A fault point, as wdf_kmalloc().
 */
static __always_inline void *wdf_spare_alloc(size_t size, gfp_t gfp)
{
	unsigned int c;
	void *p;

	if (size > WDF_SPARE_MAX || !wdf_spares_on())
		return wdf_kmalloc(size, gfp);
	if (wdf_fail())
		return NULL;
	c = wdf_spare_class(size);
	p = xchg(raw_cpu_ptr(&wdf_spares[c]), NULL);
	if (p) {
		if (want_init_on_alloc(gfp))
			memset(p, 0, size);
	} else {
		p = kmalloc(wdf_spare_class_size(c), gfp);
		if (!p)
			return NULL;
	}
	wdf_spare_sized_add(p);
	return p;
}

/*
 * wdf_spare_free() of a block its caller knows to be no larger than
 * WDF_SPARE_MAX: one test fewer.
 */
static __always_inline void wdf_spare_free_fit(void *p, size_t size)
{
	void **slot;

	if (wdf_spare_sized_take(p) && wdf_spares_on() &&
	    !want_init_on_free()) {
		slot = raw_cpu_ptr(&wdf_spares[wdf_spare_class(size)]);
		if (!cmpxchg(slot, NULL, p))
			return;
	}
	kfree(p);
}

/* Free a block from wdf_spare_alloc() of the same @size: kept, or kfree(). */
static __always_inline void wdf_spare_free(void *p, size_t size)
{
	if (size <= WDF_SPARE_MAX)
		wdf_spare_free_fit(p, size);
	else
		kfree(p);
}

/* The block this CPU keeps for @size, or NULL (for the KUnit suites). */
static inline void *wdf_spare_peek(size_t size)
{
	return size <= WDF_SPARE_MAX ?
	       this_cpu_read(wdf_spares[wdf_spare_class(size)]) : NULL;
}

/* Allocation flags whose blocks may be kept: no zone, no memcg charge. */
static __always_inline bool wdf_spare_gfp(gfp_t gfp)
{
	return !(gfp & (__GFP_DMA | __GFP_DMA32 | __GFP_RECLAIMABLE |
			__GFP_ACCOUNT));
}

bool wdf_spare_keep(bool on);
unsigned long wdf_spare_count(void);
unsigned long wdf_spare_drain(void);
int wdf_spare_init(void);
void wdf_spare_exit(void);

/* KMDF's "length 0 means the rest": the bytes from @offset to @size. */
static inline size_t wdf_length_or_rest(size_t offset, size_t length,
					size_t size)
{
	return length ?: (offset < size ? size - offset : 0);
}

/* object.c: the one way to construct an object */
size_t wdf_object_size(const struct wdf_object_ops *ops,
		       const struct wdf_object_attributes *attr);
void *wdf_object_alloc(const struct wdf_object_ops *ops, struct wdf_driver *drv,
		       const struct wdf_object_attributes *attr, size_t extra,
		       gfp_t gfp, void **tail);
int wdf_object_setup(void *p, const struct wdf_object_ops *ops,
		     struct wdf_driver *drv,
		     const struct wdf_object_attributes *attr, size_t size);
int wdf_object_add(struct wdf_object *obj, struct wdf_object *parent);
/* Attributes of an MDL a request makes and deletes: see wdf_mdl_add(). */
extern const struct wdf_object_attributes wdf_request_owned_attr;
/* Room for a request's pinned range, an MDL when asked for (mdl.c). */
#define WDF_MDL_ROOM	ALIGN(sizeof(struct wdf_mdl_private), WDF_ALIGNMENT)
int wdf_mdl_pin_in(struct wdf_mdl_private *room, void __user *uaddr,
		   size_t length, bool write);
void *wdf_mdl_pin_map(struct wdf_mdl_private *room);

/*
 * An MDL's range's kernel address when it needs no vmap(): the mapping it
 * has, or a range on one page of the direct map (not highmem), published
 * as its mapping.  NULL otherwise.
 */
static __always_inline void *wdf_mdl_direct_addr(struct wdf_mdl_private *m)
{
	void *va = READ_ONCE(m->vaddr);

	if (va || m->npages != 1 || PageHighMem(m->pages[0]))
		return va;
	va = page_address(m->pages[0]) + m->offset;
	WRITE_ONCE(m->vaddr, va);
	return va;
}

/* wdf_mdl_pin_map() with its common cases inline. */
static __always_inline void *wdf_mdl_pin_addr(struct wdf_mdl_private *room)
{
	return wdf_mdl_direct_addr(room) ?: wdf_mdl_pin_map(room);
}

int wdf_mdl_adopt_in(struct wdf_object *host, struct wdf_mdl_private *room,
		     struct wdf_mdl **out);
void wdf_mdl_unpin_in(struct wdf_mdl_private *room);
void wdf_object_abort(struct wdf_object *obj);
void wdf_object_init_embedded(struct wdf_object *obj,
			      const struct wdf_object_ops *ops,
			      struct wdf_driver *drv);
void wdf_object_destroy(struct wdf_object *obj);
int wdf_object_force_delete(struct wdf_object *obj);
void __wdf_object_delete_children(struct wdf_object *obj);

/**
 * wdf_object_delete_children() - delete an object's children, not itself
 * @obj: an object that lives inside another and is never deleted as an
 *       object (a request's memory objects, the receiving side of a sent
 *       request)
 *
 * What a parent's delete does to its subtree, for the objects it never
 * reaches; then gives back the child list, so @obj can be reused.  No
 * child may be attached meanwhile.  Inline: most such objects never had a
 * child, and every request's cleanup asks for two.
 */
static inline void wdf_object_delete_children(struct wdf_object *obj)
{
	if (READ_ONCE(obj->had_children))
		__wdf_object_delete_children(obj);
}

void wdf_object_put_last(struct wdf_object *obj);
struct wdf_object *wdf_object_parent(struct wdf_object *obj);
struct wdf_object *wdf_driver_list(struct wdf_driver *drv);
void wdf_object_tables_init(void);
bool wdf_object_children_hashed(const void *obj);
const char *wdf_type_name(unsigned int type);

/* verifier.c */
#include <linux/stackdepot.h>
#include <linux/xarray.h>
extern struct xarray wdf_vtracked;
depot_stack_handle_t wdf_save_stack(void);
void wdf_verifier_driver_init(struct wdf_driver *drv);
void wdf_object_describe(struct wdf_object *obj, size_t *size, u32 *tag);
void wdf_verifier_track_object(struct wdf_object *obj);
void wdf_verifier_track_buffer(struct wdf_driver *drv, void *buf, size_t size,
			       u32 tag);
void __wdf_verifier_untrack(void *addr);
unsigned int wdf_verifier_driver_exit(struct wdf_driver *drv);
void wdf_verifier_leaks_show(struct seq_file *m);
int wdf_verifier_rank(const struct wdf_object *obj);
void wdf_verifier_exit(void);

/* Is the verifier on for @drv (globally, or for it alone)? */
static inline bool wdf_verifier_on(const struct wdf_driver *drv)
{
	return READ_ONCE(wdf_verifier) || (drv && READ_ONCE(drv->verifier));
}

/* Anything tracked at all?  The only verifier cost when it is off. */
static inline bool wdf_verifier_tracking(void)
{
	return !xa_empty(&wdf_vtracked);
}

static inline void wdf_verifier_untrack(void *addr)
{
	if (wdf_verifier_tracking())
		__wdf_verifier_untrack(addr);
}

/* reftag.c */
extern struct xarray wdf_tag_trackers;
void __wdf_object_tags_release(struct wdf_object *obj);

/* Report and free the tags still held on @obj: a load when there are none. */
static inline void wdf_object_tags_release(struct wdf_object *obj)
{
	if (!xa_empty(&wdf_tag_trackers))
		__wdf_object_tags_release(obj);
}

bool wdf_object_has_tags(const struct wdf_object *obj);

/* lookaside.c */
void wdf_lookaside_show(struct seq_file *m);
int wdf_lookaside_init(void);
void wdf_lookaside_exit(void);
void wdf_lookaside_scan_now(void);
unsigned long wdf_lookaside_shrink(unsigned long nr);

/* request.c */
void *wdf_request_spare(bool pin);

/* pool.c */
#define WDF_TAG_CHARS	5
char *wdf_tag_chars(u32 tag, char buf[WDF_TAG_CHARS]);
void wdf_tags_show(struct seq_file *m);
void wdf_tags_exit(void);

/* mdl.c */
struct wdf_mdl_private *wdf_mdl_get(struct wdf_mdl *mdl, const char *what);

/* dma.c, built where the kernel has a DMA API (not UML) */
#if IS_ENABLED(CONFIG_HAS_DMA)
bool wdf_dma_pages_reachable(struct device *dev, struct page **pages,
			     size_t off, size_t length);
bool wdf_dma_translated(struct device *dev);
bool wdf_dma_pages_contiguous(struct device *dev, struct page **pages,
			      size_t off, size_t length);
#else
static inline bool wdf_dma_pages_reachable(struct device *dev,
					   struct page **pages, size_t off,
					   size_t length)
{
	return false;
}
#endif

/* debugfs.c */
void wdf_debugfs_init(void);
void wdf_debugfs_exit(void);
void wdf_debugfs_driver_add(struct wdf_driver *drv);
void wdf_debugfs_driver_remove(struct wdf_driver *drv);

#endif /* _WDF_INTERNAL_H */
