/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem MDLs: a byte range of pages, as an sg_table plus a byte offset and
 * count, built over kernel buffers, memory objects or pinned user memory.
 */
#ifndef _WDF_MDL_H
#define _WDF_MDL_H

#include <linux/dma-direction.h>
#include <linux/scatterlist.h>
#include <wdf/memory.h>

struct device;

/**
 * struct wdf_mdl - a memory descriptor list (MDL)
 * @obj: object header (WDF_TYPE_MDL)
 *
 * The rest of the object is the framework's: wdf_mdl_byte_count(),
 * wdf_mdl_byte_offset() and wdf_mdl_sg_table() read it.
 */
struct wdf_mdl {
	struct wdf_object obj;
};

int __wdf_mdl_create_kernel(struct wdf_driver *drv,
			    const struct wdf_object_attributes *attr,
			    void *buffer, size_t length, gfp_t gfp,
			    struct wdf_mdl **out);
int __wdf_mdl_create_user(struct wdf_driver *drv,
			  const struct wdf_object_attributes *attr,
			  void __user *uaddr, size_t length, bool write,
			  struct wdf_mdl **out);
int wdf_mdl_create_memory(const struct wdf_object_attributes *attr,
			  struct wdf_memory *mem, size_t offset, size_t length,
			  gfp_t gfp, struct wdf_mdl **out);
int wdf_mdl_create_partial(const struct wdf_object_attributes *attr,
			   struct wdf_mdl *source, size_t offset,
			   size_t length, gfp_t gfp, struct wdf_mdl **out);

/**
 * wdf_mdl_create_kernel() - an MDL over a kernel buffer
 * @attr: attributes, or NULL
 * @buffer: lowmem (kmalloc), vmalloc or module memory
 * @length: bytes, not 0
 * @gfp: allocation flags
 * @out: receives the MDL
 *
 * Return: as __wdf_mdl_create_kernel().
 */
static inline int wdf_mdl_create_kernel(const struct wdf_object_attributes *attr,
					void *buffer, size_t length, gfp_t gfp,
					struct wdf_mdl **out)
{
	return __wdf_mdl_create_kernel(wdf_driver_globals, attr, buffer, length,
				       gfp, out);
}

/**
 * wdf_mdl_create_user() - an MDL over pinned user memory
 * @attr: attributes, or NULL
 * @uaddr: user address, any alignment
 * @length: bytes, not 0
 * @write: the device will write the pages (pinned FOLL_WRITE)
 * @out: receives the MDL
 *
 * Return: as __wdf_mdl_create_user().
 */
static inline int wdf_mdl_create_user(const struct wdf_object_attributes *attr,
				      void __user *uaddr, size_t length,
				      bool write, struct wdf_mdl **out)
{
	return __wdf_mdl_create_user(wdf_driver_globals, attr, uaddr, length,
				     write, out);
}

size_t wdf_mdl_byte_count(struct wdf_mdl *mdl);
size_t wdf_mdl_byte_offset(struct wdf_mdl *mdl);
struct sg_table *wdf_mdl_sg_table(struct wdf_mdl *mdl);
void *wdf_mdl_map(struct wdf_mdl *mdl);
int wdf_mdl_dma_map(struct wdf_mdl *mdl, struct device *dev,
		    enum dma_data_direction dir);
void wdf_mdl_dma_unmap(struct wdf_mdl *mdl);
void wdf_mdl_mark_dirty(struct wdf_mdl *mdl);
int wdf_mdl_copy_to_buffer(struct wdf_mdl *mdl, size_t offset, void *buffer,
			   size_t count);
int wdf_mdl_copy_from_buffer(struct wdf_mdl *mdl, size_t offset,
			     const void *buffer, size_t count);

#endif /* _WDF_MDL_H */
