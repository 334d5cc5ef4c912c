/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem lookaside lists (WDFLOOKASIDE): fixed-size memory objects from a
 * kmem_cache owned by the list.
 */
#ifndef _WDF_LOOKASIDE_H
#define _WDF_LOOKASIDE_H

#include <wdf/memory.h>

struct kmem_cache;

/**
 * struct wdf_lookaside - a lookaside list
 * @obj: object header
 * @cache: the list's own kmem_cache (SLAB_NO_MERGE, named after the list)
 * @entries: one reference per outstanding memory object, plus the list's
 * @size: buffer size of every entry
 * @offset: where the buffer starts inside an entry
 * @pool: pool type given at creation
 * @tag: pool tag
 * @mem_cleanup: cleanup callback for the memory objects
 * @mem_destroy: destroy callback for the memory objects
 * @mem_context_size: context size for the memory objects
 * @mem_parent: parent of every memory object (referenced), or NULL for the
 *              driver
 * @stats: per-CPU hit, miss and free counters
 * @node: entry in the framework's list of lookasides (for debugfs)
 * @teardown: runs kmem_cache_destroy once the last entry is back
 * @name: the cache name, "wdf-<tag>-<id>"
 */
struct wdf_lookaside {
	struct wdf_object obj;
	struct kmem_cache *cache;
	struct percpu_ref entries;
	size_t size;
	size_t offset;
	enum wdf_pool_type pool;
	u32 tag;
	void (*mem_cleanup)(struct wdf_object *obj);
	void (*mem_destroy)(struct wdf_object *obj);
	size_t mem_context_size;
	struct wdf_object *mem_parent;
	struct wdf_lookaside_stats __percpu *stats;
	struct list_head node;
	struct work_struct teardown;
	char name[32];
};

int __wdf_lookaside_create(struct wdf_driver *drv,
			   const struct wdf_object_attributes *list_attr,
			   size_t size, enum wdf_pool_type pool,
			   const struct wdf_object_attributes *mem_attr,
			   u32 tag, struct wdf_lookaside **out);

/**
 * wdf_lookaside_create() - create a lookaside list (WdfLookasideListCreate)
 * @list_attr: attributes of the list, or NULL
 * @size: buffer size of every memory object, not 0
 * @pool: paged or non-paged
 * @mem_attr: attributes given to every memory object from the list, or NULL
 * @tag: pool tag
 * @out: receives the list
 *
 * Return: as __wdf_lookaside_create().
 */
static inline int
wdf_lookaside_create(const struct wdf_object_attributes *list_attr,
		     size_t size, enum wdf_pool_type pool,
		     const struct wdf_object_attributes *mem_attr, u32 tag,
		     struct wdf_lookaside **out)
{
	return __wdf_lookaside_create(wdf_driver_globals, list_attr, size, pool,
				      mem_attr, tag, out);
}

int wdf_memory_create_from_lookaside(struct wdf_lookaside *la, gfp_t gfp,
				     struct wdf_memory **out);
void wdf_lookaside_trim(struct wdf_lookaside *la);

#endif /* _WDF_LOOKASIDE_H */
