/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem private declarations shared by the framework's files.
 */
#ifndef _WDF_INTERNAL_H
#define _WDF_INTERNAL_H

#include <linux/fault-inject.h>
#include <linux/percpu.h>
#include <linux/percpu_counter.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <wdf/wdf.h>
#include <wdf/dma.h>
#include "wdf_compat.h"

/* Buffers, contexts and headers start on this boundary (x64 KMDF: 16). */
#define WDF_ALIGNMENT	16

/* Per-CPU framework counters: summed when read, never locked. */
struct wdf_stats {
	u64 created[WDF_TYPE_MAX];
	u64 freed[WDF_TYPE_MAX];
	u64 copies_rejected;
	u64 warnings;
	u64 dma_mapped_bytes;
	u64 dma_bounced_bytes[WDF_DMA_BOUNCE_REASONS];
};

/* Per-CPU lookaside counters. */
struct wdf_lookaside_stats {
	u64 hits;
	u64 misses;
	u64 frees;
};

DECLARE_PER_CPU(struct wdf_stats, wdf_stats);
extern struct percpu_counter wdf_bytes_live;
extern atomic64_t wdf_bytes_peak;
extern bool wdf_verifier;
extern struct workqueue_struct *wdf_wq;

void wdf_bytes_add(s64 bytes);

/* A KMDF bugcheck, answered with a message, a count and an errno. */
#define wdf_misuse(fmt, ...) do {					\
	this_cpu_inc(wdf_stats.warnings);				\
	pr_warn_ratelimited("wdfmem: misuse: " fmt "\n", ##__VA_ARGS__);\
	if (wdf_verifier)						\
		dump_stack();						\
} while (0)

/* wdf_fail() (wdf_compat.h) is the fault point in front of every allocation. */
/*
 * Zeroed memory for an object header and its context: the fault point, and
 * a size no allocator can satisfy (a hostile context size) answered with
 * NULL instead of the page allocator's warning.
 */
static inline void *wdf_kzalloc(size_t size, gfp_t gfp)
{
	if (wdf_fail() || size > KMALLOC_MAX_SIZE)
		return NULL;
	return kzalloc(size, gfp);
}

/* object.c */
void wdf_object_init(struct wdf_object *obj, const struct wdf_object_ops *ops,
		     struct wdf_driver *drv,
		     const struct wdf_object_attributes *attr, void *context);
int wdf_object_commit(struct wdf_object *obj, struct wdf_object *parent);
void wdf_object_abort(struct wdf_object *obj);
void wdf_object_destroy(struct wdf_object *obj);
int wdf_object_force_delete(struct wdf_object *obj);
void wdf_object_put_last(struct wdf_object *obj);
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
void wdf_object_tags_release(struct wdf_object *obj);
int wdf_object_prepare(struct wdf_driver *drv);
void wdf_object_unprepare(struct wdf_driver *drv);

/* memory.c */
extern const struct wdf_object_ops wdf_memory_ops;
extern const struct wdf_object_ops wdf_request_memory_ops;
size_t wdf_memory_header_size(size_t context_size);
void wdf_memory_clear(struct wdf_memory *mem, size_t hdr);

/* lookaside.c */
void wdf_lookaside_entry_free(struct wdf_memory *mem);
void wdf_lookaside_show(struct seq_file *m);

/* pool.c */
void wdf_tags_show(struct seq_file *m);
void wdf_tags_exit(void);

/* mdl.c */
bool wdf_mdl_valid(const struct wdf_mdl *mdl, const char *what);

/* dma.c, built where the kernel has a DMA API (not UML) */
#if IS_ENABLED(CONFIG_HAS_DMA)
bool wdf_dma_pages_reachable(struct device *dev, struct page **pages,
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
