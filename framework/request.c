// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem I/O requests: one per read, write or ioctl on a device node,
 * owning its buffers until it is completed.
 *
 * read() and write() use direct I/O: the user's pages are pinned and the
 * driver gets an MDL over them.  An ioctl's input is always copied into
 * kernel memory; its output is copied back (METHOD_BUFFERED) or pinned
 * (METHOD_IN_DIRECT, METHOD_OUT_DIRECT), as in KMDF.  Buffered output is
 * zeroed and only the bytes the driver reports at completion are copied
 * back, so no uninitialised kernel memory reaches user space.
 *
 * A request's memory objects and the MDLs it makes belong to it:
 * wdf_object_delete() refuses them, and wdf_request_complete() refuses to
 * complete while a reference to a memory object is still held.  Completion
 * deletes the request, which unpins the pages and frees the buffers.
 */

#include <linux/pagemap.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait_bit.h>
#include <wdf/request.h>
#include "wdf_construct.h"
#include "wdf_io.h"
#include "wdf_trace.h"

/* The largest buffer an ioctl may have copied through kernel memory. */
#define WDF_REQUEST_MAX_BUFFERED	SZ_1M

/*
 * A buffered side's kernel copy: up to a page, which is every ioctl's in
 * practice, a block its CPU may keep (spare.c); kvmalloc() above, so a
 * large one need not be contiguous.  Freed by its length.
 */
static void *wdf_request_kbuf_alloc(size_t len, gfp_t gfp)
{
	return len <= PAGE_SIZE ? wdf_spare_alloc(len, gfp) :
				  wdf_kvmalloc(len, gfp);
}

static void wdf_request_kbuf_free(struct wdf_request_buffer *b)
{
	if (b->len <= PAGE_SIZE)
		wdf_spare_free(b->kbuf, b->len);
	else
		kvfree(b->kbuf);
}

/*
 * Delete the MDL the request made for a side (which unpins the pages it
 * took over), or unpin the pages no MDL took, and forget the side's buffer.
 */
static void wdf_request_side_reset(struct wdf_request_buffer *b)
{
	if (b->own_mdl && b->mdl)
		wdf_object_force_delete(&b->mdl->obj);
	else if (b->pin)
		wdf_mdl_unpin_in(b->pin);
	b->pin = NULL;
	b->mdl = NULL;
	b->mem.buffer = NULL;
	b->own_mdl = false;
	b->mem_state = WDF_SIDE_MEM_NONE;
}

/* What the driver parented to a side's memory object, if it was made. */
static void wdf_request_side_delete_children(struct wdf_request_buffer *b)
{
	if (b->mem_state == WDF_SIDE_MEM_MADE)
		wdf_object_delete_children(&b->mem.m.obj);
}

/*
 * Whatever the driver parented to the request's memory objects goes in the
 * request's cleanup, while their buffers are still mapped; then the MDLs
 * the request made, which map them (on no child list: nothing else
 * deletes them).
 */
void wdf_request_cleanup(struct wdf_object *obj)
{
	struct wdf_request_private *req =
		container_of(obj, struct wdf_request_private, obj);

	wdf_request_side_delete_children(&req->in);
	wdf_request_side_delete_children(&req->out);
	wdf_request_side_reset(&req->in);
	wdf_request_side_reset(&req->out);
}

/*
 * The memory of requests, as KMDF takes its requests from a lookaside list
 * (FxRequestFromLookaside): a block each CPU may keep (spare.c), so that
 * the next request made there, with or without room for an MDL (both in
 * kmalloc's 1 KiB class without debug options), reuses the last one freed
 * of its class.  A reused request is
 * set up like a new allocation, and the allocation's fault point stays.
 */
static __always_inline size_t wdf_request_alloc_size(bool pin)
{
	return __wdf_object_size(&wdf_request_ops, NULL) +
	       (pin ? WDF_MDL_ROOM : 0);
}

/* Each size a constant, so that its class is one too. */
static __always_inline void *wdf_request_mem_alloc(bool pin)
{
	if (pin)
		return wdf_spare_alloc(wdf_request_alloc_size(true), GFP_KERNEL);
	return wdf_spare_alloc(wdf_request_alloc_size(false), GFP_KERNEL);
}

static __always_inline void wdf_request_mem_free(void *p, bool pin)
{
	if (pin)
		wdf_spare_free(p, wdf_request_alloc_size(true));
	else
		wdf_spare_free(p, wdf_request_alloc_size(false));
}

/*
 * wdf_request_spare() - the block this CPU keeps for a request's memory
 * @pin: for one with room for an MDL
 *
 * Return: it, or NULL (for the KUnit suites).
 */
void *wdf_request_spare(bool pin)
{
	return wdf_spare_peek(wdf_request_alloc_size(pin));
}

void wdf_request_free(struct wdf_object *obj)
{
	struct wdf_request_private *req =
		container_of(obj, struct wdf_request_private, obj);

	wdf_object_tags_release(&req->in.mem.m.obj);
	wdf_object_tags_release(&req->out.mem.m.obj);
	/* Only buffered sides have one: no calls for a direct read or write. */
	if (req->in.kbuf)
		wdf_request_kbuf_free(&req->in);
	if (req->out.kbuf)
		wdf_request_kbuf_free(&req->out);
	wdf_request_mem_free(req, req->mdl_room);
}

/*
 * Objects that live inside another and go with it: a request's memory
 * objects, and the receiving side of a sent request.  Nothing to free.
 */
static void wdf_request_embedded_free(struct wdf_object *obj)
{
}

static const struct wdf_object_ops wdf_request_memory_ops = {
	.type = WDF_TYPE_MEMORY,
	.id = WDF_OPS_REQUEST_MEMORY,
	.hashed_children = true,
	.size = sizeof(struct wdf_memory_ext),
	.no_delete = true,
	.free = wdf_request_embedded_free,
};

/*
 * The receiving side of a request another driver sent: it lives inside the
 * sender's request (struct wdf_sent_request) and is reset, not freed, when
 * it completes.
 */
static const struct wdf_object_ops wdf_request_rx_ops = {
	.type = WDF_TYPE_REQUEST,
	.id = WDF_OPS_REQUEST_RX,
	.hashed_children = true,
	.size = sizeof(struct wdf_request_private),
	.no_delete = true,
	.free = wdf_request_embedded_free,
};

/**
 * wdf_request_is_received() - is @req a request a queue presents?
 * @req: any pointer
 *
 * Return: true for a request from a device node or another driver, false
 * for NULL, a request a driver created, or anything else.
 */
bool wdf_request_is_received(const struct wdf_request *req)
{
	return req && (wdf_is(&req->obj, WDF_OPS_REQUEST) ||
		       wdf_is(&req->obj, WDF_OPS_REQUEST_RX));
}

/**
 * wdf_request_rx_init() - set up the receiving side of a sent request
 * @rx: the side, inside the sender's request
 * @drv: the receiving device's driver
 *
 * The caller then fills in its parameters and buffers.
 */
void wdf_request_rx_init(struct wdf_request_private *rx, struct wdf_driver *drv)
{
	struct wdf_sent_request *s = rx->sender;

	memset(rx, 0, sizeof(*rx));
	wdf_object_init_embedded(&rx->obj, &wdf_request_rx_ops, drv);
	INIT_LIST_HEAD(&rx->qnode);
	rx->sender = s;
}

/**
 * wdf_request_rx_reset() - release what a completed receiving side made
 * @rx: the side
 *
 * Deletes the MDLs made for the receiver over the sender's memory, and
 * whatever the receiving driver parented to the request or its memory
 * objects, as a completed request's children are.
 */
void wdf_request_rx_reset(struct wdf_request_private *rx)
{
	wdf_object_delete_children(&rx->obj);
	wdf_request_side_delete_children(&rx->in);
	wdf_request_side_delete_children(&rx->out);
	wdf_request_side_reset(&rx->in);
	wdf_request_side_reset(&rx->out);
}

/* A live request?  Anything else is a KMDF bugcheck. */
static struct wdf_request_private *wdf_request_get(struct wdf_request *req,
						   const char *what)
{
	struct wdf_request_private *r;

	if (!wdf_request_is_received(req)) {
		wdf_misuse("%s: not a request", what);
		return NULL;
	}
	r = wdf_request_priv(req);
	if (r->completed) {
		wdf_misuse("%s: request already completed", what);
		return NULL;
	}
	return r;
}

/* Copy an ioctl's input into kernel memory. */
static int wdf_request_copy_in(struct wdf_request_private *req)
{
	struct wdf_request_buffer *b = &req->in;

	b->kbuf = wdf_request_kbuf_alloc(b->len, GFP_KERNEL);
	if (!b->kbuf)
		return -ENOMEM;
	if (copy_from_user(b->kbuf, req->params.in, b->len))
		return -EFAULT;
	return 0;
}

/* Pin a direct side's pages in the request: no MDL object until asked. */
static int wdf_request_pin(struct wdf_request_private *req,
			   struct wdf_request_buffer *b, void __user *uaddr,
			   bool write)
{
	int ret;

	ret = wdf_mdl_pin_in(req->mdl_room, uaddr, b->len, write);
	if (!ret)
		b->pin = req->mdl_room;
	return ret;
}

/*
 * Can the caller receive a buffered output of @len bytes at @uaddr?  Pages
 * already present and writable are looked up without a fault, as the copy
 * back will write them (get_user_pages_fast_only(), references dropped at
 * once); from the first that is not, the rest of the range is faulted in
 * for writing, its contents unchanged, which is what decides.
 */
static int wdf_request_out_writable(void __user *uaddr, size_t len)
{
	unsigned long addr = (unsigned long)uaddr, end = addr + len;
	unsigned long page = addr & PAGE_MASK;
	struct page *pages[8];
	int i, n, got;

	if (!access_ok(uaddr, len))
		return -EFAULT;
	while (page < end) {
		n = min_t(unsigned long, DIV_ROUND_UP(end - page, PAGE_SIZE),
			  ARRAY_SIZE(pages));
		got = max(get_user_pages_fast_only(page, n, FOLL_WRITE, pages), 0);
		for (i = 0; i < got; i++)
			put_page(pages[i]);
		page += (unsigned long)got << PAGE_SHIFT;
		if (got < n) {
			addr = max(addr, page);
			return fault_in_safe_writeable((const char __user *)addr,
						       end - addr) ? -EFAULT : 0;
		}
	}
	return 0;
}

/* Set up the buffers of a committed request. */
static int wdf_request_setup(struct wdf_request_private *req)
{
	const struct wdf_request_params *p = &req->params;
	int ret;

	switch (p->type) {
	case WDF_REQUEST_READ:
		return req->out.len ? wdf_request_pin(req, &req->out, p->out, true) : 0;
	case WDF_REQUEST_WRITE:
		return req->in.len ? wdf_request_pin(req, &req->in, p->in, false) : 0;
	default:
		break;
	}
	if (req->in.len) {
		ret = wdf_request_copy_in(req);
		if (ret)
			return ret;
	}
	if (!req->out.len)
		return 0;
	switch (p->method) {
	case WDF_METHOD_BUFFERED:
		/*
		 * Copied back only at completion: refuse an output the caller
		 * could not receive before any work is done.
		 */
		ret = wdf_request_out_writable(p->out, req->out.len);
		if (ret)
			return ret;
		req->out.kbuf = wdf_request_kbuf_alloc(req->out.len,
						       GFP_KERNEL | __GFP_ZERO);
		return req->out.kbuf ? 0 : -ENOMEM;
	case WDF_METHOD_IN_DIRECT:
		return wdf_request_pin(req, &req->out, p->out, false);
	default:
		return wdf_request_pin(req, &req->out, p->out, true);
	}
}

/*
 * A new request's side: its state zeroed, its memory object left to the
 * first retrieve that asks for it (wdf_request_side_memory()).
 */
static __always_inline void wdf_request_side_clear(struct wdf_request_buffer *b)
{
	b->kbuf = NULL;
	b->kva = NULL;
	b->pin = NULL;
	b->mdl = NULL;
	b->len = 0;
	b->mem_state = WDF_SIDE_MEM_NONE;
	b->mdl_busy = false;
	b->own_mdl = false;
	b->mem.buffer = NULL;
}

/**
 * wdf_request_create() - a request for one read, write or ioctl
 * @device: the device object (not the request's parent: as in KMDF, a
 *	request made for an I/O operation is on no object's child list and is
 *	deleted when it is completed)
 * @params: the caller's buffers, as user addresses
 * @out: receives the request, or NULL on failure
 *
 * Pins or copies the caller's buffers as the request type and method say.
 *
 * Context: process context of the calling task.
 * Return: 0; -EINVAL for a bad @device or NULL @params/@out (with a
 * warning) or an unknown type or method; -EOPNOTSUPP for METHOD_NEITHER;
 * -E2BIG for a buffered length over 1 MiB; -EFAULT for user memory that
 * cannot be read or pinned, or a buffered output that cannot be written
 * (checked here, before the driver sees the request); -ENOMEM; -ESHUTDOWN
 * if the device is going.
 */
int wdf_request_create(struct wdf_device *device,
		       const struct wdf_request_params *params,
		       struct wdf_request **out)
{
	struct wdf_request_private *req;
	bool ioctl, pin;
	int ret;

	if (!device || !wdf_is(&device->obj, WDF_OPS_DEVICE) ||
	    !params || !out) {
		wdf_misuse("request create with a bad device or NULL argument");
		return -EINVAL;
	}
	*out = NULL;
	ioctl = params->type == WDF_REQUEST_IOCTL;
	if (params->type > WDF_REQUEST_IOCTL || params->method > WDF_METHOD_NEITHER)
		return -EINVAL;
	if (ioctl && params->method == WDF_METHOD_NEITHER)
		return -EOPNOTSUPP;
	if (ioctl && (params->in_len > WDF_REQUEST_MAX_BUFFERED ||
		      (params->method == WDF_METHOD_BUFFERED &&
		       params->out_len > WDF_REQUEST_MAX_BUFFERED)))
		return -E2BIG;

	/* A device being deleted takes no new request (nothing is made). */
	if (wdf_object_state(&device->obj) != WDF_STATE_CREATED)
		return -ESHUTDOWN;
	/* At most one side is pinned: its MDL is made in the request. */
	pin = params->type == WDF_REQUEST_READ ? params->out_len :
	      params->type == WDF_REQUEST_WRITE ? params->in_len :
	      params->method != WDF_METHOD_BUFFERED && params->out_len;
	/*
	 * Its own copy of the constructor: no callbacks, no context.  The
	 * parameters are set, not zeroed first; wdf_object_start() sets the
	 * header and the child list after the struct.
	 */
	req = wdf_request_mem_alloc(pin);
	if (!req)
		return -ENOMEM;
	ret = wdf_object_prepare(device->obj.driver);
	if (ret) {
		wdf_request_mem_free(req, pin);
		return ret;
	}
	req->params = *params;
	wdf_request_side_clear(&req->in);
	wdf_request_side_clear(&req->out);
	memset_startat(req, 0, mdl_room);
	wdf_object_start(req, &wdf_request_ops, device->obj.driver, NULL);
	if (pin)
		req->mdl_room = (void *)req +
				__wdf_object_size(&wdf_request_ops, NULL);
	if (params->type != WDF_REQUEST_READ)
		req->in.len = params->in_len;
	if (params->type != WDF_REQUEST_WRITE)
		req->out.len = params->out_len;
	/*
	 * KMDF parents no request it makes for an IRP (its
	 * RequestParentOptimizationOn, on by default: "do not parent queue
	 * presented requests"): on no child list, the request is deleted by
	 * whoever completes it, and no lock is taken to add or remove it.
	 */
	wdf_object_add_owned(&req->obj);
	/* Its buffers (MDLs it deletes in its cleanup) once it is added. */
	ret = wdf_request_setup(req);
	if (ret) {
		wdf_object_force_delete(&req->obj);
		return ret;
	}
	trace_wdfmem_request_create(req, params->type, params->method,
				    req->in.len, req->out.len);
	*out = &req->pub;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_request_create);

/* Read-only per KMDF's table: what the device may only read. */
static __always_inline bool
wdf_request_side_read_only(struct wdf_request_private *req, bool input)
{
	const struct wdf_request_params *p = &req->params;

	if (input)
		return p->type == WDF_REQUEST_WRITE ||
		       p->method == WDF_METHOD_IN_DIRECT ||
		       p->method == WDF_METHOD_OUT_DIRECT;
	return p->type == WDF_REQUEST_IOCTL && p->method == WDF_METHOD_IN_DIRECT;
}

/*
 * What every retrieve call checks, in KMDF's order: the output pointer
 * @out, the request, that it has the side asked for, that it is not empty.
 */
static __always_inline int
wdf_request_side(struct wdf_request *request, bool input, const void *out,
		 const char *what, struct wdf_request_private **reqp,
		 struct wdf_request_buffer **side)
{
	struct wdf_request_private *req;

	if (!out) {
		wdf_misuse("%s with NULL output", what);
		return -EINVAL;
	}
	req = wdf_request_get(request, what);
	if (!req)
		return -EINVAL;
	if ((input && req->params.type == WDF_REQUEST_READ) ||
	    (!input && req->params.type == WDF_REQUEST_WRITE))
		return -EOPNOTSUPP;
	*reqp = req;
	*side = input ? &req->in : &req->out;
	return (*side)->len ? 0 : -EOVERFLOW;
}

/*
 * The side's bytes, mapping pinned pages on first use, when they are also
 * marked dirty if the device may write them.
 */
static __always_inline void *
wdf_request_side_bytes(struct wdf_request_private *req, bool input,
		       struct wdf_request_buffer *b)
{
	void *buf = READ_ONCE(b->mem.buffer);

	if (buf)
		return buf;
	/* Threads here at once find the same bytes (one mapping). */
	buf = b->kbuf ?: b->kva ?:
	      (b->pin ? wdf_mdl_pin_addr(b->pin) : wdf_mdl_map(b->mdl));
	if (!buf)
		return NULL;
	if (!wdf_request_side_read_only(req, input)) {
		if (b->pin)
			b->pin->dirty = true;
		else if (b->mdl)
			wdf_mdl_mark_dirty(b->mdl);
	}
	WRITE_ONCE(b->mem.buffer, buf);
	return buf;
}

/*
 * The side's memory object, made the first time a driver asks for it, by
 * one thread: others asking at the same time wait the few stores it takes.
 */
static __always_inline int
wdf_request_side_memory(struct wdf_request_private *req, bool input,
			struct wdf_request_buffer *b)
{
	struct wdf_memory_private *mem = &b->mem.m;

	/* Made: its fields were set before the state (the release below). */
	if (likely(smp_load_acquire(&b->mem_state) == WDF_SIDE_MEM_MADE))
		return 0;
	if (!wdf_request_side_bytes(req, input, b))
		return -ENOMEM;
	if (cmpxchg(&b->mem_state, WDF_SIDE_MEM_NONE,
		    WDF_SIDE_MEM_MAKING) != WDF_SIDE_MEM_NONE) {
		/* Another thread makes it: acquire its fields with the state. */
		while (smp_load_acquire(&b->mem_state) != WDF_SIDE_MEM_MADE)
			cpu_relax();
		return 0;
	}
	/* wdf_object_init_embedded(), inlined for this type. */
	wdf_object_init(&mem->obj, &wdf_request_memory_ops, req->obj.driver,
			NULL);
	b->mem.size = b->len;
	mem->entry = 0;
	mem->kind = WDF_MEMORY_REQUEST;
	mem->read_only = wdf_request_side_read_only(req, input);
	/* The fields before the state: pairs with the acquires above. */
	smp_store_release(&b->mem_state, WDF_SIDE_MEM_MADE);
	return 0;
}

/*
 * Inlined, as the others here, into each exported retrieve call: the side
 * asked for is a constant there.
 */
static __always_inline int
wdf_request_memory(struct wdf_request *request, bool input,
		   struct wdf_memory **mem, const char *what)
{
	struct wdf_request_private *req;
	struct wdf_request_buffer *b;
	int ret;

	if (mem)
		*mem = NULL;
	ret = wdf_request_side(request, input, mem, what, &req, &b);
	if (!ret)
		ret = wdf_request_side_memory(req, input, b);
	if (!ret)
		*mem = &b->mem.m.pub;
	return ret;
}

/**
 * wdf_request_retrieve_input_memory() - the request's input as a memory object
 * @req: the request
 * @mem: receives the memory object, or NULL on failure
 *
 * The object belongs to the request: it cannot be deleted, and is valid
 * until completion.  It is read-only where KMDF's is (write, and the input
 * of direct ioctls).  It is made the first time it is asked for; threads
 * asking at once get the same object (as the buffer and MDL calls give
 * all of them the same buffer and MDL).
 *
 * Return: 0; -EINVAL (with a warning) for a bad or completed request or
 * NULL @mem; -EOPNOTSUPP on a read; -EOVERFLOW if the input is empty;
 * -ENOMEM if pinned pages cannot be mapped.
 */
int wdf_request_retrieve_input_memory(struct wdf_request *req,
				      struct wdf_memory **mem)
{
	return wdf_request_memory(req, true, mem, "retrieve input memory");
}
EXPORT_SYMBOL_GPL(wdf_request_retrieve_input_memory);

/**
 * wdf_request_retrieve_output_memory() - the request's output as a memory object
 * @req: the request
 * @mem: receives the memory object, or NULL on failure
 *
 * As wdf_request_retrieve_input_memory(); refused on a write; read-only for
 * the output of a METHOD_IN_DIRECT ioctl.
 *
 * Return: as wdf_request_retrieve_input_memory().
 */
int wdf_request_retrieve_output_memory(struct wdf_request *req,
				       struct wdf_memory **mem)
{
	return wdf_request_memory(req, false, mem, "retrieve output memory");
}
EXPORT_SYMBOL_GPL(wdf_request_retrieve_output_memory);

/*
 * A driver that asks only for the buffer gets it without a memory object
 * being made: checked in KMDF's order, the mapping before the length.
 */
static __always_inline int
wdf_request_buffer(struct wdf_request *request, bool input, size_t min,
		   void **buf, size_t *len, const char *what)
{
	struct wdf_request_private *req;
	struct wdf_request_buffer *b;
	void *bytes;
	int ret;

	if (!buf) {
		wdf_misuse("%s with NULL output", what);
		return -EINVAL;
	}
	*buf = NULL;
	if (len)
		*len = 0;
	ret = wdf_request_side(request, input, buf, what, &req, &b);
	if (ret)
		return ret;
	bytes = wdf_request_side_bytes(req, input, b);
	if (!bytes)
		return -ENOMEM;
	if (b->len < min)
		return -EOVERFLOW;
	*buf = bytes;
	if (len)
		*len = b->len;
	return 0;
}

/**
 * wdf_request_retrieve_input_buffer() - the request's input buffer
 * @req: the request
 * @min: the least length the driver accepts
 * @buf: receives the buffer, or NULL on failure
 * @len: if not NULL, receives its length, or 0 on failure
 *
 * Return: the errors of wdf_request_retrieve_input_memory(), and
 * -EOVERFLOW (KMDF's STATUS_BUFFER_TOO_SMALL) if the buffer is shorter
 * than @min.
 */
int wdf_request_retrieve_input_buffer(struct wdf_request *req, size_t min,
				      void **buf, size_t *len)
{
	return wdf_request_buffer(req, true, min, buf, len,
				  "retrieve input buffer");
}
EXPORT_SYMBOL_GPL(wdf_request_retrieve_input_buffer);

/**
 * wdf_request_retrieve_output_buffer() - the request's output buffer
 * @req: the request
 * @min: the least length the driver accepts
 * @buf: receives the buffer, or NULL on failure
 * @len: if not NULL, receives its length, or 0 on failure
 *
 * Return: as wdf_request_retrieve_input_buffer(), for the output.
 */
int wdf_request_retrieve_output_buffer(struct wdf_request *req, size_t min,
				       void **buf, size_t *len)
{
	return wdf_request_buffer(req, false, min, buf, len,
				  "retrieve output buffer");
}
EXPORT_SYMBOL_GPL(wdf_request_retrieve_output_buffer);

/* Make the side's MDL: the pinned pages, or one over the kernel bytes. */
static int wdf_request_make_mdl(struct wdf_request_private *req, bool input,
				struct wdf_request_buffer *b)
{
	struct wdf_mdl *mdl;
	int ret;

	if (b->pin) {
		/* The pinned pages, made an MDL the first time it is asked. */
		ret = wdf_mdl_adopt_in(&req->obj, b->pin, &mdl);
		if (ret)
			return ret;
	} else {
		/*
		 * A buffered side or a sender's memory: an MDL over the
		 * kernel bytes, made once and deleted with the request (or
		 * when a sent request's receiving side completes).
		 */
		ret = __wdf_mdl_create_kernel(req->obj.driver,
					      &wdf_request_owned_attr,
					      b->kbuf ?: b->kva, b->len,
					      GFP_KERNEL, &mdl);
		if (ret)
			return ret;
		wdf_mdl_priv(mdl)->writable =
			!wdf_request_side_read_only(req, input);
	}
	b->own_mdl = true;
	/* Its fields before the pointer: pairs with the acquire below. */
	smp_store_release(&b->mdl, mdl);
	return 0;
}

/*
 * One thread makes the MDL (it may sleep); others asking at the same time
 * wait for it, and try themselves if it failed.
 */
static int wdf_request_mdl(struct wdf_request *request, bool input,
			   struct wdf_mdl **mdl, const char *what)
{
	struct wdf_request_private *req;
	struct wdf_request_buffer *b;
	int ret;

	if (mdl)
		*mdl = NULL;
	ret = wdf_request_side(request, input, mdl, what, &req, &b);
	if (ret)
		return ret;
	/* A made MDL's fields come with the pointer (wdf_request_make_mdl()). */
	while (!smp_load_acquire(&b->mdl)) {
		if (!cmpxchg(&b->mdl_busy, false, true)) {
			ret = b->mdl ? 0 : wdf_request_make_mdl(req, input, b);
			WRITE_ONCE(b->mdl_busy, false);
			/* The flag before the waiters' check in wake_up_var(). */
			smp_mb();
			wake_up_var(&b->mdl_busy);
			if (ret)
				return ret;
			break;
		}
		wait_var_event(&b->mdl_busy, !READ_ONCE(b->mdl_busy));
	}
	*mdl = b->mdl;
	return 0;
}

/**
 * wdf_request_retrieve_input_mdl() - an MDL over the request's input
 * @req: the request
 * @mdl: receives the MDL, or NULL on failure
 *
 * Direct I/O gives the MDL over the pinned user pages; a buffered input
 * gets an MDL over its kernel copy.  The MDL belongs to the request:
 * wdf_object_delete() refuses it (-EPERM, with a warning).
 *
 * Return: as wdf_request_retrieve_input_memory().
 */
int wdf_request_retrieve_input_mdl(struct wdf_request *req,
				   struct wdf_mdl **mdl)
{
	return wdf_request_mdl(req, true, mdl, "retrieve input MDL");
}
EXPORT_SYMBOL_GPL(wdf_request_retrieve_input_mdl);

/**
 * wdf_request_retrieve_output_mdl() - an MDL over the request's output
 * @req: the request
 * @mdl: receives the MDL, or NULL on failure
 *
 * Return: as wdf_request_retrieve_output_memory().
 */
int wdf_request_retrieve_output_mdl(struct wdf_request *req,
				    struct wdf_mdl **mdl)
{
	return wdf_request_mdl(req, false, mdl, "retrieve output MDL");
}
EXPORT_SYMBOL_GPL(wdf_request_retrieve_output_mdl);

static bool wdf_request_memory_held(struct wdf_request_buffer *b)
{
	return b->mem_state == WDF_SIDE_MEM_MADE &&
	       kref_read(&b->mem.m.obj.ref) != 1;
}

/**
 * wdf_request_complete() - finish a request and free it
 * @request: the request
 * @status: 0 or a negative errno
 * @information: on success, the bytes transferred; for a buffered ioctl,
 *               the bytes of output to copy back (at most the output length)
 *
 * Refuses, with a warning and without completing, while a reference to one
 * of the request's memory objects is held (KMDF bugchecks): for example a
 * request the driver created and sent with this one's memory formatted in,
 * and has not yet reused or deleted.
 *
 * A request a queue presented may be completed from any context, once,
 * with or without the driver having seen it as cancelled; its submitter
 * (the device node's caller, or the sending driver) is told, and the
 * request must not be touched afterwards.  A request from
 * wdf_request_create() that no queue presented is freed here.
 *
 * Return: what the file operation should return: @status if it is an
 * error, -EFAULT if the output cannot be copied back, else @information;
 * -EINVAL (with a warning) for a bad or completed request; -EBUSY if a
 * memory reference is still held.
 */
long wdf_request_complete(struct wdf_request *request, int status,
			  size_t information)
{
	struct wdf_request_private *req = wdf_request_get(request, "complete");
	struct wdf_request_buffer *o;
	long ret = status;

	if (!req)
		return -EINVAL;
	if (wdf_request_memory_held(&req->in) ||
	    wdf_request_memory_held(&req->out)) {
		wdf_misuse("request completed while a reference to its memory is held");
		return -EBUSY;
	}
	req->completed = true;
	trace_wdfmem_request_complete(req, status, information);
	if (req->queue) {
		/* The submitter finishes it; it may be gone after this. */
		req->status = status;
		req->information = status ? 0 : information;
		wdf_io_queue_completed(req);
		return status ?: (long)min_t(size_t, information, LONG_MAX);
	}
	o = &req->out;
	if (!status) {
		if (information > (size_t)LONG_MAX)
			information = LONG_MAX;
		ret = information;
		if (req->params.type == WDF_REQUEST_IOCTL &&
		    req->params.method == WDF_METHOD_BUFFERED && o->kbuf) {
			size_t n = min(information, o->len);

			if (n && copy_to_user(req->params.out, o->kbuf, n))
				ret = -EFAULT;
		}
	}
	wdf_object_force_delete(&req->obj);
	return ret;
}
EXPORT_SYMBOL_GPL(wdf_request_complete);

/**
 * wdf_request_get_parameters() - what a received request asks for
 * @req: a request a queue presented, or one from wdf_request_create()
 * @p: receives its type, method, code, device offset and lengths
 *
 * Return: 0; -EINVAL (with a warning) for a bad or completed request or a
 * NULL @p.
 */
int wdf_request_get_parameters(struct wdf_request *req,
			       struct wdf_request_parameters *p)
{
	struct wdf_request_private *r;

	if (!p) {
		wdf_misuse("get parameters with NULL output");
		return -EINVAL;
	}
	r = wdf_request_get(req, "get parameters");
	if (!r)
		return -EINVAL;
	p->type = r->params.type;
	p->method = r->params.method;
	p->code = r->params.code;
	p->offset = r->params.offset;
	p->in_len = r->in.len;
	p->out_len = r->out.len;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_request_get_parameters);
