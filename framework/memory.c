// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem memory objects: WdfMemoryCreate, WdfMemoryCreatePreallocated,
 * WdfMemoryGetBuffer, WdfMemoryCopyToBuffer, WdfMemoryCopyFromBuffer and
 * WdfMemoryAssignBuffer.
 *
 * Layout of an object: [struct wdf_memory_private][buffer], 48 bytes before
 * the buffer, for an object created without callbacks or a context whose
 * buffer fits a 4 KiB block with it (up to 4,048 bytes); else
 * [struct wdf_memory_ext][callbacks][context][buffer].  A non-paged buffer
 * below PAGE_SIZE is embedded at the end of the object's own allocation
 * (unless the verifier is on), so an overrun through the raw pointer runs
 * straight into the slab redzone where KASAN sees it.  Larger and paged
 * buffers are separate allocations.
 */

#include <linux/mm.h>
#include <linux/string.h>
#include "wdf_construct.h"
#include "wdf_trace.h"

static void wdf_memory_free(struct wdf_object *obj)
{
	struct wdf_memory_private *mem =
		container_of(obj, struct wdf_memory_private, obj);

	/* wdf_memory_ext_ops: the other kinds. */
	switch (wdf_memory_kind(mem)) {
	case WDF_MEMORY_TAIL:
		wdf_bytes_add(-(s64)wdf_memory_size(mem));
		kfree(mem);
		break;
	case WDF_MEMORY_POOL:
		wdf_bytes_add(-(s64)wdf_memory_size(mem));
		kvfree(wdf_memory_buffer(mem));
		kfree(mem);
		break;
	case WDF_MEMORY_PREALLOCATED:
		kfree(mem);
		break;
	default:
		break;
	}
}

/* A buffer elsewhere, or after callbacks or a context. */
static const struct wdf_object_ops wdf_memory_ext_ops = {
	.type = WDF_TYPE_MEMORY,
	.id = WDF_OPS_MEMORY_EXT,
	.hashed_children = true,
	.size = sizeof(struct wdf_memory_ext),
	.free = wdf_memory_free,
};

/* Attributes that add nothing after the type's struct. */
static bool wdf_memory_attr_bare(const struct wdf_object_attributes *attr)
{
	return !attr || (!attr->cleanup && !attr->destroy &&
			 !attr->context_size);
}

/*
 * Is this a memory object?  A wrong type is a KMDF bugcheck.  Request
 * memory (request.c) is a memory object of its own ops.
 */
static void __cold wdf_memory_misuse(const char *what, const char *why)
{
	wdf_misuse("%s: %s", what, why);
}

static __always_inline struct wdf_memory_private *
wdf_memory_get(struct wdf_memory *mem, const char *what)
{
	if (likely(mem && wdf_is_memory(&mem->obj)))
		return wdf_memory_priv(mem);
	wdf_memory_misuse(what, mem ? "not a memory object" :
			  "NULL is not a memory object");
	return NULL;
}

static void *wdf_buffer_alloc(enum wdf_pool_type pool, gfp_t gfp, size_t size)
{
	return pool == WDF_POOL_PAGED ? wdf_kvmalloc(size, gfp) :
					wdf_kmalloc(size, gfp);
}

/* A create's outputs, NULL when it failed with @ret; returns @ret. */
static __always_inline int wdf_memory_outputs(struct wdf_memory *mem, void *buf,
					      struct wdf_memory **out,
					      void **buffer, int ret)
{
	*out = mem;
	if (buffer)
		*buffer = buf;
	return ret;
}

/*
 * Can a memory object of @size be the common kind: its buffer right after
 * its struct, no callbacks or context, in a block its CPU may keep?
 */
static __always_inline bool wdf_memory_bare(struct wdf_driver *drv,
					    const struct wdf_object_attributes *attr,
					    enum wdf_pool_type pool, gfp_t gfp,
					    size_t size)
{
	return pool == WDF_POOL_NONPAGED &&
	       size <= WDF_SPARE_MAX - wdf_object_base(&wdf_memory_ops) &&
	       wdf_memory_attr_bare(attr) && wdf_spare_gfp(gfp) &&
	       !wdf_verifier_on(drv);
}

/*
 * The common kind, a straight line: its own copy of the constructor,
 * folded for its type and size.  A bare object is one the verifier does
 * not track (it was off).
 */
static __always_inline int
wdf_memory_create_bare(struct wdf_driver *drv, struct wdf_object *parent,
		       gfp_t gfp, u32 tag, size_t size,
		       struct wdf_memory **out, void **buffer)
{
	struct wdf_memory_private *mem;
	int ret;

	mem = __wdf_object_alloc(&wdf_memory_ops, drv, NULL, size, gfp, NULL,
				 true, false);
	if (IS_ERR(mem)) {
		ret = PTR_ERR(mem);
		goto fail;
	}
	/* The embedded buffer starts where the object's struct ends. */
	BUILD_BUG_ON(wdf_object_base(&wdf_memory_ops) != sizeof(*mem));
	mem->tag = tag;
	mem->kind = WDF_MEMORY_EMBEDDED;
	mem->small_size = size;
	if (gfp & __GFP_ZERO)
		memset(mem + 1, 0, size);
	ret = wdf_object_add_counting(&mem->obj, WDF_TYPE_MEMORY, size, NULL,
				      parent, false);
	if (ret)
		goto fail;
	return wdf_memory_outputs(&mem->pub, mem + 1, out, buffer, 0);
fail:
	return wdf_memory_outputs(NULL, NULL, out, buffer, ret);
}

/**
 * __wdf_memory_create() - create a memory object for a driver
 * @drv: the creating driver (wdf_memory_create() passes the module's own)
 * @attr: attributes, or NULL; the parent defaults to @drv
 * @pool: WDF_POOL_NONPAGED (kmalloc) or WDF_POOL_PAGED (kvmalloc)
 * @gfp: allocation flags
 * @tag: pool tag, kept in the object
 * @size: buffer size in bytes
 * @out: receives the object, or NULL on failure
 * @buffer: if not NULL, receives the buffer, or NULL on failure
 *
 * Checks in KMDF's order: @out, then @size, then the allocation, then the
 * parent.  The buffer is not zeroed unless @gfp has __GFP_ZERO; the context
 * always is.
 *
 * Context: any context @gfp allows; WDF_POOL_PAGED may sleep if @gfp does.
 * Return: 0; -EINVAL for a NULL @out (with a warning), an unknown @pool or
 * a zero @size; -ENOMEM if an allocation fails or @size cannot be
 * allocated; -ESHUTDOWN if the parent or driver is being deleted.  On
 * failure nothing stays allocated and no callback runs.
 */
int __wdf_memory_create(struct wdf_driver *drv,
			const struct wdf_object_attributes *attr,
			enum wdf_pool_type pool, gfp_t gfp, u32 tag,
			size_t size, struct wdf_memory **out, void **buffer)
{
	struct wdf_memory_private *mem;
	void *mem_tail;
	bool embedded;
	int ret;

	if (!out) {
		wdf_misuse("memory create with NULL output");
		return -EINVAL;
	}
	/* Each failure clears *out and *buffer, at the end. */
	ret = -EINVAL;
	if (pool != WDF_POOL_NONPAGED && pool != WDF_POOL_PAGED)
		goto fail;
	if (!size)
		goto fail;
	if (wdf_memory_bare(drv, attr, pool, gfp, size))
		return wdf_memory_create_bare(drv, attr ? attr->parent : NULL,
					      gfp, tag, size, out, buffer);

	embedded = pool == WDF_POOL_NONPAGED && size < PAGE_SIZE &&
		   !wdf_verifier_on(drv);
	mem = wdf_object_alloc(&wdf_memory_ext_ops, drv, attr,
			       embedded ? size : 0, gfp, &mem_tail);
	ret = PTR_ERR_OR_ZERO(mem);
	if (ret)
		goto fail;
	if (embedded) {
		mem->kind = WDF_MEMORY_TAIL;
		if (gfp & __GFP_ZERO)
			memset(mem_tail, 0, size);
	} else {
		mem->kind = WDF_MEMORY_POOL;
		mem_tail = wdf_buffer_alloc(pool, gfp, size);
		if (!mem_tail) {
			wdf_object_abort(&mem->obj);
			ret = -ENOMEM;
			goto fail;
		}
	}
	wdf_memory_ext(mem)->buffer = mem_tail;
	wdf_memory_ext(mem)->size = size;
	mem->tag = tag;
	wdf_bytes_add(size);
	ret = wdf_object_add_fast(&mem->obj, attr ? attr->parent : NULL, true);
	if (ret)
		goto fail;
	return wdf_memory_outputs(&mem->pub, mem_tail, out, buffer, 0);
fail:
	return wdf_memory_outputs(NULL, NULL, out, buffer, ret);
}
EXPORT_SYMBOL_GPL(__wdf_memory_create);

/**
 * __wdf_memory_create_preallocated() - wrap a caller's buffer for a driver
 * @drv: the creating driver
 * @attr: attributes, or NULL
 * @buffer: the buffer; the framework never frees it
 * @size: its size in bytes
 * @out: receives the object, or NULL on failure
 *
 * Return: 0; -EINVAL for a NULL @buffer or @out (with a warning) or a zero
 * @size; -ENOMEM; -ESHUTDOWN if the parent is being deleted.
 */
int __wdf_memory_create_preallocated(struct wdf_driver *drv,
				     const struct wdf_object_attributes *attr,
				     void *buffer, size_t size,
				     struct wdf_memory **out)
{
	struct wdf_memory_private *mem;
	int ret;

	if (!buffer || !out) {
		wdf_misuse("preallocated memory with NULL %s",
			   buffer ? "output" : "buffer");
		return -EINVAL;
	}
	*out = NULL;
	if (!size)
		return -EINVAL;
	mem = wdf_object_alloc(&wdf_memory_ext_ops, drv, attr, 0, GFP_KERNEL,
			       NULL);
	if (IS_ERR(mem))
		return PTR_ERR(mem);
	wdf_memory_ext(mem)->buffer = buffer;
	wdf_memory_ext(mem)->size = size;
	mem->kind = WDF_MEMORY_PREALLOCATED;
	ret = wdf_object_add_fast(&mem->obj, attr ? attr->parent : NULL,
				  true);
	if (ret)
		return ret;
	*out = &mem->pub;
	return 0;
}
EXPORT_SYMBOL_GPL(__wdf_memory_create_preallocated);

/**
 * wdf_memory_get_buffer() - the buffer of a memory object
 * @mem: the memory object
 * @size: if not NULL, receives the buffer size
 *
 * Return: the buffer, or NULL (with a warning) if @mem is not a memory
 * object.
 */
void *wdf_memory_get_buffer(struct wdf_memory *mem, size_t *size)
{
	struct wdf_memory_private *m = wdf_memory_get(mem, "get buffer");

	if (!m)
		return NULL;
	if (size)
		*size = wdf_memory_size(m);
	return wdf_memory_buffer(m);
}
EXPORT_SYMBOL_GPL(wdf_memory_get_buffer);

/*
 * The first checks of both copy directions, in KMDF's order: a memory
 * object, a buffer (both bugchecks there), a nonzero count.  NULL for any
 * of them failing.
 */
static __always_inline struct wdf_memory_private *
wdf_memory_copy_args(struct wdf_memory *mem, const void *buffer, size_t count,
		     const char *what)
{
	struct wdf_memory_private *m = wdf_memory_get(mem, what);

	if (unlikely(!m))
		return NULL;
	if (unlikely(!buffer)) {
		wdf_memory_misuse(what, "NULL buffer");
		return NULL;
	}
	return likely(count) ? m : NULL;
}

static int __cold wdf_memory_range_rejected(const struct wdf_memory_private *mem,
					    size_t size, size_t offset,
					    size_t count)
{
	this_cpu_inc(wdf_stats.copies_rejected);
	trace_wdfmem_copy_rejected(mem, offset, count, size, -EOVERFLOW);
	return -EOVERFLOW;
}

/*
 * The range check shared by both copy directions: KMDF compares the offset
 * with the size before subtracting, so nothing can wrap, for any offset and
 * count up to SIZE_MAX.  (KMDF skips the comparison for offset 0, which
 * changes nothing: a buffer is never empty.)
 */
static __always_inline int
wdf_memory_check_range(const struct wdf_memory_private *mem, size_t size,
		       size_t offset, size_t count)
{
	if (unlikely(range_overflows(offset, count, size)))
		return wdf_memory_range_rejected(mem, size, offset, count);
	return 0;
}

/**
 * wdf_memory_copy_to_buffer() - copy from a memory object to a buffer
 * @src: the memory object
 * @src_offset: where in @src to start
 * @buffer: the destination, at least @count bytes
 * @count: bytes to copy
 *
 * Checks, in KMDF's order: @src is a memory object, @buffer is not NULL,
 * @count is not 0, the object has a buffer, @src_offset is inside the
 * object, @count fits after it.  Nothing is copied on error.
 *
 * Return: 0; -EINVAL for a bad object or NULL @buffer (with a warning) or a
 * zero @count; -EOVERFLOW (KMDF's STATUS_BUFFER_TOO_SMALL) for a range
 * past the end of the object.
 */
int wdf_memory_copy_to_buffer(struct wdf_memory *src, size_t src_offset,
			      void *buffer, size_t count)
{
	struct wdf_memory_private *m;
	size_t size;
	void *from;
	int ret;

	m = wdf_memory_copy_args(src, buffer, count, "copy to buffer");
	if (unlikely(!m))
		return -EINVAL;
	from = wdf_memory_span(m, &size);
	if (unlikely(!from))
		return -EINVAL;
	ret = wdf_memory_check_range(m, size, src_offset, count);
	if (ret)
		return ret;
	memcpy(buffer, from + src_offset, count);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_memory_copy_to_buffer);

/**
 * wdf_memory_copy_from_buffer() - copy from a buffer into a memory object
 * @dst: the memory object
 * @dst_offset: where in @dst to start
 * @buffer: the source, at least @count bytes
 * @count: bytes to copy
 *
 * Checks, in KMDF's order: @dst is a memory object, @buffer is not NULL,
 * @count is not 0, @dst is writable, @dst_offset is inside the object,
 * @count fits after it.  Nothing is copied on error.
 *
 * Return: 0; -EINVAL for a bad object or NULL @buffer (with a warning) or a
 * zero @count; -EACCES for a read-only object (KMDF's
 * STATUS_ACCESS_VIOLATION); -EOVERFLOW (KMDF's STATUS_INVALID_BUFFER_SIZE)
 * for a range past the end of the object.
 */
int wdf_memory_copy_from_buffer(struct wdf_memory *dst, size_t dst_offset,
				const void *buffer, size_t count)
{
	struct wdf_memory_private *m;
	size_t size;
	void *to;
	int ret;

	m = wdf_memory_copy_args(dst, buffer, count, "copy from buffer");
	if (unlikely(!m))
		return -EINVAL;
	if (unlikely(wdf_memory_read_only(m)))
		return -EACCES;
	to = wdf_memory_span(m, &size);
	ret = wdf_memory_check_range(m, size, dst_offset, count);
	if (ret)
		return ret;
	memcpy(to + dst_offset, buffer, count);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_memory_copy_from_buffer);

/**
 * wdf_memory_assign_buffer() - point a preallocated object at a new buffer
 * @mem: a memory object from wdf_memory_create_preallocated()
 * @buffer: the new buffer; the old one is not freed
 * @size: its size in bytes
 *
 * As in KMDF, nothing serialises this against copies running on other
 * CPUs: the caller owns the object while it reassigns it.
 *
 * Return: 0; -EINVAL (with a warning) if @mem is not a preallocated memory
 * object or @buffer is NULL; -EINVAL for a zero @size.
 */
int wdf_memory_assign_buffer(struct wdf_memory *mem, void *buffer,
			     size_t size)
{
	struct wdf_memory_private *m = wdf_memory_get(mem, "assign buffer");

	if (!m)
		return -EINVAL;
	if (wdf_memory_kind(m) != WDF_MEMORY_PREALLOCATED) {
		wdf_misuse("assign buffer on a memory object that owns its buffer");
		return -EINVAL;
	}
	if (!buffer) {
		wdf_misuse("assign of a NULL buffer");
		return -EINVAL;
	}
	if (!size)
		return -EINVAL;
	WRITE_ONCE(wdf_memory_ext(m)->buffer, buffer);
	WRITE_ONCE(wdf_memory_ext(m)->size, size);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_memory_assign_buffer);

/**
 * wdf_memory_set_read_only() - make a memory object refuse copy-from
 * @mem: the memory object
 *
 * One way: a read-only object never becomes writable again.  Request
 * buffers that the caller only reads are handed out this way.
 *
 * Return: 0, or -EINVAL (with a warning) if @mem is not a memory object.
 */
int wdf_memory_set_read_only(struct wdf_memory *mem)
{
	struct wdf_memory_private *m = wdf_memory_get(mem, "set read-only");

	if (!m)
		return -EINVAL;
	if (wdf_memory_is_entry(m))
		WRITE_ONCE(m->entry, m->entry | 1);
	else
		WRITE_ONCE(m->read_only, true);
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_memory_set_read_only);

/**
 * wdf_object_to_memory() - the memory object behind an object header
 * @obj: an object
 *
 * Return: the memory object, or NULL (with a warning) if @obj is not one.
 */
struct wdf_memory *wdf_object_to_memory(struct wdf_object *obj)
{
	if (obj && wdf_type(obj) == WDF_TYPE_MEMORY)
		return container_of(obj, struct wdf_memory, obj);
	wdf_misuse("object %p is not a memory object", obj);
	return NULL;
}
EXPORT_SYMBOL_GPL(wdf_object_to_memory);
