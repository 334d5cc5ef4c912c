// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem: the KMDF memory-buffer model on Linux.  Module setup and
 * teardown, the framework's workqueue and fault point, and the one place
 * the tracepoints are instantiated.
 */

#include <linux/module.h>
#include <linux/ratelimit.h>
#include <linux/stackdepot.h>
#include <linux/workqueue.h>
#include "wdf_internal.h"
#define CREATE_TRACE_POINTS
#include "wdf_trace.h"

WDF_DEFINE_FAIL_ATTR(wdf_fail_alloc);
struct workqueue_struct *wdf_wq;

/**
 * wdf_misuse() - report a call KMDF would answer with a bugcheck
 * @fmt: what was wrong, printf-style
 *
 * Counts it in the "warnings" statistic, prints "wdfmem: misuse: ..."
 * (rate-limited), and with the verifier on dumps the caller's stack.
 */
void wdf_misuse(const char *fmt, ...)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	struct va_format vaf;
	va_list args;

	this_cpu_inc(wdf_stats.warnings);
	if (__ratelimit(&rs)) {
		va_start(args, fmt);
		vaf.fmt = fmt;
		vaf.va = &args;
		pr_warn("wdfmem: misuse: %pV\n", &vaf);
		va_end(args);
	}
	if (READ_ONCE(wdf_verifier))
		dump_stack();
}

static int __init wdf_init(void)
{
	int ret;

	wdf_wq = alloc_workqueue("wdfmem", 0, 0);
	if (!wdf_wq)
		return -ENOMEM;
	wdf_object_tables_init();
	ret = wdf_lookaside_init();
	if (ret)
		goto err_wq;
	ret = wdf_spare_init();
	if (ret)
		goto err_lookaside;
	/* Stacks of tagged references, when the kernel has a stack depot. */
	if (IS_ENABLED(CONFIG_STACKDEPOT))
		stack_depot_init();
	wdf_debugfs_init();
	pr_info("wdfmem: loaded%s\n",
		READ_ONCE(wdf_verifier) ? " (verifier on)" : "");
	return 0;

err_lookaside:
	wdf_lookaside_exit();
err_wq:
	destroy_workqueue(wdf_wq);
	return ret;
}

static void __exit wdf_exit(void)
{
	wdf_debugfs_exit();
	/* Lookaside teardowns run after an RCU grace period, then as work. */
	rcu_barrier();
	flush_workqueue(wdf_wq);
	wdf_lookaside_exit();
	wdf_spare_exit();
	destroy_workqueue(wdf_wq);
	/* The last hashed child lists are freed after a grace period. */
	rcu_barrier();
	wdf_tags_exit();
	wdf_verifier_exit();
}

module_init(wdf_init);
module_exit(wdf_exit);
MODULE_DESCRIPTION("wdfmem: the KMDF memory-buffer model");
MODULE_LICENSE("GPL");
