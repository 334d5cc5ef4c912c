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
#include "wdf_construct.h"
#include "wdf_trace.h"

/*
 * The attributes a request passes for the MDLs it makes over its buffers
 * (none of its own: no context, callbacks or parent).  Such an MDL is on
 * no child list and refused to wdf_object_delete(); the request deletes it.
 */
const struct wdf_object_attributes wdf_request_owned_attr;

/* The longest range an MDL describes: 1 GiB, far beyond any transfer. */
#define WDF_MDL_MAX_LENGTH	SZ_1G

/* The kernel mapping, the pins and the page array of an MDL's range. */
static void wdf_mdl_release_pages(struct wdf_mdl_private *mdl)
{
	if (mdl->vmapped)
		vunmap((void *)((unsigned long)mdl->vaddr & PAGE_MASK));
	if (mdl->pinned)
		unpin_user_pages_dirty_lock(mdl->pages, mdl->npages, mdl->dirty);
	if (mdl->pages != &mdl->one_page)
		kvfree(mdl->pages);
}

static void wdf_mdl_free(struct wdf_object *obj)
{
	struct wdf_mdl_private *mdl =
		container_of(obj, struct wdf_mdl_private, obj);

	if (mdl->dma_dev)
		wdf_mdl_dma_unmap(&mdl->pub);
	if (mdl->sgt.sgl != &mdl->one_sg)
		sg_free_table(&mdl->sgt);
	wdf_mdl_release_pages(mdl);
	if (mdl->source)
		wdf_object_put(&mdl->source->obj);
	if (mdl->memory)
		wdf_object_put(&mdl->memory->obj);
	/* Last: the host's memory is this MDL's. */
	if (mdl->host)
		wdf_object_put_last(mdl->host);
	else
		kfree(mdl);
}

/*
 * A request's MDL is the request's to delete, as the IRP's MDL is the I/O
 * manager's: the request keeps using it (its memory object maps it) until
 * it completes.
 */
static int wdf_mdl_may_delete(struct wdf_object *obj)
{
	struct wdf_mdl_private *mdl =
		container_of(obj, struct wdf_mdl_private, obj);

	if (!mdl->request_owned)
		return 0;
	wdf_misuse("delete of MDL %p, which belongs to a request", mdl);
	return -EPERM;
}

static const struct wdf_object_ops wdf_mdl_ops = {
	.type = WDF_TYPE_MDL,
	.id = WDF_OPS_MDL,
	.hashed_children = true,
	.size = sizeof(struct wdf_mdl_private),
	.may_delete = wdf_mdl_may_delete,
	.free = wdf_mdl_free,
};

/* Is this an MDL?  A wrong type is a KMDF bugcheck. */
struct wdf_mdl_private *wdf_mdl_get(struct wdf_mdl *mdl, const char *what)
{
	if (mdl && wdf_is(&mdl->obj, WDF_OPS_MDL))
		return wdf_mdl_priv(mdl);
	wdf_misuse("%s: not an MDL", what);
	return NULL;
}

/*
 * A new MDL of @drv covering @length bytes that start @offset bytes into
 * the first page, with room for its page array.  Everything after this is
 * undone by wdf_object_abort(), through wdf_mdl_free().
 */
static int wdf_mdl_set_range(struct wdf_mdl_private *mdl, size_t offset,
			     size_t length, gfp_t gfp)
{
	mdl->npages = DIV_ROUND_UP(offset + length, PAGE_SIZE);
	mdl->offset = offset;
	mdl->length = length;
	mdl->pages = mdl->npages == 1 ? &mdl->one_page :
		     wdf_kvmalloc_array(mdl->npages, sizeof(*mdl->pages), gfp);
	return mdl->pages ? 0 : -ENOMEM;
}

static struct wdf_mdl_private *
wdf_mdl_alloc(struct wdf_driver *drv, const struct wdf_object_attributes *attr,
	      size_t offset, size_t length, gfp_t gfp)
{
	struct wdf_mdl_private *mdl;

	mdl = wdf_object_alloc(&wdf_mdl_ops, drv, attr, 0, gfp, NULL);
	if (IS_ERR(mdl))
		return mdl;
	if (wdf_mdl_set_range(mdl, offset, length, gfp)) {
		wdf_object_abort(&mdl->obj);
		return ERR_PTR(-ENOMEM);
	}
	return mdl;
}

/*
 * Build the sg_table of an MDL whose pages are set, and attach it.  A
 * one-page MDL (a request's buffer of up to a page, often) keeps its one
 * entry inside itself: nothing to allocate.
 */
static int wdf_mdl_build_sg(struct wdf_mdl_private *mdl, gfp_t gfp)
{
	if (mdl->npages == 1) {
		sg_init_table(&mdl->one_sg, 1);
		sg_set_page(&mdl->one_sg, mdl->pages[0], mdl->length,
			    mdl->offset);
		mdl->sgt.sgl = &mdl->one_sg;
		mdl->sgt.nents = 1;
		mdl->sgt.orig_nents = 1;
		return 0;
	}
	return wdf_fail() ? -ENOMEM :
	       sg_alloc_table_from_pages(&mdl->sgt, mdl->pages, mdl->npages,
					 mdl->offset, mdl->length, gfp);
}

static int wdf_mdl_add(struct wdf_mdl_private *mdl,
		       const struct wdf_object_attributes *attr, gfp_t gfp,
		       struct wdf_mdl **out)
{
	int ret;

	ret = wdf_mdl_build_sg(mdl, gfp);
	if (ret) {
		wdf_object_abort(&mdl->obj);
		return ret;
	}
	trace_wdfmem_mdl_build(mdl, mdl->kind, mdl->length, mdl->npages);
	if (attr == &wdf_request_owned_attr) {
		/* A request's: on no list, deleted by the request. */
		mdl->request_owned = true;
		wdf_object_add_owned(&mdl->obj);
	} else {
		ret = wdf_object_add(&mdl->obj, attr ? attr->parent : NULL);
		if (ret)
			return ret;
	}
	*out = &mdl->pub;
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

/* An MDL over a kernel buffer, its pages found but not yet added. */
static struct wdf_mdl_private *
wdf_mdl_kernel(struct wdf_driver *drv, const struct wdf_object_attributes *attr,
	       void *buffer, size_t length, gfp_t gfp)
{
	unsigned long start = (unsigned long)buffer & PAGE_MASK;
	bool vmem = wdf_vmalloc_or_module_addr(buffer);
	struct wdf_mdl_private *mdl;
	unsigned int i;

	if (!vmem && !virt_addr_valid(buffer))
		return ERR_PTR(-EINVAL);
	mdl = wdf_mdl_alloc(drv, attr, offset_in_page(buffer), length, gfp);
	if (IS_ERR(mdl))
		return mdl;
	for (i = 0; i < mdl->npages; i++) {
		void *addr = (void *)(start + i * PAGE_SIZE);

		if (vmem)
			mdl->pages[i] = vmalloc_to_page(addr);
		else if (virt_addr_valid(addr))
			mdl->pages[i] = virt_to_page(addr);
		else
			mdl->pages[i] = NULL;
		if (!mdl->pages[i]) {
			wdf_object_abort(&mdl->obj);
			return ERR_PTR(-EINVAL);
		}
	}
	mdl->kind = WDF_MDL_KERNEL;
	mdl->writable = true;
	mdl->vaddr = buffer;
	return mdl;
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
	struct wdf_mdl_private *mdl;

	if (!wdf_mdl_args_ok(length, out) || !buffer)
		return -EINVAL;
	mdl = wdf_mdl_kernel(drv, attr, buffer, length, gfp);
	if (IS_ERR(mdl))
		return PTR_ERR(mdl);
	return wdf_mdl_add(mdl, attr, gfp, out);
}
EXPORT_SYMBOL_GPL(__wdf_mdl_create_kernel);

/*
 * Pin the user pages of an MDL whose range is set, from @uaddr.  On
 * failure nothing stays pinned.
 */
static int wdf_mdl_pin(struct wdf_mdl_private *mdl, void __user *uaddr,
		       bool write)
{
	int pinned;

	pinned = pin_user_pages_fast((unsigned long)uaddr & PAGE_MASK,
				     mdl->npages, write ? FOLL_WRITE : 0,
				     mdl->pages);
	if (pinned != mdl->npages) {
		if (pinned > 0)
			unpin_user_pages(mdl->pages, pinned);
		return pinned == -ENOMEM || pinned == -EINTR ? pinned : -EFAULT;
	}
	mdl->pinned = true;
	mdl->kind = WDF_MDL_USER;
	mdl->writable = write;
	return 0;
}

/* The checks of a user range, in the order of __wdf_mdl_create_user(). */
static int wdf_mdl_user_ok(void __user *uaddr, size_t length,
			   struct wdf_mdl **out)
{
	if (!wdf_mdl_args_ok(length, out))
		return -EINVAL;
	return access_ok(uaddr, length) ? 0 : -EFAULT;
}

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
			  void __user *uaddr, size_t length, bool write,
			  struct wdf_mdl **out)
{
	struct wdf_mdl_private *mdl;
	int ret;

	ret = wdf_mdl_user_ok(uaddr, length, out);
	if (ret)
		return ret;
	mdl = wdf_mdl_alloc(drv, attr, offset_in_page(uaddr), length,
			    GFP_KERNEL);
	if (IS_ERR(mdl))
		return PTR_ERR(mdl);
	ret = wdf_mdl_pin(mdl, uaddr, write);
	if (ret) {
		wdf_object_abort(&mdl->obj);
		return ret;
	}
	return wdf_mdl_add(mdl, attr, GFP_KERNEL, out);
}
EXPORT_SYMBOL_GPL(__wdf_mdl_create_user);

/*
 * wdf_mdl_map() of an MDL's struct, an object or not.  A user or partial
 * MDL within one page of the kernel's direct map is addressed there; a
 * longer one is mapped with vmap() once, and unmapped when it is released.
 */
static void *wdf_mdl_map_range(struct wdf_mdl_private *m)
{
	void *va, *first;

	va = wdf_mdl_direct_addr(m);
	if (va)
		return va;
	va = wdf_fail() ? NULL : vmap(m->pages, m->npages, VM_MAP, PAGE_KERNEL);
	if (!va)
		return NULL;
	/*
	 * Threads mapping one MDL at once each make a mapping: the first
	 * published is the MDL's, the others are undone.
	 */
	WRITE_ONCE(m->vmapped, true);
	first = cmpxchg(&m->vaddr, NULL, va + m->offset);
	if (first) {
		vunmap(va);
		return first;
	}
	return va + m->offset;
}

/*
 * A request's pinned pages, as an IRP carries the MDL of a direct
 * transfer: the pins, the range and the kernel mapping live in an MDL's
 * struct inside the request (WDF_MDL_ROOM bytes), and that struct becomes
 * an MDL object only when the driver asks for the MDL
 * (wdf_mdl_adopt_in()); a driver that only takes the buffer never pays for
 * one.  Until then the request unpins the pages itself (wdf_mdl_unpin_in()).
 */

/**
 * wdf_mdl_pin_in() - pin a request's user range into its MDL room
 * @room: WDF_MDL_ROOM bytes inside the request that nothing else uses
 * @uaddr: as __wdf_mdl_create_user()
 * @length: as __wdf_mdl_create_user()
 * @write: as __wdf_mdl_create_user()
 *
 * Return: as __wdf_mdl_create_user(), but never -ESHUTDOWN: no object is
 * made yet.  On failure nothing stays pinned or allocated.
 */
int wdf_mdl_pin_in(struct wdf_mdl_private *room, void __user *uaddr,
		   size_t length, bool write)
{
	struct wdf_mdl *unused;
	int ret;

	ret = wdf_mdl_user_ok(uaddr, length, &unused);
	if (ret)
		return ret;
	/*
	 * Only what a pinned range uses is set here (wdf_mdl_set_range() and
	 * wdf_mdl_pin() set the rest of it): the header, the sg_table and the
	 * references are set when wdf_mdl_adopt_in() makes it an MDL.
	 */
	room->pinned = false;
	room->dirty = false;
	room->vaddr = NULL;
	room->vmapped = false;
	ret = wdf_mdl_set_range(room, offset_in_page(uaddr), length,
				GFP_KERNEL);
	if (ret)
		return ret;
	ret = wdf_mdl_pin(room, uaddr, write);
	if (ret)
		wdf_mdl_release_pages(room);
	return ret;
}

/**
 * wdf_mdl_pin_map() - the kernel address of a request's pinned range
 * @room: from wdf_mdl_pin_in(), made an MDL or not
 *
 * Return: the address (mapped on first use), or NULL if it cannot be
 * mapped.
 */
void *wdf_mdl_pin_map(struct wdf_mdl_private *room)
{
	return wdf_mdl_map_range(room);
}

/**
 * wdf_mdl_adopt_in() - make a request's pinned range an MDL object
 * @host: the request
 * @room: from wdf_mdl_pin_in()
 * @out: receives the MDL
 *
 * The MDL (on no child list, see wdf_mdl_add()) takes over the pins and
 * the mapping, and holds a reference on @host until it is destroyed, so a
 * driver's reference on the MDL keeps the request's memory too.
 *
 * Return: 0; -ENOMEM; -ESHUTDOWN if the driver is exiting.  On failure
 * the pins stay the request's.
 */
int wdf_mdl_adopt_in(struct wdf_object *host, struct wdf_mdl_private *room,
		     struct wdf_mdl **out)
{
	int ret;

	/* What wdf_mdl_pin_in() left unset (the header is set below). */
	room->source = NULL;
	room->memory = NULL;
	room->dma_dev = NULL;
	room->dma_dir = DMA_BIDIRECTIONAL;
	room->request_owned = false;
	room->host = NULL;
	ret = wdf_mdl_build_sg(room, GFP_KERNEL);
	if (ret)
		return ret;
	ret = wdf_object_prepare(host->driver);
	if (ret) {
		if (room->sgt.sgl != &room->one_sg)
			sg_free_table(&room->sgt);
		room->sgt = (struct sg_table){};
		return ret;
	}
	/* The struct is set up; the header is all that is new. */
	wdf_object_start(&room->obj, &wdf_mdl_ops, host->driver, NULL);
	kref_get(&host->ref);
	room->host = host;
	room->request_owned = true;
	trace_wdfmem_mdl_build(room, room->kind, room->length, room->npages);
	wdf_object_add_owned(&room->obj);
	*out = &room->pub;
	return 0;
}

/**
 * wdf_mdl_unpin_in() - release a request's pinned range never made an MDL
 * @room: from wdf_mdl_pin_in()
 */
void wdf_mdl_unpin_in(struct wdf_mdl_private *room)
{
	wdf_mdl_release_pages(room);
}

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
	struct wdf_mdl_private *mdl;
	size_t size;
	void *buf;

	if (out)
		*out = NULL;
	buf = wdf_memory_get_buffer(mem, &size);
	if (!buf)
		return -EINVAL;
	length = wdf_length_or_rest(offset, length, size);
	if (range_overflows(offset, length, size))
		return -EOVERFLOW;
	if (!wdf_mdl_args_ok(length, out))
		return -EINVAL;
	mdl = wdf_mdl_kernel(mem->obj.driver, attr, buf + offset, length, gfp);
	if (IS_ERR(mdl))
		return PTR_ERR(mdl);
	wdf_object_get(&mem->obj);
	mdl->memory = wdf_memory_priv(mem);
	mdl->writable = !READ_ONCE(mdl->memory->read_only);
	return wdf_mdl_add(mdl, attr, gfp, out);
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
	struct wdf_mdl_private *src = wdf_mdl_get(source, "partial MDL");
	struct wdf_mdl_private *mdl;
	size_t start;

	if (!src || !wdf_mdl_args_ok(1, out))
		return -EINVAL;
	length = wdf_length_or_rest(offset, length, src->length);
	if (range_overflows(offset, length, src->length))
		return -EOVERFLOW;
	start = src->offset + offset;
	mdl = wdf_mdl_alloc(src->obj.driver, attr, offset_in_page(start),
			    length, gfp);
	if (IS_ERR(mdl))
		return PTR_ERR(mdl);
	memcpy(mdl->pages, src->pages + (start >> PAGE_SHIFT),
	       mdl->npages * sizeof(*mdl->pages));
	mdl->kind = WDF_MDL_PARTIAL;
	mdl->writable = src->writable;
	/* A mapping of the source (owned by it) serves the range too. */
	if (src->vaddr)
		mdl->vaddr = src->vaddr + offset;
	wdf_object_get(&src->obj);
	mdl->source = src;
	return wdf_mdl_add(mdl, attr, gfp, out);
}
EXPORT_SYMBOL_GPL(wdf_mdl_create_partial);

/**
 * wdf_mdl_byte_count() - the length of an MDL's range (MmGetMdlByteCount)
 * @mdl: the MDL
 *
 * Return: the byte count, or 0 (with a warning) if @mdl is not an MDL.
 */
size_t wdf_mdl_byte_count(struct wdf_mdl *mdl)
{
	struct wdf_mdl_private *m = wdf_mdl_get(mdl, "byte count");

	return m ? m->length : 0;
}
EXPORT_SYMBOL_GPL(wdf_mdl_byte_count);

/**
 * wdf_mdl_byte_offset() - where the range starts in its first page
 * @mdl: the MDL
 *
 * As MmGetMdlByteOffset.
 *
 * Return: the offset, or 0 (with a warning) if @mdl is not an MDL.
 */
size_t wdf_mdl_byte_offset(struct wdf_mdl *mdl)
{
	struct wdf_mdl_private *m = wdf_mdl_get(mdl, "byte offset");

	return m ? m->offset : 0;
}
EXPORT_SYMBOL_GPL(wdf_mdl_byte_offset);

/**
 * wdf_mdl_sg_table() - the scatter-gather table of an MDL's range
 * @mdl: the MDL
 *
 * After wdf_mdl_dma_map(), walk the mapped segments with
 * for_each_sgtable_dma_sg().  The table belongs to the MDL.
 *
 * Return: the table, or NULL (with a warning) if @mdl is not an MDL.
 */
struct sg_table *wdf_mdl_sg_table(struct wdf_mdl *mdl)
{
	struct wdf_mdl_private *m = wdf_mdl_get(mdl, "sg table");

	return m ? &m->sgt : NULL;
}
EXPORT_SYMBOL_GPL(wdf_mdl_sg_table);

/**
 * wdf_mdl_map() - a kernel virtual address for an MDL's range
 * @mdl: the MDL
 *
 * Kernel MDLs return their buffer.  A user or partial MDL within one page
 * of the kernel's direct map (every page on 64-bit) is addressed there; a
 * longer one is mapped with vmap() once, and unmapped when the MDL is
 * destroyed (MmGetSystemAddressForMdlSafe).  Threads mapping one MDL at
 * once all get the same address.
 *
 * Context: process context (vmap may sleep).
 * Return: the address of the first byte, or NULL if @mdl is not an MDL or
 * the mapping failed.
 */
void *wdf_mdl_map(struct wdf_mdl *mdl)
{
	struct wdf_mdl_private *m = wdf_mdl_get(mdl, "map");

	return m ? wdf_mdl_map_range(m) : NULL;
}
EXPORT_SYMBOL_GPL(wdf_mdl_map);

/**
 * wdf_mdl_dma_map() - map an MDL's pages for a device (dma_map_sgtable)
 * @mdl: the MDL
 * @dev: the DMA device
 * @dir: the transfer direction
 *
 * Walk the mapped segments with for_each_sgtable_dma_sg() over
 * wdf_mdl_sg_table(@mdl).
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
	struct wdf_mdl_private *m = wdf_mdl_get(mdl, "DMA map");
	int ret;

	if (!m)
		return -EINVAL;
	if (m->dma_dev)
		return -EBUSY;
	if (dir != DMA_TO_DEVICE && !m->writable)
		return -EACCES;
	/* Decided before mapping: the DMA API warns before it refuses. */
	if (!wdf_dma_pages_reachable(dev, m->pages, m->offset, m->length))
		return -EIO;
	ret = dma_map_sgtable(dev, &m->sgt, dir, 0);
	if (ret)
		return ret;
	m->dma_dev = dev;
	m->dma_dir = dir;
	if (dir != DMA_TO_DEVICE)
		m->dirty = true;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_mdl_dma_map);

/**
 * wdf_mdl_dma_unmap() - undo wdf_mdl_dma_map()
 * @mdl: the MDL; nothing happens if it is not mapped
 */
void wdf_mdl_dma_unmap(struct wdf_mdl *mdl)
{
	struct wdf_mdl_private *m = wdf_mdl_get(mdl, "DMA unmap");

	if (!m || !m->dma_dev)
		return;
	dma_unmap_sgtable(m->dma_dev, &m->sgt, m->dma_dir, 0);
	m->dma_dev = NULL;
}
EXPORT_SYMBOL_GPL(wdf_mdl_dma_unmap);

/**
 * wdf_mdl_mark_dirty() - record that the pages were written
 * @mdl: the MDL
 */
void wdf_mdl_mark_dirty(struct wdf_mdl *mdl)
{
	struct wdf_mdl_private *m = wdf_mdl_get(mdl, "mark dirty");

	if (m)
		m->dirty = true;
}
EXPORT_SYMBOL_GPL(wdf_mdl_mark_dirty);

/* The checks of both copy directions, in KMDF's order. */
static struct wdf_mdl_private *wdf_mdl_check_copy(struct wdf_mdl *mdl,
						  size_t offset,
						  const void *buffer,
						  size_t count,
						  const char *what)
{
	struct wdf_mdl_private *m = wdf_mdl_get(mdl, what);

	if (!m)
		return ERR_PTR(-EINVAL);
	if (!buffer) {
		wdf_misuse("%s with a NULL buffer", what);
		return ERR_PTR(-EINVAL);
	}
	if (!count)
		return ERR_PTR(-EINVAL);
	if (range_overflows(offset, count, m->length)) {
		this_cpu_inc(wdf_stats.copies_rejected);
		trace_wdfmem_copy_rejected(m, offset, count, m->length,
					   -EOVERFLOW);
		return ERR_PTR(-EOVERFLOW);
	}
	return m;
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
	struct wdf_mdl_private *m;

	m = wdf_mdl_check_copy(mdl, offset, buffer, count, "MDL copy to");
	if (IS_ERR(m))
		return PTR_ERR(m);
	if (sg_pcopy_to_buffer(m->sgt.sgl, m->sgt.orig_nents, buffer, count,
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
	struct wdf_mdl_private *m;

	m = wdf_mdl_check_copy(mdl, offset, buffer, count, "MDL copy from");
	if (IS_ERR(m))
		return PTR_ERR(m);
	if (!m->writable)
		return -EACCES;
	if (sg_pcopy_from_buffer(m->sgt.sgl, m->sgt.orig_nents, buffer,
				 count, offset) != count)
		return -EFAULT;
	m->dirty = true;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_mdl_copy_from_buffer);
