// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem KUnit harness: the per-case driver object, the leak check and the
 * callback event log.
 */

#include <kunit/device.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
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

static void wdf_kunit_restore_verifier(void *was)
{
	wdf_test_set_verifier(was);
}

/**
 * wdf_kunit_set_verifier() - switch verifier mode for the rest of the case
 * @test: the case
 * @on: the mode
 *
 * The previous mode comes back when the case ends, however it ends (a
 * failed assertion included), or at wdf_kunit_restore().
 */
void wdf_kunit_set_verifier(struct kunit *test, bool on)
{
	bool was = wdf_test_set_verifier(on);
	int ret;

	ret = kunit_add_action_or_reset(test, wdf_kunit_restore_verifier,
					(void *)was);
	KUNIT_ASSERT_EQ(test, ret, 0);
}

static void wdf_kunit_fail_off(void *unused)
{
	wdf_test_fail_disarm();
}

/**
 * wdf_kunit_fail_nth() - fail the calling task's @n-th next allocation
 * @test: the case
 * @n: 1 for the very next framework allocation
 *
 * Disarmed by wdf_kunit_fail_disarm(), or when the case ends however it
 * ends.
 */
void wdf_kunit_fail_nth(struct kunit *test, unsigned int n)
{
	int ret;

	wdf_test_fail_nth(n);
	ret = kunit_add_action_or_reset(test, wdf_kunit_fail_off, NULL);
	KUNIT_ASSERT_EQ(test, ret, 0);
}

/**
 * wdf_kunit_fail_disarm() - stop failing allocations
 * @test: the case
 *
 * Return: true if the armed failure was injected.
 */
bool wdf_kunit_fail_disarm(struct kunit *test)
{
	kunit_remove_action(test, wdf_kunit_fail_off, NULL);
	return wdf_test_fail_disarm();
}

static void wdf_kunit_vfree(void *p)
{
	vfree(p);
}

/**
 * wdf_kunit_vmalloc() - vmalloc memory freed when the case ends
 * @test: the case
 * @size: bytes
 *
 * Freed after the exit hook has deleted the case's objects, so an MDL over
 * it never outlives it.
 *
 * Return: the memory; the case fails and ends if there is none.
 */
void *wdf_kunit_vmalloc(struct kunit *test, size_t size)
{
	void *p = vmalloc(size);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wdf_kunit_vfree, p),
			0);
	return p;
}

struct wdf_req_fixture *wdf_req_setup(struct kunit *test)
{
	struct wdf_req_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	unsigned long addr;
	u8 pat[256];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->dev = kunit_device_register(test, "wdfmem-req");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f->dev);
	KUNIT_ASSERT_EQ(test, wdf_device_create(NULL, f->dev, &f->wdev), 0);
	addr = kunit_vm_mmap(test, NULL, 0, 2 * PAGE_SIZE,
			     PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE,
			     0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	f->user = u64_to_user_ptr((u64)addr);
	for (i = 0; i < 256; i++)
		pat[i] = WDF_UPAT(i);
	KUNIT_ASSERT_EQ(test, copy_to_user(f->user, pat, 256), 0);
	return f;
}

struct wdf_request *wdf_req(struct kunit *test, struct wdf_req_fixture *f,
			    enum wdf_request_type type,
			    enum wdf_ioctl_method method, size_t in_len,
			    size_t out_len)
{
	struct wdf_request_params p = {
		.type = type, .method = method,
		.in = f->user, .in_len = in_len,
		.out = f->user + PAGE_SIZE, .out_len = out_len,
	};
	struct wdf_request *req;

	KUNIT_ASSERT_EQ(test, wdf_request_create(f->wdev, &p, &req), 0);
	return req;
}

static void wdf_kunit_unpin(void *unused)
{
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/**
 * wdf_kunit_pin_cpu() - run the rest of the case on one CPU
 * @test: the case
 * @cpu: the CPU
 *
 * For per-CPU behaviour that must be seen from one CPU; any CPU again when
 * the case ends.
 */
void wdf_kunit_pin_cpu(struct kunit *test, int cpu)
{
	int ret;

	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(cpu)), 0);
	ret = kunit_add_action_or_reset(test, wdf_kunit_unpin, NULL);
	KUNIT_ASSERT_EQ(test, ret, 0);
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
 * driver object itself, and device objects and their queues (their
 * lifetime is a kunit_device_register() device's, which outlives the exit
 * hook), are not counted.
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
		if (t == WDF_TYPE_DEVICE || t == WDF_TYPE_QUEUE || !n)
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
