// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem I/O targets and the requests drivers send through them.
 *
 * A target names another wdfmem device of this kernel.  Sending a request
 * presents its receiving side (struct wdf_sent_request's @rx) to that
 * device's default queue, so the lower driver sees an ordinary request.
 * The buffers travel as KMDF's tables say: buffered reads, writes and
 * METHOD_BUFFERED ioctls through a framework buffer of the sent request
 * (a write's bytes copied at format, a read's copied back at completion,
 * clamped to the caller's length); everything else as the sender's own
 * memory.
 *
 * A file target reads and writes a file opened in the kernel, on the
 * framework's workqueue (kernel_read(), kernel_write()).  File I/O cannot
 * be cancelled: a cancel or timeout waits for it.  It has no ioctls: the
 * VFS hands an ioctl's argument to the driver as a user pointer.
 *
 * A formatted memory object is referenced from format until the request is
 * reused, re-formatted or deleted, not when the target completes it.  The
 * completion routine runs once for every send that returned true, in the
 * context of the lower driver's wdf_request_complete().
 *
 * Locking: a target's lock orders the request's state changes once sent
 * (sent, pended, completed); the queue's lock orders its own lists.  The
 * target lock is never held while calling into a queue or a driver.
 */

#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/sched/task_stack.h>
#include <wdf/iotarget.h>
#include <wdf/queue.h>
#include "wdf_internal.h"
#include "wdf_io.h"

static LIST_HEAD(wdf_named_devices);
static DEFINE_MUTEX(wdf_names_lock);	/* protects the list and the names */

#define WDF_SEND_OPTIONS (WDF_REQUEST_SEND_OPTION_TIMEOUT | \
			  WDF_REQUEST_SEND_OPTION_SYNCHRONOUS | \
			  WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE)

/**
 * wdf_device_create_symbolic_link() - a name I/O targets open the device by
 * @device: the device
 * @name: 1 to 63 characters, unique among wdfmem devices
 *
 * The name goes when the device is deleted.
 *
 * Context: process context.
 * Return: 0; -EINVAL (with a warning) for a bad device or a NULL, empty or
 * long name; -EEXIST if the name is taken or the device has one; -ENOMEM.
 */
int wdf_device_create_symbolic_link(struct wdf_device *device,
				    const char *name)
{
	struct wdf_device_private *d, *other;
	size_t len;
	char *copy;
	int ret = 0;

	if (!device || wdf_object_get_type(&device->obj) != WDF_TYPE_DEVICE ||
	    !name || !*name || strnlen(name, 64) == 64) {
		wdf_misuse("symbolic link with a bad device or name");
		return -EINVAL;
	}
	d = wdf_device_priv(device);
	len = strlen(name) + 1;
	copy = wdf_kmalloc(len, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, name, len);
	mutex_lock(&wdf_names_lock);
	if (d->name)
		ret = -EEXIST;
	list_for_each_entry(other, &wdf_named_devices, link)
		if (!strcmp(other->name, name))
			ret = -EEXIST;
	if (!ret) {
		d->name = copy;
		list_add_tail(&d->link, &wdf_named_devices);
		copy = NULL;
	}
	mutex_unlock(&wdf_names_lock);
	kfree(copy);
	return ret;
}
EXPORT_SYMBOL_GPL(wdf_device_create_symbolic_link);

/**
 * wdf_device_unlink() - forget a device's name
 * @d: the device, being deleted
 */
void wdf_device_unlink(struct wdf_device_private *d)
{
	mutex_lock(&wdf_names_lock);
	if (d->name) {
		list_del_init(&d->link);
		kfree(d->name);
		d->name = NULL;
	}
	mutex_unlock(&wdf_names_lock);
}

/* ------------------------------------------------------------------ */
/* Targets */

static void wdf_io_target_cleanup(struct wdf_object *obj);

/* Drop what an open target holds; @device goes under the lock (see place). */
static void wdf_io_target_release_device(struct wdf_io_target_private *t)
{
	struct wdf_device_private *d;
	unsigned long flags;

	spin_lock_irqsave(&t->lock, flags);
	d = t->device;
	t->device = NULL;
	spin_unlock_irqrestore(&t->lock, flags);
	if (d)
		wdf_object_put_last(&d->obj);
	if (t->file)
		filp_close(t->file, NULL);
	t->file = NULL;
	module_put(t->owner);
	t->owner = NULL;
}

static void wdf_io_target_free(struct wdf_object *obj)
{
	struct wdf_io_target_private *t =
		container_of(obj, struct wdf_io_target_private, obj);

	wdf_io_target_release_device(t);
	kfree(t);
}

static const struct wdf_object_ops wdf_io_target_ops = {
	.type = WDF_TYPE_IOTARGET,
	.id = WDF_OPS_IOTARGET,
	.size = sizeof(struct wdf_io_target_private),
	.cleanup = wdf_io_target_cleanup,
	.free = wdf_io_target_free,
};

static struct wdf_io_target_private *wdf_io_target_get(struct wdf_io_target *t,
						       const char *what)
{
	if (!t || !wdf_is(&t->obj, WDF_OPS_IOTARGET)) {
		wdf_misuse("%s: not an I/O target", what);
		return NULL;
	}
	return wdf_io_target_priv(t);
}

/* Take references on @d and its driver's module for a target. */
static int wdf_io_target_hold(struct wdf_driver *drv,
			      struct wdf_device_private *d,
			      struct module **owner)
{
	struct module *m = d->obj.driver->owner;

	if (wdf_object_state(&d->obj) != WDF_STATE_CREATED)
		return -ENODEV;
	/* A driver's own device: no reference on its own module. */
	if (m == drv->owner)
		m = NULL;
	else if (!try_module_get(m))
		return -ENODEV;
	kref_get(&d->obj.ref);
	*owner = m;
	return 0;
}

/* Finish a new target: its lists, then into the tree. */
static int wdf_io_target_add(struct wdf_io_target_private *t,
			     const struct wdf_object_attributes *attr,
			     struct wdf_io_target **out)
{
	int ret;

	spin_lock_init(&t->lock);
	t->state = WDF_IO_TARGET_STARTED;
	INIT_LIST_HEAD(&t->sent);
	INIT_LIST_HEAD(&t->pended);
	init_waitqueue_head(&t->idle);
	ret = wdf_object_add(&t->obj, attr ? attr->parent : NULL);
	if (ret)
		return ret;
	*out = &t->pub;
	return 0;
}

/**
 * __wdf_io_target_open() - open an I/O target (WdfIoTargetCreate + Open)
 * @drv: the opening driver (the wrappers pass the module's)
 * @attr: attributes, or NULL; the parent defaults to the driver
 * @device: the device to send to, or NULL to open by @name
 * @name: with a NULL @device, the name of wdf_device_create_symbolic_link()
 * @out: receives the target, or NULL on failure
 *
 * The open target holds the device object and its driver's module (unless
 * it is the opener's own), so that module cannot be unloaded until the
 * target is closed.  If the device is removed, its queue refuses what is
 * sent with -ENODEV and fails what it held; close the target then.
 *
 * Context: process context.
 * Return: 0; -EINVAL (with a warning) for a NULL @out or neither a device
 * nor a name; -ENOENT for an unknown name; -ENODEV for a device being
 * removed or whose module is going; -ENOMEM; -ESHUTDOWN if the parent is
 * being deleted.
 */
int __wdf_io_target_open(struct wdf_driver *drv,
			 const struct wdf_object_attributes *attr,
			 struct wdf_device *device, const char *name,
			 struct wdf_io_target **out)
{
	struct wdf_device_private *d = NULL, *cur;
	struct wdf_io_target_private *t;
	struct module *owner = NULL;
	int ret;

	if (!out || (!device && !name) ||
	    (device && wdf_object_get_type(&device->obj) != WDF_TYPE_DEVICE)) {
		wdf_misuse("target open with a bad device or NULL argument");
		return -EINVAL;
	}
	*out = NULL;
	if (device) {
		d = wdf_device_priv(device);
		ret = wdf_io_target_hold(drv, d, &owner);
	} else {
		ret = -ENOENT;
		mutex_lock(&wdf_names_lock);
		list_for_each_entry(cur, &wdf_named_devices, link) {
			if (!strcmp(cur->name, name)) {
				d = cur;
				ret = wdf_io_target_hold(drv, d, &owner);
				break;
			}
		}
		mutex_unlock(&wdf_names_lock);
	}
	if (ret)
		return ret;
	t = wdf_object_alloc(&wdf_io_target_ops, drv, attr, 0, GFP_KERNEL,
			     NULL);
	if (IS_ERR(t)) {
		module_put(owner);
		wdf_object_put_last(&d->obj);
		return PTR_ERR(t);
	}
	/* From here the target's free drops them. */
	t->device = d;
	t->owner = owner;
	return wdf_io_target_add(t, attr, out);
}
EXPORT_SYMBOL_GPL(__wdf_io_target_open);

/**
 * __wdf_io_target_open_file() - open a file as an I/O target
 * @drv: the opening driver (wdf_io_target_open_file() passes the module's)
 * @attr: attributes, or NULL; the parent defaults to the driver
 * @path: the file's path
 * @flags: open flags; a file created gets mode 0600
 * @out: receives the target, or NULL on failure
 *
 * Reads and writes go to the file at the request's device offset, from
 * the framework's workqueue; ioctls are refused with -EOPNOTSUPP.  A file
 * whose driver has no read_iter/write_iter (most character devices)
 * answers kernel_read() and kernel_write() with -EINVAL.
 *
 * Context: process context.
 * Return: 0; -EINVAL (with a warning) for a NULL @path or @out; what
 * filp_open() returns; -ENOMEM; -ESHUTDOWN if the parent is being deleted.
 */
int __wdf_io_target_open_file(struct wdf_driver *drv,
			      const struct wdf_object_attributes *attr,
			      const char *path, int flags,
			      struct wdf_io_target **out)
{
	struct wdf_io_target_private *t;
	struct file *f;

	if (!out || !path) {
		wdf_misuse("file target open with a NULL argument");
		return -EINVAL;
	}
	*out = NULL;
	f = filp_open(path, flags, 0600);
	if (IS_ERR(f))
		return PTR_ERR(f);
	t = wdf_object_alloc(&wdf_io_target_ops, drv, attr, 0, GFP_KERNEL,
			     NULL);
	if (IS_ERR(t)) {
		filp_close(f, NULL);
		return PTR_ERR(t);
	}
	/* From here the target's free closes it. */
	t->file = f;
	return wdf_io_target_add(t, attr, out);
}
EXPORT_SYMBOL_GPL(__wdf_io_target_open_file);

static bool wdf_sent_cancel(struct wdf_sent_request *s);

/* Fail the requests waiting on a stopped target with @status. */
static void wdf_io_target_fail_pended(struct wdf_io_target_private *t,
				      int status)
{
	struct wdf_sent_request *s;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&t->lock, flags);
		s = list_first_entry_or_null(&t->pended, struct wdf_sent_request,
					     tnode);
		if (s) {
			list_move_tail(&s->tnode, &t->sent);
			s->state = WDF_SENT_SENT;
			t->nsent++;
		}
		spin_unlock_irqrestore(&t->lock, flags);
		if (!s)
			return;
		s->rx.status = status;
		s->rx.information = 0;
		wdf_sent_rx_completed(&s->rx);
	}
}

/* Cancel every request at the target's device, each once. */
static void wdf_io_target_cancel_sent(struct wdf_io_target_private *t)
{
	struct wdf_sent_request *s, *found;
	unsigned long flags;

	for (;;) {
		found = NULL;
		spin_lock_irqsave(&t->lock, flags);
		list_for_each_entry(s, &t->sent, tnode) {
			if (!READ_ONCE(s->rx.canceled)) {
				found = s;
				kref_get(&s->obj.ref);
				break;
			}
		}
		spin_unlock_irqrestore(&t->lock, flags);
		if (!found)
			return;
		wdf_request_cancel(&found->rx);
		wdf_object_put_last(&found->obj);
	}
}

static void __wdf_io_target_close(struct wdf_io_target_private *t)
{
	unsigned long flags;

	might_sleep();
	spin_lock_irqsave(&t->lock, flags);
	t->state = WDF_IO_TARGET_CLOSED;
	spin_unlock_irqrestore(&t->lock, flags);
	wdf_io_target_fail_pended(t, -ENODEV);
	wdf_io_target_cancel_sent(t);
	wait_event(t->idle, !READ_ONCE(t->nsent));
	wdf_io_target_release_device(t);
}

static void wdf_io_target_cleanup(struct wdf_object *obj)
{
	__wdf_io_target_close(container_of(obj, struct wdf_io_target_private,
					   obj));
}

/**
 * wdf_io_target_close() - close a target (WdfIoTargetClose)
 * @target: the target
 *
 * Fails the requests waiting for a start with -ENODEV, cancels those sent
 * and waits for them to complete, then drops the device and its module.
 * What is sent afterwards fails with -ENODEV.  Deleting a target closes it.
 *
 * Context: process context (it sleeps).
 */
void wdf_io_target_close(struct wdf_io_target *target)
{
	struct wdf_io_target_private *t = wdf_io_target_get(target, "close");

	if (t)
		__wdf_io_target_close(t);
}
EXPORT_SYMBOL_GPL(wdf_io_target_close);

/**
 * wdf_io_target_stop() - stop sending (WdfIoTargetStop)
 * @target: the target
 * @action: what becomes of the requests already sent
 *
 * Requests sent while stopped wait on the target (their send returns true)
 * until wdf_io_target_start(); a synchronous send waits too.
 *
 * Context: process context, except with WDF_IO_TARGET_LEAVE_SENT_IO_PENDING
 * (any context).
 * Return: 0; -EINVAL (with a warning) for a bad target or action; -ENODEV
 * if it is closed.
 */
int wdf_io_target_stop(struct wdf_io_target *target,
		       enum wdf_io_target_sent_io_action action)
{
	struct wdf_io_target_private *t = wdf_io_target_get(target, "stop");
	unsigned long flags;
	int ret = 0;

	if (!t)
		return -EINVAL;
	if (action > WDF_IO_TARGET_LEAVE_SENT_IO_PENDING) {
		wdf_misuse("target stop with an unknown action");
		return -EINVAL;
	}
	spin_lock_irqsave(&t->lock, flags);
	if (t->state == WDF_IO_TARGET_CLOSED)
		ret = -ENODEV;
	else
		t->state = WDF_IO_TARGET_STOPPED;
	spin_unlock_irqrestore(&t->lock, flags);
	if (ret || action == WDF_IO_TARGET_LEAVE_SENT_IO_PENDING)
		return ret;
	if (action == WDF_IO_TARGET_CANCEL_SENT_IO)
		wdf_io_target_cancel_sent(t);
	wait_event(t->idle, !READ_ONCE(t->nsent));
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_io_target_stop);

static int wdf_sent_deliver(struct wdf_sent_request *s);

/**
 * wdf_io_target_start() - start sending again (WdfIoTargetStart)
 * @target: the target
 *
 * Sends the requests that waited while it was stopped, oldest first.
 *
 * Return: 0; -EINVAL (with a warning) for a bad target; -ENODEV if it is
 * closed.
 */
int wdf_io_target_start(struct wdf_io_target *target)
{
	struct wdf_io_target_private *t = wdf_io_target_get(target, "start");
	struct wdf_sent_request *s;
	unsigned long flags;
	int ret;

	if (!t)
		return -EINVAL;
	spin_lock_irqsave(&t->lock, flags);
	if (t->state == WDF_IO_TARGET_CLOSED) {
		spin_unlock_irqrestore(&t->lock, flags);
		return -ENODEV;
	}
	t->state = WDF_IO_TARGET_STARTED;
	spin_unlock_irqrestore(&t->lock, flags);
	for (;;) {
		spin_lock_irqsave(&t->lock, flags);
		s = list_first_entry_or_null(&t->pended, struct wdf_sent_request,
					     tnode);
		if (s) {
			list_move_tail(&s->tnode, &t->sent);
			s->state = WDF_SENT_SENT;
			t->nsent++;
		}
		spin_unlock_irqrestore(&t->lock, flags);
		if (!s)
			return 0;
		ret = wdf_sent_deliver(s);
		if (ret) {
			/* Its send said true: the routine must run. */
			s->rx.status = ret;
			s->rx.information = 0;
			wdf_sent_rx_completed(&s->rx);
		}
	}
}
EXPORT_SYMBOL_GPL(wdf_io_target_start);

/* ------------------------------------------------------------------ */
/* Requests a driver creates */

/* Drop what a format took: memory and MDL references, stack copies. */
static void wdf_sent_side_release(struct wdf_sent_side *side)
{
	if (side->mem)
		wdf_object_put_last(&side->mem->obj);
	if (side->mdl)
		wdf_object_put_last(&side->mdl->obj);
	if (side->stack)
		kfree(side->va);
	side->mem = NULL;
	side->offset = 0;
	side->va = NULL;
	side->mdl = NULL;
	side->len = 0;
	side->bounced = false;
	side->stack = false;
	side->caller = NULL;
}

static void wdf_sent_release_format(struct wdf_sent_request *s)
{
	wdf_sent_side_release(&s->in);
	wdf_sent_side_release(&s->out);
	s->params.in = NULL;
	s->params.out = NULL;
	if (s->state == WDF_SENT_FORMATTED || s->state == WDF_SENT_COMPLETED)
		s->state = WDF_SENT_IDLE;
}

static bool wdf_sent_outstanding(const struct wdf_sent_request *s)
{
	enum wdf_sent_state state = READ_ONCE(s->state);

	return state == WDF_SENT_SENT || state == WDF_SENT_PENDED;
}

static void wdf_sent_cleanup(struct wdf_object *obj)
{
	struct wdf_sent_request *s =
		container_of(obj, struct wdf_sent_request, obj);

	/* Its buffers stay referenced until it completes (KMDF: verifier break). */
	if (wdf_sent_outstanding(s))
		wdf_misuse("request deleted while it is sent");
	else
		wdf_sent_release_format(s);
}

static void wdf_sent_free(struct wdf_object *obj)
{
	struct wdf_sent_request *s =
		container_of(obj, struct wdf_sent_request, obj);

	wdf_sent_side_release(&s->in);
	wdf_sent_side_release(&s->out);
	kvfree(s->in.bounce);
	kvfree(s->out.bounce);
	if (s->target)
		wdf_object_put_last(&s->target->obj);
	kfree(s);
}

static const struct wdf_object_ops wdf_sent_ops = {
	.type = WDF_TYPE_REQUEST,
	.id = WDF_OPS_SENT,
	.size = sizeof(struct wdf_sent_request),
	.cleanup = wdf_sent_cleanup,
	.free = wdf_sent_free,
};

static struct wdf_sent_request *wdf_sent_get(struct wdf_request *req,
					     const char *what)
{
	if (!req || !wdf_is(&req->obj, WDF_OPS_SENT)) {
		wdf_misuse("%s: not a request the driver created", what);
		return NULL;
	}
	return container_of(req, struct wdf_sent_request, pub);
}

static void wdf_sent_timeout(struct timer_list *timer);
static void wdf_sent_file_io(struct work_struct *work);

/**
 * __wdf_io_request_create() - a request a driver sends (WdfRequestCreate)
 * @drv: the creating driver (wdf_io_request_create() passes the module's)
 * @attr: attributes, or NULL; the parent defaults to the driver
 * @target: the target it will be sent to, or NULL
 * @out: receives the request, or NULL on failure
 *
 * Never complete it: format it, send it, and reuse or delete it once its
 * completion routine has run.
 *
 * Return: 0; -EINVAL (with a warning) for a NULL @out or a bad @target;
 * -ENODEV for a closed @target; -ENOMEM; -ESHUTDOWN if the parent is being
 * deleted.
 */
int __wdf_io_request_create(struct wdf_driver *drv,
			    const struct wdf_object_attributes *attr,
			    struct wdf_io_target *target,
			    struct wdf_request **out)
{
	struct wdf_io_target_private *t = NULL;
	struct wdf_sent_request *s;
	int ret;

	if (!out) {
		wdf_misuse("request create with NULL output");
		return -EINVAL;
	}
	*out = NULL;
	if (target) {
		t = wdf_io_target_get(target, "request create");
		if (!t)
			return -EINVAL;
		if (READ_ONCE(t->state) == WDF_IO_TARGET_CLOSED)
			return -ENODEV;
	}
	s = wdf_object_alloc(&wdf_sent_ops, drv, attr, 0, GFP_KERNEL, NULL);
	if (IS_ERR(s))
		return PTR_ERR(s);
	timer_setup(&s->timer, wdf_sent_timeout, 0);
	INIT_WORK(&s->file_io, wdf_sent_file_io);
	init_completion(&s->sync_done);
	INIT_LIST_HEAD(&s->tnode);
	INIT_LIST_HEAD(&s->rx.qnode);
	s->rx.sender = s;
	if (t) {
		kref_get(&t->obj.ref);
		s->target = t;
	}
	ret = wdf_object_add(&s->obj, attr ? attr->parent : NULL);
	if (ret)
		return ret;
	*out = &s->pub;
	return 0;
}
EXPORT_SYMBOL_GPL(__wdf_io_request_create);

/**
 * wdf_request_reuse() - make a completed request new again (WdfRequestReuse)
 * @req: a request the driver created
 * @status: the status it reports until it is sent again
 *
 * Drops its format (memory references) and its completion routine.  May be
 * called from its completion routine.
 *
 * Return: 0; -EINVAL (with a warning) for a request the driver did not
 * create; -EBUSY (with a warning) while it is sent.
 */
int wdf_request_reuse(struct wdf_request *req, int status)
{
	struct wdf_sent_request *s = wdf_sent_get(req, "reuse");

	if (!s)
		return -EINVAL;
	if (wdf_sent_outstanding(s)) {
		wdf_misuse("reuse of a request still sent");
		return -EBUSY;
	}
	wdf_sent_release_format(s);
	s->routine = NULL;
	s->context = NULL;
	memset(&s->params, 0, sizeof(s->params));
	s->params.status = status;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_request_reuse);

/* Reference a memory object's window for one side of a format. */
static int wdf_sent_side_memory(struct wdf_sent_side *side,
				struct wdf_memory *mem,
				const struct wdf_memory_offset *off)
{
	size_t size;
	void *buf;

	if (!mem)
		return 0;
	if (wdf_object_get_type(&mem->obj) != WDF_TYPE_MEMORY) {
		wdf_misuse("format with an object that is not memory");
		return -EINVAL;
	}
	buf = wdf_memory_get_buffer(mem, &size);
	if (off && range_end_overflows(off->offset, off->length, size))
		return -EOVERFLOW;
	kref_get(&mem->obj.ref);
	side->mem = mem;
	side->offset = off ? off->offset : 0;
	side->len = off ? wdf_length_or_rest(off->offset, off->length, size) :
		    size;
	side->va = buf + side->offset;
	return 0;
}

/* A descriptor's bytes for one side of a synchronous send. */
static int wdf_sent_side_desc(struct wdf_sent_side *side,
			      const struct wdf_memory_descriptor *d)
{
	void *copy;

	if (!d)
		return 0;
	switch (d->type) {
	case WDF_MEMDESC_BUFFER:
		side->va = d->buffer.buffer;
		side->len = d->buffer.length;
		/* A vmap'd stack has no pages to map or hand on: copy it. */
		if (side->len && object_is_on_stack(side->va)) {
			copy = wdf_kmalloc(side->len, GFP_KERNEL);
			if (!copy)
				return -ENOMEM;
			memcpy(copy, side->va, side->len);
			side->caller = side->va;
			side->va = copy;
			side->stack = true;
		}
		return 0;
	case WDF_MEMDESC_MDL:
		side->mdl = d->mdl.mdl;
		side->len = d->mdl.length ?: wdf_mdl_byte_count(d->mdl.mdl);
		/*
		 * Held while sent: a receiver that deletes the MDL it was
		 * handed (a misuse) cannot free it under the request.
		 */
		if (side->mdl)
			kref_get(&side->mdl->obj.ref);
		return 0;
	default:
		return wdf_sent_side_memory(side, d->handle.memory,
					    d->handle.offsets);
	}
}

/* Give one side a framework buffer of the target's I/O type. */
static int wdf_sent_side_bounce(struct wdf_sent_side *side, bool input)
{
	gfp_t gfp = preemptible() ? GFP_KERNEL : GFP_ATOMIC;

	if (!side->len)
		return 0;
	if (side->bounce_size < side->len) {
		kvfree(side->bounce);
		side->bounce_size = 0;
		side->bounce = wdf_kvmalloc(side->len, gfp);
		if (!side->bounce)
			return -ENOMEM;
		side->bounce_size = side->len;
	}
	side->bounced = true;
	if (!input)
		memset(side->bounce, 0, side->len);
	else if (side->mdl)
		return wdf_mdl_copy_to_buffer(side->mdl, 0, side->bounce,
					      side->len);
	else
		memcpy(side->bounce, side->va, side->len);
	return 0;
}

/*
 * Finish a format whose sides are set: bounce buffers as the target's
 * I/O type and the ioctl method say, and the request's new identity.
 */
static int wdf_sent_place(struct wdf_sent_request *s,
			  struct wdf_io_target_private *t,
			  enum wdf_request_type type, unsigned int code,
			  enum wdf_ioctl_method method, const loff_t *dev_off)
{
	struct wdf_io_queue_private *q = NULL;
	bool buffered = false;
	unsigned long flags;
	int ret;

	if (t->file) {
		/* The VFS would take an ioctl's argument for a user pointer. */
		if (type == WDF_REQUEST_IOCTL)
			return -EOPNOTSUPP;
	} else {
		/* A close on another thread drops the device under this lock. */
		spin_lock_irqsave(&t->lock, flags);
		if (t->device)
			q = wdf_device_queue_get(t->device);
		spin_unlock_irqrestore(&t->lock, flags);
		if (!q)
			return -ENODEV;
		if (type == WDF_REQUEST_IOCTL)
			buffered = method == WDF_METHOD_BUFFERED;
		else
			buffered = q->config.io_type == WDF_DEVICE_IO_BUFFERED;
		wdf_object_put_last(&q->obj);
	}
	if (buffered) {
		ret = wdf_sent_side_bounce(&s->in, true);
		if (!ret)
			ret = wdf_sent_side_bounce(&s->out, false);
		if (ret)
			return ret;
	}
	if (s->target != t) {
		kref_get(&t->obj.ref);
		if (s->target)
			wdf_object_put_last(&s->target->obj);
		s->target = t;
	}
	s->type = type;
	s->code = code;
	s->method = method;
	s->dev_off = dev_off ? *dev_off : 0;
	memset(&s->params, 0, sizeof(s->params));
	s->params.type = type;
	s->params.code = code;
	s->params.in = s->in.mem;
	s->params.in_offset = s->in.offset;
	s->params.out = s->out.mem;
	s->params.out_offset = s->out.offset;
	s->state = WDF_SENT_FORMATTED;
	return 0;
}

/* What every format and synchronous send checks first, in KMDF's order. */
static struct wdf_sent_request *wdf_sent_begin(struct wdf_io_target *target,
					       struct wdf_request *req,
					       struct wdf_io_target_private **tp,
					       int *ret, const char *what)
{
	struct wdf_sent_request *s;

	*ret = -EINVAL;
	*tp = wdf_io_target_get(target, what);
	if (!*tp)
		return NULL;
	s = wdf_sent_get(req, what);
	if (!s)
		return NULL;
	if (wdf_sent_outstanding(s)) {
		wdf_misuse("%s: request still sent", what);
		*ret = -EBUSY;
		return NULL;
	}
	/* The previous format goes even if this one fails. */
	wdf_sent_release_format(s);
	*ret = READ_ONCE((*tp)->state) == WDF_IO_TARGET_CLOSED ? -ENODEV : 0;
	return s;
}

static int wdf_sent_format(struct wdf_io_target *target,
			   struct wdf_request *req, enum wdf_request_type type,
			   unsigned int code, enum wdf_ioctl_method method,
			   struct wdf_memory *in,
			   const struct wdf_memory_offset *in_off,
			   struct wdf_memory *out,
			   const struct wdf_memory_offset *out_off,
			   const loff_t *dev_off)
{
	struct wdf_io_target_private *t;
	struct wdf_sent_request *s;
	int ret;

	s = wdf_sent_begin(target, req, &t, &ret, "format");
	if (!s || ret)
		return ret;
	if (method > WDF_METHOD_NEITHER) {
		wdf_misuse("format with an unknown ioctl method");
		return -EINVAL;
	}
	ret = wdf_sent_side_memory(&s->in, in, in_off);
	if (!ret)
		ret = wdf_sent_side_memory(&s->out, out, out_off);
	if (!ret)
		ret = wdf_sent_place(s, t, type, code, method, dev_off);
	if (ret)
		wdf_sent_release_format(s);
	return ret;
}

/**
 * wdf_io_target_format_request_for_read() - format a read (WdfIoTargetFormatRequestForRead)
 * @target: the target
 * @req: a request the driver created, not sent
 * @mem: the memory to read into, or NULL for a read of 0 bytes
 * @mem_off: the window of @mem (offset, length; length 0: the rest), or
 *	NULL for all of it; only read during the call
 * @dev_off: the device offset, or NULL for 0
 *
 * References @mem until the request is reused, re-formatted or deleted.
 *
 * Context: any context (a buffered target's framework buffer is allocated
 * atomically where the caller cannot sleep).
 * Return: 0; -EINVAL (with a warning) for a bad target, request or memory
 * object; -EBUSY (with a warning) while @req is sent; -EOVERFLOW for a
 * window past the end of @mem or one that wraps; -ENODEV if the target is
 * closed or its device has no queue; -ENOMEM.
 */
int wdf_io_target_format_request_for_read(struct wdf_io_target *target,
					  struct wdf_request *req,
					  struct wdf_memory *mem,
					  const struct wdf_memory_offset *mem_off,
					  const loff_t *dev_off)
{
	return wdf_sent_format(target, req, WDF_REQUEST_READ, 0,
			       WDF_METHOD_BUFFERED, NULL, NULL, mem, mem_off,
			       dev_off);
}
EXPORT_SYMBOL_GPL(wdf_io_target_format_request_for_read);

/**
 * wdf_io_target_format_request_for_write() - format a write (WdfIoTargetFormatRequestForWrite)
 * @target: the target
 * @req: a request the driver created, not sent
 * @mem: the memory to write from, or NULL for a write of 0 bytes
 * @mem_off: the window of @mem, or NULL for all of it
 * @dev_off: the device offset, or NULL for 0
 *
 * A buffered target's copy of the bytes is taken now.
 *
 * Context: as wdf_io_target_format_request_for_read().
 * Return: as wdf_io_target_format_request_for_read().
 */
int wdf_io_target_format_request_for_write(struct wdf_io_target *target,
					   struct wdf_request *req,
					   struct wdf_memory *mem,
					   const struct wdf_memory_offset *mem_off,
					   const loff_t *dev_off)
{
	return wdf_sent_format(target, req, WDF_REQUEST_WRITE, 0,
			       WDF_METHOD_BUFFERED, mem, mem_off, NULL, NULL,
			       dev_off);
}
EXPORT_SYMBOL_GPL(wdf_io_target_format_request_for_write);

/**
 * wdf_io_target_format_request_for_ioctl() - format an ioctl (WdfIoTargetFormatRequestForIoctl)
 * @target: the target
 * @req: a request the driver created, not sent
 * @code: the ioctl code
 * @method: how its buffers travel (what KMDF reads from the code's bits)
 * @in: the input memory, or NULL
 * @in_off: its window, or NULL
 * @out: the output memory, or NULL
 * @out_off: its window, or NULL
 *
 * METHOD_BUFFERED copies the input now and the output back at completion,
 * as far as the target reports; the other methods pass the memory itself.
 *
 * Context: as wdf_io_target_format_request_for_read().
 * Return: as wdf_io_target_format_request_for_read(), and -EINVAL (with a
 * warning) for an unknown method.
 */
int wdf_io_target_format_request_for_ioctl(struct wdf_io_target *target,
					   struct wdf_request *req,
					   unsigned int code,
					   enum wdf_ioctl_method method,
					   struct wdf_memory *in,
					   const struct wdf_memory_offset *in_off,
					   struct wdf_memory *out,
					   const struct wdf_memory_offset *out_off)
{
	return wdf_sent_format(target, req, WDF_REQUEST_IOCTL, code, method,
			       in, in_off, out, out_off, NULL);
}
EXPORT_SYMBOL_GPL(wdf_io_target_format_request_for_ioctl);

/**
 * wdf_request_set_completion_routine() - EvtRequestCompletionRoutine
 * @req: a request the driver created
 * @fn: the routine, or NULL for none
 * @context: its context
 *
 * Return: 0; -EINVAL (with a warning) for a request the driver did not
 * create; -EBUSY (with a warning) while it is sent.
 */
int wdf_request_set_completion_routine(struct wdf_request *req,
				       wdf_request_completion_fn fn,
				       void *context)
{
	struct wdf_sent_request *s = wdf_sent_get(req, "set completion routine");

	if (!s)
		return -EINVAL;
	if (wdf_sent_outstanding(s)) {
		wdf_misuse("completion routine set while the request is sent");
		return -EBUSY;
	}
	s->routine = fn;
	s->context = context;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_request_set_completion_routine);

/* Set up the receiving side; under the target's lock, before it is sent. */
static void wdf_sent_rx_prepare(struct wdf_sent_request *s,
				struct wdf_driver *drv)
{
	struct wdf_request_private *rx = &s->rx;
	struct wdf_sent_side *side[2] = { &s->in, &s->out };
	struct wdf_request_buffer *b[2] = { &rx->in, &rx->out };
	int i;

	wdf_request_rx_init(rx, drv);
	rx->params.type = s->type;
	rx->params.method = s->method;
	rx->params.code = s->code;
	rx->params.offset = s->dev_off;
	for (i = 0; i < 2; i++) {
		b[i]->len = side[i]->len;
		if (side[i]->bounced)
			b[i]->kbuf = side[i]->bounce;
		else if (side[i]->mdl)
			b[i]->mdl = side[i]->mdl;
		else
			b[i]->kva = side[i]->va;
	}
}

/* A file target's read or write, in process context. */
static void wdf_sent_file_io(struct work_struct *work)
{
	struct wdf_sent_request *s =
		container_of(work, struct wdf_sent_request, file_io);
	bool read = s->type == WDF_REQUEST_READ;
	struct wdf_sent_side *side = read ? &s->out : &s->in;
	struct file *f = s->target->file;
	loff_t pos = s->dev_off;
	ssize_t n = 0;
	void *buf;

	buf = side->mdl ? wdf_mdl_map(side->mdl) : side->va;
	if (side->len && !buf)
		n = -ENOMEM;
	else if (side->len && read)
		n = kernel_read(f, buf, side->len, &pos);
	else if (side->len)
		n = kernel_write(f, buf, side->len, &pos);
	s->rx.status = n < 0 ? n : 0;
	s->rx.information = n < 0 ? 0 : n;
	this_cpu_inc(wdf_stats.requests_completed);
	wdf_sent_rx_completed(&s->rx);
}

/* Present a request now on the target's sent list to the device's queue. */
static int wdf_sent_deliver(struct wdf_sent_request *s)
{
	struct wdf_io_target_private *t = s->target;
	struct wdf_io_queue_private *q;
	int ret;

	if (t->file) {
		this_cpu_inc(wdf_stats.requests_sent);
		queue_work(wdf_wq, &s->file_io);
		return 0;
	}
	q = wdf_device_queue_get(t->device);
	if (!q)
		return -ENODEV;
	this_cpu_inc(wdf_stats.requests_sent);
	ret = wdf_io_queue_present(q, &s->rx);
	wdf_object_put_last(&q->obj);
	if (ret)
		this_cpu_dec(wdf_stats.requests_sent);
	return ret;
}

static void wdf_sent_arm_timer(struct wdf_sent_request *s,
			       const struct wdf_request_send_options *o)
{
	unsigned long j;

	if (!o || !(o->flags & WDF_REQUEST_SEND_OPTION_TIMEOUT) ||
	    !o->timeout_ns)
		return;
	j = nsecs_to_jiffies(o->timeout_ns) ?: 1;
	kref_get(&s->obj.ref);	/* the timer's, put by it or by completion */
	mod_timer(&s->timer, jiffies + j);
}

/*
 * Send a formatted request.  Return: 0 if it was sent or pended (the
 * completion comes exactly once), else the errno it failed with (nothing
 * will be called).
 */
static int wdf_sent_submit(struct wdf_sent_request *s,
			   const struct wdf_request_send_options *o)
{
	struct wdf_io_target_private *t = s->target;
	bool ignore = o && (o->flags & WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE);
	unsigned long flags;
	int ret;

	s->timed_out = false;
	reinit_completion(&s->sync_done);
	kref_get(&s->obj.ref);	/* the send's, put after completion */
	spin_lock_irqsave(&t->lock, flags);
	if (t->state == WDF_IO_TARGET_CLOSED || (!t->device && !t->file)) {
		spin_unlock_irqrestore(&t->lock, flags);
		wdf_object_put_last(&s->obj);
		return -ENODEV;
	}
	wdf_sent_rx_prepare(s, t->device ? t->device->obj.driver : t->obj.driver);
	if (t->state == WDF_IO_TARGET_STOPPED && !ignore) {
		s->state = WDF_SENT_PENDED;
		list_add_tail(&s->tnode, &t->pended);
		wdf_sent_arm_timer(s, o);
		spin_unlock_irqrestore(&t->lock, flags);
		return 0;
	}
	s->state = WDF_SENT_SENT;
	list_add_tail(&s->tnode, &t->sent);
	t->nsent++;
	wdf_sent_arm_timer(s, o);
	spin_unlock_irqrestore(&t->lock, flags);

	ret = wdf_sent_deliver(s);
	if (!ret)
		return 0;
	/* Never reached the queue: undo the send, call nothing. */
	spin_lock_irqsave(&t->lock, flags);
	list_del_init(&s->tnode);
	if (!--t->nsent)
		wake_up(&t->idle);
	s->state = WDF_SENT_FORMATTED;
	spin_unlock_irqrestore(&t->lock, flags);
	if (timer_delete(&s->timer))
		wdf_object_put_last(&s->obj);
	wdf_object_put_last(&s->obj);
	return ret;
}

/**
 * wdf_sent_rx_completed() - a sent request completed at its target
 * @rx: its receiving side, with the status and information
 *
 * Copies a buffered output back (no more than the caller's length), turns
 * a timer's cancel into -ETIMEDOUT, and calls the completion routine or
 * wakes the synchronous sender.  The request counts as outstanding on its
 * target until the routine has returned, so closing the target (and
 * unloading the sender's module after it) waits for the routine too.
 */
void wdf_sent_rx_completed(struct wdf_request_private *rx)
{
	struct wdf_sent_request *s = rx->sender;
	struct wdf_io_target_private *t = s->target;
	struct wdf_sent_side *o = &s->out;
	int status = rx->status;
	size_t info = status ? 0 : rx->information;
	unsigned long flags;
	bool counted;

	if (!status && o->bounced && info) {
		size_t n = min(info, o->len);

		if (o->mdl)
			wdf_mdl_copy_from_buffer(o->mdl, 0, o->bounce, n);
		else
			memcpy(o->va, o->bounce, n);
	}
	if (status == -ECANCELED && READ_ONCE(s->timed_out))
		status = -ETIMEDOUT;
	wdf_request_rx_reset(rx);

	spin_lock_irqsave(&t->lock, flags);
	list_del_init(&s->tnode);
	counted = s->state == WDF_SENT_SENT;
	s->state = WDF_SENT_COMPLETED;
	spin_unlock_irqrestore(&t->lock, flags);
	if (timer_delete(&s->timer))
		wdf_object_put_last(&s->obj);

	s->params.status = status;
	s->params.information = info;
	s->params.length = info;
	/* The routine may reuse, re-format, re-send or delete @s: hold @t. */
	kref_get(&t->obj.ref);
	if (s->sync)
		complete(&s->sync_done);
	else if (s->routine)
		s->routine(&s->pub, &t->pub, &s->params, s->context);
	if (counted) {
		spin_lock_irqsave(&t->lock, flags);
		if (!--t->nsent)
			wake_up(&t->idle);
		spin_unlock_irqrestore(&t->lock, flags);
	}
	wdf_object_put_last(&t->obj);
	wdf_object_put_last(&s->obj);
}

/* Cancel a sent or pended request.  Return: true if a cancel was attempted. */
static bool wdf_sent_cancel(struct wdf_sent_request *s)
{
	struct wdf_io_target_private *t = s->target;
	unsigned long flags;

	if (!t)
		return false;
	spin_lock_irqsave(&t->lock, flags);
	switch (s->state) {
	case WDF_SENT_PENDED:
		list_move_tail(&s->tnode, &t->sent);
		s->state = WDF_SENT_SENT;
		t->nsent++;
		spin_unlock_irqrestore(&t->lock, flags);
		s->rx.status = -ECANCELED;
		s->rx.information = 0;
		wdf_sent_rx_completed(&s->rx);
		return true;
	case WDF_SENT_SENT:
		spin_unlock_irqrestore(&t->lock, flags);
		return wdf_request_cancel(&s->rx);
	default:
		spin_unlock_irqrestore(&t->lock, flags);
		return false;
	}
}

static void wdf_sent_timeout(struct timer_list *timer)
{
	struct wdf_sent_request *s = from_timer(s, timer, timer);

	WRITE_ONCE(s->timed_out, true);
	wdf_sent_cancel(s);
	wdf_object_put_last(&s->obj);
}

/**
 * wdf_request_cancel_sent_request() - cancel a sent request (WdfRequestCancelSentRequest)
 * @req: a request the driver created and sent
 *
 * The request still completes through its routine (with -ECANCELED if the
 * target honoured the cancel); wait for that.
 *
 * Context: any context.
 * Return: true if a cancel was attempted, false if it was not outstanding.
 */
bool wdf_request_cancel_sent_request(struct wdf_request *req)
{
	struct wdf_sent_request *s = wdf_sent_get(req, "cancel sent request");
	bool ret;

	if (!s)
		return false;
	kref_get(&s->obj.ref);
	ret = wdf_sent_cancel(s);
	wdf_object_put_last(&s->obj);
	return ret;
}
EXPORT_SYMBOL_GPL(wdf_request_cancel_sent_request);

/* Wait for a synchronous send; a fatal signal cancels it, then waits on. */
static int wdf_sent_wait(struct wdf_sent_request *s)
{
	if (wait_for_completion_killable(&s->sync_done)) {
		wdf_sent_cancel(s);
		wait_for_completion(&s->sync_done);
	}
	return s->params.status;
}

/**
 * wdf_request_send() - send a formatted request (WdfRequestSend)
 * @req: a request the driver created and formatted for @target
 * @target: the target
 * @options: NULL, or flags and a timeout
 *
 * With WDF_REQUEST_SEND_OPTION_SYNCHRONOUS this waits for the completion
 * (process context) and then runs the routine, if one is set, here.
 *
 * Context: any context without the SYNCHRONOUS flag; the target's driver
 * may be called before this returns, and so may the completion routine.
 * Return: true if the request was sent (or waits on a stopped target): the
 * completion routine will run exactly once.  False if it was not: the
 * routine is not called, and wdf_request_get_status() says why (-EINVAL
 * for bad arguments or a request never formatted, or formatted for another
 * target; -EBUSY, with a warning, while it is still sent; -ENODEV for a
 * closed target or a device without a queue).
 */
bool wdf_request_send(struct wdf_request *req, struct wdf_io_target *target,
		      const struct wdf_request_send_options *options)
{
	struct wdf_sent_request *s = wdf_sent_get(req, "send");
	struct wdf_io_target_private *t;
	bool sync;
	int ret;

	if (!s)
		return false;
	if (options && (options->flags & ~WDF_SEND_OPTIONS)) {
		wdf_misuse("send with unknown options");
		s->params.status = -EINVAL;
		return false;
	}
	t = wdf_io_target_get(target, "send");
	if (!t) {
		s->params.status = -EINVAL;
		return false;
	}
	if (wdf_sent_outstanding(s)) {
		wdf_misuse("request sent while it is still outstanding");
		s->params.status = -EBUSY;
		return false;
	}
	if (s->state != WDF_SENT_FORMATTED || s->target != t) {
		wdf_misuse("send of a request not formatted for this target");
		s->params.status = -EINVAL;
		return false;
	}
	sync = options && (options->flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS);
	s->sync = sync;
	ret = wdf_sent_submit(s, options);
	if (ret) {
		s->sync = false;
		s->params.status = ret;
		return false;
	}
	/* Without a wait the routine may have deleted @s already. */
	if (sync) {
		wdf_sent_wait(s);
		s->sync = false;
		if (s->routine)
			s->routine(&s->pub, &t->pub, &s->params, s->context);
	}
	return true;
}
EXPORT_SYMBOL_GPL(wdf_request_send);

/**
 * wdf_request_get_status() - a created request's status (WdfRequestGetStatus)
 * @req: a request the driver created
 *
 * Return: the status it completed with, the reason a send failed, or the
 * status given to wdf_request_reuse(); -EINVAL (with a warning) for a
 * request the driver did not create.
 */
int wdf_request_get_status(struct wdf_request *req)
{
	struct wdf_sent_request *s = wdf_sent_get(req, "get status");

	return s ? READ_ONCE(s->params.status) : -EINVAL;
}
EXPORT_SYMBOL_GPL(wdf_request_get_status);

/**
 * wdf_request_get_completion_params() - WdfRequestGetCompletionParams
 * @req: a request the driver created
 * @p: receives its completion parameters
 *
 * Return: 0; -EINVAL (with a warning) for a bad request or NULL @p.
 */
int wdf_request_get_completion_params(struct wdf_request *req,
				      struct wdf_request_completion_params *p)
{
	struct wdf_sent_request *s = wdf_sent_get(req, "get completion params");

	if (!s || !p) {
		if (s)
			wdf_misuse("get completion params with NULL output");
		return -EINVAL;
	}
	*p = s->params;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_request_get_completion_params);

/*
 * The synchronous sends: format from descriptors (used only during the
 * call), send, wait, release everything before returning.
 */
static int wdf_sent_sync(struct wdf_io_target *target, struct wdf_request *req,
			 enum wdf_request_type type, unsigned int code,
			 enum wdf_ioctl_method method,
			 const struct wdf_memory_descriptor *in,
			 const struct wdf_memory_descriptor *out,
			 const loff_t *dev_off,
			 const struct wdf_request_send_options *options,
			 size_t *bytes)
{
	struct wdf_io_target_private *t;
	struct wdf_sent_request *s;
	struct wdf_request *tmp = NULL;
	size_t info = 0;
	int ret;

	might_sleep();
	if (bytes)
		*bytes = 0;
	if (req) {
		s = wdf_sent_begin(target, req, &t, &ret, "send synchronously");
		if (!s || ret)
			return ret;
	} else {
		t = wdf_io_target_get(target, "send synchronously");
		if (!t)
			return -EINVAL;
	}
	if ((options && (options->flags & ~WDF_SEND_OPTIONS)) ||
	    method > WDF_METHOD_NEITHER) {
		wdf_misuse("synchronous send with unknown options or method");
		return -EINVAL;
	}
	ret = wdf_memory_descriptor_validate(in, WDF_MEMDESC_NULL_ALLOWED);
	if (!ret)
		ret = wdf_memory_descriptor_validate(out, WDF_MEMDESC_NULL_ALLOWED);
	if (ret)
		return ret;
	if (!req) {
		ret = __wdf_io_request_create(t->obj.driver, NULL, target, &tmp);
		if (ret)
			return ret;
		req = tmp;
	}
	s = wdf_sent_get(req, "send synchronously");
	ret = wdf_sent_side_desc(&s->in, in);
	if (!ret)
		ret = wdf_sent_side_desc(&s->out, out);
	if (!ret)
		ret = wdf_sent_place(s, t, type, code, method, dev_off);
	if (!ret) {
		s->sync = true;
		ret = wdf_sent_submit(s, options);
		if (!ret) {
			ret = wdf_sent_wait(s);
			info = s->params.information;
		}
		s->sync = false;
	}
	if (!ret && s->out.stack)
		memcpy(s->out.caller, s->out.va, min(info, s->out.len));
	s->params.status = ret;
	wdf_sent_release_format(s);
	if (tmp)
		wdf_object_delete(&tmp->obj);
	if (bytes)
		*bytes = info;
	return ret;
}

/**
 * wdf_io_target_send_read_sync() - WdfIoTargetSendReadSynchronously
 * @target: the target
 * @req: a request the driver created to carry it, or NULL
 * @out: what to read into (a buffer, an MDL, or a memory object and
 *	window), or NULL for 0 bytes; used only during the call.  A buffer on
 *	the caller's stack is copied through the heap.
 * @dev_off: the device offset, or NULL for 0
 * @options: NULL, or flags and a timeout (the wait after a timeout's
 *	cancel has no limit, as in KMDF)
 * @bytes: if not NULL, receives the bytes read
 *
 * A fatal signal cancels the request and waits for it to complete.
 *
 * Context: process context (it sleeps).
 * Return: the status the target completed with (0, its errno, -ETIMEDOUT
 * or -ECANCELED); -EINVAL for a bad target, request, descriptor or
 * option; -EBUSY (with a warning) while @req is sent; -EOVERFLOW for a
 * memory window past its end; -ENODEV for a closed target or a device
 * without a queue; -ENOMEM.
 */
int wdf_io_target_send_read_sync(struct wdf_io_target *target,
				 struct wdf_request *req,
				 const struct wdf_memory_descriptor *out,
				 const loff_t *dev_off,
				 const struct wdf_request_send_options *options,
				 size_t *bytes)
{
	return wdf_sent_sync(target, req, WDF_REQUEST_READ, 0,
			     WDF_METHOD_BUFFERED, NULL, out, dev_off, options,
			     bytes);
}
EXPORT_SYMBOL_GPL(wdf_io_target_send_read_sync);

/**
 * wdf_io_target_send_write_sync() - WdfIoTargetSendWriteSynchronously
 * @target: the target
 * @req: a request the driver created to carry it, or NULL
 * @in: what to write, or NULL for 0 bytes
 * @dev_off: the device offset, or NULL for 0
 * @options: NULL, or flags and a timeout
 * @bytes: if not NULL, receives the bytes written
 *
 * Context: process context (it sleeps).
 * Return: as wdf_io_target_send_read_sync().
 */
int wdf_io_target_send_write_sync(struct wdf_io_target *target,
				  struct wdf_request *req,
				  const struct wdf_memory_descriptor *in,
				  const loff_t *dev_off,
				  const struct wdf_request_send_options *options,
				  size_t *bytes)
{
	return wdf_sent_sync(target, req, WDF_REQUEST_WRITE, 0,
			     WDF_METHOD_BUFFERED, in, NULL, dev_off, options,
			     bytes);
}
EXPORT_SYMBOL_GPL(wdf_io_target_send_write_sync);

/**
 * wdf_io_target_send_ioctl_sync() - WdfIoTargetSendIoctlSynchronously
 * @target: the target
 * @req: a request the driver created to carry it, or NULL
 * @code: the ioctl code
 * @method: how its buffers travel
 * @in: the input, or NULL
 * @out: the output, or NULL
 * @options: NULL, or flags and a timeout
 * @bytes: if not NULL, receives the bytes of output the target reported
 *
 * Context: process context (it sleeps).
 * Return: as wdf_io_target_send_read_sync().
 */
int wdf_io_target_send_ioctl_sync(struct wdf_io_target *target,
				  struct wdf_request *req, unsigned int code,
				  enum wdf_ioctl_method method,
				  const struct wdf_memory_descriptor *in,
				  const struct wdf_memory_descriptor *out,
				  const struct wdf_request_send_options *options,
				  size_t *bytes)
{
	return wdf_sent_sync(target, req, WDF_REQUEST_IOCTL, code, method, in,
			     out, NULL, options, bytes);
}
EXPORT_SYMBOL_GPL(wdf_io_target_send_ioctl_sync);
