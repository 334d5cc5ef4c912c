// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: wdfmem request-buffer rules, with user buffers from
 * kunit_vm_mmap() and a device from kunit_device_register().
 */

#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/uaccess.h>
#include <kunit/device.h>
#include "harness.h"

static void wdf_request_write_rules_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_request *req = wdf_req(test, f, WDF_REQUEST_WRITE, 0, 100, 0);
	struct wdf_memory *mem;
	struct wdf_mdl *mdl;
	size_t len;
	void *buf;

	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_memory(req, &mem), 0);
	KUNIT_EXPECT_TRUE(test, wdf_memory_read_only(wdf_memory_priv(mem)));
	KUNIT_EXPECT_EQ(test, wdf_memory_size(wdf_memory_priv(mem)), 100);
	KUNIT_EXPECT_EQ(test, ((u8 *)wdf_memory_buffer(wdf_memory_priv(mem)))[99], WDF_UPAT(99));
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_from_buffer(mem, 0, "x", 1),
			-EACCES);
	/* Output on a write is refused. */
	KUNIT_EXPECT_EQ(test, wdf_request_retrieve_output_memory(req, &mem),
			-EOPNOTSUPP);
	KUNIT_EXPECT_NULL(test, mem);
	KUNIT_EXPECT_EQ(test, wdf_request_retrieve_output_mdl(req, &mdl),
			-EOPNOTSUPP);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_mdl(req, &mdl), 0);
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(mdl)->kind, WDF_MDL_USER);
	KUNIT_EXPECT_FALSE(test, wdf_mdl_priv(mdl)->writable);
	KUNIT_EXPECT_EQ(test, wdf_request_retrieve_input_buffer(req, 101, &buf,
								&len),
			-EOVERFLOW);
	KUNIT_EXPECT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_EQ(test, wdf_request_retrieve_input_buffer(req, 100, &buf,
								&len), 0);
	KUNIT_EXPECT_EQ(test, len, 100);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 100), 100);
}

/*
 * What a driver parents to a request's memory object goes when the
 * request completes, cleanup first (the memory object is inside the
 * request and never deleted as an object itself).
 */
static void wdf_request_memory_children_deleted_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_request *req = wdf_req(test, f, WDF_REQUEST_WRITE, 0, 100, 0);
	struct wdf_memory *mem;

	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_memory(req, &mem), 0);
	wdf_tnew(test, &mem->obj, 1);
	wdf_tnew(test, &mem->obj, 2);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "");
	KUNIT_EXPECT_TRUE(test, wdf_test_children_hashed(mem));
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 100), 100);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c1 d1 c2 d2");
	KUNIT_EXPECT_FALSE(test, wdf_test_children_hashed(mem));
}

static struct wdf_memory *wdf_req_mem_seen;
static u8 wdf_req_mem_byte;

static void wdf_read_request_memory(struct wdf_object *obj)
{
	u8 *buf = wdf_memory_get_buffer(wdf_req_mem_seen, NULL);

	wdf_req_mem_byte = buf ? buf[7] : 0;
}

/*
 * The cleanup of what a driver parented to a request's memory object runs
 * while the request's buffer is still there: a direct write of two pages,
 * whose MDL maps them with vmap(), and a cleanup that reads the buffer.
 * (It ran after the MDL's free, and the read faulted on the vunmap()ed
 * address.)
 */
static void wdf_request_memory_children_see_buffer_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_request *req = wdf_req(test, f, WDF_REQUEST_WRITE, 0,
					  2 * PAGE_SIZE, 0);
	struct wdf_object_attributes attr = {};
	struct wdf_statistics before, after;
	struct wdf_object *obj;
	struct wdf_mdl *mdl;

	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_memory(req,
								&wdf_req_mem_seen),
			0);
	/* The MDL too: its free unmaps the buffer. */
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_mdl(req, &mdl), 0);
	attr.parent = &wdf_req_mem_seen->obj;
	attr.cleanup = wdf_read_request_memory;
	KUNIT_ASSERT_EQ(test, wdf_object_create(&attr, &obj), 0);
	wdf_statistics_read(&before);
	wdf_req_mem_byte = 0;
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 2 * PAGE_SIZE),
			2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, wdf_req_mem_byte, WDF_UPAT(7));
	/* Then the MDL and the object went. */
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_MDL],
			before.live[WDF_TYPE_MDL] - 1);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_GENERIC],
			before.live[WDF_TYPE_GENERIC] - 1);
}

static void wdf_request_read_rules_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_request *req = wdf_req(test, f, WDF_REQUEST_READ, 0, 0, 64);
	struct wdf_memory *mem;
	u8 back[8];

	KUNIT_EXPECT_EQ(test, wdf_request_retrieve_input_memory(req, &mem),
			-EOPNOTSUPP);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_memory(req, &mem), 0);
	KUNIT_EXPECT_FALSE(test, wdf_memory_read_only(wdf_memory_priv(mem)));
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_from_buffer(mem, 2, "readback", 8),
			0);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 10), 10);
	/* Direct I/O: the bytes are already in the caller's pages. */
	KUNIT_ASSERT_EQ(test, copy_from_user(back,
					     (void __user *)(f->user + PAGE_SIZE + 2),
					     8), 0);
	KUNIT_EXPECT_MEMEQ(test, back, "readback", 8);
}

static void wdf_request_buffered_copies_only_information_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_request *req;
	u8 *in, *out, back[16], zero = 0xab;
	size_t len;
	int i;

	/* Mark the caller's output so untouched bytes show. */
	for (i = 0; i < 16; i++)
		KUNIT_ASSERT_EQ(test, put_user(zero, (u8 __user *)(f->user +
							      PAGE_SIZE + i)),
				0);
	req = wdf_req(test, f, WDF_REQUEST_IOCTL, WDF_METHOD_BUFFERED, 32, 16);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_buffer(req, 32,
								(void **)&in,
								&len), 0);
	/* Input is a kernel copy: writable, taken at create time. */
	KUNIT_EXPECT_EQ(test, in[5], WDF_UPAT(5));
	KUNIT_EXPECT_PTR_NE(test, (void *)in, (__force void *)f->user);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_buffer(req, 16,
								 (void **)&out,
								 &len), 0);
	/* Output starts zeroed, never with stale kernel bytes. */
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, out[i], 0);
	memcpy(out, "0123456789abcdef", 16);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 5), 5);
	KUNIT_ASSERT_EQ(test, copy_from_user(back, (void __user *)(f->user +
								  PAGE_SIZE),
					     16), 0);
	KUNIT_EXPECT_MEMEQ(test, back, "01234", 5);
	for (i = 5; i < 16; i++)
		KUNIT_EXPECT_EQ(test, back[i], 0xab);
}

static void wdf_request_error_copies_nothing_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_request *req;
	u8 back;
	void *out;

	req = wdf_req(test, f, WDF_REQUEST_IOCTL, WDF_METHOD_BUFFERED, 0, 8);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_buffer(req, 8, &out,
								 NULL), 0);
	memset(out, 0x77, 8);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, -EIO, 8), -EIO);
	KUNIT_ASSERT_EQ(test, get_user(back, (u8 __user *)(f->user + PAGE_SIZE)),
			0);
	KUNIT_EXPECT_NE(test, back, 0x77);
}

struct wdf_ro_case {
	enum wdf_ioctl_method method;
	bool in_ro;
	bool out_ro;
	const char *name;
};

static const struct wdf_ro_case wdf_ro_cases[] = {
	{ WDF_METHOD_BUFFERED, false, false, "buffered" },
	{ WDF_METHOD_IN_DIRECT, true, true, "in_direct" },
	{ WDF_METHOD_OUT_DIRECT, true, false, "out_direct" },
};

KUNIT_ARRAY_PARAM_DESC(wdf_ro, wdf_ro_cases, name);

/* KMDF's read-only table for ioctl input and output memory. */
static void wdf_request_ioctl_read_only_table_test(struct kunit *test)
{
	const struct wdf_ro_case *c = test->param_value;
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_request *req = wdf_req(test, f, WDF_REQUEST_IOCTL, c->method,
					  16, 16);
	struct wdf_memory *in, *out;
	struct wdf_mdl *mdl;

	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_memory(req, &in), 0);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_memory(req, &out), 0);
	KUNIT_EXPECT_EQ(test, wdf_memory_read_only(wdf_memory_priv(in)), c->in_ro);
	KUNIT_EXPECT_EQ(test, wdf_memory_read_only(wdf_memory_priv(out)), c->out_ro);
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_from_buffer(out, 0, "o", 1),
			c->out_ro ? -EACCES : 0);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_mdl(req, &mdl), 0);
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(mdl)->kind, c->method == WDF_METHOD_BUFFERED ?
			WDF_MDL_KERNEL : WDF_MDL_USER);
	KUNIT_EXPECT_EQ(test, wdf_mdl_priv(mdl)->writable, !c->out_ro);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 0), 0);
}

static void wdf_request_memory_cannot_be_deleted_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_request *req = wdf_req(test, f, WDF_REQUEST_WRITE, 0, 8, 0);
	u64 warnings = wdf_kunit_warnings();
	struct wdf_memory *mem;

	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_memory(req, &mem), 0);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&mem->obj), -EPERM);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&req->obj), -EPERM);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 2);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 8), 8);
}

/*
 * A request's MDLs belong to it too (KMDF: the IRP's MDL is the I/O
 * manager's): deleting one is refused, the pinned one of direct I/O and
 * the one made over a buffered request's kernel copy alike, and the
 * request still completes with them.
 */
static void wdf_request_mdl_cannot_be_deleted_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_request *wr = wdf_req(test, f, WDF_REQUEST_WRITE, 0, 8, 0);
	struct wdf_request *io = wdf_req(test, f, WDF_REQUEST_IOCTL,
					 WDF_METHOD_BUFFERED, 8, 8);
	u64 warnings = wdf_kunit_warnings();
	struct wdf_mdl *in, *out;
	size_t len;
	void *buf;

	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_mdl(wr, &in), 0);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&in->obj), -EPERM);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_mdl(io, &out), 0);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&out->obj), -EPERM);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 2);
	/* Still there: the buffers map them, and read what the caller wrote. */
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_buffer(wr, 8, &buf,
								&len), 0);
	KUNIT_EXPECT_EQ(test, ((u8 *)buf)[7], WDF_UPAT(7));
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_buffer(io, 8, &buf,
								 &len), 0);
	memset(buf, 0x33, len);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(wr, 0, 8), 8);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(io, 0, 8), 8);
}

/* Is the page of @uaddr pinned (FOLL_PIN) now? */
static bool wdf_req_page_pinned(struct kunit *test, void __user *uaddr)
{
	struct page *page;
	bool pinned;

	KUNIT_ASSERT_EQ(test, get_user_pages_fast((unsigned long)uaddr, 1, 0,
						  &page), 1);
	pinned = folio_maybe_dma_pinned(page_folio(page));
	put_page(page);
	return pinned;
}

/*
 * A direct request pins its pages when it is created but makes an MDL
 * object only when the driver asks for one: taking the buffer makes none,
 * and completion unpins the pages all the same, with what the driver
 * wrote in them.  Asked for, the MDL is made once, over the same pages.
 */
static void wdf_request_mdl_made_when_asked_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	void __user *out = f->user + PAGE_SIZE;
	struct wdf_statistics before, mid, after;
	struct wdf_request *req;
	struct wdf_mdl *mdl, *again;
	char seen[4];
	void *buf;

	KUNIT_ASSERT_FALSE(test, wdf_req_page_pinned(test, out));
	wdf_statistics_read(&before);
	req = wdf_req(test, f, WDF_REQUEST_READ, 0, 0, 24);
	KUNIT_EXPECT_TRUE(test, wdf_req_page_pinned(test, out));
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_buffer(req, 24, &buf,
								 NULL), 0);
	memcpy(buf, "lazy", 4);
	wdf_statistics_read(&mid);
	KUNIT_EXPECT_EQ(test, mid.total[WDF_TYPE_MDL], before.total[WDF_TYPE_MDL]);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 4), 4);
	KUNIT_EXPECT_FALSE(test, wdf_req_page_pinned(test, out));
	KUNIT_ASSERT_EQ(test, copy_from_user(seen, out, 4), 0);
	KUNIT_EXPECT_MEMEQ(test, seen, "lazy", 4);

	req = wdf_req(test, f, WDF_REQUEST_READ, 0, 0, 24);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_buffer(req, 24, &buf,
								 NULL), 0);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_mdl(req, &mdl), 0);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_mdl(req, &again), 0);
	KUNIT_EXPECT_PTR_EQ(test, mdl, again);
	KUNIT_EXPECT_PTR_EQ(test, wdf_mdl_map(mdl), buf);
	KUNIT_EXPECT_TRUE(test, wdf_mdl_priv(mdl)->writable);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_from_buffer(mdl, 0, "made", 4), 0);
	wdf_statistics_read(&mid);
	KUNIT_EXPECT_EQ(test, mid.total[WDF_TYPE_MDL],
			before.total[WDF_TYPE_MDL] + 1);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 4), 4);
	KUNIT_EXPECT_FALSE(test, wdf_req_page_pinned(test, out));
	KUNIT_ASSERT_EQ(test, copy_from_user(seen, out, 4), 0);
	KUNIT_EXPECT_MEMEQ(test, seen, "made", 4);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_MDL], before.live[WDF_TYPE_MDL]);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_REQUEST],
			before.live[WDF_TYPE_REQUEST]);
}

static bool wdf_req_keep_was;

static void wdf_req_keep_restore(void *unused)
{
	wdf_test_spare_keep(wdf_req_keep_was);
}

/*
 * A completed request's memory waits on its CPU for the next request made
 * there (with room for pinned pages or without: one size class), which
 * gets it set up anew: counted as a new request, with nothing of the old
 * one's.  Keeping is on for the case, as it is on kernels without KASAN.
 */
static void wdf_request_memory_reused_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_request *req, *again, *ioctl;
	struct wdf_statistics before, after;
	struct wdf_memory *mem;
	struct wdf_mdl *mdl;
	size_t len;
	void *buf;

	wdf_req_keep_was = wdf_test_spare_keep(true);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							wdf_req_keep_restore,
							NULL), 0);
	wdf_kunit_pin_cpu(test, 0);
	wdf_statistics_read(&before);
	/* Its memory object and MDL made, and a child under the memory. */
	req = wdf_req(test, f, WDF_REQUEST_WRITE, 0, 16, 0);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_memory(req, &mem), 0);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_mdl(req, &mdl), 0);
	wdf_tnew(test, &mem->obj, 1);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 16), 16);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c1 d1");
	KUNIT_EXPECT_PTR_EQ(test, wdf_test_request_spare(true), (void *)req);

	again = wdf_req(test, f, WDF_REQUEST_WRITE, 0, 8, 0);
	KUNIT_EXPECT_PTR_EQ(test, again, req);
	KUNIT_EXPECT_NULL(test, wdf_test_request_spare(true));
	/* Its own length and buffer, and a driver may complete it again. */
	KUNIT_EXPECT_EQ(test, wdf_request_retrieve_input_buffer(again, 9, &buf,
								&len),
			-EOVERFLOW);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_buffer(again, 8, &buf,
								&len), 0);
	KUNIT_EXPECT_EQ(test, len, 8);
	KUNIT_EXPECT_EQ(test, ((u8 *)buf)[7], WDF_UPAT(7));
	/*
	 * A memory object and an MDL of its own, not the last request's
	 * (their structs are not zeroed at create): no child, its length.
	 */
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_memory(again, &mem), 0);
	KUNIT_EXPECT_PTR_EQ(test, wdf_memory_get_buffer(mem, &len), buf);
	KUNIT_EXPECT_EQ(test, len, 8);
	KUNIT_EXPECT_FALSE(test, wdf_test_children_hashed(mem));
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_input_mdl(again, &mdl), 0);
	KUNIT_EXPECT_EQ(test, wdf_mdl_byte_count(mdl), 8);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(again, 0, 8), 8);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c1 d1");

	KUNIT_EXPECT_PTR_EQ(test, wdf_test_request_spare(true), (void *)req);

	/*
	 * A request without pinned pages is kept the same way (in the same
	 * class where the two sizes share one); its buffered sides' 8-byte
	 * copies are blocks of the 8-byte class.
	 */
	ioctl = wdf_req(test, f, WDF_REQUEST_IOCTL, WDF_METHOD_BUFFERED, 8, 8);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(ioctl, 0, 0), 0);
	KUNIT_EXPECT_PTR_EQ(test, wdf_test_request_spare(false), (void *)ioctl);
	KUNIT_EXPECT_NOT_NULL(test, wdf_test_spare(8));
	again = wdf_req(test, f, WDF_REQUEST_IOCTL, WDF_METHOD_BUFFERED, 8, 8);
	KUNIT_EXPECT_PTR_EQ(test, again, ioctl);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(again, 0, 0), 0);

	/* Each was a request made and freed. */
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.total[WDF_TYPE_REQUEST],
			before.total[WDF_TYPE_REQUEST] + 4);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_REQUEST],
			before.live[WDF_TYPE_REQUEST]);
}

#define WDF_REQ_THREADS	4

/* What each thread that retrieves a side at once got. */
struct wdf_req_race {
	struct wdf_request *req;
	struct completion *go;
	struct completion done;
	void *buf;
	struct wdf_memory *mem;
	struct wdf_mdl *mdl;
	int ret;
};

static int wdf_req_race_thread(void *data)
{
	struct wdf_req_race *r = data;

	wait_for_completion(r->go);
	r->ret = wdf_request_retrieve_input_buffer(r->req, 1, &r->buf, NULL) ?:
		 wdf_request_retrieve_input_memory(r->req, &r->mem) ?:
		 wdf_request_retrieve_input_mdl(r->req, &r->mdl);
	complete(&r->done);
	return 0;
}

/*
 * Threads retrieving one side at once (KMDF locks the request for it) all
 * get the one buffer, memory object and MDL: one mapping of the two pinned
 * pages, one MDL made, the memory object with only its own reference.
 */
static void wdf_request_retrieve_from_threads_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_req_race *r = kunit_kcalloc(test, WDF_REQ_THREADS,
					       sizeof(*r), GFP_KERNEL);
	struct wdf_statistics before, after;
	struct task_struct *t;
	struct completion go;
	int round, i;

	KUNIT_ASSERT_NOT_NULL(test, r);
	for (round = 0; round < 16; round++) {
		struct wdf_request *req = wdf_req(test, f, WDF_REQUEST_WRITE, 0,
						  2 * PAGE_SIZE, 0);

		wdf_statistics_read(&before);
		init_completion(&go);
		for (i = 0; i < WDF_REQ_THREADS; i++) {
			r[i] = (struct wdf_req_race){ .req = req, .go = &go };
			init_completion(&r[i].done);
			t = kthread_run(wdf_req_race_thread, &r[i], "wdf-race/%d",
					i);
			if (IS_ERR(t))
				complete(&r[i].done);
			KUNIT_EXPECT_FALSE(test, IS_ERR(t));
		}
		complete_all(&go);
		for (i = 0; i < WDF_REQ_THREADS; i++)
			wait_for_completion(&r[i].done);
		wdf_statistics_read(&after);
		for (i = 0; i < WDF_REQ_THREADS; i++) {
			KUNIT_EXPECT_EQ(test, r[i].ret, 0);
			KUNIT_EXPECT_PTR_EQ(test, r[i].buf, r[0].buf);
			KUNIT_EXPECT_PTR_EQ(test, r[i].mem, r[0].mem);
			KUNIT_EXPECT_PTR_EQ(test, r[i].mdl, r[0].mdl);
		}
		KUNIT_EXPECT_NOT_NULL(test, r[0].buf);
		KUNIT_EXPECT_EQ(test, after.total[WDF_TYPE_MDL],
				before.total[WDF_TYPE_MDL] + 1);
		if (r[0].mdl)
			KUNIT_EXPECT_PTR_EQ(test, wdf_mdl_map(r[0].mdl), r[0].buf);
		if (r[0].mem)
			KUNIT_EXPECT_EQ(test, kref_read(&r[0].mem->obj.ref), 1);
		if (r[0].buf)
			KUNIT_EXPECT_EQ(test, ((u8 *)r[0].buf)[9], WDF_UPAT(9));
		KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 1), 1);
		wdf_statistics_read(&after);
		KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_MDL],
				before.live[WDF_TYPE_MDL]);
	}
}

static struct wdf_req_fixture *wdf_req_going;
static int wdf_req_going_ret;

/* A cleanup under the device: it runs while the device is being deleted. */
static void wdf_req_create_while_going(struct wdf_object *obj)
{
	struct wdf_request_params p = {
		.type = WDF_REQUEST_READ,
		.out = wdf_req_going->user + PAGE_SIZE, .out_len = 8,
	};
	struct wdf_request *req;

	wdf_req_going_ret = wdf_request_create(wdf_req_going->wdev, &p, &req);
}

/*
 * A request is no child of its device (KMDF parents no request it makes
 * for an I/O operation): one outstanding when the device goes stays whole
 * for whoever completes it, and a device being deleted refuses new ones
 * with -ESHUTDOWN, nothing left of them.
 */
static void wdf_request_not_the_devices_child_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_object_attributes attr = {
		.parent = &f->wdev->obj, .cleanup = wdf_req_create_while_going,
	};
	struct wdf_statistics before, after;
	struct wdf_request *req;
	struct wdf_object *obj;
	char seen[4];
	void *buf;

	req = wdf_req(test, f, WDF_REQUEST_READ, 0, 0, 24);
	KUNIT_EXPECT_NULL(test, wdf_test_object_parent(&req->obj));
	KUNIT_ASSERT_EQ(test, wdf_object_create(&attr, &obj), 0);
	wdf_req_going = f;
	wdf_req_going_ret = 0;
	wdf_statistics_read(&before);
	kunit_device_unregister(test, f->dev);
	KUNIT_EXPECT_EQ(test, wdf_req_going_ret, -ESHUTDOWN);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_REQUEST],
			before.live[WDF_TYPE_REQUEST]);
	KUNIT_EXPECT_EQ(test, after.total[WDF_TYPE_REQUEST],
			before.total[WDF_TYPE_REQUEST]);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_buffer(req, 24, &buf,
								 NULL), 0);
	memcpy(buf, "kept", 4);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 4), 4);
	KUNIT_ASSERT_EQ(test, copy_from_user(seen, f->user + PAGE_SIZE, 4), 0);
	KUNIT_EXPECT_MEMEQ(test, seen, "kept", 4);
}

/*
 * A reference on a request's MDL outlives the request: the MDL, made
 * inside the request, keeps the request's memory until its last put, and
 * then both go, once.
 */
static void wdf_request_mdl_reference_outlives_request_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_statistics before, held, after;
	u64 warnings = wdf_kunit_warnings();
	struct wdf_request *req;
	struct wdf_mdl *mdl;
	char seen[4];

	wdf_statistics_read(&before);
	req = wdf_req(test, f, WDF_REQUEST_READ, 0, 0, 24);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_mdl(req, &mdl), 0);
	KUNIT_ASSERT_EQ(test, wdf_object_get(&mdl->obj), 0);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 0), 0);
	wdf_statistics_read(&held);
	KUNIT_EXPECT_EQ(test, held.live[WDF_TYPE_MDL],
			before.live[WDF_TYPE_MDL] + 1);
	/* And the request it lives in, deleted but not yet freed. */
	KUNIT_EXPECT_EQ(test, held.live[WDF_TYPE_REQUEST],
			before.live[WDF_TYPE_REQUEST] + 1);
	/* Still over the caller's pages (KASAN: not a freed request). */
	KUNIT_EXPECT_EQ(test, wdf_mdl_byte_count(mdl), 24);
	KUNIT_EXPECT_EQ(test, wdf_mdl_copy_from_buffer(mdl, 0, "held", 4), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(seen, f->user + PAGE_SIZE, 4), 0);
	KUNIT_EXPECT_MEMEQ(test, seen, "held", 4);
	KUNIT_EXPECT_EQ(test, wdf_object_put(&mdl->obj), 0);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_MDL],
			before.live[WDF_TYPE_MDL]);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_REQUEST],
			before.live[WDF_TYPE_REQUEST]);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings);
}

static void wdf_request_complete_with_reference_refused_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_request *req = wdf_req(test, f, WDF_REQUEST_READ, 0, 0, 8);
	u64 warnings = wdf_kunit_warnings();
	struct wdf_memory *mem;

	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_memory(req, &mem), 0);
	wdf_object_get(&mem->obj);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 8), -EBUSY);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	/* Not completed: still usable, and completes once released. */
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_from_buffer(mem, 0, "ok", 2), 0);
	wdf_object_put(&mem->obj);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 8), 8);
}

static void wdf_request_refused_at_create_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_request_params p = { .type = WDF_REQUEST_IOCTL };
	struct wdf_statistics before, after;
	struct wdf_request *req = (void *)1;

	wdf_statistics_read(&before);
	p.method = WDF_METHOD_NEITHER;
	KUNIT_EXPECT_EQ(test, wdf_request_create(f->wdev, &p, &req), -EOPNOTSUPP);
	KUNIT_EXPECT_NULL(test, req);
	p.method = WDF_METHOD_BUFFERED;
	p.in = f->user;
	p.in_len = (1 << 20) + 1;
	KUNIT_EXPECT_EQ(test, wdf_request_create(f->wdev, &p, &req), -E2BIG);
	/* Unreadable input, unpinnable output: -EFAULT, nothing kept. */
	p.in_len = 16;
	p.in = (void __user *)8;
	KUNIT_EXPECT_EQ(test, wdf_request_create(f->wdev, &p, &req), -EFAULT);
	p.in = f->user;
	p.method = WDF_METHOD_OUT_DIRECT;
	p.out = f->user + 2 * PAGE_SIZE;	/* past the mapping */
	p.out_len = 16;
	KUNIT_EXPECT_EQ(test, wdf_request_create(f->wdev, &p, &req), -EFAULT);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_REQUEST],
			before.live[WDF_TYPE_REQUEST]);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_MDL], before.live[WDF_TYPE_MDL]);
	KUNIT_EXPECT_EQ(test, after.bytes_live, before.bytes_live);
}

/* A buffered output made with @out, @len, or its error; completed at once. */
static int wdf_req_buffered_out(struct wdf_req_fixture *f, unsigned long out,
				size_t len)
{
	struct wdf_request_params p = {
		.type = WDF_REQUEST_IOCTL, .method = WDF_METHOD_BUFFERED,
		.out = u64_to_user_ptr((u64)out), .out_len = len,
	};
	struct wdf_request *req;
	int ret;

	ret = wdf_request_create(f->wdev, &p, &req);
	if (!ret)
		ret = wdf_request_complete(req, 0, 0);
	return ret;
}

/*
 * A buffered output is checked writable at create: pages present and
 * writable pass without a fault, pages never touched are faulted in, and
 * a read-only page or a range that runs off its mapping is -EFAULT.  The
 * check writes nothing the caller would see.
 */
static void wdf_request_buffered_output_checked_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	unsigned long rw = (unsigned long)f->user, ro, fresh;
	u8 back[256];
	int i;

	fresh = kunit_vm_mmap(test, NULL, 0, 20 * PAGE_SIZE,
			      PROT_READ | PROT_WRITE,
			      MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(fresh));
	ro = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ,
			   MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(ro));

	/* The fixture's first page is present, its second never touched. */
	KUNIT_EXPECT_EQ(test, wdf_req_buffered_out(f, rw + 3, 16), 0);
	KUNIT_EXPECT_EQ(test, wdf_req_buffered_out(f, rw + 3, 2 * PAGE_SIZE - 3),
			0);
	KUNIT_ASSERT_EQ(test, copy_from_user(back, f->user, sizeof(back)), 0);
	for (i = 0; i < 256; i++)
		KUNIT_EXPECT_EQ(test, back[i], WDF_UPAT(i));

	/* Twenty pages, some present (past the first batch), most not. */
	KUNIT_ASSERT_EQ(test, put_user(1, (u8 __user *)(fresh + 9 * PAGE_SIZE)),
			0);
	KUNIT_EXPECT_EQ(test, wdf_req_buffered_out(f, fresh + 1,
						   20 * PAGE_SIZE - 1), 0);
	KUNIT_EXPECT_EQ(test, wdf_req_buffered_out(f, fresh, 20 * PAGE_SIZE),
			0);
	KUNIT_ASSERT_EQ(test, get_user(back[0],
				       (u8 __user *)(fresh + 9 * PAGE_SIZE)), 0);
	KUNIT_EXPECT_EQ(test, back[0], 1);

	KUNIT_EXPECT_EQ(test, wdf_req_buffered_out(f, ro, 16), -EFAULT);
	KUNIT_EXPECT_EQ(test, wdf_req_buffered_out(f, ro + PAGE_SIZE - 1, 1),
			-EFAULT);
	/* Writable pages, then a hole where the last one was. */
	KUNIT_ASSERT_EQ(test, vm_munmap(fresh + 19 * PAGE_SIZE, PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, wdf_req_buffered_out(f, fresh + 10 * PAGE_SIZE,
						   10 * PAGE_SIZE), -EFAULT);
	KUNIT_EXPECT_EQ(test, wdf_req_buffered_out(f, fresh + 10 * PAGE_SIZE,
						   9 * PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, wdf_req_buffered_out(f, TASK_SIZE - 8, 16),
			-EFAULT);
}

static void wdf_request_empty_side_test(struct kunit *test)
{
	struct wdf_req_fixture *f = wdf_req_setup(test);
	struct wdf_request *req = wdf_req(test, f, WDF_REQUEST_READ, 0, 0, 0);
	struct wdf_memory *mem;

	/* KMDF: a zero-length buffer is STATUS_BUFFER_TOO_SMALL. */
	KUNIT_EXPECT_EQ(test, wdf_request_retrieve_output_memory(req, &mem),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 0), 0);
}

static struct kunit_case wdf_request_cases[] = {
	KUNIT_CASE(wdf_request_write_rules_test),
	KUNIT_CASE(wdf_request_memory_children_deleted_test),
	KUNIT_CASE(wdf_request_memory_children_see_buffer_test),
	KUNIT_CASE(wdf_request_read_rules_test),
	KUNIT_CASE(wdf_request_buffered_copies_only_information_test),
	KUNIT_CASE(wdf_request_error_copies_nothing_test),
	KUNIT_CASE_PARAM(wdf_request_ioctl_read_only_table_test,
			 wdf_ro_gen_params),
	KUNIT_CASE(wdf_request_memory_cannot_be_deleted_test),
	KUNIT_CASE(wdf_request_mdl_cannot_be_deleted_test),
	KUNIT_CASE(wdf_request_mdl_made_when_asked_test),
	KUNIT_CASE(wdf_request_not_the_devices_child_test),
	KUNIT_CASE(wdf_request_memory_reused_test),
	KUNIT_CASE(wdf_request_retrieve_from_threads_test),
	KUNIT_CASE(wdf_request_mdl_reference_outlives_request_test),
	KUNIT_CASE(wdf_request_complete_with_reference_refused_test),
	KUNIT_CASE(wdf_request_refused_at_create_test),
	KUNIT_CASE(wdf_request_empty_side_test),
	KUNIT_CASE(wdf_request_buffered_output_checked_test),
	{}
};

static struct kunit_suite wdf_request_suite = {
	.name = "wdfmem_request",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_request_cases,
};

kunit_test_suite(wdf_request_suite);
