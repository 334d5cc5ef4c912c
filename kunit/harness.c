// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem KUnit harness: the per-case driver object, the leak check and the
 * callback event log.
 */

#include <linux/module.h>
#include <linux/string.h>
#include "harness.h"

WDF_DRIVER_GLOBALS();

char wdf_kunit_log[512];

struct wdf_kunit_baseline {
	struct wdf_statistics stats;
};

void wdf_kunit_record(const char *fmt, ...)
{
	size_t len = strlen(wdf_kunit_log);
	va_list args;

	if (len && len < sizeof(wdf_kunit_log) - 1)
		wdf_kunit_log[len++] = ' ';
	va_start(args, fmt);
	vsnprintf(wdf_kunit_log + len, sizeof(wdf_kunit_log) - len, fmt, args);
	va_end(args);
}

void wdf_tcleanup(struct wdf_object *obj)
{
	struct wdf_tctx *c = wdf_object_context(obj);

	wdf_kunit_record("c%d", c->id);
}

void wdf_tdestroy(struct wdf_object *obj)
{
	struct wdf_tctx *c = wdf_object_context(obj);

	wdf_kunit_record("d%d", c->id);
}

/* Attributes of a test object: recording callbacks and an id context. */
void wdf_tattr(struct wdf_object_attributes *attr, struct wdf_object *parent)
{
	memset(attr, 0, sizeof(*attr));
	attr->parent = parent;
	attr->cleanup = wdf_tcleanup;
	attr->destroy = wdf_tdestroy;
	attr->context_size = sizeof(struct wdf_tctx);
}

void wdf_tset_id(struct wdf_object *obj, int id)
{
	struct wdf_tctx *c = wdf_object_context(obj);

	c->id = id;
}

struct wdf_object *wdf_tnew(struct kunit *test, struct wdf_object *parent,
			    int id)
{
	struct wdf_object_attributes attr;
	struct wdf_object *obj;

	wdf_tattr(&attr, parent);
	KUNIT_ASSERT_EQ(test, wdf_object_create(&attr, &obj), 0);
	wdf_tset_id(obj, id);
	return obj;
}

u64 wdf_kunit_warnings(void)
{
	struct wdf_statistics s;

	wdf_statistics_read(&s);
	return s.warnings;
}

int wdf_kunit_init(struct kunit *test)
{
	struct wdf_kunit_baseline *b;

	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	wdf_kunit_log[0] = '\0';
	wdf_statistics_read(&b->stats);
	test->priv = b;
	return __wdf_driver_create(THIS_MODULE, "wdfmem_kunit",
				   &wdf_driver_globals);
}

/**
 * wdf_kunit_leftovers() - objects a case made and has not deleted
 * @test: the case
 * @report: report each type with objects left as a failed expectation
 *
 * Counted before the case's driver object is deleted, so an object the case
 * forgot is caught even though deleting the driver would free it.  The
 * driver object itself, and device objects (their lifetime is a
 * kunit_device_register() device's, which outlives the exit hook), are not
 * counted.
 *
 * Return: the number of objects left.
 */
u64 wdf_kunit_leftovers(struct kunit *test, bool report)
{
	struct wdf_kunit_baseline *b = test->priv;
	struct wdf_statistics now;
	u64 left = 0;
	int t;

	wdf_test_quiesce();
	wdf_statistics_read(&now);
	for (t = 0; t < WDF_TYPE_MAX; t++) {
		u64 n = now.live[t] - b->stats.live[t];

		if (t == WDF_TYPE_DRIVER)
			n -= 1;
		if (t == WDF_TYPE_DEVICE || !n)
			continue;
		left += n;
		if (report)
			KUNIT_FAIL(test, "%llu object(s) of type %d left alive by the case",
				   n, t);
	}
	return left;
}

void wdf_kunit_exit(struct kunit *test)
{
	struct wdf_kunit_baseline *b = test->priv;
	struct wdf_statistics now;
	int t;

	wdf_kunit_leftovers(test, true);
	wdf_driver_exit();
	wdf_statistics_read(&now);
	for (t = 0; t < WDF_TYPE_MAX; t++)
		KUNIT_EXPECT_EQ_MSG(test, now.live[t], b->stats.live[t],
				    "objects of type %d leaked", t);
	KUNIT_EXPECT_EQ_MSG(test, now.bytes_live, b->stats.bytes_live,
			    "buffer bytes leaked");
}

MODULE_DESCRIPTION("KUnit suites for wdfmem");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
