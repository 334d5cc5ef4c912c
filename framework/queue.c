// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem I/O queues: a device's default queue presents every request to
 * the driver's EvtIoRead, EvtIoWrite or EvtIoDeviceControl, one at a time
 * (sequential) or as they come (parallel).  The driver completes each, at
 * once or later from any context; a request it marks cancelable reaches
 * its cancel routine when the sender cancels, times out, or the queue is
 * purged.
 *
 * Each request on the queue holds a reference to it, so the queue outlives
 * the last completion that touches it.  Purging (wdf_io_queue_purge_sync(),
 * or deleting the queue with its device) refuses new requests, fails the
 * waiting ones with -ENODEV, cancels the presented ones and waits for
 * them.
 */

#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <wdf/queue.h>
#include "wdf_internal.h"
#include "wdf_io.h"

static void wdf_io_queue_cleanup(struct wdf_object *obj);

static void wdf_io_queue_free(struct wdf_object *obj)
{
	kfree(container_of(obj, struct wdf_io_queue_private, obj));
}

static const struct wdf_object_ops wdf_io_queue_ops = {
	.type = WDF_TYPE_QUEUE,
	.id = WDF_OPS_QUEUE,
	.size = sizeof(struct wdf_io_queue_private),
	.no_delete = true,
	.cleanup = wdf_io_queue_cleanup,
	.free = wdf_io_queue_free,
};

static struct wdf_io_queue_private *wdf_io_queue_get(struct wdf_io_queue *q,
						     const char *what)
{
	if (!q || !wdf_is(&q->obj, WDF_OPS_QUEUE)) {
		wdf_misuse("%s: not a queue", what);
		return NULL;
	}
	return wdf_io_queue_priv(q);
}

/**
 * wdf_device_queue_get() - a device's default queue, referenced
 * @d: the device
 *
 * Return: the queue, which the caller puts with wdf_object_put_last(), or
 * NULL if the device has none (or it was purged).
 */
struct wdf_io_queue_private *wdf_device_queue_get(struct wdf_device_private *d)
{
	struct wdf_io_queue_private *q;
	unsigned long flags;

	spin_lock_irqsave(&d->io_lock, flags);
	q = d->queue;
	if (q)
		kref_get(&q->obj.ref);
	spin_unlock_irqrestore(&d->io_lock, flags);
	return q;
}

/* Hand a request to the driver's callback for its type. */
static void wdf_io_queue_invoke(struct wdf_io_queue_private *q,
				struct wdf_request_private *req)
{
	const struct wdf_io_queue_config *c = &q->config;
	const struct wdf_request_params *p = &req->params;
	size_t len = p->type == WDF_REQUEST_READ ? req->out.len : req->in.len;

	if (p->type != WDF_REQUEST_IOCTL && !len && !c->allow_zero_length)
		return (void)wdf_request_complete(&req->pub, 0, 0);
	switch (p->type) {
	case WDF_REQUEST_READ:
		if (c->io_read)
			return c->io_read(&q->pub, &req->pub, len);
		break;
	case WDF_REQUEST_WRITE:
		if (c->io_write)
			return c->io_write(&q->pub, &req->pub, len);
		break;
	default:
		if (c->io_device_control)
			return c->io_device_control(&q->pub, &req->pub,
						    req->out.len, req->in.len,
						    p->code);
		break;
	}
	if (c->io_default)
		return c->io_default(&q->pub, &req->pub);
	wdf_request_complete(&req->pub, -EINVAL, 0);
}

/* Tell whoever waits for @req that it is complete; drops its queue ref. */
static void wdf_io_queue_notify(struct wdf_io_queue_private *q,
				struct wdf_request_private *req)
{
	this_cpu_inc(wdf_stats.requests_completed);
	if (req->sender)
		wdf_sent_rx_completed(req);
	else
		complete(req->done);
	wdf_object_put_last(&q->obj);
}

/* Complete a request the driver never saw: waiting, or refused on arrival. */
static void wdf_io_queue_fail(struct wdf_io_queue_private *q,
			      struct wdf_request_private *req, int status)
{
	req->status = status;
	req->information = 0;
	req->completed = true;
	wdf_io_queue_notify(q, req);
}

/**
 * wdf_io_queue_present() - give a request to a queue
 * @q: the queue
 * @req: a request not yet on any queue
 *
 * Presents it at once (parallel queue, or an idle sequential one: the
 * callback runs before this returns), or leaves it waiting.  From here on
 * the request completes exactly once.
 *
 * Return: 0; -ENODEV if the queue was purged (nothing happened).
 */
int wdf_io_queue_present(struct wdf_io_queue_private *q,
			 struct wdf_request_private *req)
{
	unsigned long flags;
	bool now = false;

	INIT_LIST_HEAD(&req->qnode);
	spin_lock_irqsave(&q->lock, flags);
	if (q->state != WDF_IO_QUEUE_RUNNING) {
		spin_unlock_irqrestore(&q->lock, flags);
		return -ENODEV;
	}
	kref_get(&q->obj.ref);
	/* Pairs with wdf_request_cancel(): it sees the queue, or this sees it. */
	smp_store_mb(req->queue, q);
	if (READ_ONCE(req->canceled)) {
		spin_unlock_irqrestore(&q->lock, flags);
		wdf_io_queue_fail(q, req, -ECANCELED);
		return 0;
	}
	if (q->config.dispatch == WDF_IO_QUEUE_DISPATCH_SEQUENTIAL &&
	    (q->npresented || !list_empty(&q->waiting))) {
		req->waiting = true;
		list_add_tail(&req->qnode, &q->waiting);
	} else {
		list_add_tail(&req->qnode, &q->presented);
		q->npresented++;
		now = true;
	}
	spin_unlock_irqrestore(&q->lock, flags);
	if (now)
		wdf_io_queue_invoke(q, req);
	return 0;
}

/* Sequential queues: present the oldest waiting request, if idle. */
static void wdf_io_queue_dispatch(struct work_struct *work)
{
	struct wdf_io_queue_private *q =
		container_of(work, struct wdf_io_queue_private, dispatch);
	struct wdf_request_private *req = NULL;
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	if (q->state == WDF_IO_QUEUE_RUNNING && !q->npresented) {
		req = list_first_entry_or_null(&q->waiting,
					       struct wdf_request_private,
					       qnode);
		if (req) {
			req->waiting = false;
			list_move_tail(&req->qnode, &q->presented);
			q->npresented++;
		}
	}
	spin_unlock_irqrestore(&q->lock, flags);
	if (req)
		wdf_io_queue_invoke(q, req);
}

/**
 * wdf_io_queue_completed() - the driver completed a presented request
 * @req: the request, its status and information recorded
 *
 * Takes it off the queue, presents the next one of a sequential queue
 * (from the workqueue), and tells the submitter.  @req may be gone when
 * this returns.
 */
void wdf_io_queue_completed(struct wdf_request_private *req)
{
	struct wdf_io_queue_private *q = req->queue;
	unsigned long flags;
	bool next;

	spin_lock_irqsave(&q->lock, flags);
	list_del_init(&req->qnode);
	req->cancel = NULL;
	q->npresented--;
	next = q->state == WDF_IO_QUEUE_RUNNING && !q->npresented &&
	       !list_empty(&q->waiting);
	if (!q->npresented)
		wake_up(&q->idle);
	spin_unlock_irqrestore(&q->lock, flags);
	if (next)
		queue_work(wdf_wq, &q->dispatch);
	wdf_io_queue_notify(q, req);
}

/**
 * wdf_request_cancel() - cancel a request at its queue
 * @req: a request submitted to a queue, or about to be
 *
 * A waiting request completes with -ECANCELED at once; a presented one's
 * cancel routine runs, if the driver marked it cancelable (else the driver
 * sees wdf_request_is_canceled()); one not yet at its queue completes with
 * -ECANCELED on arrival.
 *
 * Return: true if a cancel was attempted, false if @req had completed.
 */
bool wdf_request_cancel(struct wdf_request_private *req)
{
	struct wdf_io_queue_private *q;
	wdf_request_cancel_fn fn;
	unsigned long flags;

	/* Pairs with wdf_io_queue_present(). */
	smp_store_mb(req->canceled, true);
	q = READ_ONCE(req->queue);
	if (!q)
		return true;
	spin_lock_irqsave(&q->lock, flags);
	if (list_empty(&req->qnode)) {
		spin_unlock_irqrestore(&q->lock, flags);
		return false;
	}
	if (req->waiting) {
		req->waiting = false;
		list_del_init(&req->qnode);
		spin_unlock_irqrestore(&q->lock, flags);
		wdf_io_queue_fail(q, req, -ECANCELED);
		return true;
	}
	fn = req->cancel;
	req->cancel = NULL;
	spin_unlock_irqrestore(&q->lock, flags);
	if (fn)
		fn(&req->pub);
	return true;
}

/* The queue a received request came through; NULL (warned) otherwise. */
static struct wdf_io_queue_private *wdf_request_queue(struct wdf_request *r,
						      const char *what)
{
	struct wdf_request_private *req;

	if (!wdf_request_is_received(r)) {
		wdf_misuse("%s: not a received request", what);
		return NULL;
	}
	req = wdf_request_priv(r);
	if (!req->queue || req->completed) {
		wdf_misuse("%s: request not presented by a queue", what);
		return NULL;
	}
	return req->queue;
}

/**
 * wdf_request_mark_cancelable() - let cancellation reach the driver
 * @req: a request the driver holds, presented by its queue
 * @cancel: the routine that completes it when it is cancelled
 *
 * Return: 0; -ECANCELED if it was already cancelled (@cancel is not
 * called: complete the request now); -EINVAL (with a warning) for a
 * request not presented by a queue or a NULL @cancel.
 */
int wdf_request_mark_cancelable(struct wdf_request *req,
				wdf_request_cancel_fn cancel)
{
	struct wdf_io_queue_private *q = wdf_request_queue(req, "mark cancelable");
	struct wdf_request_private *r;
	unsigned long flags;
	int ret = 0;

	if (!q)
		return -EINVAL;
	if (!cancel) {
		wdf_misuse("mark cancelable with a NULL routine");
		return -EINVAL;
	}
	r = wdf_request_priv(req);
	spin_lock_irqsave(&q->lock, flags);
	if (r->canceled)
		ret = -ECANCELED;
	else
		r->cancel = cancel;
	spin_unlock_irqrestore(&q->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(wdf_request_mark_cancelable);

/**
 * wdf_request_unmark_cancelable() - take cancellation back before completing
 * @req: a request the driver marked cancelable
 *
 * Return: 0: the driver owns the request again; -ECANCELED: the cancel
 * routine has run or is running, and it completes the request (the driver
 * must not); -EINVAL (with a warning) for a request not presented by a
 * queue or not marked.
 */
int wdf_request_unmark_cancelable(struct wdf_request *req)
{
	struct wdf_io_queue_private *q = wdf_request_queue(req, "unmark cancelable");
	struct wdf_request_private *r;
	unsigned long flags;
	int ret = 0;

	if (!q)
		return -EINVAL;
	r = wdf_request_priv(req);
	spin_lock_irqsave(&q->lock, flags);
	if (r->cancel)
		r->cancel = NULL;
	else
		ret = r->canceled ? -ECANCELED : -EINVAL;
	spin_unlock_irqrestore(&q->lock, flags);
	if (ret == -EINVAL)
		wdf_misuse("unmark cancelable: request not marked");
	return ret;
}
EXPORT_SYMBOL_GPL(wdf_request_unmark_cancelable);

/**
 * wdf_request_get_io_queue() - the queue that presented a request (WdfRequestGetIoQueue)
 * @req: a received request
 *
 * Return: the queue, or NULL (with a warning) for a request no queue
 * presented or one already completed.
 */
struct wdf_io_queue *wdf_request_get_io_queue(struct wdf_request *req)
{
	struct wdf_io_queue_private *q = wdf_request_queue(req, "get queue");

	return q ? &q->pub : NULL;
}
EXPORT_SYMBOL_GPL(wdf_request_get_io_queue);

/**
 * wdf_request_is_canceled() - has the request's sender cancelled it?
 * @req: a received request
 *
 * Return: true once cancellation was asked for (a fatal signal to the
 * caller of a device node, a sender's cancel or timeout, a purge).
 */
bool wdf_request_is_canceled(struct wdf_request *req)
{
	if (!wdf_request_is_received(req)) {
		wdf_misuse("is canceled: not a received request");
		return false;
	}
	return READ_ONCE(wdf_request_priv(req)->canceled);
}
EXPORT_SYMBOL_GPL(wdf_request_is_canceled);

/**
 * wdf_io_queue_create() - a device's default queue (WdfIoQueueCreate)
 * @device: the device
 * @config: dispatch type, I/O type and callbacks
 * @attr: attributes, or NULL; the parent, if given, must be @device
 * @out: receives the queue, or NULL on failure
 *
 * Context: process context.
 * Return: 0; -EINVAL (with a warning) for a bad device, NULL @config or
 * @out, an unknown dispatch or I/O type, or another parent; -EEXIST if the
 * device has a default queue; -ENOMEM; -ESHUTDOWN if the device is being
 * deleted.
 */
int wdf_io_queue_create(struct wdf_device *device,
			const struct wdf_io_queue_config *config,
			const struct wdf_object_attributes *attr,
			struct wdf_io_queue **out)
{
	struct wdf_object_attributes a = {};
	struct wdf_device_private *d;
	struct wdf_io_queue_private *q;
	unsigned long flags;
	int ret;

	if (!out || !config || !device ||
	    wdf_object_get_type(&device->obj) != WDF_TYPE_DEVICE) {
		wdf_misuse("queue create with a bad device or NULL argument");
		return -EINVAL;
	}
	*out = NULL;
	if (config->dispatch > WDF_IO_QUEUE_DISPATCH_PARALLEL ||
	    config->io_type > WDF_DEVICE_IO_BUFFERED ||
	    (attr && attr->parent && attr->parent != &device->obj)) {
		wdf_misuse("queue create with a bad configuration or parent");
		return -EINVAL;
	}
	d = wdf_device_priv(device);
	if (READ_ONCE(d->queue))
		return -EEXIST;
	if (attr)
		a = *attr;
	a.parent = &device->obj;
	q = wdf_object_alloc(&wdf_io_queue_ops, device->obj.driver, &a, 0,
			     GFP_KERNEL, NULL);
	if (IS_ERR(q))
		return PTR_ERR(q);
	q->device = d;
	q->config = *config;
	spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->waiting);
	INIT_LIST_HEAD(&q->presented);
	INIT_WORK(&q->dispatch, wdf_io_queue_dispatch);
	init_waitqueue_head(&q->idle);
	ret = wdf_object_add(&q->obj, &device->obj);
	if (ret)
		return ret;
	spin_lock_irqsave(&d->io_lock, flags);
	if (d->queue)
		ret = -EEXIST;
	else
		d->queue = q;
	spin_unlock_irqrestore(&d->io_lock, flags);
	if (ret) {
		wdf_object_force_delete(&q->obj);
		return ret;
	}
	*out = &q->pub;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_io_queue_create);

/**
 * wdf_io_queue_get_device() - the device of a queue (WdfIoQueueGetDevice)
 * @queue: the queue
 *
 * Return: the device, or NULL (with a warning) if @queue is not a queue.
 */
struct wdf_device *wdf_io_queue_get_device(struct wdf_io_queue *queue)
{
	struct wdf_io_queue_private *q = wdf_io_queue_get(queue, "get device");

	return q ? &q->device->pub : NULL;
}
EXPORT_SYMBOL_GPL(wdf_io_queue_get_device);

/* Take one presented request's cancel routine, if any is left to run. */
static struct wdf_request_private *
wdf_io_queue_take_cancel(struct wdf_io_queue_private *q,
			 wdf_request_cancel_fn *fn)
{
	struct wdf_request_private *req;
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	list_for_each_entry(req, &q->presented, qnode) {
		req->canceled = true;
		if (req->cancel) {
			*fn = req->cancel;
			req->cancel = NULL;
			spin_unlock_irqrestore(&q->lock, flags);
			return req;
		}
	}
	spin_unlock_irqrestore(&q->lock, flags);
	return NULL;
}

static void __wdf_io_queue_purge(struct wdf_io_queue_private *q)
{
	struct wdf_device_private *d = q->device;
	struct wdf_request_private *req, *next;
	wdf_request_cancel_fn fn;
	unsigned long flags;
	LIST_HEAD(waiting);

	might_sleep();
	spin_lock_irqsave(&d->io_lock, flags);
	if (d->queue == q)
		d->queue = NULL;
	spin_unlock_irqrestore(&d->io_lock, flags);

	spin_lock_irqsave(&q->lock, flags);
	q->state = WDF_IO_QUEUE_PURGED;
	list_splice_init(&q->waiting, &waiting);
	list_for_each_entry(req, &waiting, qnode)
		req->waiting = false;
	spin_unlock_irqrestore(&q->lock, flags);
	list_for_each_entry_safe(req, next, &waiting, qnode) {
		list_del_init(&req->qnode);
		wdf_io_queue_fail(q, req, -ENODEV);
	}
	while ((req = wdf_io_queue_take_cancel(q, &fn)))
		fn(&req->pub);
	wait_event(q->idle, !READ_ONCE(q->npresented));
	cancel_work_sync(&q->dispatch);
}

/**
 * wdf_io_queue_purge_sync() - stop a queue for good (WdfIoQueuePurgeSynchronously)
 * @queue: the queue
 *
 * New requests are refused with -ENODEV, waiting ones complete with
 * -ENODEV, presented ones are cancelled (their cancel routines run), and
 * this waits until the driver has completed every presented request.  A
 * device's queue is purged when the device is deleted; a driver calls
 * this first in its remove path, while its hardware can still finish.
 *
 * Context: process context (it sleeps).
 */
void wdf_io_queue_purge_sync(struct wdf_io_queue *queue)
{
	struct wdf_io_queue_private *q = wdf_io_queue_get(queue, "purge");

	if (q)
		__wdf_io_queue_purge(q);
}
EXPORT_SYMBOL_GPL(wdf_io_queue_purge_sync);

static void wdf_io_queue_cleanup(struct wdf_object *obj)
{
	__wdf_io_queue_purge(container_of(obj, struct wdf_io_queue_private,
					  obj));
}

/**
 * wdf_io_queue_submit_user() - a device node's read, write or ioctl, through the queue
 * @queue: the device's default queue
 * @params: the caller's buffers, as user addresses
 *
 * Creates the request (wdf_request_create()), presents it, and waits for
 * the driver to complete it.  A fatal signal cancels it; the wait then
 * continues until the driver completes it, since it may be using the
 * caller's pages.  A buffered ioctl's output is copied back here, in the
 * caller's context, only as far as the driver reported.
 *
 * Context: process context of the calling task.
 * Return: what the file operation returns: the bytes the driver reported,
 * or a negative errno (the driver's, one of wdf_request_create()'s,
 * -ENODEV if the queue was purged, -ECANCELED if cancelled before the
 * driver saw it, -EFAULT if the output cannot be copied back).
 */
long wdf_io_queue_submit_user(struct wdf_io_queue *queue,
			      const struct wdf_request_params *params)
{
	struct wdf_io_queue_private *q = wdf_io_queue_get(queue, "submit");
	DECLARE_COMPLETION_ONSTACK(done);
	struct wdf_request_private *r;
	struct wdf_request *req;
	long ret;

	if (!q)
		return -EINVAL;
	ret = wdf_request_create(&q->device->pub, params, &req);
	if (ret)
		return ret;
	r = wdf_request_priv(req);
	r->done = &done;
	ret = wdf_io_queue_present(q, r);
	if (ret) {
		wdf_object_force_delete(&r->obj);
		return ret;
	}
	if (wait_for_completion_killable(&done)) {
		wdf_request_cancel(r);
		wait_for_completion(&done);
	}
	ret = r->status;
	if (!ret) {
		struct wdf_request_buffer *o = &r->out;

		ret = min_t(size_t, r->information, LONG_MAX);
		if (params->type == WDF_REQUEST_IOCTL &&
		    params->method == WDF_METHOD_BUFFERED && o->kbuf) {
			size_t n = min(r->information, o->len);

			if (n && copy_to_user(params->out, o->kbuf, n))
				ret = -EFAULT;
		}
	}
	wdf_object_force_delete(&r->obj);
	return ret;
}
EXPORT_SYMBOL_GPL(wdf_io_queue_submit_user);
