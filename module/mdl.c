// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem MDLs: IoAllocateMdl + MmBuildMdlForNonPagedPool, MmProbeAndLockPages
 * and IoBuildPartialMdl on Linux.  An MDL is a page array and an sg_table
 * over a byte range; user pages are pinned with pin_user_pages_fast() and
 * unpinned (dirtied if a device wrote them) when the MDL is destroyed.
 */

#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <wdf/mdl.h>
#include "wdf_internal.h"
#include "wdf_trace.h"

/* The longest range an MDL describes: 1 GiB, far beyond any transfer. */
#define WDF_MDL_MAX_LENGTH	SZ_1G

static void wdf_mdl_free(struct wdf_object *obj)
{
	struct wdf_mdl *mdl = container_of(obj, struct wdf_mdl, obj);

	if (mdl->dma_dev)
		wdf_mdl_dma_unmap(mdl);
	if (mdl->vmapped)
		vunmap((void *)((unsigned long)mdl->vaddr & PAGE_MASK));
	sg_free_table(&mdl->sgt);
	if (mdl->kind == WDF_MDL_USER)
		unpin_user_pages_dirty_lock(mdl->pages, mdl->npages, mdl->dirty);
	kvfree(mdl->pages);
	if (mdl->source)
		wdf_object_put(&mdl->source->obj);
	if (mdl->memory)
		wdf_object_put(&mdl->memory->obj);
	kfree(mdl);
}

static const struct wdf_object_ops wdf_mdl_ops = {
	.type = WDF_TYPE_MDL,
	.free = wdf_mdl_free,
};

bool wdf_mdl_valid(const struct wdf_mdl *mdl, const char *what)
{
	if (mdl && mdl->obj.ops == &wdf_mdl_ops)
		return true;
	wdf_misuse("%s: not an MDL", what);
	return false;
}

#define WDF_MDL_HDR	ALIGN(sizeof(struct wdf_mdl), WDF_ALIGNMENT)

static size_t wdf_mdl_context_size(const struct wdf_object_attributes *attr)
{
	return attr ? attr->context_size : 0;
}

/*
 * Allocate an MDL covering @length bytes that start @offset bytes into the
 * first page, with room for its page array and a zeroed context.  Nothing
 * is initialised but the sizes.
 */
static struct wdf_mdl *wdf_mdl_alloc(size_t offset, size_t length,
				     const struct wdf_object_attributes *attr,
				     gfp_t gfp)
{
	size_t total = size_add(WDF_MDL_HDR, wdf_mdl_context_size(attr));
	unsigned int n = DIV_ROUND_UP(offset + length, PAGE_SIZE);
	struct wdf_mdl *mdl;

	mdl = wdf_kzalloc(total, gfp);
	if (!mdl)
		return NULL;
	mdl->pages = wdf_fail() ? NULL :
		     kvmalloc_array(n, sizeof(*mdl->pages), gfp);
	if (!mdl->pages) {
		kfree(mdl);
		return NULL;
	}
	mdl->npages = n;
	mdl->offset = offset;
	mdl->length = length;
	return mdl;
}

static void wdf_mdl_discard(struct wdf_mdl *mdl)
{
	kvfree(mdl->pages);
	kfree(mdl);
}

/* Take the driver's reference and allocate; nothing is kept on failure. */
static int wdf_mdl_start(struct wdf_driver *drv, size_t offset, size_t length,
			 const struct wdf_object_attributes *attr, gfp_t gfp,
			 struct wdf_mdl **mdl)
{
	int ret = wdf_object_prepare(drv);

	if (ret)
		return ret;
	*mdl = wdf_mdl_alloc(offset, length, attr, gfp);
	if (!*mdl) {
		wdf_object_unprepare(drv);
		return -ENOMEM;
	}
	return 0;
}

/* Undo wdf_mdl_start() for an MDL that was never committed. */
static int wdf_mdl_abandon(struct wdf_driver *drv, struct wdf_mdl *mdl, int ret)
{
	wdf_mdl_discard(mdl);
	wdf_object_unprepare(drv);
	return ret;
}

/*
 * Build the sg_table, initialise the header and attach to the parent.  On
 * failure everything the MDL holds is released, the pins, the source
 * reference and the driver reference included.
 */
static int wdf_mdl_commit(struct wdf_driver *drv, struct wdf_mdl *mdl,
			  const struct wdf_object_attributes *attr, gfp_t gfp)
{
	int ret;

	ret = wdf_fail() ? -ENOMEM :
	      sg_alloc_table_from_pages(&mdl->sgt, mdl->pages, mdl->npages,
					mdl->offset, mdl->length, gfp);
	if (ret) {
		if (mdl->kind == WDF_MDL_USER)
			unpin_user_pages(mdl->pages, mdl->npages);
		if (mdl->source)
			wdf_object_put(&mdl->source->obj);
		wdf_mdl_discard(mdl);
		wdf_object_unprepare(drv);
		return ret;
	}
	wdf_object_init(&mdl->obj, &wdf_mdl_ops, drv, attr,
			wdf_mdl_context_size(attr) ? (void *)mdl + WDF_MDL_HDR :
			NULL);
	ret = wdf_object_commit(&mdl->obj, attr ? attr->parent : NULL);
	if (ret) {
		wdf_object_abort(&mdl->obj);
		return ret;
	}
	trace_wdfmem_mdl_build(mdl, mdl->kind, mdl->length, mdl->npages);
	return 0;
}

static bool wdf_mdl_args_ok(size_t length, struct wdf_mdl **out)
{
	if (!out) {
		wdf_misuse("MDL create with NULL output");
		return false;
	}
	*out = NULL;
	return length && length <= WDF_MDL_MAX_LENGTH;
}

/**
 * __wdf_mdl_create_kernel() - an MDL over a kernel buffer, for a driver
 * @drv: the creating driver (wdf_mdl_create_kernel() passes the module's)
 * @attr: attributes, or NULL
 * @buffer: lowmem (kmalloc, page allocator), vmalloc or module memory
 * @length: bytes
 * @gfp: allocation flags
 * @out: receives the MDL, or NULL on failure
 *
 * The buffer must outlive the MDL.  wdf_mdl_map() returns @buffer itself.
 *
 * Return: 0; -EINVAL for a NULL @out (with a warning), a zero @length or
 * one above 1 GiB, or an address that is not kernel memory with pages;
 * -ENOMEM; -ESHUTDOWN if the parent is being deleted.
 */
int __wdf_mdl_create_kernel(struct wdf_driver *drv,
			    const struct wdf_object_attributes *attr,
			    void *buffer, size_t length, gfp_t gfp,
			    struct wdf_mdl **out)
{
	unsigned long start = (unsigned long)buffer & PAGE_MASK;
	bool vmem = wdf_vmalloc_or_module_addr(buffer);
	struct wdf_mdl *mdl;
	unsigned int i;
	int ret;

	if (!wdf_mdl_args_ok(length, out) || !buffer)
		return -EINVAL;
	if (!vmem && !virt_addr_valid(buffer))
		return -EINVAL;
	ret = wdf_mdl_start(drv, offset_in_page(buffer), length, attr, gfp, &mdl);
	if (ret)
		return ret;
	for (i = 0; i < mdl->npages; i++) {
		void *addr = (void *)(start + i * PAGE_SIZE);

		if (vmem)
			mdl->pages[i] = vmalloc_to_page(addr);
		else if (virt_addr_valid(addr))
			mdl->pages[i] = virt_to_page(addr);
		else
			mdl->pages[i] = NULL;
		if (!mdl->pages[i])
			return wdf_mdl_abandon(drv, mdl, -EINVAL);
	}
	mdl->kind = WDF_MDL_KERNEL;
	mdl->writable = true;
	mdl->vaddr = buffer;
	ret = wdf_mdl_commit(drv, mdl, attr, gfp);
	if (!ret)
		*out = mdl;
	return ret;
}
EXPORT_SYMBOL_GPL(__wdf_mdl_create_kernel);

/**
 * __wdf_mdl_create_user() - pin user memory and describe it, for a driver
 * @drv: the creating driver (wdf_mdl_create_user() passes the module's)
 * @attr: attributes, or NULL
 * @uaddr: user address of the first byte, any alignment
 * @length: bytes
 * @write: pin for writing (the device will write the pages)
 * @out: receives the MDL, or NULL on failure
 *
 * The pages stay pinned until the MDL is destroyed; they are unpinned then,
 * and marked dirty if wdf_mdl_mark_dirty() was called or a FROM_DEVICE
 * mapping was made.
 *
 * Context: process context of the task that owns @uaddr.
 * Return: 0; -EINVAL for a NULL @out (with a warning) or a zero @length or
 * one above 1 GiB; -EFAULT if any page of the range cannot be pinned;
 * -ENOMEM; -ESHUTDOWN if the parent is being deleted.
 */
int __wdf_mdl_create_user(struct wdf_driver *drv,
			  const struct wdf_object_attributes *attr,
			  unsigned long uaddr, size_t length, bool write,
			  struct wdf_mdl **out)
{
	struct wdf_mdl *mdl;
	int ret, pinned;

	if (!wdf_mdl_args_ok(length, out))
		return -EINVAL;
	if (!access_ok((void __user *)uaddr, length))
		return -EFAULT;
	ret = wdf_mdl_start(drv, offset_in_page(uaddr), length, attr, GFP_KERNEL,
			    &mdl);
	if (ret)
		return ret;
	pinned = pin_user_pages_fast(uaddr & PAGE_MASK, mdl->npages,
				     write ? FOLL_WRITE : 0, mdl->pages);
	if (pinned != mdl->npages) {
		if (pinned > 0)
			unpin_user_pages(mdl->pages, pinned);
		ret = pinned == -ENOMEM || pinned == -EINTR ? pinned : -EFAULT;
		return wdf_mdl_abandon(drv, mdl, ret);
	}
	mdl->kind = WDF_MDL_USER;
	mdl->writable = write;
	ret = wdf_mdl_commit(drv, mdl, attr, GFP_KERNEL);
	if (!ret)
		*out = mdl;
	return ret;
}
EXPORT_SYMBOL_GPL(__wdf_mdl_create_user);

/**
 * wdf_mdl_create_memory() - an MDL over (part of) a memory object's buffer
 * @attr: attributes, or NULL (the parent defaults to @mem's driver)
 * @mem: any memory object
 * @offset: first byte of the range in @mem
 * @length: bytes, or 0 for the rest of @mem after @offset
 * @gfp: allocation flags
 * @out: receives the MDL, or NULL on failure
 *
 * The MDL holds a reference on @mem, so the buffer outlives it.  An MDL
 * over a read-only memory object is not writable.
 *
 * Return: 0; -EINVAL (with a warning) if @mem is not a memory object;
 * -EOVERFLOW for a range past the end of @mem; the errors of
 * __wdf_mdl_create_kernel().
 */
int wdf_mdl_create_memory(const struct wdf_object_attributes *attr,
			  struct wdf_memory *mem, size_t offset, size_t length,
			  gfp_t gfp, struct wdf_mdl **out)
{
	size_t size;
	void *buf;
	int ret;

	if (out)
		*out = NULL;
	buf = wdf_memory_get_buffer(mem, &size);
	if (!buf)
		return -EINVAL;
	if (!length && offset < size)
		length = size - offset;
	if (offset >= size || length > size - offset)
		return -EOVERFLOW;
	ret = __wdf_mdl_create_kernel(mem->obj.driver, attr, buf + offset,
				      length, gfp, out);
	if (ret)
		return ret;
	wdf_object_get(&mem->obj);
	(*out)->memory = mem;
	(*out)->writable = !READ_ONCE(mem->read_only);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_mdl_create_memory);

/**
 * wdf_mdl_create_partial() - an MDL over a byte range of another (IoBuildPartialMdl)
 * @attr: attributes, or NULL (the parent defaults to @source's driver)
 * @source: the MDL to take the range from
 * @offset: first byte of the range, relative to @source's first byte
 * @length: bytes, or 0 for the rest of @source after @offset
 * @gfp: allocation flags
 * @out: receives the MDL, or NULL on failure
 *
 * The partial MDL references @source, so its pages stay pinned as long as
 * either exists.
 *
 * Return: 0; -EINVAL (with a warning) if @source is not an MDL or @out is
 * NULL; -EOVERFLOW for a range past the end of @source; -ENOMEM;
 * -ESHUTDOWN if the parent is being deleted.
 */
int wdf_mdl_create_partial(const struct wdf_object_attributes *attr,
			   struct wdf_mdl *source, size_t offset,
			   size_t length, gfp_t gfp, struct wdf_mdl **out)
{
	struct wdf_driver *drv;
	struct wdf_mdl *mdl;
	size_t start;
	int ret;

	if (!wdf_mdl_valid(source, "partial MDL") ||
	    !wdf_mdl_args_ok(1, out))
		return -EINVAL;
	if (!length && offset < source->length)
		length = source->length - offset;
	if (offset >= source->length || length > source->length - offset)
		return -EOVERFLOW;
	drv = source->obj.driver;
	start = source->offset + offset;
	ret = wdf_mdl_start(drv, offset_in_page(start), length, attr, gfp, &mdl);
	if (ret)
		return ret;
	memcpy(mdl->pages, source->pages + (start >> PAGE_SHIFT),
	       mdl->npages * sizeof(*mdl->pages));
	mdl->kind = WDF_MDL_PARTIAL;
	mdl->writable = source->writable;
	/* A mapping of the source (owned by it) serves the range too. */
	if (source->vaddr)
		mdl->vaddr = source->vaddr + offset;
	wdf_object_get(&source->obj);
	mdl->source = source;
	ret = wdf_mdl_commit(drv, mdl, attr, gfp);
	if (!ret)
		*out = mdl;
	return ret;
}
EXPORT_SYMBOL_GPL(wdf_mdl_create_partial);

/**
 * wdf_mdl_map() - a kernel virtual address for an MDL's range
 * @mdl: the MDL
 *
 * Kernel MDLs return their buffer; user and partial ones are mapped with
 * vmap() once, and unmapped when the MDL is destroyed
 * (MmGetSystemAddressForMdlSafe).
 *
 * Context: process context (vmap may sleep).
 * Return: the address of the first byte, or NULL if @mdl is not an MDL or
 * the mapping failed.
 */
void *wdf_mdl_map(struct wdf_mdl *mdl)
{
	void *va;

	if (!wdf_mdl_valid(mdl, "map"))
		return NULL;
	if (mdl->vaddr)
		return mdl->vaddr;
	va = wdf_fail() ? NULL : vmap(mdl->pages, mdl->npages, VM_MAP, PAGE_KERNEL);
	if (!va)
		return NULL;
	mdl->vaddr = va + mdl->offset;
	mdl->vmapped = true;
	return mdl->vaddr;
}
EXPORT_SYMBOL_GPL(wdf_mdl_map);

/**
 * wdf_mdl_dma_map() - map an MDL's pages for a device (dma_map_sgtable)
 * @mdl: the MDL
 * @dev: the DMA device
 * @dir: the transfer direction
 *
 * Walk the mapped segments with for_each_sgtable_dma_sg(&mdl->sgt, ...).
 * A FROM_DEVICE or BIDIRECTIONAL mapping marks the pages dirty.
 *
 * Return: 0; -EINVAL (with a warning) if @mdl is not an MDL; -EBUSY if it
 * is already mapped; -EACCES if the device would write pages pinned for
 * reading; -EIO, before anything is mapped, when the device cannot reach
 * every page (wdf_dma_piece_map() bounces such ranges); the errors of
 * dma_map_sgtable().
 */
int wdf_mdl_dma_map(struct wdf_mdl *mdl, struct device *dev,
		    enum dma_data_direction dir)
{
	int ret;

	if (!wdf_mdl_valid(mdl, "DMA map"))
		return -EINVAL;
	if (mdl->dma_dev)
		return -EBUSY;
	if (dir != DMA_TO_DEVICE && !mdl->writable)
		return -EACCES;
	/* Decided before mapping: the DMA API warns before it refuses. */
	if (!wdf_dma_pages_reachable(dev, mdl->pages, mdl->offset, mdl->length))
		return -EIO;
	ret = dma_map_sgtable(dev, &mdl->sgt, dir, 0);
	if (ret)
		return ret;
	mdl->dma_dev = dev;
	mdl->dma_dir = dir;
	if (dir != DMA_TO_DEVICE)
		mdl->dirty = true;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_mdl_dma_map);

/**
 * wdf_mdl_dma_unmap() - undo wdf_mdl_dma_map()
 * @mdl: the MDL; nothing happens if it is not mapped
 */
void wdf_mdl_dma_unmap(struct wdf_mdl *mdl)
{
	if (!wdf_mdl_valid(mdl, "DMA unmap") || !mdl->dma_dev)
		return;
	dma_unmap_sgtable(mdl->dma_dev, &mdl->sgt, mdl->dma_dir, 0);
	mdl->dma_dev = NULL;
}
EXPORT_SYMBOL_GPL(wdf_mdl_dma_unmap);

/**
 * wdf_mdl_mark_dirty() - record that the pages were written
 * @mdl: the MDL
 */
void wdf_mdl_mark_dirty(struct wdf_mdl *mdl)
{
	if (wdf_mdl_valid(mdl, "mark dirty"))
		mdl->dirty = true;
}
EXPORT_SYMBOL_GPL(wdf_mdl_mark_dirty);

static int wdf_mdl_check_copy(struct wdf_mdl *mdl, size_t offset,
			      const void *buffer, size_t count,
			      const char *what)
{
	if (!wdf_mdl_valid(mdl, what))
		return -EINVAL;
	if (!count)
		return -EINVAL;
	if (!buffer) {
		wdf_misuse("%s with a NULL buffer", what);
		return -EINVAL;
	}
	if ((offset && offset >= mdl->length) || count > mdl->length - offset) {
		this_cpu_inc(wdf_stats.copies_rejected);
		trace_wdfmem_copy_rejected(mdl, offset, count, mdl->length,
					   -EOVERFLOW);
		return -EOVERFLOW;
	}
	return 0;
}

/**
 * wdf_mdl_copy_to_buffer() - copy bytes out of an MDL's pages
 * @mdl: the MDL
 * @offset: first byte, relative to the MDL's range
 * @buffer: destination
 * @count: bytes
 *
 * Works page by page without a kernel mapping of the whole range.
 *
 * Return: 0; -EINVAL for a bad MDL or NULL @buffer (with a warning) or a
 * zero @count; -EOVERFLOW for a range past the end.
 */
int wdf_mdl_copy_to_buffer(struct wdf_mdl *mdl, size_t offset, void *buffer,
			   size_t count)
{
	int ret = wdf_mdl_check_copy(mdl, offset, buffer, count, "MDL copy to");

	if (ret)
		return ret;
	if (sg_pcopy_to_buffer(mdl->sgt.sgl, mdl->sgt.orig_nents, buffer, count,
			       offset) != count)
		return -EFAULT;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_mdl_copy_to_buffer);

/**
 * wdf_mdl_copy_from_buffer() - copy bytes into an MDL's pages
 * @mdl: the MDL
 * @offset: first byte, relative to the MDL's range
 * @buffer: source
 * @count: bytes
 *
 * Marks the pages dirty.
 *
 * Return: 0; -EINVAL for a bad MDL or NULL @buffer (with a warning) or a
 * zero @count; -EACCES if the pages were pinned for reading only;
 * -EOVERFLOW for a range past the end.
 */
int wdf_mdl_copy_from_buffer(struct wdf_mdl *mdl, size_t offset,
			     const void *buffer, size_t count)
{
	int ret = wdf_mdl_check_copy(mdl, offset, buffer, count,
				     "MDL copy from");

	if (ret)
		return ret;
	if (!mdl->writable)
		return -EACCES;
	if (sg_pcopy_from_buffer(mdl->sgt.sgl, mdl->sgt.orig_nents, buffer,
				 count, offset) != count)
		return -EFAULT;
	mdl->dirty = true;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_mdl_copy_from_buffer);
