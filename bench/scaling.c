// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem_bench: throughput from two CPUs at once against one.
 *
 * One thread bound to the first CPU runs a create+delete loop alone; then
 * two threads, one bound to each of the first two CPUs, run the same loop
 * at once.  The speedup is twice the first time over the second, each the
 * best of nine.  Only meaningful where the vCPUs really run in parallel:
 * make bench boots a guest without -icount for it (multi-threaded TCG).
 */

#include <linux/cache.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <wdf/wdf.h>
#include "bench.h"

#define SCALING_LOOPS	200000
#define SCALING_RUNS	9

struct scaling_run {
	int (*op)(void *ctx);
	void *ctx;
	atomic_t *go;
	int ret;
	struct completion done;
} ____cacheline_aligned;

static int scaling_kmalloc(void *ctx)
{
	void *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	OPTIMIZER_HIDE_VAR(p);
	kfree(p);
	return 0;
}

static int scaling_devm(void *ctx)
{
	struct device *dev = ctx;
	void *p = devm_kmalloc(dev, 64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	devm_kfree(dev, p);
	return 0;
}

static int scaling_memory(void *ctx)
{
	struct wdf_memory *mem;
	int ret;

	ret = wdf_memory_create(NULL, WDF_POOL_NONPAGED, GFP_KERNEL, 0, 64,
				&mem, NULL);
	if (!ret)
		wdf_object_delete(&mem->obj);
	return ret;
}

static int scaling_lookaside(void *ctx)
{
	struct wdf_memory *mem;
	int ret;

	ret = wdf_memory_create_from_lookaside(ctx, GFP_KERNEL, &mem);
	if (!ret)
		wdf_object_delete(&mem->obj);
	return ret;
}

/*
 * The loop writes nothing but what @op writes: the two threads' runs sit
 * side by side in one array, and a store to each per loop would bounce
 * their shared cache line between the CPUs (the kmalloc peer, the
 * shortest loop, read 1.09-1.77 that way).
 */
static int scaling_thread(void *arg)
{
	struct scaling_run *r = arg;
	int i, ret = 0;

	while (!atomic_read_acquire(r->go))
		cpu_relax();
	for (i = 0; i < SCALING_LOOPS && !ret; i++)
		ret = r->op(r->ctx);
	r->ret = ret;
	complete(&r->done);
	return 0;
}

/* Run @op on @ncpu threads at once; return the nanoseconds it took. */
static int scaling_time(int (*op)(void *ctx), void *ctx, int ncpu, u64 *ns)
{
	struct scaling_run r[2];
	struct task_struct *t[2];
	atomic_t go = ATOMIC_INIT(0);
	int i, ret = 0;
	u64 t0;

	for (i = 0; i < ncpu; i++) {
		r[i] = (struct scaling_run){ .op = op, .ctx = ctx, .go = &go };
		init_completion(&r[i].done);
		t[i] = kthread_create(scaling_thread, &r[i], "wdfmem-scale/%d", i);
		if (IS_ERR(t[i])) {
			ret = PTR_ERR(t[i]);
			while (i--)
				kthread_stop(t[i]);
			return ret;
		}
		kthread_bind(t[i], cpumask_nth(i, cpu_online_mask));
	}
	/* Every thread exists before any runs: none outlives this frame. */
	for (i = 0; i < ncpu; i++)
		wake_up_process(t[i]);
	t0 = ktime_get_ns();
	atomic_set_release(&go, 1);
	for (i = 0; i < ncpu; i++) {
		wait_for_completion(&r[i].done);
		ret = ret ?: r[i].ret;
	}
	*ns = ktime_get_ns() - t0;
	return ret;
}

/* Best of SCALING_RUNS each: the guest's clock is the host's, shared. */
static int scaling_one(const char *name, int (*op)(void *ctx), void *ctx)
{
	u64 one = U64_MAX, two = U64_MAX, a, b, x100;
	int ret = 0, run;

	for (run = 0; run < SCALING_RUNS && !ret; run++) {
		ret = scaling_time(op, ctx, 1, &a) ?:
		      scaling_time(op, ctx, 2, &b);
		one = min(one, a);
		two = min(two, b);
	}
	if (ret)
		return ret;
	x100 = div64_u64(2 * one * 100, max_t(u64, two, 1));
	pr_info("wdfmem-bench: scaling %-36s 1 CPU %6llu ns/op  2 CPUs %6llu ns/op  speedup %llu.%02llu (target >= 1.80)\n",
		name, div64_u64(one, SCALING_LOOPS),
		div64_u64(two, 2 * SCALING_LOOPS), x100 / 100, x100 % 100);
	return 0;
}

/**
 * bench_scaling() - the scaling lines
 * @dev: the device the devres peer works on
 *
 * Return: 0, -ENODEV with fewer than two CPUs, or a negative errno.
 */
int bench_scaling(struct device *dev)
{
	struct wdf_lookaside *la;
	int ret;

	if (num_online_cpus() < 2)
		return -ENODEV;
	ret = scaling_one("kmalloc+kfree 64 B (peer)", scaling_kmalloc, NULL) ?:
	      scaling_one("devm_kmalloc+devm_kfree 64 B (peer)", scaling_devm,
			  dev) ?:
	      scaling_one("memory create+delete 64 B", scaling_memory, NULL);
	if (ret)
		return ret;
	ret = wdf_lookaside_create(NULL, 256, WDF_POOL_NONPAGED, NULL, 0, &la);
	if (ret)
		return ret;
	ret = scaling_one("lookaside entry create+delete 256 B",
			  scaling_lookaside, la);
	wdf_object_delete(&la->obj);
	return ret;
}
