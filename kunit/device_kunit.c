// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: wdfmem device objects (WDFDEVICE): deleted with their device's binding,
 * never by the driver.
 */

#include <kunit/device.h>
#include "harness.h"

static struct wdf_device *wdf_tdevice(struct kunit *test, struct device **dev)
{
	struct wdf_device *wdev;

	*dev = kunit_device_register(test, "wdfmem-dev");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, *dev);
	KUNIT_ASSERT_EQ(test, wdf_device_create(NULL, *dev, &wdev), 0);
	return wdev;
}

static void wdf_device_unbind_deletes_tree_test(struct kunit *test)
{
	struct device *dev;
	struct wdf_device *wdev = wdf_tdevice(test, &dev);
	struct wdf_object *child = wdf_tnew(test, &wdev->obj, 1);
	u64 warnings = wdf_kunit_warnings();

	wdf_tnew(test, child, 2);
	/* A device object cannot be deleted by the driver... */
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&wdev->obj), -EPERM);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "");
	/* ...only by the device going away. */
	kunit_device_unregister(test, dev);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c2 c1 d2 d1");
}

/* The device behind a device object; anything else is refused. */
static void wdf_device_get_device_checks_type_test(struct kunit *test)
{
	struct device *dev;
	struct wdf_device *wdev = wdf_tdevice(test, &dev);
	struct wdf_object *obj = wdf_tnew(test, NULL, 1);
	u64 warnings = wdf_kunit_warnings();

	KUNIT_EXPECT_PTR_EQ(test, wdf_device_get_device(wdev), dev);
	KUNIT_EXPECT_NULL(test, wdf_device_get_device(NULL));
	KUNIT_EXPECT_NULL(test,
			  wdf_device_get_device((struct wdf_device *)obj));
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 2);
	wdf_object_delete(obj);
}

static struct kunit_case wdf_device_cases[] = {
	KUNIT_CASE(wdf_device_unbind_deletes_tree_test),
	KUNIT_CASE(wdf_device_get_device_checks_type_test),
	{}
};

static struct kunit_suite wdf_device_suite = {
	.name = "wdfmem_device",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_device_cases,
};

kunit_test_suite(wdf_device_suite);
