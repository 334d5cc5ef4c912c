/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem lookaside lists (WDFLOOKASIDE): fixed-size memory objects from a
 * kmem_cache owned by the list.
 */
#ifndef _WDF_LOOKASIDE_H
#define _WDF_LOOKASIDE_H

#include <wdf/memory.h>

/**
 * struct wdf_lookaside - a lookaside list (WDFLOOKASIDE)
 * @obj: object header
 *
 * The rest of the object is the framework's.
 */
struct wdf_lookaside {
	struct wdf_object obj;
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
