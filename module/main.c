// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem: the KMDF memory-buffer model on Linux.  Module setup, the
 * framework-wide statistics and the fault point.
 */

#include <linux/module.h>
#include <linux/stackdepot.h>
#include <linux/workqueue.h>
#include <kunit/visibility.h>
#include "wdf_internal.h"
#include "wdf_test_hooks.h"
#define CREATE_TRACE_POINTS
#include "wdf_trace.h"

DEFINE_PER_CPU(struct wdf_stats, wdf_stats);
struct percpu_counter wdf_bytes_live;
atomic64_t wdf_bytes_peak;
WDF_DEFINE_FAIL_ATTR(wdf_fail_alloc);
struct workqueue_struct *wdf_wq;

/*
 * Account buffer bytes.  The peak is kept against percpu_counter_read(),
 * the approximate global count, so it costs one shared read per call and
 * is exact to within the per-CPU batch.
 */
void wdf_bytes_add(s64 bytes)
{
	s64 now, peak;

	percpu_counter_add(&wdf_bytes_live, bytes);
	if (bytes <= 0)
		return;
	now = percpu_counter_read(&wdf_bytes_live);
	peak = atomic64_read(&wdf_bytes_peak);
	while (now > peak && !atomic64_try_cmpxchg(&wdf_bytes_peak, &peak, now))
		;
}

/**
 * wdf_statistics_read() - read the framework-wide counters
 * @s: receives them
 */
void wdf_statistics_read(struct wdf_statistics *s)
{
	int cpu, t;

	memset(s, 0, sizeof(*s));
	for_each_possible_cpu(cpu) {
		const struct wdf_stats *p = per_cpu_ptr(&wdf_stats, cpu);

		for (t = 0; t < WDF_TYPE_MAX; t++) {
			s->total[t] += READ_ONCE(p->created[t]);
			s->live[t] += READ_ONCE(p->created[t]) -
				      READ_ONCE(p->freed[t]);
		}
		s->copies_rejected += READ_ONCE(p->copies_rejected);
		s->warnings += READ_ONCE(p->warnings);
		s->dma_mapped_bytes += READ_ONCE(p->dma_mapped_bytes);
		for (t = 0; t < WDF_DMA_BOUNCE_REASONS; t++)
			s->dma_bounced_bytes[t] +=
				READ_ONCE(p->dma_bounced_bytes[t]);
	}
	s->bytes_live = percpu_counter_sum(&wdf_bytes_live);
	s->bytes_peak = max(atomic64_read(&wdf_bytes_peak), s->bytes_live);
}
EXPORT_SYMBOL_GPL(wdf_statistics_read);

#if IS_ENABLED(CONFIG_KUNIT) && WDF_HAVE_FAULT_INJECTION
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

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * wdf_test_set_verifier() - switch verifier mode, for KUnit tests
 * @on: the new mode
 *
 * Return: the previous mode.
 */
bool wdf_test_set_verifier(bool on)
{
	bool was = wdf_verifier;

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
#endif

static int __init wdf_init(void)
{
	int ret;

	ret = percpu_counter_init(&wdf_bytes_live, 0, GFP_KERNEL);
	if (ret)
		return ret;
	wdf_wq = alloc_workqueue("wdfmem", 0, 0);
	if (!wdf_wq) {
		percpu_counter_destroy(&wdf_bytes_live);
		return -ENOMEM;
	}
	/* Stacks of tagged references, when the kernel has a stack depot. */
	if (IS_ENABLED(CONFIG_STACKDEPOT))
		stack_depot_init();
	wdf_debugfs_init();
	pr_info("wdfmem: loaded%s\n", wdf_verifier ? " (verifier on)" : "");
	return 0;
}

static void __exit wdf_exit(void)
{
	wdf_debugfs_exit();
	/* Lookaside teardowns run after an RCU grace period, then as work. */
	rcu_barrier();
	destroy_workqueue(wdf_wq);
	wdf_tags_exit();
	wdf_verifier_exit();
	percpu_counter_destroy(&wdf_bytes_live);
}

module_init(wdf_init);
module_exit(wdf_exit);
MODULE_DESCRIPTION("wdfmem: the KMDF memory-buffer model");
MODULE_LICENSE("GPL");
