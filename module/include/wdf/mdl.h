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

/* What an MDL describes. */
enum wdf_mdl_kind {
	WDF_MDL_KERNEL,		/* lowmem, vmalloc or module memory */
	WDF_MDL_USER,		/* pinned user pages */
	WDF_MDL_PARTIAL,	/* a byte range of another MDL */
};

/**
 * struct wdf_mdl - a memory descriptor list
 * @obj: object header (WDF_TYPE_MDL)
 * @sgt: the pages of the range, contiguous pages merged
 * @pages: the pages, first to last
 * @npages: number of @pages
 * @offset: byte offset of the range in the first page
 * @length: byte count
 * @kind: an enum wdf_mdl_kind
 * @writable: the pages may be written (user pages pinned FOLL_WRITE)
 * @dirty: the pages were written by a device; user pages are dirtied when
 *         they are unpinned
 * @source: for a partial MDL, the MDL it was built from (referenced)
 * @memory: for an MDL over a memory object, that object (referenced)
 * @vaddr: kernel mapping of the range, once wdf_mdl_map() made one
 * @vmapped: @vaddr comes from vmap() and is unmapped on free
 * @dma_dev: the device the sg_table is DMA-mapped for, or NULL
 * @dma_dir: direction of that mapping
 */
struct wdf_mdl {
	struct wdf_object obj;
	struct sg_table sgt;
	struct page **pages;
	unsigned int npages;
	size_t offset;
	size_t length;
	u8 kind;
	bool writable;
	bool dirty;
	struct wdf_mdl *source;
	struct wdf_memory *memory;
	void *vaddr;
	bool vmapped;
	struct device *dma_dev;
	enum dma_data_direction dma_dir;
};

int __wdf_mdl_create_kernel(struct wdf_driver *drv,
			    const struct wdf_object_attributes *attr,
			    void *buffer, size_t length, gfp_t gfp,
			    struct wdf_mdl **out);
int __wdf_mdl_create_user(struct wdf_driver *drv,
			  const struct wdf_object_attributes *attr,
			  unsigned long uaddr, size_t length, bool write,
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
				      unsigned long uaddr, size_t length,
				      bool write, struct wdf_mdl **out)
{
	return __wdf_mdl_create_user(wdf_driver_globals, attr, uaddr, length,
				     write, out);
}

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
