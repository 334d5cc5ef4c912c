// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: I/O queues, I/O targets and the requests drivers send.  The case
 * is the upper driver; a fake lower driver behind a kunit device's default
 * queue completes what it receives at once, holds it, marks it cancelable,
 * or completes it later from a work item, as the case asks.
 */

#include <linux/completion.h>
#include <linux/workqueue.h>
#include <kunit/device.h>
#include "harness.h"
#include "wdf_io.h"

/* What the fake lower driver does with a request. */
enum io_mode {
	IO_COMPLETE,	/* complete it in its callback */
	IO_HOLD,	/* keep it; the case completes it */
	IO_CANCELABLE,	/* keep it, cancelable: cancel completes it */
	IO_LATER,	/* complete it from a work item */
	IO_MDL,		/* take an MDL over its output, then complete it */
	IO_DELETE_MDL,	/* take it, delete it (a misuse), then complete */
};

#define IO_HELD		8
#define IO_PAT(i)	((u8)(((i) * 7 + 3) & 0xff))

struct io_fx {
	struct kunit *test;
	struct device *dev;
	struct wdf_device *lower;
	struct wdf_io_queue *queue;
	struct wdf_io_target *target;
	enum io_mode mode;
	size_t report_extra;	/* added to a read's information */
	struct wdf_request *held[IO_HELD];
	int nheld;
	int presented;
	int cancels;
	u8 seen[64];
	void *seen_va;
	int delete_ret;
	u64 mdl_live;		/* MDLs counted live right after that delete */
	struct wdf_request_parameters last;
	struct work_struct later;
	/* the completion routine's view */
	int routines;
	int status;
	size_t info;
	struct completion routine_done;
};

static struct io_fx *io_fx_of(struct wdf_io_queue *q)
{
	return *(struct io_fx **)wdf_object_context(&q->obj);
}

static void io_cancel(struct wdf_request *req)
{
	wdf_request_complete(req, -ECANCELED, 0);
}

static void io_later(struct work_struct *work)
{
	struct io_fx *fx = container_of(work, struct io_fx, later);
	int i;

	for (i = 0; i < fx->nheld; i++)
		wdf_request_complete(fx->held[i], 0, fx->last.out_len);
	fx->nheld = 0;
}

/* Serve a request: reads get IO_PAT bytes, writes are recorded. */
static int io_serve(struct io_fx *fx, struct wdf_request *req, size_t *info)
{
	struct wdf_request_parameters *p = &fx->last;
	void *buf;
	size_t len, i;
	int ret = 0;

	wdf_request_get_parameters(req, p);
	*info = 0;
	if (p->type != WDF_REQUEST_WRITE && p->out_len) {
		ret = wdf_request_retrieve_output_buffer(req, 1, &buf, &len);
		if (ret)
			return ret;
		fx->seen_va = buf;
		for (i = 0; i < len; i++)
			((u8 *)buf)[i] = IO_PAT(i);
		*info = len;
	}
	if (p->type != WDF_REQUEST_READ && p->in_len) {
		ret = wdf_request_retrieve_input_buffer(req, 1, &buf, &len);
		if (ret)
			return ret;
		if (p->type == WDF_REQUEST_WRITE)
			fx->seen_va = buf;
		memcpy(fx->seen, buf, min(len, sizeof(fx->seen)));
		if (p->type == WDF_REQUEST_WRITE)
			*info = len;
	}
	return 0;
}

static void io_lower(struct wdf_io_queue *q, struct wdf_request *req)
{
	struct io_fx *fx = io_fx_of(q);
	size_t info;
	int ret;

	fx->presented++;
	if (fx->mode == IO_MDL || fx->mode == IO_DELETE_MDL) {
		struct wdf_mdl *mdl;

		ret = wdf_request_retrieve_output_mdl(req, &mdl);
		if (!ret && fx->mode == IO_DELETE_MDL) {
			struct wdf_statistics st;

			fx->delete_ret = wdf_object_delete(&mdl->obj);
			wdf_statistics_read(&st);
			fx->mdl_live = st.live[WDF_TYPE_MDL];
		}
		/* Still readable: the sent request holds it. */
		wdf_request_complete(req, ret, ret ? 0 : wdf_mdl_byte_count(mdl));
		return;
	}
	ret = io_serve(fx, req, &info);
	if (ret || fx->mode == IO_COMPLETE) {
		if (!ret && fx->last.type == WDF_REQUEST_READ)
			info += fx->report_extra;
		wdf_request_complete(req, ret, info);
		return;
	}
	if (fx->mode == IO_CANCELABLE &&
	    wdf_request_mark_cancelable(req, io_cancel)) {
		wdf_request_complete(req, -ECANCELED, 0);
		return;
	}
	fx->held[fx->nheld++] = req;
	if (fx->mode == IO_LATER)
		schedule_work(&fx->later);
}

static void io_read(struct wdf_io_queue *q, struct wdf_request *req, size_t n)
{
	io_lower(q, req);
}

static void io_ioctl(struct wdf_io_queue *q, struct wdf_request *req,
		     size_t out_len, size_t in_len, unsigned int code)
{
	io_lower(q, req);
}

static void io_routine(struct wdf_request *req, struct wdf_io_target *t,
		       const struct wdf_request_completion_params *p, void *ctx)
{
	struct io_fx *fx = ctx;

	fx->routines++;
	fx->status = p->status;
	fx->info = p->information;
	complete(&fx->routine_done);
}

static void io_flush(void *data)
{
	struct io_fx *fx = data;

	flush_work(&fx->later);
}

/* A lower device with its queue, and a target to it. */
static struct io_fx *io_setup_cfg(struct kunit *test,
				  enum wdf_io_queue_dispatch_type dispatch,
				  enum wdf_device_io_type io_type, bool writes)
{
	struct wdf_io_queue_config cfg = {
		.dispatch = dispatch, .io_type = io_type,
		.io_read = io_read, .io_write = writes ? io_read : NULL,
		.io_device_control = io_ioctl,
	};
	struct wdf_object_attributes attr = {
		.context_size = sizeof(struct io_fx *),
	};
	struct io_fx *fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fx);
	fx->test = test;
	INIT_WORK(&fx->later, io_later);
	init_completion(&fx->routine_done);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, io_flush, fx), 0);
	fx->dev = kunit_device_register(test, "wdfmem-io-lower");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, fx->dev);
	KUNIT_ASSERT_EQ(test, wdf_device_create(NULL, fx->dev, &fx->lower), 0);
	KUNIT_ASSERT_EQ(test, wdf_io_queue_create(fx->lower, &cfg, &attr,
						  &fx->queue), 0);
	*(struct io_fx **)wdf_object_context(&fx->queue->obj) = fx;
	KUNIT_ASSERT_EQ(test, wdf_io_target_open(NULL, fx->lower, &fx->target),
			0);
	return fx;
}

static struct io_fx *io_setup(struct kunit *test)
{
	return io_setup_cfg(test, WDF_IO_QUEUE_DISPATCH_SEQUENTIAL,
			    WDF_DEVICE_IO_DIRECT, true);
}

static void io_teardown(struct io_fx *fx)
{
	wdf_object_delete(&fx->target->obj);
}

static struct wdf_memory *io_mem(struct kunit *test, size_t size)
{
	struct wdf_memory *mem;

	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL | __GFP_ZERO, 0,
						size, &mem, NULL), 0);
	return mem;
}

static void io_set_routine(struct kunit *test, struct io_fx *fx,
			   struct wdf_request *req)
{
	int ret = wdf_request_set_completion_routine(req, io_routine, fx);

	KUNIT_ASSERT_EQ(test, ret, 0);
}

static struct wdf_request *io_req(struct kunit *test, struct io_fx *fx)
{
	struct wdf_request *req;

	KUNIT_ASSERT_EQ(test, wdf_io_request_create(NULL, fx->target, &req), 0);
	io_set_routine(test, fx, req);
	return req;
}

/* Format @req for a read of all of @mem, at device offset 0. */
static void io_format_read(struct kunit *test, struct io_fx *fx,
			   struct wdf_request *req, struct wdf_memory *mem)
{
	int ret = wdf_io_target_format_request_for_read(fx->target, req, mem,
							NULL, NULL);

	KUNIT_ASSERT_EQ(test, ret, 0);
}

static void io_wait_routine(struct kunit *test, struct io_fx *fx)
{
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&fx->routine_done,
							  5 * HZ), 0);
}

/* Synchronous sends: each descriptor kind, the device offset, the bytes. */
static void wdf_io_sync_descriptors_test(struct kunit *test)
{
	struct io_fx *fx = io_setup(test);
	struct wdf_memory_offset win = { .offset = 16, .length = 32 };
	struct wdf_memory *mem = io_mem(test, 64);
	struct wdf_memory_descriptor d;
	u8 *buf = wdf_memory_get_buffer(mem, NULL);
	u8 stack[24];
	loff_t off = 100;
	size_t bytes;
	int i;

	wdf_memory_descriptor_init_handle(&d, mem, &win);
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(fx->target, NULL, &d,
							   &off, NULL, &bytes),
			0);
	KUNIT_EXPECT_EQ(test, bytes, 32);
	KUNIT_EXPECT_EQ(test, fx->last.offset, 100);
	KUNIT_EXPECT_EQ(test, fx->last.out_len, 32);
	/* Direct: the lower driver had the memory itself. */
	KUNIT_EXPECT_PTR_EQ(test, fx->seen_va, (void *)(buf + 16));
	KUNIT_EXPECT_EQ(test, buf[15], 0);
	KUNIT_EXPECT_EQ(test, buf[16], IO_PAT(0));
	KUNIT_EXPECT_EQ(test, buf[47], IO_PAT(31));
	KUNIT_EXPECT_EQ(test, buf[48], 0);

	/* A stack buffer travels through a heap copy, and back. */
	memset(stack, 0, sizeof(stack));
	wdf_memory_descriptor_init_buffer(&d, stack, sizeof(stack));
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(fx->target, NULL, &d,
							   NULL, NULL, &bytes),
			0);
	KUNIT_EXPECT_EQ(test, bytes, sizeof(stack));
	KUNIT_EXPECT_PTR_NE(test, fx->seen_va, (void *)stack);
	for (i = 0; i < sizeof(stack); i++)
		KUNIT_EXPECT_EQ(test, stack[i], IO_PAT(i));

	/* An MDL descriptor: the lower driver gets the MDL's bytes. */
	{
		struct wdf_mdl *mdl;

		KUNIT_ASSERT_EQ(test, wdf_mdl_create_memory(NULL, mem, 8, 16,
							    GFP_KERNEL, &mdl), 0);
		memset(buf, 0, 64);
		wdf_memory_descriptor_init_mdl(&d, mdl, 0);
		KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(fx->target,
								   NULL, &d,
								   NULL, NULL,
								   &bytes), 0);
		KUNIT_EXPECT_EQ(test, bytes, 16);
		KUNIT_EXPECT_EQ(test, buf[7], 0);
		KUNIT_EXPECT_EQ(test, buf[8], IO_PAT(0));
		KUNIT_EXPECT_EQ(test, buf[23], IO_PAT(15));
		KUNIT_EXPECT_EQ(test, buf[24], 0);
		/* Longer than the MDL: refused, nothing sent. */
		i = fx->presented;
		wdf_memory_descriptor_init_mdl(&d, mdl, 17);
		KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(fx->target,
								   NULL, &d,
								   NULL, NULL,
								   &bytes),
				-EOVERFLOW);
		KUNIT_EXPECT_EQ(test, fx->presented, i);
		wdf_object_delete(&mdl->obj);
	}

	/* A write from a buffer; the lower driver saw the bytes. */
	for (i = 0; i < 64; i++)
		buf[i] = i;
	wdf_memory_descriptor_init_buffer(&d, buf, 40);
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_write_sync(fx->target, NULL, &d,
							    NULL, NULL, &bytes),
			0);
	KUNIT_EXPECT_EQ(test, bytes, 40);
	KUNIT_EXPECT_EQ(test, fx->seen[39], 39);
	KUNIT_EXPECT_EQ(test, fx->last.type, WDF_REQUEST_WRITE);

	/* A bad descriptor changes nothing and sends nothing. */
	i = fx->presented;
	wdf_memory_descriptor_init_buffer(&d, NULL, 8);
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_write_sync(fx->target, NULL, &d,
							    NULL, NULL, &bytes),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, bytes, 0);
	win.offset = 60;
	wdf_memory_descriptor_init_handle(&d, mem, &win);
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(fx->target, NULL, &d,
							   NULL, NULL, NULL),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, fx->presented, i);
	/* The references a synchronous send took are gone. */
	KUNIT_EXPECT_EQ(test, kref_read(&mem->obj.ref), 1);
	wdf_object_delete(&mem->obj);
	io_teardown(fx);
}

/* A buffered target: write copied at format, read copied back clamped. */
static void wdf_io_buffered_target_test(struct kunit *test)
{
	struct io_fx *fx = io_setup_cfg(test, WDF_IO_QUEUE_DISPATCH_SEQUENTIAL,
					WDF_DEVICE_IO_BUFFERED, true);
	struct wdf_memory_offset win = { .offset = 0, .length = 64 };
	struct wdf_memory *mem = io_mem(test, 128);
	struct wdf_request *req = io_req(test, fx);
	u8 *buf = wdf_memory_get_buffer(mem, NULL);

	memset(buf, 0xee, 128);
	KUNIT_ASSERT_EQ(test, wdf_io_target_format_request_for_write(fx->target,
								     req, mem,
								     &win, NULL),
			0);
	/* Changed after format: the target still gets the bytes of format. */
	memset(buf, 0x11, 128);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(req, fx->target, NULL));
	io_wait_routine(test, fx);
	KUNIT_EXPECT_EQ(test, fx->seen[0], 0xee);
	KUNIT_EXPECT_PTR_NE(test, fx->seen_va, (void *)buf);
	KUNIT_EXPECT_EQ(test, fx->status, 0);
	KUNIT_EXPECT_EQ(test, fx->info, 64);

	/* The lower driver reports more than asked: only 64 bytes come back. */
	fx->report_extra = 100;
	reinit_completion(&fx->routine_done);
	KUNIT_ASSERT_EQ(test, wdf_request_reuse(req, 0), 0);
	io_set_routine(test, fx, req);
	KUNIT_ASSERT_EQ(test, wdf_io_target_format_request_for_read(fx->target,
								    req, mem,
								    &win, NULL),
			0);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(req, fx->target, NULL));
	io_wait_routine(test, fx);
	KUNIT_EXPECT_EQ(test, buf[0], IO_PAT(0));
	KUNIT_EXPECT_EQ(test, buf[63], IO_PAT(63));
	KUNIT_EXPECT_EQ(test, buf[64], 0x11);
	KUNIT_EXPECT_EQ(test, buf[127], 0x11);
	wdf_object_delete(&req->obj);
	wdf_object_delete(&mem->obj);
	io_teardown(fx);
}

/* Format checks: windows, wrong objects, requests that are not the driver's. */
static void wdf_io_format_checks_test(struct kunit *test)
{
	struct io_fx *fx = io_setup(test);
	struct wdf_memory *mem = io_mem(test, 64);
	struct wdf_request *req = io_req(test, fx);
	struct wdf_memory_offset w;
	struct wdf_object *generic;
	u64 warn = wdf_kunit_warnings();

	w = (struct wdf_memory_offset){ .offset = 65, .length = 0 };
	KUNIT_EXPECT_EQ(test, wdf_io_target_format_request_for_read(fx->target, req,
								    mem, &w, NULL),
			-EOVERFLOW);
	w = (struct wdf_memory_offset){ .offset = 8, .length = 57 };
	KUNIT_EXPECT_EQ(test, wdf_io_target_format_request_for_read(fx->target, req,
								    mem, &w, NULL),
			-EOVERFLOW);
	w = (struct wdf_memory_offset){ .offset = SIZE_MAX, .length = 2 };
	KUNIT_EXPECT_EQ(test, wdf_io_target_format_request_for_write(fx->target, req,
								     mem, &w, NULL),
			-EOVERFLOW);
	w = (struct wdf_memory_offset){ .offset = 2, .length = SIZE_MAX };
	KUNIT_EXPECT_EQ(test, wdf_io_target_format_request_for_write(fx->target, req,
								     mem, &w, NULL),
			-EOVERFLOW);
	/* Nothing referenced by a failed format. */
	KUNIT_EXPECT_EQ(test, kref_read(&mem->obj.ref), 1);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warn);
	/* Not memory, not a created request, not a target: warned. */
	generic = wdf_tnew(test, NULL, 1);
	KUNIT_EXPECT_EQ(test, wdf_io_target_format_request_for_read(fx->target, req,
								    (struct wdf_memory *)generic,
								    NULL, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_io_target_format_request_for_read(fx->target,
								    (struct wdf_request *)generic,
								    mem, NULL, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_io_target_format_request_for_read(NULL, req, mem,
								    NULL, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_io_target_format_request_for_ioctl(fx->target,
								     req, 1, 7,
								     mem, NULL,
								     NULL, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warn + 4);
	/* An unformatted request is not sent, and no routine runs. */
	KUNIT_EXPECT_FALSE(test, wdf_request_send(req, fx->target, NULL));
	KUNIT_EXPECT_EQ(test, wdf_request_get_status(req), -EINVAL);
	KUNIT_EXPECT_EQ(test, fx->routines, 0);
	KUNIT_EXPECT_EQ(test, fx->presented, 0);
	/* A window ending exactly at the end, and the rest of the memory. */
	w = (struct wdf_memory_offset){ .offset = 64, .length = 0 };
	KUNIT_EXPECT_EQ(test, wdf_io_target_format_request_for_read(fx->target, req,
								    mem, &w, NULL),
			0);
	w = (struct wdf_memory_offset){ .offset = 60, .length = 0 };
	KUNIT_EXPECT_EQ(test, wdf_io_target_format_request_for_read(fx->target, req,
								    mem, &w, NULL),
			0);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(req, fx->target, NULL));
	io_wait_routine(test, fx);
	KUNIT_EXPECT_EQ(test, fx->info, 4);
	wdf_object_delete(generic);
	wdf_object_delete(&req->obj);
	wdf_object_delete(&mem->obj);
	io_teardown(fx);
}

/* KMDF's reference rule: from format to reuse, re-format or delete. */
static void wdf_io_reference_rules_test(struct kunit *test)
{
	struct io_fx *fx = io_setup(test);
	struct wdf_memory *mem = io_mem(test, 32), *other = io_mem(test, 32);
	struct wdf_request *req = io_req(test, fx);

	io_format_read(test, fx, req, mem);
	KUNIT_EXPECT_EQ(test, kref_read(&mem->obj.ref), 2);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(req, fx->target, NULL));
	io_wait_routine(test, fx);
	/* Not when the target completes it. */
	KUNIT_EXPECT_EQ(test, kref_read(&mem->obj.ref), 2);
	KUNIT_EXPECT_EQ(test, fx->routines, 1);
	/* A completed request is not sent again before reuse or format. */
	KUNIT_EXPECT_FALSE(test, wdf_request_send(req, fx->target, NULL));
	KUNIT_EXPECT_EQ(test, fx->routines, 1);
	/* Re-format: the first memory's reference goes, the second's comes. */
	KUNIT_ASSERT_EQ(test, wdf_io_target_format_request_for_write(fx->target,
								     req, other,
								     NULL, NULL),
			0);
	KUNIT_EXPECT_EQ(test, kref_read(&mem->obj.ref), 1);
	KUNIT_EXPECT_EQ(test, kref_read(&other->obj.ref), 2);
	KUNIT_EXPECT_EQ(test, wdf_request_reuse(req, -EIO), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&other->obj.ref), 1);
	KUNIT_EXPECT_EQ(test, wdf_request_get_status(req), -EIO);
	/* Reuse dropped the completion routine too (KMDF 1.9+). */
	io_format_read(test, fx, req, mem);
	reinit_completion(&fx->routine_done);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(req, fx->target, NULL));
	KUNIT_EXPECT_EQ(test, fx->routines, 1);
	KUNIT_EXPECT_EQ(test, wdf_request_get_status(req), 0);
	/* Deleting the request drops it. */
	KUNIT_EXPECT_EQ(test, kref_read(&mem->obj.ref), 2);
	wdf_object_delete(&req->obj);
	KUNIT_EXPECT_EQ(test, kref_read(&mem->obj.ref), 1);
	wdf_object_delete(&mem->obj);
	wdf_object_delete(&other->obj);
	io_teardown(fx);
}

/* Memory deleted while its request is pending stays valid until then. */
static void wdf_io_memory_deleted_while_pending_test(struct kunit *test)
{
	struct io_fx *fx = io_setup(test);
	struct wdf_memory *mem = io_mem(test, 48);
	struct wdf_request *req = io_req(test, fx);
	struct wdf_statistics s;
	u64 live;

	wdf_statistics_read(&s);
	live = s.live[WDF_TYPE_MEMORY];
	fx->mode = IO_HOLD;
	io_format_read(test, fx, req, mem);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(req, fx->target, NULL));
	KUNIT_ASSERT_EQ(test, fx->nheld, 1);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&mem->obj), 0);
	wdf_statistics_read(&s);
	KUNIT_EXPECT_EQ(test, s.live[WDF_TYPE_MEMORY], live);
	/* The lower driver still writes it (KASAN would see a freed buffer). */
	memset(fx->seen_va, 0x42, 48);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(fx->held[0], 0, 48), 48);
	KUNIT_EXPECT_EQ(test, fx->routines, 1);
	KUNIT_EXPECT_EQ(test, fx->info, 48);
	/* Freed with the request's last reference to it. */
	wdf_object_delete(&req->obj);
	wdf_statistics_read(&s);
	KUNIT_EXPECT_EQ(test, s.live[WDF_TYPE_MEMORY], live - 1);
	io_teardown(fx);
}

/* Sending what is still outstanding is refused; the routine runs once. */
static void wdf_io_send_while_pending_test(struct kunit *test)
{
	struct io_fx *fx = io_setup(test);
	struct wdf_memory *mem = io_mem(test, 16);
	struct wdf_request *req = io_req(test, fx);
	u64 warn = wdf_kunit_warnings();

	fx->mode = IO_HOLD;
	io_format_read(test, fx, req, mem);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(req, fx->target, NULL));
	KUNIT_EXPECT_FALSE(test, wdf_request_send(req, fx->target, NULL));
	KUNIT_EXPECT_EQ(test, wdf_request_get_status(req), -EBUSY);
	KUNIT_EXPECT_EQ(test, wdf_io_target_format_request_for_read(fx->target, req,
								    mem, NULL, NULL),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, wdf_request_reuse(req, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warn + 3);
	KUNIT_EXPECT_EQ(test, fx->presented, 1);
	KUNIT_EXPECT_EQ(test, fx->routines, 0);
	/* A created request is never completed by its creator. */
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 0), -EINVAL);
	wdf_request_complete(fx->held[0], -EIO, 0);
	KUNIT_EXPECT_EQ(test, fx->routines, 1);
	KUNIT_EXPECT_EQ(test, fx->status, -EIO);
	KUNIT_EXPECT_EQ(test, fx->info, 0);
	/* Completing a completed request is refused, and calls nothing. */
	KUNIT_EXPECT_EQ(test, wdf_request_complete(fx->held[0], 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, fx->routines, 1);
	wdf_object_delete(&req->obj);
	wdf_object_delete(&mem->obj);
	io_teardown(fx);
}

/* Completion from another context, each send's routine exactly once. */
static void wdf_io_completion_later_test(struct kunit *test)
{
	struct io_fx *fx = io_setup_cfg(test, WDF_IO_QUEUE_DISPATCH_PARALLEL,
					WDF_DEVICE_IO_DIRECT, true);
	struct wdf_memory *mem = io_mem(test, 16);
	struct wdf_request *req = io_req(test, fx);
	int i;

	fx->mode = IO_LATER;
	for (i = 0; i < 5; i++) {
		reinit_completion(&fx->routine_done);
		KUNIT_ASSERT_EQ(test, wdf_request_reuse(req, 0), 0);
		io_set_routine(test, fx, req);
		KUNIT_ASSERT_EQ(test, wdf_io_target_format_request_for_read(fx->target,
									    req, mem,
									    NULL, NULL),
				0);
		KUNIT_ASSERT_TRUE(test, wdf_request_send(req, fx->target, NULL));
		io_wait_routine(test, fx);
		flush_work(&fx->later);
		KUNIT_EXPECT_EQ(test, fx->routines, i + 1);
		KUNIT_EXPECT_EQ(test, fx->info, 16);
	}
	wdf_object_delete(&req->obj);
	wdf_object_delete(&mem->obj);
	io_teardown(fx);
}

/* Cancel: a presented cancelable request, and one still waiting. */
static void wdf_io_cancel_test(struct kunit *test)
{
	struct io_fx *fx = io_setup(test);
	struct wdf_memory *mem = io_mem(test, 16);
	struct wdf_request *a = io_req(test, fx), *b = io_req(test, fx);

	fx->mode = IO_CANCELABLE;
	io_format_read(test, fx, a, mem);
	io_format_read(test, fx, b, mem);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(a, fx->target, NULL));
	/* Sequential: b waits on the queue behind a. */
	KUNIT_ASSERT_TRUE(test, wdf_request_send(b, fx->target, NULL));
	KUNIT_EXPECT_EQ(test, fx->presented, 1);
	KUNIT_EXPECT_TRUE(test, wdf_request_cancel_sent_request(b));
	KUNIT_EXPECT_EQ(test, fx->routines, 1);
	KUNIT_EXPECT_EQ(test, fx->status, -ECANCELED);
	KUNIT_EXPECT_EQ(test, wdf_request_get_status(b), -ECANCELED);
	KUNIT_EXPECT_EQ(test, fx->presented, 1);
	/* a's cancel routine completes it. */
	KUNIT_EXPECT_TRUE(test, wdf_request_cancel_sent_request(a));
	KUNIT_EXPECT_EQ(test, fx->routines, 2);
	KUNIT_EXPECT_EQ(test, wdf_request_get_status(a), -ECANCELED);
	/* Nothing outstanding: nothing to cancel. */
	KUNIT_EXPECT_FALSE(test, wdf_request_cancel_sent_request(a));
	wdf_object_delete(&a->obj);
	wdf_object_delete(&b->obj);
	wdf_object_delete(&mem->obj);
	io_teardown(fx);
}

/* The cancel handshake a driver sees. */
static void wdf_io_cancelable_handshake_test(struct kunit *test)
{
	struct io_fx *fx = io_setup(test);
	struct wdf_memory *mem = io_mem(test, 16);
	struct wdf_request *req = io_req(test, fx);
	u64 warn = wdf_kunit_warnings();
	struct wdf_request *rx;

	fx->mode = IO_HOLD;
	io_format_read(test, fx, req, mem);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(req, fx->target, NULL));
	rx = fx->held[0];
	KUNIT_EXPECT_PTR_EQ(test, wdf_request_get_io_queue(rx), fx->queue);
	KUNIT_EXPECT_FALSE(test, wdf_request_is_canceled(rx));
	KUNIT_EXPECT_EQ(test, wdf_request_unmark_cancelable(rx), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_request_mark_cancelable(rx, io_cancel), 0);
	KUNIT_EXPECT_EQ(test, wdf_request_unmark_cancelable(rx), 0);
	/* Cancelled while not cancelable: the driver sees it, no routine runs. */
	KUNIT_EXPECT_TRUE(test, wdf_request_cancel_sent_request(req));
	KUNIT_EXPECT_TRUE(test, wdf_request_is_canceled(rx));
	KUNIT_EXPECT_EQ(test, fx->routines, 0);
	KUNIT_EXPECT_EQ(test, wdf_request_mark_cancelable(rx, io_cancel),
			-ECANCELED);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warn + 1);
	wdf_request_complete(rx, -ECANCELED, 0);
	KUNIT_EXPECT_EQ(test, fx->routines, 1);
	wdf_object_delete(&req->obj);
	wdf_object_delete(&mem->obj);
	io_teardown(fx);
}

/* Timeouts: asynchronous and synchronous, -ETIMEDOUT. */
static void wdf_io_timeout_test(struct kunit *test)
{
	struct wdf_request_send_options o = {
		.flags = WDF_REQUEST_SEND_OPTION_TIMEOUT,
		.timeout_ns = 20 * NSEC_PER_MSEC,
	};
	struct io_fx *fx = io_setup(test);
	struct wdf_memory *mem = io_mem(test, 16);
	struct wdf_request *req = io_req(test, fx);
	struct wdf_memory_descriptor d;

	fx->mode = IO_CANCELABLE;
	io_format_read(test, fx, req, mem);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(req, fx->target, &o));
	io_wait_routine(test, fx);
	KUNIT_EXPECT_EQ(test, fx->status, -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, fx->routines, 1);
	wdf_memory_descriptor_init_handle(&d, mem, NULL);
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(fx->target, NULL, &d,
							   NULL, &o, NULL),
			-ETIMEDOUT);
	/* A timeout of 0 is no timeout: completed at once here. */
	fx->mode = IO_COMPLETE;
	o.timeout_ns = 0;
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(fx->target, NULL, &d,
							   NULL, &o, NULL), 0);
	o.flags = BIT(7);
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(fx->target, NULL, &d,
							   NULL, &o, NULL),
			-EINVAL);
	wdf_object_delete(&req->obj);
	wdf_object_delete(&mem->obj);
	io_teardown(fx);
}

/* Stop and start: sends wait while stopped; close fails them. */
static void wdf_io_stop_start_test(struct kunit *test)
{
	struct io_fx *fx = io_setup(test);
	struct wdf_memory *mem = io_mem(test, 16);
	struct wdf_request *req = io_req(test, fx);

	KUNIT_ASSERT_EQ(test, wdf_io_target_stop(fx->target,
						 WDF_IO_TARGET_LEAVE_SENT_IO_PENDING),
			0);
	io_format_read(test, fx, req, mem);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(req, fx->target, NULL));
	KUNIT_EXPECT_EQ(test, fx->presented, 0);
	KUNIT_EXPECT_EQ(test, wdf_io_target_start(fx->target), 0);
	KUNIT_EXPECT_EQ(test, fx->presented, 1);
	KUNIT_EXPECT_EQ(test, fx->routines, 1);
	KUNIT_EXPECT_EQ(test, fx->status, 0);

	/* Stop cancelling what was sent. */
	fx->mode = IO_CANCELABLE;
	io_format_read(test, fx, req, mem);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(req, fx->target, NULL));
	KUNIT_EXPECT_EQ(test, wdf_io_target_stop(fx->target,
						 WDF_IO_TARGET_CANCEL_SENT_IO), 0);
	KUNIT_EXPECT_EQ(test, fx->routines, 2);
	KUNIT_EXPECT_EQ(test, fx->status, -ECANCELED);

	/* Pended, then the target closes: failed, not sent. */
	io_format_read(test, fx, req, mem);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(req, fx->target, NULL));
	wdf_io_target_close(fx->target);
	KUNIT_EXPECT_EQ(test, fx->routines, 3);
	KUNIT_EXPECT_EQ(test, fx->status, -ENODEV);
	KUNIT_EXPECT_EQ(test, fx->presented, 2);
	/* Closed: refused, no routine. */
	KUNIT_EXPECT_EQ(test, wdf_io_target_format_request_for_read(fx->target, req,
								    mem, NULL, NULL),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, wdf_io_target_start(fx->target), -ENODEV);
	KUNIT_EXPECT_EQ(test, fx->routines, 3);
	wdf_object_delete(&req->obj);
	wdf_object_delete(&mem->obj);
	io_teardown(fx);
}

/* The target's device removed with requests in flight. */
static void wdf_io_target_removed_test(struct kunit *test)
{
	struct io_fx *fx = io_setup(test);
	struct wdf_memory *mem = io_mem(test, 16);
	struct wdf_request *a = io_req(test, fx), *b = io_req(test, fx);
	struct wdf_memory_descriptor d;

	fx->mode = IO_CANCELABLE;
	io_format_read(test, fx, a, mem);
	io_format_read(test, fx, b, mem);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(a, fx->target, NULL));
	KUNIT_ASSERT_TRUE(test, wdf_request_send(b, fx->target, NULL));
	/* Unbinding deletes the device object: its queue purges. */
	kunit_device_unregister(test, fx->dev);
	KUNIT_EXPECT_EQ(test, fx->routines, 2);
	KUNIT_EXPECT_EQ(test, wdf_request_get_status(a), -ECANCELED);
	KUNIT_EXPECT_EQ(test, wdf_request_get_status(b), -ENODEV);
	/* What comes after fails at once. */
	wdf_memory_descriptor_init_handle(&d, mem, NULL);
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(fx->target, NULL, &d,
							   NULL, NULL, NULL),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, fx->routines, 2);
	wdf_object_delete(&a->obj);
	wdf_object_delete(&b->obj);
	wdf_object_delete(&mem->obj);
	io_teardown(fx);
}

/* A received request's memory lent to a sent one: complete after, not before. */
static void wdf_io_borrowed_memory_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct io_fx *fx = io_setup(test);
	struct wdf_request *orig = wdf_req(test, f, WDF_REQUEST_READ, 0, 0, 64);
	struct wdf_request *req = io_req(test, fx);
	u64 warn = wdf_kunit_warnings();
	struct wdf_memory *mem;
	u8 back[64];

	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_memory(orig, &mem), 0);
	io_format_read(test, fx, req, mem);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(req, fx->target, NULL));
	KUNIT_EXPECT_EQ(test, fx->routines, 1);
	/* Still referenced by the created request: KMDF bugchecks here. */
	KUNIT_EXPECT_EQ(test, wdf_request_complete(orig, 0, 64), -EBUSY);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warn + 1);
	KUNIT_EXPECT_EQ(test, wdf_request_reuse(req, 0), 0);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(orig, 0, 64), 64);
	/* The bytes reached the caller's pages. */
	KUNIT_ASSERT_EQ(test, copy_from_user(back, f->user + PAGE_SIZE, 64), 0);
	KUNIT_EXPECT_EQ(test, back[0], IO_PAT(0));
	KUNIT_EXPECT_EQ(test, back[63], IO_PAT(63));
	wdf_object_delete(&req->obj);
	io_teardown(fx);
}

/* Ioctls: buffered copies, direct passes the memory itself. */
static void wdf_io_ioctl_methods_test(struct kunit *test)
{
	struct io_fx *fx = io_setup(test);
	struct wdf_memory *in = io_mem(test, 32), *out = io_mem(test, 32);
	struct wdf_memory_descriptor din, dout;
	u8 *ib = wdf_memory_get_buffer(in, NULL);
	u8 *ob = wdf_memory_get_buffer(out, NULL);
	size_t bytes;

	memset(ib, 0x5a, 32);
	wdf_memory_descriptor_init_handle(&din, in, NULL);
	wdf_memory_descriptor_init_handle(&dout, out, NULL);
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_ioctl_sync(fx->target, NULL, 77,
							    WDF_METHOD_BUFFERED,
							    &din, &dout, NULL,
							    &bytes), 0);
	KUNIT_EXPECT_EQ(test, fx->last.code, 77);
	KUNIT_EXPECT_EQ(test, fx->last.method, WDF_METHOD_BUFFERED);
	KUNIT_EXPECT_EQ(test, fx->seen[31], 0x5a);
	KUNIT_EXPECT_PTR_NE(test, fx->seen_va, (void *)ob);
	KUNIT_EXPECT_EQ(test, bytes, 32);
	KUNIT_EXPECT_EQ(test, ob[31], IO_PAT(31));
	memset(ob, 0, 32);
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_ioctl_sync(fx->target, NULL, 78,
							    WDF_METHOD_OUT_DIRECT,
							    &din, &dout, NULL,
							    &bytes), 0);
	KUNIT_EXPECT_EQ(test, ob[0], IO_PAT(0));
	/* The lower driver wrote the memory itself. */
	KUNIT_EXPECT_PTR_EQ(test, fx->seen_va, (void *)ob);
	wdf_object_delete(&in->obj);
	wdf_object_delete(&out->obj);
	io_teardown(fx);
}

/* Queues: parallel presents all; a type without a callback is refused. */
static void wdf_io_queue_dispatch_test(struct kunit *test)
{
	struct io_fx *fx = io_setup_cfg(test, WDF_IO_QUEUE_DISPATCH_PARALLEL,
					WDF_DEVICE_IO_DIRECT, false);
	struct wdf_memory *mem = io_mem(test, 16);
	struct wdf_request *a = io_req(test, fx), *b = io_req(test, fx);
	struct wdf_memory_descriptor d;
	struct wdf_io_queue *q2;

	fx->mode = IO_HOLD;
	io_format_read(test, fx, a, mem);
	io_format_read(test, fx, b, mem);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(a, fx->target, NULL));
	KUNIT_ASSERT_TRUE(test, wdf_request_send(b, fx->target, NULL));
	KUNIT_EXPECT_EQ(test, fx->presented, 2);
	wdf_request_complete(fx->held[1], 0, 1);
	wdf_request_complete(fx->held[0], 0, 2);
	KUNIT_EXPECT_EQ(test, fx->routines, 2);
	/* No write callback: -EINVAL without reaching the driver. */
	wdf_memory_descriptor_init_handle(&d, mem, NULL);
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_write_sync(fx->target, NULL, &d,
							    NULL, NULL, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, fx->presented, 2);
	KUNIT_EXPECT_PTR_EQ(test, wdf_io_queue_get_device(fx->queue), fx->lower);
	/* One default queue per device. */
	KUNIT_EXPECT_EQ(test, wdf_io_queue_create(fx->lower,
						  &(struct wdf_io_queue_config){},
						  NULL, &q2), -EEXIST);
	wdf_object_delete(&a->obj);
	wdf_object_delete(&b->obj);
	wdf_object_delete(&mem->obj);
	io_teardown(fx);
}

/* Opening by name, and what a target holds. */
static void wdf_io_target_open_test(struct kunit *test)
{
	struct io_fx *fx = io_setup(test);
	struct wdf_io_target *t;
	u32 ref = kref_read(&fx->lower->obj.ref);

	KUNIT_EXPECT_EQ(test, wdf_io_target_open_by_name(NULL, "wdfmem-io-x", &t),
			-ENOENT);
	KUNIT_EXPECT_NULL(test, t);
	KUNIT_ASSERT_EQ(test, wdf_device_create_symbolic_link(fx->lower,
							      "wdfmem-io-x"), 0);
	KUNIT_EXPECT_EQ(test, wdf_device_create_symbolic_link(fx->lower, "y"),
			-EEXIST);
	KUNIT_ASSERT_EQ(test, wdf_io_target_open_by_name(NULL, "wdfmem-io-x", &t),
			0);
	KUNIT_EXPECT_EQ(test, kref_read(&fx->lower->obj.ref), ref + 1);
	wdf_object_delete(&t->obj);
	KUNIT_EXPECT_EQ(test, kref_read(&fx->lower->obj.ref), ref);
	KUNIT_EXPECT_EQ(test, wdf_io_target_open(NULL, NULL, &t), -EINVAL);
	/* Removed: its name goes with it. */
	io_teardown(fx);
	kunit_device_unregister(test, fx->dev);
	KUNIT_EXPECT_EQ(test, wdf_io_target_open_by_name(NULL, "wdfmem-io-x", &t),
			-ENOENT);
}

/* A file target: reads and writes at the device offset, no ioctls. */
static void wdf_io_file_target_test(struct kunit *test)
{
	struct wdf_memory *mem = io_mem(test, 64);
	u8 *buf = wdf_memory_get_buffer(mem, NULL);
	struct wdf_memory_descriptor d;
	struct wdf_io_target *t;
	struct wdf_request *req;
	struct io_fx fx = {};
	u8 bytes[100];
	loff_t off = 10;
	size_t n;
	int i;

	init_completion(&fx.routine_done);
	KUNIT_EXPECT_EQ(test, wdf_io_target_open_file(NULL, "/wdfmem-io-absent",
						      O_RDONLY, &t), -ENOENT);
	KUNIT_ASSERT_EQ(test, wdf_io_target_open_file(NULL, "/wdfmem-io-kunit",
						      O_RDWR | O_CREAT | O_TRUNC,
						      &t), 0);
	for (i = 0; i < sizeof(bytes); i++)
		bytes[i] = IO_PAT(i);
	wdf_memory_descriptor_init_buffer(&d, bytes, sizeof(bytes));
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_write_sync(t, NULL, &d, &off,
							    NULL, &n), 0);
	KUNIT_EXPECT_EQ(test, n, sizeof(bytes));
	/* Asynchronously, into a memory object's window. */
	KUNIT_ASSERT_EQ(test, wdf_io_request_create(NULL, t, &req), 0);
	io_set_routine(test, &fx, req);
	off = 12;
	KUNIT_ASSERT_EQ(test, wdf_io_target_format_request_for_read(t, req, mem,
								    NULL, &off),
			0);
	KUNIT_ASSERT_TRUE(test, wdf_request_send(req, t, NULL));
	io_wait_routine(test, &fx);
	KUNIT_EXPECT_EQ(test, fx.status, 0);
	KUNIT_EXPECT_EQ(test, fx.info, 64);
	KUNIT_EXPECT_EQ(test, buf[0], IO_PAT(2));
	KUNIT_EXPECT_EQ(test, buf[63], IO_PAT(65));
	/* Past the end of the file: 0 bytes. */
	off = 4096;
	wdf_memory_descriptor_init_handle(&d, mem, NULL);
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(t, NULL, &d, &off,
							   NULL, &n), 0);
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_EQ(test, wdf_io_target_format_request_for_ioctl(t, req, 1,
								     WDF_METHOD_BUFFERED,
								     mem, NULL,
								     NULL, NULL),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, kref_read(&mem->obj.ref), 1);
	wdf_object_delete(&req->obj);
	wdf_object_delete(&t->obj);
	wdf_object_delete(&mem->obj);
}

/* An allocation failure at every allocation of the send paths. */
static int io_fault_async(struct kunit *test, struct io_fx *fx,
			  struct wdf_memory *mem)
{
	struct wdf_request *req;
	int ret;

	ret = wdf_io_request_create(NULL, fx->target, &req);
	if (ret)
		return ret;
	wdf_request_set_completion_routine(req, io_routine, fx);
	ret = wdf_io_target_format_request_for_write(fx->target, req, mem, NULL,
						     NULL);
	if (!ret && !wdf_request_send(req, fx->target, NULL))
		ret = wdf_request_get_status(req);
	if (!ret)
		ret = fx->status;
	wdf_object_delete(&req->obj);
	return ret;
}

static int io_fault_sync(struct kunit *test, struct io_fx *fx,
			 struct wdf_memory *mem)
{
	struct wdf_memory_descriptor d;
	u8 stack[16] = {};

	wdf_memory_descriptor_init_buffer(&d, stack, sizeof(stack));
	return wdf_io_target_send_ioctl_sync(fx->target, NULL, 5,
					     WDF_METHOD_BUFFERED, &d, &d, NULL,
					     NULL);
}

static int io_fault_open(struct kunit *test, struct io_fx *fx,
			 struct wdf_memory *mem)
{
	struct wdf_io_target *t;
	int ret;

	ret = wdf_io_target_open(NULL, fx->lower, &t);
	if (!ret)
		wdf_object_delete(&t->obj);
	return ret;
}

static int io_fault_open_file(struct kunit *test, struct io_fx *fx,
			      struct wdf_memory *mem)
{
	struct wdf_io_target *t;
	int ret;

	ret = wdf_io_target_open_file(NULL, "/wdfmem-io-fault",
				      O_RDWR | O_CREAT, &t);
	if (!ret)
		wdf_object_delete(&t->obj);
	return ret;
}

/*
 * The lower driver (direct I/O: it gets the sender's MDL itself) deletes
 * the MDL a synchronous send handed it (a misuse): the send holds it, so
 * nothing is freed under the request (KASAN saw the lower driver's read
 * after the delete before), and it is freed once when the send lets go.
 */
static void wdf_io_receiver_deletes_sender_mdl_test(struct kunit *test)
{
	struct io_fx *fx = io_setup_cfg(test, WDF_IO_QUEUE_DISPATCH_SEQUENTIAL,
					WDF_DEVICE_IO_DIRECT, true);
	struct wdf_memory *mem = io_mem(test, 64);
	struct wdf_memory_descriptor d;
	u64 warnings = wdf_kunit_warnings();
	struct wdf_statistics before, after;
	struct wdf_mdl *mdl;
	size_t bytes = 0;

	wdf_statistics_read(&before);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_memory(NULL, mem, 8, 16,
						    GFP_KERNEL, &mdl), 0);
	wdf_memory_descriptor_init_mdl(&d, mdl, 0);
	fx->mode = IO_DELETE_MDL;
	fx->delete_ret = 1;
	KUNIT_EXPECT_EQ(test, wdf_io_target_send_read_sync(fx->target, NULL, &d,
							   NULL, NULL, &bytes),
			0);
	fx->mode = IO_COMPLETE;
	KUNIT_EXPECT_EQ(test, fx->delete_ret, 0);
	/* Not freed by that delete (without KASAN too): the send held it. */
	KUNIT_EXPECT_EQ(test, fx->mdl_live, before.live[WDF_TYPE_MDL] + 1);
	KUNIT_EXPECT_EQ(test, bytes, 16);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings);
	/* Gone now, freed once: the sender must not touch it again. */
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_MDL], before.live[WDF_TYPE_MDL]);
	KUNIT_EXPECT_EQ(test, after.total[WDF_TYPE_MDL],
			before.total[WDF_TYPE_MDL] + 1);
	wdf_object_delete(&mem->obj);
	io_teardown(fx);
}

/* The lower driver's MDL over the sender's memory (a direct read). */
static int io_fault_lower_mdl(struct kunit *test, struct io_fx *fx,
			      struct wdf_memory *mem)
{
	struct wdf_memory_descriptor d;
	int ret;

	fx->mode = IO_MDL;
	wdf_memory_descriptor_init_handle(&d, mem, NULL);
	ret = wdf_io_target_send_read_sync(fx->target, NULL, &d, NULL, NULL,
					   NULL);
	fx->mode = IO_COMPLETE;
	return ret;
}

static void wdf_io_fault_injection_test(struct kunit *test)
{
	int (*paths[])(struct kunit *, struct io_fx *, struct wdf_memory *) = {
		io_fault_async, io_fault_sync, io_fault_open, io_fault_open_file,
	};
	struct io_fx *fx = io_setup_cfg(test, WDF_IO_QUEUE_DISPATCH_SEQUENTIAL,
					WDF_DEVICE_IO_BUFFERED, true);
	struct wdf_memory *mem = io_mem(test, 64);
	int p, n, ret, failures;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "no CONFIG_FAULT_INJECTION");
	for (p = 0; p < ARRAY_SIZE(paths); p++) {
		failures = 0;
		for (n = 1; n < 16; n++) {
			int routines = fx->routines, presented = fx->presented;

			wdf_kunit_fail_nth(test, n);
			ret = paths[p](test, fx, mem);
			if (!wdf_kunit_fail_disarm(test)) {
				KUNIT_EXPECT_EQ(test, ret, 0);
				break;
			}
			failures++;
			KUNIT_EXPECT_EQ_MSG(test, ret, -ENOMEM, "path %d site %d",
					    p, n);
			/* A send that failed called nothing. */
			if (p == 0 && ret && fx->presented == presented)
				KUNIT_EXPECT_EQ(test, fx->routines, routines);
			KUNIT_EXPECT_EQ(test, kref_read(&mem->obj.ref), 1);
		}
		KUNIT_EXPECT_GT_MSG(test, failures, 0, "path %d", p);
		KUNIT_EXPECT_LT_MSG(test, n, 16, "path %d never succeeded", p);
	}
	wdf_object_delete(&mem->obj);
	io_teardown(fx);
}

/* A device's queue and name, each allocation failed in turn. */
static void wdf_io_fault_injection_queue_test(struct kunit *test)
{
	struct wdf_io_queue_config cfg = { .io_read = io_read };
	struct wdf_io_queue *q;
	struct wdf_device *wdev;
	struct device *dev;
	char name[32];
	int n, ret, failures = 0;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "no CONFIG_FAULT_INJECTION");
	for (n = 1; n < 16; n++) {
		snprintf(name, sizeof(name), "wdfmem-io-fq%d", n);
		dev = kunit_device_register(test, name);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
		KUNIT_ASSERT_EQ(test, wdf_device_create(NULL, dev, &wdev), 0);
		wdf_kunit_fail_nth(test, n);
		ret = wdf_io_queue_create(wdev, &cfg, NULL, &q);
		if (!ret)
			ret = wdf_device_create_symbolic_link(wdev, name);
		if (!wdf_kunit_fail_disarm(test)) {
			KUNIT_EXPECT_EQ(test, ret, 0);
			break;
		}
		failures++;
		KUNIT_EXPECT_EQ_MSG(test, ret, -ENOMEM, "site %d", n);
		kunit_device_unregister(test, dev);
	}
	KUNIT_EXPECT_EQ(test, failures, 2);
}

/* The same against a direct target, whose driver maps the sender's memory. */
static void wdf_io_fault_injection_direct_test(struct kunit *test)
{
	struct io_fx *fx = io_setup(test);
	struct wdf_memory *mem = io_mem(test, 3 * PAGE_SIZE);
	int n, ret, failures = 0;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "no CONFIG_FAULT_INJECTION");
	for (n = 1; n < 16; n++) {
		wdf_kunit_fail_nth(test, n);
		ret = io_fault_lower_mdl(test, fx, mem);
		if (!wdf_kunit_fail_disarm(test)) {
			KUNIT_EXPECT_EQ(test, ret, 0);
			break;
		}
		failures++;
		KUNIT_EXPECT_EQ_MSG(test, ret, -ENOMEM, "site %d", n);
		KUNIT_EXPECT_EQ(test, kref_read(&mem->obj.ref), 1);
	}
	KUNIT_EXPECT_GT(test, failures, 1);
	KUNIT_EXPECT_LT(test, n, 16);
	wdf_object_delete(&mem->obj);
	io_teardown(fx);
}

static struct kunit_case wdf_io_cases[] = {
	KUNIT_CASE(wdf_io_sync_descriptors_test),
	KUNIT_CASE(wdf_io_buffered_target_test),
	KUNIT_CASE(wdf_io_format_checks_test),
	KUNIT_CASE(wdf_io_reference_rules_test),
	KUNIT_CASE(wdf_io_memory_deleted_while_pending_test),
	KUNIT_CASE(wdf_io_send_while_pending_test),
	KUNIT_CASE(wdf_io_completion_later_test),
	KUNIT_CASE(wdf_io_cancel_test),
	KUNIT_CASE(wdf_io_cancelable_handshake_test),
	KUNIT_CASE(wdf_io_timeout_test),
	KUNIT_CASE(wdf_io_stop_start_test),
	KUNIT_CASE(wdf_io_target_removed_test),
	KUNIT_CASE(wdf_io_borrowed_memory_test),
	KUNIT_CASE(wdf_io_ioctl_methods_test),
	KUNIT_CASE(wdf_io_queue_dispatch_test),
	KUNIT_CASE(wdf_io_target_open_test),
	KUNIT_CASE(wdf_io_file_target_test),
	KUNIT_CASE(wdf_io_receiver_deletes_sender_mdl_test),
	KUNIT_CASE(wdf_io_fault_injection_test),
	KUNIT_CASE(wdf_io_fault_injection_direct_test),
	KUNIT_CASE(wdf_io_fault_injection_queue_test),
	{}
};

static struct kunit_suite wdf_io_suite = {
	.name = "wdfmem_io",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_io_cases,
};

kunit_test_suite(wdf_io_suite);
