// SPDX-License-Identifier: GPL-2.0
/*
 * Hooks the KUnit suites reach inside wdfmem with.  Built only with
 * CONFIG_KUNIT, exported in the EXPORTED_FOR_KUNIT_TESTING namespace.
 */

#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/workqueue.h>
#include <kunit/visibility.h>
#include "wdf_internal.h"
#include "test_hooks.h"

#if WDF_HAVE_FAULT_INJECTION
/**
 * wdf_test_fail_nth() - fail the framework's @n-th next allocation
 * @n: 1 for the very next allocation
 *
 * Only allocations made by the calling task count.  For KUnit tests.
 */
void wdf_test_fail_nth(unsigned int n)
{
	wdf_fail_alloc.verbose = 0;
	wdf_fail_alloc.task_filter = true;
	wdf_fail_alloc.interval = n;
	wdf_fail_alloc.count = 0;
	atomic_set(&wdf_fail_alloc.times, 1);
	atomic_set(&wdf_fail_alloc.space, 0);
	current->make_it_fail = 1;
	WRITE_ONCE(wdf_fail_alloc.probability, 100);
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_fail_nth);

/**
 * wdf_test_fail_percent() - fail a share of the framework's allocations
 * @percent: the probability of each failure, 0 to 100
 *
 * Only allocations made by tasks with make_it_fail set count.  For the
 * KUnit soak.
 */
void wdf_test_fail_percent(unsigned int percent)
{
	wdf_fail_alloc.verbose = 0;
	wdf_fail_alloc.task_filter = true;
	wdf_fail_alloc.interval = 1;
	atomic_set(&wdf_fail_alloc.times, -1);
	atomic_set(&wdf_fail_alloc.space, 0);
	WRITE_ONCE(wdf_fail_alloc.probability, min(percent, 100U));
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_fail_percent);

/**
 * wdf_test_fail_disarm() - stop failing allocations
 *
 * Return: true if the armed failure was injected.
 */
bool wdf_test_fail_disarm(void)
{
	bool fired = atomic_read(&wdf_fail_alloc.times) == 0;

	WRITE_ONCE(wdf_fail_alloc.probability, 0);
	current->make_it_fail = 0;
	atomic_set(&wdf_fail_alloc.times, 1);
	wdf_fail_alloc.interval = 1;
	return fired;
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_fail_disarm);
#endif

/**
 * wdf_test_set_verifier() - switch verifier mode, for KUnit tests
 * @on: the new mode
 *
 * Return: the previous mode.
 */
bool wdf_test_set_verifier(bool on)
{
	bool was = READ_ONCE(wdf_verifier);

	WRITE_ONCE(wdf_verifier, on);
	return was;
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_set_verifier);

/**
 * wdf_test_quiesce() - finish the deferred destroys of deleted objects
 *
 * A deleted lookaside list is destroyed after an RCU grace period, from a
 * work item, once its last entry is back: wait for both.
 */
void wdf_test_quiesce(void)
{
	rcu_barrier();
	flush_workqueue(wdf_wq);
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_quiesce);

/**
 * wdf_test_verifier_tracking() - is any object or buffer tracked?
 *
 * Return: true if the verifier tracks anything now.  For KUnit tests.
 */
bool wdf_test_verifier_tracking(void)
{
	return wdf_verifier_tracking();
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_verifier_tracking);

/**
 * wdf_test_verifier_rank() - where a leaked object comes in the verifier's frees
 * @obj: a live object the caller holds
 *
 * Return: wdf_verifier_rank(@obj): the highest is freed first.  For KUnit
 * tests.
 */
int wdf_test_verifier_rank(const struct wdf_object *obj)
{
	return wdf_verifier_rank(obj);
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_verifier_rank);

/**
 * wdf_test_leaks_text() - what debugfs "leaks" shows
 * @buf: receives the text, NUL-terminated
 * @size: bytes of @buf
 */
void wdf_test_leaks_text(char *buf, size_t size)
{
	struct seq_file m = { .buf = buf, .size = size - 1 };

	wdf_verifier_leaks_show(&m);
	buf[min(m.count, size - 1)] = '\0';
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_leaks_text);

/**
 * wdf_test_lookaside_scan() - run the lookaside depth scan now
 *
 * As the periodic work does it, without waiting for the period.
 */
void wdf_test_lookaside_scan(void)
{
	wdf_lookaside_scan_now();
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_lookaside_scan);

/**
 * wdf_test_lookaside_shrink() - what the kernel's reclaim asks of the lists
 * @nr: free entries to ask for
 *
 * Return: the free entries given back.
 */
unsigned long wdf_test_lookaside_shrink(unsigned long nr)
{
	return wdf_lookaside_shrink(nr);
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_lookaside_shrink);

/**
 * wdf_test_object_has_tags() - does @obj track tagged references?
 * @obj: the object
 *
 * Return: true once a tagged reference was taken with the verifier on.
 */
bool wdf_test_object_has_tags(struct wdf_object *obj)
{
	return wdf_object_has_tags(obj);
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_object_has_tags);

/**
 * wdf_test_children_hashed() - is a hashed child list kept for @obj?
 * @obj: the address of a memory object, an MDL or a request's embedded
 *       object; it may be freed already
 *
 * Return: true while the hash table holds a child list for that address.
 */
bool wdf_test_children_hashed(const void *obj)
{
	return wdf_object_children_hashed(obj);
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_children_hashed);

/**
 * wdf_test_object_parent() - the parent @obj was created under
 * @obj: an attached object
 *
 * Return: as wdf_object_parent(): the driver object, not its child list,
 * for an object created under the driver.
 */
struct wdf_object *wdf_test_object_parent(struct wdf_object *obj)
{
	return wdf_object_parent(obj);
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_object_parent);

/**
 * wdf_test_driver_list() - the list of @drv's children this thread joins
 * @drv: the driver
 *
 * Return: the list's object, what an object this thread creates under
 * @drv has as its parent pointer.
 */
struct wdf_object *wdf_test_driver_list(struct wdf_driver *drv)
{
	return wdf_driver_list(drv);
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_driver_list);

/**
 * wdf_test_spare_keep() - keep freed blocks per CPU, or stop
 * @on: keep them (always so on a kernel without KASAN)
 *
 * Return: the previous setting.  For KUnit tests, which turn keeping on
 * where KASAN turns it off; stopping gives back what is kept.
 */
bool wdf_test_spare_keep(bool on)
{
	return wdf_spare_keep(on);
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_spare_keep);

/**
 * wdf_test_spare() - the block the calling CPU keeps for a size
 * @size: any size of the block's class
 *
 * Return: the block, or NULL.  For KUnit tests, pinned to a CPU.
 */
void *wdf_test_spare(size_t size)
{
	return wdf_spare_peek(size);
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_spare);

/**
 * wdf_test_request_spare() - the block the calling CPU keeps for requests
 * @pin: for one with room for an MDL
 *
 * Return: it, or NULL.  For KUnit tests, pinned to a CPU.
 */
void *wdf_test_request_spare(bool pin)
{
	return wdf_request_spare(pin);
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_request_spare);

/**
 * wdf_test_spare_count() - the blocks all CPUs keep, as the shrinker counts
 *
 * Return: how many.
 */
unsigned long wdf_test_spare_count(void)
{
	return wdf_spare_count();
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_spare_count);

/**
 * wdf_test_spare_drain() - give back every block the CPUs keep
 *
 * Return: how many there were, as the shrinker would count them.
 */
unsigned long wdf_test_spare_drain(void)
{
	return wdf_spare_drain();
}
EXPORT_SYMBOL_IF_KUNIT(wdf_test_spare_drain);
