// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the wdfmem verifier - objects and local buffers pinned past their
 * driver's deletion reported and freed, nothing tracked with the verifier
 * off, and the per-driver limit on live objects reported once.  Each case
 * makes a driver of its own ("wdfmem_leaky") beside the harness's.
 */

#include <linux/module.h>
#include <kunit/device.h>
#include "harness.h"

#define WDF_VTAG	WDF_TAG('L', 'e', 'a', 'k')
#define WDF_VLEAK_MEM	"driver wdfmem_leaky: memory size 300 tag 6b61654c refs 2\n"
#define WDF_VLEAK_BUF	"driver wdfmem_leaky: local buffer size 5000 tag 6b61654c refs 0\n"

static int wdf_vdestroyed;

static void wdf_vdestroy(struct wdf_object *obj)
{
	wdf_vdestroyed++;
}

static struct wdf_driver *wdf_vdriver(struct kunit *test, bool verifier,
				      unsigned int limit)
{
	struct wdf_driver *drv;

	KUNIT_ASSERT_EQ(test, __wdf_driver_create(THIS_MODULE, "wdfmem_leaky",
						  &drv), 0);
	KUNIT_ASSERT_EQ(test, wdf_driver_set_verifier(drv, verifier, limit), 0);
	return drv;
}

/*
 * A generic object and a memory object pinned by extra references, and a
 * local buffer never freed: the driver's delete reports all three and
 * frees them (destroy callbacks run, live counts and bytes return), and
 * leaves alone what it deleted normally.
 */
static void wdf_verifier_leaks_reported_and_freed_test(struct kunit *test)
{
	struct wdf_object_attributes attr = { .destroy = wdf_vdestroy };
	struct wdf_statistics before, after;
	unsigned long leaks = wdf_verifier_leaks();
	struct wdf_driver *drv;
	struct wdf_memory *mem;
	struct wdf_object *obj, *fine;
	char *text;
	void *buf;
	int t;

	wdf_statistics_read(&before);
	drv = wdf_vdriver(test, true, 0);
	wdf_vdestroyed = 0;
	KUNIT_ASSERT_EQ(test, __wdf_object_create(drv, &attr, &obj), 0);
	KUNIT_ASSERT_EQ(test, __wdf_object_create(drv, &attr, &fine), 0);
	KUNIT_ASSERT_EQ(test, __wdf_memory_create(drv, &attr, WDF_POOL_NONPAGED,
						  GFP_KERNEL, WDF_VTAG, 300,
						  &mem, NULL), 0);
	buf = __wdf_pool_alloc(drv, WDF_POOL_PAGED, GFP_KERNEL, 5000, WDF_VTAG);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, wdf_object_get(obj), 0);
	KUNIT_ASSERT_EQ(test, wdf_object_get(&mem->obj), 0);
	KUNIT_ASSERT_EQ(test, wdf_object_get(&mem->obj), 0);

	__wdf_driver_delete(drv);

	KUNIT_EXPECT_EQ(test, wdf_verifier_leaks() - leaks, 3);
	KUNIT_EXPECT_EQ(test, wdf_vdestroyed, 3);
	/* debugfs "leaks": type, size, tag, references and the stack. */
	text = kunit_kzalloc(test, 16384, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, text);
	wdf_test_leaks_text(text, 16384);
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "leaks reported and freed: "));
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, WDF_VLEAK_MEM));
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, WDF_VLEAK_BUF));
	/* UML's stack traces do not reach the test function. */
	if (IS_ENABLED(CONFIG_STACKDEPOT) && !IS_ENABLED(CONFIG_UML))
		KUNIT_EXPECT_NOT_NULL(test, strstr(text, __func__));
	wdf_statistics_read(&after);
	for (t = 0; t < WDF_TYPE_MAX; t++)
		KUNIT_EXPECT_EQ_MSG(test, after.live[t], before.live[t],
				    "type %d", t);
	KUNIT_EXPECT_EQ(test, after.bytes_live, before.bytes_live);
}

/*
 * A request's MDL pinned past the driver: it lives inside the request and
 * holds it, so it goes first (unpinning its pages), and the request with
 * it; freeing the request first would free the MDL's memory under it.
 */
static void wdf_verifier_request_mdl_leak_test(struct kunit *test)
{
	struct wdf_driver *saved = wdf_driver_globals, *drv;
	struct wdf_statistics before, after;
	unsigned long leaks = wdf_verifier_leaks();
	struct wdf_req_fixture *f;
	struct wdf_request *req;
	struct wdf_mdl *mdl;

	wdf_statistics_read(&before);
	drv = wdf_vdriver(test, true, 0);
	wdf_driver_globals = drv;
	f = wdf_req_setup(test);	/* its device is the driver's */
	wdf_driver_globals = saved;
	req = wdf_req(test, f, WDF_REQUEST_READ, 0, 0, 64);
	KUNIT_ASSERT_EQ(test, wdf_request_retrieve_output_mdl(req, &mdl), 0);
	KUNIT_ASSERT_EQ(test, wdf_object_get(&mdl->obj), 0);
	KUNIT_EXPECT_EQ(test, wdf_request_complete(req, 0, 0), 0);
	__wdf_driver_delete(drv);
	/* The MDL; the request went with it, not leaked itself. */
	KUNIT_EXPECT_EQ(test, wdf_verifier_leaks() - leaks, 1);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_MDL], before.live[WDF_TYPE_MDL]);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_REQUEST],
			before.live[WDF_TYPE_REQUEST]);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_DEVICE],
			before.live[WDF_TYPE_DEVICE]);
}

/*
 * A partial MDL pinned past the driver holds the MDL it was built from,
 * here a partial MDL too: it goes first, and the chain with it.  Each MDL
 * ranks above the one it was built from, whatever their addresses (in this
 * kernel's slabs a partial lies above its source: 64 pairs in a row did,
 * so the old lowest-address-first order freed the source under it, and a
 * highest-address-first order alone would pass by luck).
 */
static void wdf_verifier_partial_mdl_leak_test(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct wdf_statistics before, after;
	unsigned long leaks = wdf_verifier_leaks();
	struct wdf_mdl *src, *p1, *p2;
	struct wdf_driver *drv;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	wdf_statistics_read(&before);
	drv = wdf_vdriver(test, true, 0);
	KUNIT_ASSERT_EQ(test, __wdf_mdl_create_kernel(drv, NULL, buf, 256,
						      GFP_KERNEL, &src), 0);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_partial(NULL, src, 64, 128,
						     GFP_KERNEL, &p1), 0);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_partial(NULL, p1, 32, 32,
						     GFP_KERNEL, &p2), 0);
	KUNIT_EXPECT_GT(test, wdf_test_verifier_rank(&p1->obj),
			wdf_test_verifier_rank(&src->obj));
	KUNIT_EXPECT_GT(test, wdf_test_verifier_rank(&p2->obj),
			wdf_test_verifier_rank(&p1->obj));
	KUNIT_ASSERT_EQ(test, wdf_object_get(&p2->obj), 0);
	__wdf_driver_delete(drv);
	KUNIT_EXPECT_EQ(test, wdf_verifier_leaks() - leaks, 1);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_MDL], before.live[WDF_TYPE_MDL]);
}

/* Lookaside entries pinned past the driver: the list goes with them. */
static void wdf_verifier_lookaside_entry_leak_test(struct kunit *test)
{
	struct wdf_statistics before, after;
	unsigned long leaks = wdf_verifier_leaks();
	struct wdf_lookaside *la;
	struct wdf_driver *drv;
	struct wdf_memory *mem;

	wdf_statistics_read(&before);
	drv = wdf_vdriver(test, true, 0);
	KUNIT_ASSERT_EQ(test, __wdf_lookaside_create(drv, NULL, 64,
						     WDF_POOL_NONPAGED, NULL,
						     WDF_VTAG, &la), 0);
	KUNIT_ASSERT_EQ(test, wdf_memory_create_from_lookaside(la, GFP_KERNEL,
							       &mem), 0);
	KUNIT_ASSERT_EQ(test, wdf_object_get(&mem->obj), 0);
	__wdf_driver_delete(drv);
	KUNIT_EXPECT_EQ(test, wdf_verifier_leaks() - leaks, 1);
	wdf_test_quiesce();
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_MEMORY],
			before.live[WDF_TYPE_MEMORY]);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_LOOKASIDE],
			before.live[WDF_TYPE_LOOKASIDE]);
	KUNIT_EXPECT_EQ(test, after.bytes_live, before.bytes_live);
}

/*
 * A sent request pinned past the driver holds its I/O target, which the
 * driver's delete closed and deleted: the request goes first, and the
 * target, whose last reference it held, goes with it unreported.  The
 * other way round, the request's free would drop a reference on a target
 * the verifier had already freed.  Each request on a target of its own,
 * eight times over, so the objects' addresses fall both ways.
 */
static void wdf_verifier_sent_request_leak_test(struct kunit *test)
{
	struct wdf_statistics before, after;
	unsigned long leaks = wdf_verifier_leaks();
	struct wdf_io_target *target;
	struct wdf_request *req;
	struct wdf_device *wdev;
	struct wdf_driver *drv;
	struct device *dev;
	int i;

	dev = kunit_device_register(test, "wdfmem-vsent");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	KUNIT_ASSERT_EQ(test, wdf_device_create(NULL, dev, &wdev), 0);
	wdf_statistics_read(&before);
	drv = wdf_vdriver(test, true, 0);
	for (i = 0; i < 8; i++) {
		KUNIT_ASSERT_EQ(test, __wdf_io_target_open(drv, NULL, wdev, NULL,
							   &target), 0);
		KUNIT_ASSERT_EQ(test, __wdf_io_request_create(drv, NULL, target,
							      &req), 0);
		KUNIT_ASSERT_EQ(test, wdf_object_get(&req->obj), 0);
	}
	__wdf_driver_delete(drv);
	KUNIT_EXPECT_EQ(test, wdf_verifier_leaks() - leaks, 8);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_REQUEST],
			before.live[WDF_TYPE_REQUEST]);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_IOTARGET],
			before.live[WDF_TYPE_IOTARGET]);
}

/* Without the verifier nothing is tracked, so nothing costs more. */
static void wdf_verifier_off_tracks_nothing_test(struct kunit *test)
{
	struct wdf_driver *drv = wdf_vdriver(test, false, 0);
	unsigned long leaks = wdf_verifier_leaks();
	struct wdf_memory *mem;
	void *buf;

	KUNIT_ASSERT_EQ(test, __wdf_memory_create(drv, NULL, WDF_POOL_NONPAGED,
						  GFP_KERNEL, 0, 64, &mem,
						  NULL), 0);
	buf = __wdf_pool_alloc(drv, WDF_POOL_NONPAGED, GFP_KERNEL, 64, WDF_VTAG);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_FALSE(test, wdf_test_verifier_tracking());
	KUNIT_EXPECT_EQ(test, wdf_pool_free(buf, WDF_VTAG), 0);
	__wdf_driver_delete(drv);
	KUNIT_EXPECT_EQ(test, wdf_verifier_leaks(), leaks);
}

/* ObjectLeakDetectionLimit: crossing it reports once, then stays quiet. */
static void wdf_verifier_leak_limit_reported_once_test(struct kunit *test)
{
	struct wdf_driver *drv = wdf_vdriver(test, true, 3);
	struct wdf_memory *mem[6];
	u64 warnings = wdf_kunit_warnings();
	int i;

	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, __wdf_memory_create(drv, NULL,
							  WDF_POOL_NONPAGED,
							  GFP_KERNEL, 0, 16,
							  &mem[i], NULL), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&drv->limited_live), 3);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings);
	for (; i < 6; i++)
		KUNIT_ASSERT_EQ(test, __wdf_memory_create(drv, NULL,
							  WDF_POOL_NONPAGED,
							  GFP_KERNEL, 0, 16,
							  &mem[i], NULL), 0);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	for (i = 0; i < 6; i++)
		wdf_object_delete(&mem[i]->obj);
	KUNIT_EXPECT_EQ(test, atomic_read(&drv->limited_live), 0);
	__wdf_driver_delete(drv);
}

static struct kunit_case wdf_verifier_cases[] = {
	KUNIT_CASE(wdf_verifier_leaks_reported_and_freed_test),
	KUNIT_CASE(wdf_verifier_lookaside_entry_leak_test),
	KUNIT_CASE(wdf_verifier_request_mdl_leak_test),
	KUNIT_CASE(wdf_verifier_partial_mdl_leak_test),
	KUNIT_CASE(wdf_verifier_sent_request_leak_test),
	KUNIT_CASE(wdf_verifier_off_tracks_nothing_test),
	KUNIT_CASE(wdf_verifier_leak_limit_reported_once_test),
	{}
};

static struct kunit_suite wdf_verifier_suite = {
	.name = "wdfmem_verifier",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_verifier_cases,
};

kunit_test_suite(wdf_verifier_suite);
