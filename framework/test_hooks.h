/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hooks the KUnit suites use to reach inside wdfmem (test_hooks.c, built
 * only with CONFIG_KUNIT, exported in the EXPORTED_FOR_KUNIT_TESTING
 * namespace).
 */
#ifndef _WDF_TEST_HOOKS_H
#define _WDF_TEST_HOOKS_H

#include <linux/types.h>

void wdf_test_fail_nth(unsigned int n);
bool wdf_test_fail_disarm(void);
void wdf_test_fail_percent(unsigned int percent);
bool wdf_test_set_verifier(bool on);
void wdf_test_quiesce(void);
bool wdf_test_verifier_tracking(void);
void wdf_test_leaks_text(char *buf, size_t size);
void wdf_test_lookaside_scan(void);
unsigned long wdf_test_lookaside_shrink(unsigned long nr);
struct wdf_object;
bool wdf_test_object_has_tags(struct wdf_object *obj);
bool wdf_test_children_hashed(const void *obj);
int wdf_test_verifier_rank(const struct wdf_object *obj);
struct wdf_object *wdf_test_object_parent(struct wdf_object *obj);
struct wdf_driver;
struct wdf_object *wdf_test_driver_list(struct wdf_driver *drv);
bool wdf_test_spare_keep(bool on);
void *wdf_test_spare(size_t size);
void *wdf_test_request_spare(bool pin);
unsigned long wdf_test_spare_count(void);
unsigned long wdf_test_spare_drain(void);

#endif /* _WDF_TEST_HOOKS_H */
