// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem_edu's I/O: its default queue and the callbacks that serve it.
 * Requests arrive the same way from /dev/wdfmem-edu<N> (node.c) and from
 * other drivers' I/O targets, which open the device by that same name.
 * The queue is sequential: the device does one thing at a time.
 */

#include <linux/idr.h>
#include "edu.h"

static DEFINE_IDA(edu_ids);

/* The queue's context: the device. */
struct edu_queue_ctx {
	struct edu_dev *edu;
};

static struct edu_dev *edu_from_queue(struct wdf_io_queue *queue)
{
	return ((struct edu_queue_ctx *)wdf_object_context(&queue->obj))->edu;
}

/* Complete with what the device did: bytes moved, or an errno. */
static void edu_complete(struct wdf_request *req, long ret)
{
	wdf_request_complete(req, ret < 0 ? ret : 0, ret < 0 ? 0 : ret);
}

/* A read or write at the request's device offset, cut at the buffer's end. */
static void edu_io_rw(struct wdf_io_queue *queue, struct wdf_request *req,
		      size_t len, bool write)
{
	struct edu_dev *edu = edu_from_queue(queue);
	struct wdf_request_parameters p;
	struct wdf_mdl *mdl;
	long ret;

	ret = wdf_request_get_parameters(req, &p);
	if (ret || !len)
		return edu_complete(req, ret);
	if (p.offset < 0)
		return edu_complete(req, -EINVAL);
	if (p.offset >= EDU_DMA_MAX)
		return edu_complete(req, write ? -ENOSPC : 0);
	len = min_t(size_t, len, EDU_DMA_MAX - p.offset);
	ret = write ? wdf_request_retrieve_input_mdl(req, &mdl) :
		      wdf_request_retrieve_output_mdl(req, &mdl);
	if (!ret)
		ret = edu_transfer(edu, mdl, p.offset, len, write);
	edu_complete(req, ret);
}

static void edu_io_read(struct wdf_io_queue *queue, struct wdf_request *req,
			size_t len)
{
	edu_io_rw(queue, req, len, false);
}

static void edu_io_write(struct wdf_io_queue *queue, struct wdf_request *req,
			 size_t len)
{
	edu_io_rw(queue, req, len, true);
}

/* The transfer ioctls: input and output of the same length. */
static long edu_io_xfer(struct edu_dev *edu, struct wdf_request *req,
			size_t out_len, size_t in_len)
{
	struct wdf_mdl *in, *out;
	long ret;

	if (!in_len || in_len != out_len)
		return -EINVAL;
	ret = wdf_request_retrieve_input_mdl(req, &in);
	if (!ret)
		ret = wdf_request_retrieve_output_mdl(req, &out);
	if (!ret)
		ret = edu_roundtrip(edu, req, in, out, in_len);
	return ret;
}

static int edu_op_regs(struct edu_dev *edu, void *in, void *out)
{
	struct wdfmem_edu_regs *r = out;

	r->live_in = ((struct wdfmem_edu_regs *)in)->live_in;
	return edu_read_regs(edu, r);
}

static int edu_op_factorial(struct edu_dev *edu, void *in, void *out)
{
	struct wdfmem_edu_fact *f = out;

	f->in = ((struct wdfmem_edu_fact *)in)->in;
	return edu_factorial(edu, f->in, &f->out);
}

/* The small ioctls: @op fills the output structure from the input. */
static long edu_io_small(struct edu_dev *edu, struct wdf_request *req,
			 size_t size,
			 int (*op)(struct edu_dev *edu, void *in, void *out))
{
	void *in, *out;
	long ret;

	ret = wdf_request_retrieve_input_buffer(req, size, &in, NULL);
	if (!ret)
		ret = wdf_request_retrieve_output_buffer(req, size, &out, NULL);
	if (!ret)
		ret = op(edu, in, out);
	return ret ?: size;
}

static void edu_io_ioctl(struct wdf_io_queue *queue, struct wdf_request *req,
			 size_t out_len, size_t in_len, unsigned int code)
{
	struct edu_dev *edu = edu_from_queue(queue);
	long ret;

	switch (code) {
	case WDFMEM_EDU_IOC_XFER_BUFFERED:
	case WDFMEM_EDU_IOC_XFER_DIRECT:
		ret = edu_io_xfer(edu, req, out_len, in_len);
		break;
	case WDFMEM_EDU_IOC_REGS:
		ret = edu_io_small(edu, req, sizeof(struct wdfmem_edu_regs),
				   edu_op_regs);
		break;
	case WDFMEM_EDU_IOC_FACTORIAL:
		ret = edu_io_small(edu, req, sizeof(struct wdfmem_edu_fact),
				   edu_op_factorial);
		break;
	default:
		ret = -ENOTTY;
		break;
	}
	edu_complete(req, ret);
}

/**
 * edu_chardev_add() - the default queue, its name, and /dev/wdfmem-edu<N>
 * @edu: the device
 *
 * Return: 0 or a negative errno.
 */
int edu_chardev_add(struct edu_dev *edu)
{
	struct wdf_io_queue_config config = {
		.dispatch = WDF_IO_QUEUE_DISPATCH_SEQUENTIAL,
		.io_type = WDF_DEVICE_IO_DIRECT,
		.io_read = edu_io_read,
		.io_write = edu_io_write,
		.io_device_control = edu_io_ioctl,
	};
	struct wdf_object_attributes attr = {
		.context_size = sizeof(struct edu_queue_ctx),
	};
	struct edu_queue_ctx *ctx;
	struct edu_node *node;
	int ret;

	ret = wdf_io_queue_create(edu->wdev, &config, &attr, &edu->queue);
	if (ret)
		return ret;
	ctx = wdf_object_context(&edu->queue->obj);
	ctx->edu = edu;
	edu->id = ida_alloc(&edu_ids, GFP_KERNEL);
	if (edu->id < 0)
		return edu->id;
	snprintf(edu->name, sizeof(edu->name), "wdfmem-edu%d", edu->id);
	ret = wdf_device_create_symbolic_link(edu->wdev, edu->name);
	if (!ret) {
		node = edu_node_add(&edu->pdev->dev, edu->name, edu->queue);
		ret = PTR_ERR_OR_ZERO(node);
		if (!ret)
			edu->node = node;
	}
	if (ret)
		ida_free(&edu_ids, edu->id);
	return ret;
}

/**
 * edu_chardev_remove() - stop the I/O and remove the node
 * @edu: the device
 *
 * Purges the queue first: what waits fails with -ENODEV, what the device
 * is doing stops between pieces.  Open files then get -ENODEV.
 */
void edu_chardev_remove(struct edu_dev *edu)
{
	wdf_io_queue_purge_sync(edu->queue);
	edu_node_remove(edu->node);
	ida_free(&edu_ids, edu->id);
}
