// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem_upper: a driver above wdfmem_edu, as a KMDF filter or class
 * driver sits above a function driver.  It has two device nodes with
 * edu's ABI, each in front of its own device and default queue, and
 * forwards every read, write and ioctl to the edu device through an I/O
 * target opened by the device's name:
 *
 *   /dev/wdfmem-upper-sync    synchronous sends with memory descriptors
 *   /dev/wdfmem-upper-async   formatted requests with memory objects and a
 *                             completion routine; a write of up to 4 KiB
 *                             goes through a lookaside list's memory
 *
 * The target is opened at the first request and again after the edu
 * device went away (a send failing with -ENODEV).
 */

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <wdf/wdf.h>
#include "../edu/node.h"
#include "../edu/wdfmem_edu.h"

WDF_DRIVER_GLOBALS();

static char *upper_target_name = "wdfmem-edu0";
module_param_named(target, upper_target_name, charp, 0444);
MODULE_PARM_DESC(target, "name of the device to forward to (default wdfmem-edu0)");

static unsigned int upper_timeout_ms = 120000;
module_param_named(timeout_ms, upper_timeout_ms, uint, 0644);
MODULE_PARM_DESC(timeout_ms, "timeout of each forwarded request (default 120000: a 1 MiB round trip takes the device 51 s)");

#define UPPER_LOOKASIDE_SIZE	4096

/**
 * struct upper_dev - one of the two devices
 * @wdev: its device object
 * @queue: its default queue (parallel: it only forwards)
 * @node: its device node
 * @async: which path it forwards on
 * @lock: protects @target
 * @target: the I/O target to the edu device, or NULL until needed
 * @stale: a send found the target's device gone: reopen before the next
 * @la: the lookaside list of the asynchronous writes' buffers
 * @sent_lock: protects @sent
 * @sent: the requests sent asynchronously and not yet completed
 */
struct upper_dev {
	struct wdf_device *wdev;
	struct wdf_io_queue *queue;
	struct edu_node *node;
	bool async;
	struct mutex lock;	/* protects @target */
	struct wdf_io_target *target;
	bool stale;
	struct wdf_lookaside *la;
	spinlock_t sent_lock;	/* protects @sent */
	struct list_head sent;
};

/* The context of a request this driver sends. */
struct upper_sent_ctx {
	struct upper_dev *up;
	struct wdf_request *sent;
	struct wdf_request *original;
	struct wdf_memory *copy;
	struct list_head node;
};

static struct upper_dev *upper_from_queue(struct wdf_io_queue *queue)
{
	return *(struct upper_dev **)wdf_object_context(&queue->obj);
}

/* The target, referenced for one request; opened (again) if needed. */
static struct wdf_io_target *upper_target_get(struct upper_dev *up)
{
	struct wdf_object_attributes attr = { .parent = &up->wdev->obj };
	struct wdf_io_target *t;
	int ret = 0;

	mutex_lock(&up->lock);
	if (up->target && READ_ONCE(up->stale)) {
		wdf_object_delete(&up->target->obj);
		up->target = NULL;
	}
	if (!up->target) {
		WRITE_ONCE(up->stale, false);
		ret = wdf_io_target_open_by_name(&attr, upper_target_name,
						 &up->target);
	}
	t = up->target;
	if (t)
		wdf_object_get(&t->obj);
	mutex_unlock(&up->lock);
	/* No such device (not loaded, or unbound): nothing to forward to. */
	return ret ? ERR_PTR(ret == -ENOENT ? -ENODEV : ret) : t;
}

/* Done with the target for one request; -ENODEV means its device went. */
static void upper_target_put(struct upper_dev *up, struct wdf_io_target *t,
			     int status)
{
	if (status == -ENODEV)
		WRITE_ONCE(up->stale, true);
	wdf_object_put(&t->obj);
}

static const struct wdf_request_send_options *upper_options(struct wdf_request_send_options *o)
{
	o->flags = WDF_REQUEST_SEND_OPTION_TIMEOUT;
	o->timeout_ns = (u64)READ_ONCE(upper_timeout_ms) * NSEC_PER_MSEC;
	return o;
}

static void upper_complete(struct wdf_request *req, int status, size_t bytes)
{
	wdf_request_complete(req, status, status ? 0 : bytes);
}

/* ---- synchronous: memory descriptors over the received buffers ---- */

static int upper_sync(struct upper_dev *up, struct wdf_io_target *t,
		      struct wdf_request *req,
		      const struct wdf_request_parameters *p, size_t *bytes)
{
	struct wdf_memory_descriptor din, dout;
	struct wdf_request_send_options o;
	struct wdf_memory *in = NULL, *out = NULL;
	int ret = 0;

	if (p->in_len)
		ret = wdf_request_retrieve_input_memory(req, &in);
	if (!ret && p->out_len)
		ret = wdf_request_retrieve_output_memory(req, &out);
	if (ret)
		return ret;
	wdf_memory_descriptor_init_handle(&din, in, NULL);
	wdf_memory_descriptor_init_handle(&dout, out, NULL);
	switch (p->type) {
	case WDF_REQUEST_READ:
		return wdf_io_target_send_read_sync(t, NULL, &dout, &p->offset,
						    upper_options(&o), bytes);
	case WDF_REQUEST_WRITE:
		return wdf_io_target_send_write_sync(t, NULL, &din, &p->offset,
						     upper_options(&o), bytes);
	default:
		return wdf_io_target_send_ioctl_sync(t, NULL, p->code, p->method,
						     in ? &din : NULL,
						     out ? &dout : NULL,
						     upper_options(&o), bytes);
	}
}

/* ---- asynchronous: created requests with memory objects ---- */

static void upper_sent_done(struct wdf_request *sent,
			    struct wdf_io_target *target,
			    const struct wdf_request_completion_params *params,
			    void *context)
{
	struct upper_sent_ctx *ctx = wdf_object_context(&sent->obj);
	struct wdf_request *original = ctx->original;
	int status = params->status;
	size_t bytes = params->information;

	spin_lock(&ctx->up->sent_lock);
	list_del(&ctx->node);
	spin_unlock(&ctx->up->sent_lock);
	/*
	 * Cancelled or not, this routine completes the original: the cancel
	 * routine only passes the cancel on, and never touches the request.
	 */
	wdf_request_unmark_cancelable(original);
	upper_target_put(ctx->up, target, status);
	/* Release the borrowed buffers before completing their owner. */
	if (ctx->copy)
		wdf_object_delete(&ctx->copy->obj);
	wdf_object_delete(&sent->obj);
	upper_complete(original, status, bytes);
}

/* A write of up to 4 KiB: the bytes are copied into lookaside memory. */
static int upper_async_copy(struct upper_dev *up, struct wdf_request *req,
			    size_t len, struct upper_sent_ctx *ctx,
			    struct wdf_memory **mem)
{
	void *buf;
	int ret;

	ret = wdf_request_retrieve_input_buffer(req, len, &buf, NULL);
	if (!ret)
		ret = wdf_memory_create_from_lookaside(up->la, GFP_KERNEL,
						       &ctx->copy);
	if (!ret)
		ret = wdf_memory_copy_from_buffer(ctx->copy, 0, buf, len);
	*mem = ctx->copy;
	return ret;
}

static int upper_async_format(struct upper_dev *up, struct wdf_io_target *t,
			      struct wdf_request *req, struct wdf_request *sent,
			      const struct wdf_request_parameters *p,
			      struct upper_sent_ctx *ctx)
{
	struct wdf_memory_offset window = { 0, p->in_len };
	struct wdf_memory *in = NULL, *out = NULL;
	int ret = 0;

	if (p->type == WDF_REQUEST_WRITE && p->in_len <= UPPER_LOOKASIDE_SIZE)
		ret = upper_async_copy(up, req, p->in_len, ctx, &in);
	else if (p->in_len)
		ret = wdf_request_retrieve_input_memory(req, &in);
	if (!ret && p->out_len)
		ret = wdf_request_retrieve_output_memory(req, &out);
	if (ret)
		return ret;
	switch (p->type) {
	case WDF_REQUEST_READ:
		return wdf_io_target_format_request_for_read(t, sent, out, NULL,
							     &p->offset);
	case WDF_REQUEST_WRITE:
		return wdf_io_target_format_request_for_write(t, sent, in,
							      ctx->copy ? &window : NULL,
							      &p->offset);
	default:
		return wdf_io_target_format_request_for_ioctl(t, sent, p->code,
							      p->method, in, NULL,
							      out, NULL);
	}
}

static struct upper_dev *upper_devs[2];

/*
 * The caller of the upper node gave up (a fatal signal): cancel what was
 * sent for it, and the completion routine completes it as usual.  The
 * routine may have completed it already, so @original is only compared,
 * never used.
 */
static void upper_cancel(struct wdf_request *original)
{
	struct wdf_request *sent = NULL;
	struct upper_sent_ctx *ctx;
	struct upper_dev *up;
	int i;

	for (i = 0; i < ARRAY_SIZE(upper_devs) && !sent; i++) {
		up = READ_ONCE(upper_devs[i]);
		if (!up)
			continue;
		spin_lock(&up->sent_lock);
		list_for_each_entry(ctx, &up->sent, node) {
			if (ctx->original == original) {
				sent = ctx->sent;
				wdf_object_get(&sent->obj);
				break;
			}
		}
		spin_unlock(&up->sent_lock);
	}
	if (sent) {
		wdf_request_cancel_sent_request(sent);
		wdf_object_put(&sent->obj);
	}
}

/* Return: 0 if sent (the routine completes @req), else an errno. */
static int upper_async(struct upper_dev *up, struct wdf_io_target *t,
		       struct wdf_request *req,
		       const struct wdf_request_parameters *p)
{
	struct wdf_object_attributes attr = {
		.parent = &up->wdev->obj,
		.context_size = sizeof(struct upper_sent_ctx),
	};
	struct wdf_request_send_options o;
	struct upper_sent_ctx *ctx;
	struct wdf_request *sent;
	int ret;

	ret = wdf_io_request_create(&attr, t, &sent);
	if (ret)
		return ret;
	ctx = wdf_object_context(&sent->obj);
	ctx->up = up;
	ctx->sent = sent;
	ctx->original = req;
	ret = upper_async_format(up, t, req, sent, p, ctx);
	if (!ret)
		ret = wdf_request_set_completion_routine(sent, upper_sent_done,
							 NULL);
	if (ret)
		goto out;
	/* Marked before the send, whose routine may run before it returns. */
	spin_lock(&up->sent_lock);
	list_add_tail(&ctx->node, &up->sent);
	spin_unlock(&up->sent_lock);
	ret = wdf_request_mark_cancelable(req, upper_cancel);
	if (!ret && !wdf_request_send(sent, t, upper_options(&o))) {
		ret = wdf_request_get_status(sent);
		wdf_request_unmark_cancelable(req);
	}
	if (ret) {
		spin_lock(&up->sent_lock);
		list_del(&ctx->node);
		spin_unlock(&up->sent_lock);
	}
out:
	if (ret) {
		if (ctx->copy)
			wdf_object_delete(&ctx->copy->obj);
		wdf_object_delete(&sent->obj);
	}
	return ret;
}

static void upper_forward(struct wdf_io_queue *queue, struct wdf_request *req)
{
	struct upper_dev *up = upper_from_queue(queue);
	struct wdf_request_parameters p;
	struct wdf_io_target *t;
	size_t bytes = 0;
	int ret, tries;

	ret = wdf_request_get_parameters(req, &p);
	if (ret)
		return upper_complete(req, ret, 0);
	/*
	 * -ENODEV from a target whose device went away (edu unbound and
	 * bound again): nothing was moved; once more through a new target.
	 */
	for (tries = 0; tries < 2; tries++) {
		t = upper_target_get(up);
		if (IS_ERR(t))
			return upper_complete(req, PTR_ERR(t), 0);
		if (up->async) {
			ret = upper_async(up, t, req, &p);
			if (!ret)
				return;	/* the target's reference goes with the routine */
		} else {
			ret = upper_sync(up, t, req, &p, &bytes);
		}
		upper_target_put(up, t, ret);
		if (ret != -ENODEV)
			break;
	}
	upper_complete(req, ret, bytes);
}

static void upper_io(struct wdf_io_queue *queue, struct wdf_request *req,
		     size_t length)
{
	upper_forward(queue, req);
}

static void upper_ioctl(struct wdf_io_queue *queue, struct wdf_request *req,
			size_t out_len, size_t in_len, unsigned int code)
{
	upper_forward(queue, req);
}

/*
 * devres, at unbind, before the device object goes: stop the I/O and the
 * node.  Deleting the device object then closes the target.
 */
static void upper_teardown(void *data)
{
	struct upper_dev *up = data;

	wdf_io_queue_purge_sync(up->queue);
	edu_node_remove(up->node);
	WRITE_ONCE(upper_devs[up->async], NULL);
}

static int upper_probe(struct platform_device *pdev)
{
	struct wdf_io_queue_config config = {
		.dispatch = WDF_IO_QUEUE_DISPATCH_PARALLEL,
		.io_read = upper_io,
		.io_write = upper_io,
		.io_device_control = upper_ioctl,
	};
	struct wdf_object_attributes attr = {
		.context_size = sizeof(struct upper_dev *),
	};
	struct upper_dev *up;
	int ret;

	up = devm_kzalloc(&pdev->dev, sizeof(*up), GFP_KERNEL);
	if (!up)
		return -ENOMEM;
	mutex_init(&up->lock);
	spin_lock_init(&up->sent_lock);
	INIT_LIST_HEAD(&up->sent);
	up->async = pdev->id == 1;
	ret = wdf_device_create(NULL, &pdev->dev, &up->wdev);
	if (ret)
		return ret;
	ret = wdf_io_queue_create(up->wdev, &config, &attr, &up->queue);
	if (ret)
		return ret;
	*(struct upper_dev **)wdf_object_context(&up->queue->obj) = up;
	attr = (struct wdf_object_attributes){ .parent = &up->wdev->obj };
	ret = wdf_lookaside_create(&attr, UPPER_LOOKASIDE_SIZE, WDF_POOL_NONPAGED,
				   NULL, WDF_TAG('U', 'p', 'p', 'r'), &up->la);
	if (ret)
		return ret;
	up->node = edu_node_add(&pdev->dev, up->async ? "wdfmem-upper-async" :
						       "wdfmem-upper-sync",
				up->queue);
	if (IS_ERR(up->node))
		return PTR_ERR(up->node);
	WRITE_ONCE(upper_devs[up->async], up);
	return devm_add_action_or_reset(&pdev->dev, upper_teardown, up);
}

static struct platform_driver upper_driver = {
	.driver.name = "wdfmem_upper",
	.probe = upper_probe,
};

static struct platform_device *upper_pdev[2];

static void upper_unregister(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(upper_pdev); i++)
		if (!IS_ERR_OR_NULL(upper_pdev[i]))
			platform_device_unregister(upper_pdev[i]);
	platform_driver_unregister(&upper_driver);
	wdf_driver_exit();
}

static int __init upper_init(void)
{
	int ret, i;

	ret = wdf_driver_init();
	if (ret)
		return ret;
	ret = platform_driver_register(&upper_driver);
	if (ret) {
		wdf_driver_exit();
		return ret;
	}
	for (i = 0; i < ARRAY_SIZE(upper_pdev); i++) {
		upper_pdev[i] = platform_device_register_simple("wdfmem_upper",
								i, NULL, 0);
		if (IS_ERR(upper_pdev[i])) {
			ret = PTR_ERR(upper_pdev[i]);
			upper_unregister();
			return ret;
		}
	}
	return 0;
}

static void __exit upper_exit(void)
{
	upper_unregister();
}

module_init(upper_init);
module_exit(upper_exit);
MODULE_DESCRIPTION("wdfmem upper driver: forwards to wdfmem_edu through an I/O target");
MODULE_LICENSE("GPL");
