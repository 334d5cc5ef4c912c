/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared fixtures of the wdfmem KUnit suites.
 *
 * Every case runs under a fresh driver object (wdf_driver_globals), made in
 * wdf_kunit_init() and deleted in wdf_kunit_exit(), which then checks that
 * the framework's live objects and bytes are back where the case started:
 * a case that leaks fails.  Callbacks of test objects append "c<id>"
 * (cleanup) and "d<id>" (destroy) to an event log the case can compare.
 */
#ifndef _WDF_KUNIT_HARNESS_H
#define _WDF_KUNIT_HARNESS_H

#include <kunit/test.h>
#include <wdf/wdf.h>
#include "test_hooks.h"
#include "wdf_objects.h"

/* Context of a test object: an id for the event log. */
struct wdf_tctx {
	int id;
};

extern char wdf_kunit_log[512];

int wdf_kunit_init(struct kunit *test);
void wdf_kunit_exit(struct kunit *test);
void wdf_kunit_record(const char *fmt, ...) __printf(1, 2);
void wdf_tcleanup(struct wdf_object *obj);
void wdf_tdestroy(struct wdf_object *obj);
void wdf_tattr(struct wdf_object_attributes *attr, struct wdf_object *parent);
struct wdf_object *wdf_tnew(struct kunit *test, struct wdf_object *parent,
			    int id);
void wdf_tset_id(struct wdf_object *obj, int id);
u64 wdf_kunit_warnings(void);
void wdf_kunit_set_verifier(struct kunit *test, bool on);
void wdf_kunit_fail_nth(struct kunit *test, unsigned int n);
bool wdf_kunit_fail_disarm(struct kunit *test);
u64 wdf_kunit_leftovers(struct kunit *test, bool report);

/*
 * A request fixture: a device from kunit_device_register() with its device
 * object, and two pages of user memory from kunit_vm_mmap(), the first
 * filled with WDF_UPAT().
 */
struct wdf_req_fixture {
	struct device *dev;
	struct wdf_device *wdev;
	u8 __user *user;	/* two pages of user memory, pattern-filled */
};

#define WDF_UPAT(i)	((u8)(((i) * 3 + 1) & 0xff))

struct wdf_req_fixture *wdf_req_setup(struct kunit *test);
struct wdf_request *wdf_req(struct kunit *test, struct wdf_req_fixture *f,
			    enum wdf_request_type type,
			    enum wdf_ioctl_method method, size_t in_len,
			    size_t out_len);

void *wdf_kunit_vmalloc(struct kunit *test, size_t size);
void wdf_kunit_pin_cpu(struct kunit *test, int cpu);

/*
 * The copy boundary matrix (copy_matrix.c): each row an offset, a length
 * and the errno expected, for a buffer of WDF_COPY_SIZE bytes.
 */
#define WDF_COPY_SIZE	64

struct wdf_copy_case {
	size_t offset;
	size_t count;
	int expect;
	const char *name;
};

/* Something with checked copies: a memory object or an MDL. */
struct wdf_copy_target {
	/* Make one over @size bytes; return its bytes, set @handle. */
	void *(*create)(struct kunit *test, size_t size, void **handle);
	int (*to)(void *handle, size_t offset, void *buffer, size_t count);
	int (*from)(void *handle, size_t offset, const void *buffer,
		    size_t count);
	void (*destroy)(void *handle);
};

const void *wdf_copy_params(const void *prev, char *desc);
void wdf_copy_matrix_run(struct kunit *test, const struct wdf_copy_target *t,
			 bool to_buffer);

/*
 * Exported by mm/kasan with CONFIG_KASAN_KUNIT_TEST but declared only in
 * mm/kasan/kasan.h: the calls a suite makes to expect a KASAN report.
 */
bool kasan_save_enable_multi_shot(void);
void kasan_restore_multi_shot(bool enabled);
void kasan_kunit_test_suite_start(void);
void kasan_kunit_test_suite_end(void);

#endif /* _WDF_KUNIT_HARNESS_H */
