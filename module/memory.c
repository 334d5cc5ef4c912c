// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem memory objects: WdfMemoryCreate, WdfMemoryCreatePreallocated,
 * WdfMemoryGetBuffer, WdfMemoryCopyToBuffer, WdfMemoryCopyFromBuffer and
 * WdfMemoryAssignBuffer.
 *
 * Layout of an object: [struct wdf_memory][context][buffer].  A non-paged
 * buffer below PAGE_SIZE is embedded at the end of the object's own
 * allocation (unless the verifier is on), so an overrun through the raw
 * pointer runs straight into the slab redzone where KASAN sees it.  Larger
 * and paged buffers are separate allocations.
 */

#include <linux/mm.h>
#include <linux/string.h>
#include "wdf_internal.h"
#include "wdf_trace.h"

static void wdf_memory_free(struct wdf_object *obj)
{
	struct wdf_memory *mem = container_of(obj, struct wdf_memory, obj);

	switch (mem->kind) {
	case WDF_MEMORY_EMBEDDED:
		wdf_bytes_add(-(s64)mem->size);
		kfree(mem);
		break;
	case WDF_MEMORY_POOL:
		wdf_bytes_add(-(s64)mem->size);
		kvfree(mem->buffer);
		kfree(mem);
		break;
	case WDF_MEMORY_PREALLOCATED:
		kfree(mem);
		break;
	case WDF_MEMORY_LOOKASIDE:
		wdf_lookaside_entry_free(mem);
		break;
	}
}

const struct wdf_object_ops wdf_memory_ops = {
	.type = WDF_TYPE_MEMORY,
	.free = wdf_memory_free,
};

/* Memory a request owns: never deleted or freed but by the request. */
static void wdf_request_memory_free(struct wdf_object *obj)
{
}

const struct wdf_object_ops wdf_request_memory_ops = {
	.type = WDF_TYPE_MEMORY,
	.no_delete = true,
	.free = wdf_request_memory_free,
};

/*
 * Bytes before the buffer of an embedded or lookaside entry: the object
 * header and its context, each rounded to WDF_ALIGNMENT.  Saturates at
 * SIZE_MAX, which no allocator satisfies.
 */
size_t wdf_memory_header_size(size_t context_size)
{
	size_t ctx;

	if (wdf_align_size_up(context_size, WDF_ALIGNMENT, &ctx))
		return SIZE_MAX;
	return size_add(ALIGN(sizeof(struct wdf_memory), WDF_ALIGNMENT), ctx);
}

/*
 * Clear what neither the creator nor wdf_object_init() sets: the memory
 * fields and the context after the header.  Cheaper than zeroing the whole
 * header on every create.
 */
void wdf_memory_clear(struct wdf_memory *mem, size_t hdr)
{
	size_t base = ALIGN(sizeof(*mem), WDF_ALIGNMENT);

	mem->buffer = NULL;
	mem->size = 0;
	mem->tag = 0;
	mem->kind = 0;
	mem->read_only = false;
	mem->lookaside = NULL;
	if (hdr > base)
		memset((void *)mem + base, 0, hdr - base);
}

/* Is this a memory object?  A wrong type is a KMDF bugcheck. */
static bool wdf_memory_valid(const struct wdf_memory *mem, const char *what)
{
	if (mem && (mem->obj.ops == &wdf_memory_ops ||
		    mem->obj.ops == &wdf_request_memory_ops))
		return true;
	wdf_misuse("%s: %s is not a memory object", what, mem ? "object" : "NULL");
	return false;
}

static void *wdf_buffer_alloc(enum wdf_pool_type pool, gfp_t gfp, size_t size)
{
	if (wdf_fail())
		return NULL;
	if (pool == WDF_POOL_PAGED)
		return size > INT_MAX ? NULL : kvmalloc(size, gfp);
	return size > KMALLOC_MAX_SIZE ? NULL : kmalloc(size, gfp);
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
	size_t ctx = attr ? attr->context_size : 0;
	size_t hdr = wdf_memory_header_size(ctx);
	struct wdf_memory *mem;
	bool embedded;
	int ret;

	if (!out) {
		wdf_misuse("memory create with NULL output");
		return -EINVAL;
	}
	*out = NULL;
	if (buffer)
		*buffer = NULL;
	if (pool != WDF_POOL_NONPAGED && pool != WDF_POOL_PAGED)
		return -EINVAL;
	if (!size)
		return -EINVAL;

	embedded = pool == WDF_POOL_NONPAGED && size < PAGE_SIZE &&
		   !wdf_verifier_on(drv);
	ret = wdf_object_prepare(drv);
	if (ret)
		return ret;

	mem = wdf_buffer_alloc(WDF_POOL_NONPAGED, gfp & ~__GFP_ZERO,
			       embedded ? size_add(hdr, size) : hdr);
	if (!mem) {
		ret = -ENOMEM;
		goto err_unprepare;
	}
	wdf_memory_clear(mem, hdr);
	if (embedded) {
		mem->buffer = (void *)mem + hdr;
		if (gfp & __GFP_ZERO)
			memset(mem->buffer, 0, size);
	} else {
		mem->buffer = wdf_buffer_alloc(pool, gfp, size);
		if (!mem->buffer) {
			ret = -ENOMEM;
			goto err_free_mem;
		}
	}
	mem->size = size;
	mem->tag = tag;
	mem->kind = embedded ? WDF_MEMORY_EMBEDDED : WDF_MEMORY_POOL;
	wdf_object_init(&mem->obj, &wdf_memory_ops, drv, attr,
			ctx ? (void *)mem + ALIGN(sizeof(*mem), WDF_ALIGNMENT) :
			NULL);
	wdf_bytes_add(size);
	ret = wdf_object_commit(&mem->obj, attr ? attr->parent : NULL);
	if (ret) {
		wdf_object_abort(&mem->obj);
		return ret;
	}
	*out = mem;
	if (buffer)
		*buffer = mem->buffer;
	return 0;

err_free_mem:
	kfree(mem);
err_unprepare:
	wdf_object_unprepare(drv);
	return ret;
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
	size_t ctx = attr ? attr->context_size : 0;
	size_t hdr = wdf_memory_header_size(ctx);
	struct wdf_memory *mem;
	int ret;

	if (!buffer || !out) {
		wdf_misuse("preallocated memory with NULL %s",
			   buffer ? "output" : "buffer");
		return -EINVAL;
	}
	*out = NULL;
	if (!size)
		return -EINVAL;
	ret = wdf_object_prepare(drv);
	if (ret)
		return ret;
	mem = wdf_buffer_alloc(WDF_POOL_NONPAGED, GFP_KERNEL, hdr);
	if (!mem) {
		wdf_object_unprepare(drv);
		return -ENOMEM;
	}
	wdf_memory_clear(mem, hdr);
	mem->buffer = buffer;
	mem->size = size;
	mem->kind = WDF_MEMORY_PREALLOCATED;
	wdf_object_init(&mem->obj, &wdf_memory_ops, drv, attr,
			ctx ? (void *)mem + ALIGN(sizeof(*mem), WDF_ALIGNMENT) :
			NULL);
	ret = wdf_object_commit(&mem->obj, attr ? attr->parent : NULL);
	if (ret) {
		wdf_object_abort(&mem->obj);
		return ret;
	}
	*out = mem;
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
	if (!wdf_memory_valid(mem, "get buffer"))
		return NULL;
	if (size)
		*size = READ_ONCE(mem->size);
	return READ_ONCE(mem->buffer);
}
EXPORT_SYMBOL_GPL(wdf_memory_get_buffer);

/*
 * The range check shared by both copy directions: KMDF compares a nonzero
 * offset with the size before subtracting, so nothing can wrap, for any
 * offset and count up to SIZE_MAX.
 */
static int wdf_memory_check_range(const struct wdf_memory *mem, size_t size,
				  size_t offset, size_t count)
{
	if ((offset && offset >= size) || count > size - offset) {
		this_cpu_inc(wdf_stats.copies_rejected);
		trace_wdfmem_copy_rejected(mem, offset, count, size, -EOVERFLOW);
		return -EOVERFLOW;
	}
	return 0;
}

/**
 * wdf_memory_copy_to_buffer() - copy from a memory object to a buffer
 * @src: the memory object
 * @src_offset: where in @src to start
 * @buffer: the destination, at least @count bytes
 * @count: bytes to copy
 *
 * Checks, in KMDF's order: @src is a memory object, @count is not 0,
 * @buffer is not NULL, the object has a buffer, @src_offset is inside the
 * object, @count fits after it.  Nothing is copied on error.
 *
 * Return: 0; -EINVAL for a bad object or NULL @buffer (with a warning) or a
 * zero @count; -EOVERFLOW (KMDF's STATUS_BUFFER_TOO_SMALL) for a range
 * past the end of the object.
 */
int wdf_memory_copy_to_buffer(struct wdf_memory *src, size_t src_offset,
			      void *buffer, size_t count)
{
	void *from;
	int ret;

	if (!wdf_memory_valid(src, "copy to buffer"))
		return -EINVAL;
	if (!count)
		return -EINVAL;
	if (!buffer) {
		wdf_misuse("copy to a NULL buffer");
		return -EINVAL;
	}
	from = READ_ONCE(src->buffer);
	if (!from)
		return -EINVAL;
	ret = wdf_memory_check_range(src, READ_ONCE(src->size), src_offset,
				     count);
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
 * Checks, in KMDF's order: @dst is a memory object, @count is not 0,
 * @buffer is not NULL, @dst is writable, @dst_offset is inside the object,
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
	int ret;

	if (!wdf_memory_valid(dst, "copy from buffer"))
		return -EINVAL;
	if (!count)
		return -EINVAL;
	if (!buffer) {
		wdf_misuse("copy from a NULL buffer");
		return -EINVAL;
	}
	if (READ_ONCE(dst->read_only))
		return -EACCES;
	ret = wdf_memory_check_range(dst, READ_ONCE(dst->size), dst_offset,
				     count);
	if (ret)
		return ret;
	memcpy(READ_ONCE(dst->buffer) + dst_offset, buffer, count);
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
	if (!wdf_memory_valid(mem, "assign buffer"))
		return -EINVAL;
	if (mem->kind != WDF_MEMORY_PREALLOCATED) {
		wdf_misuse("assign buffer on a memory object that owns its buffer");
		return -EINVAL;
	}
	if (!buffer) {
		wdf_misuse("assign of a NULL buffer");
		return -EINVAL;
	}
	if (!size)
		return -EINVAL;
	WRITE_ONCE(mem->buffer, buffer);
	WRITE_ONCE(mem->size, size);
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
	if (!wdf_memory_valid(mem, "set read-only"))
		return -EINVAL;
	WRITE_ONCE(mem->read_only, true);
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
	if (obj && (obj->ops == &wdf_memory_ops ||
		    obj->ops == &wdf_request_memory_ops))
		return container_of(obj, struct wdf_memory, obj);
	wdf_misuse("object %p is not a memory object", obj);
	return NULL;
}
EXPORT_SYMBOL_GPL(wdf_object_to_memory);
