/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem memory objects (WDFMEMORY) and local buffers (ExAllocatePoolWithTag).
 */
#ifndef _WDF_MEMORY_H
#define _WDF_MEMORY_H

#include <linux/gfp.h>
#include <wdf/object.h>

/**
 * enum wdf_pool_type - where a buffer lives
 * @WDF_POOL_NONPAGED: kmalloc with the caller's gfp; usable in atomic
 *                     context when the gfp allows it
 * @WDF_POOL_PAGED: kvmalloc; the caller must be allowed to sleep
 */
enum wdf_pool_type {
	WDF_POOL_NONPAGED,
	WDF_POOL_PAGED,
};

/**
 * struct wdf_memory - a framework memory object (WDFMEMORY)
 * @obj: object header
 *
 * The rest of the object is the framework's: read the buffer with
 * wdf_memory_get_buffer().
 */
struct wdf_memory {
	struct wdf_object obj;
};

int __wdf_memory_create(struct wdf_driver *drv,
			const struct wdf_object_attributes *attr,
			enum wdf_pool_type pool, gfp_t gfp, u32 tag,
			size_t size, struct wdf_memory **out, void **buffer);
int __wdf_memory_create_preallocated(struct wdf_driver *drv,
				     const struct wdf_object_attributes *attr,
				     void *buffer, size_t size,
				     struct wdf_memory **out);

/**
 * wdf_memory_create() - create a memory object and its buffer
 * @attr: attributes, or NULL (the parent defaults to the driver)
 * @pool: paged (kvmalloc) or non-paged (kmalloc)
 * @gfp: allocation flags, for the object and the buffer
 * @tag: pool tag, kept in the object
 * @size: buffer size in bytes, not 0
 * @out: receives the object
 * @buffer: if not NULL, receives the buffer
 *
 * The buffer is not zeroed unless @gfp has __GFP_ZERO.
 *
 * Return: as __wdf_memory_create().
 */
static inline int wdf_memory_create(const struct wdf_object_attributes *attr,
				    enum wdf_pool_type pool, gfp_t gfp,
				    u32 tag, size_t size,
				    struct wdf_memory **out, void **buffer)
{
	return __wdf_memory_create(wdf_driver_globals, attr, pool, gfp, tag,
				   size, out, buffer);
}

/**
 * wdf_memory_create_preallocated() - wrap a caller's buffer
 * @attr: attributes, or NULL
 * @buffer: the buffer; never freed by the framework
 * @size: its size in bytes, not 0
 * @out: receives the object
 *
 * Return: as __wdf_memory_create_preallocated().
 */
static inline int
wdf_memory_create_preallocated(const struct wdf_object_attributes *attr,
			       void *buffer, size_t size,
			       struct wdf_memory **out)
{
	return __wdf_memory_create_preallocated(wdf_driver_globals, attr,
						buffer, size, out);
}

void *wdf_memory_get_buffer(struct wdf_memory *mem, size_t *size);
int wdf_memory_copy_to_buffer(struct wdf_memory *src, size_t src_offset,
			      void *buffer, size_t count);
int wdf_memory_copy_from_buffer(struct wdf_memory *dst, size_t dst_offset,
				const void *buffer, size_t count);
int wdf_memory_assign_buffer(struct wdf_memory *mem, void *buffer,
			     size_t size);
int wdf_memory_set_read_only(struct wdf_memory *mem);
struct wdf_memory *wdf_object_to_memory(struct wdf_object *obj);

/* Local buffers: ExAllocatePoolWithTag / ExFreePoolWithTag. */
void *__wdf_pool_alloc(struct wdf_driver *drv, enum wdf_pool_type pool,
		       gfp_t gfp, size_t size, u32 tag);
int wdf_pool_free(void *buffer, u32 tag);

/**
 * wdf_pool_alloc() - allocate a tagged local buffer for this module
 * @pool: WDF_POOL_NONPAGED (kmalloc) or WDF_POOL_PAGED (kvmalloc)
 * @gfp: allocation flags
 * @size: bytes wanted
 * @tag: pool tag
 *
 * Return: as __wdf_pool_alloc().
 */
static inline void *wdf_pool_alloc(enum wdf_pool_type pool, gfp_t gfp,
				   size_t size, u32 tag)
{
	return __wdf_pool_alloc(wdf_driver_globals, pool, gfp, size, tag);
}

/**
 * WDF_TAG() - build a pool tag from four characters, as KMDF's 'abcd'
 * @a: first character (lowest byte, printed first)
 * @b: second character
 * @c: third character
 * @d: fourth character
 */
#define WDF_TAG(a, b, c, d) \
	((u32)(a) | (u32)(b) << 8 | (u32)(c) << 16 | (u32)(d) << 24)

#endif /* _WDF_MEMORY_H */
