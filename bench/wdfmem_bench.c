// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem_bench: wdfmem against the raw Linux calls it is built on, in the
 * same run, as the design's targets state them.  Loaded by "make bench" on
 * the perf kernel; prints one "wdfmem-bench:" line per comparison while it
 * loads and frees what the comparisons made before init returns; then it
 * holds objects on request for the slab-bytes figures (bytes.c).
 *
 * Each figure is the best of five runs of a timed loop, in ns per
 * operation of the guest's clock.
 */

#include <linux/device.h>
#include <linux/ktime.h>
#include <linux/mempool.h>
#include <linux/module.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <wdf/wdf.h>
#include <wdf/compat.h>
#include "bench.h"

WDF_DRIVER_GLOBALS();

static bool bench_scaling_only;
module_param_named(scaling, bench_scaling_only, bool, 0444);
MODULE_PARM_DESC(scaling, "run only the two-CPU scaling comparisons (a guest whose vCPUs run in parallel)");

static char *bench_only;
module_param_named(only, bench_only, charp, 0444);
MODULE_PARM_DESC(only, "run only this comparison: memory, lookaside, copy, tree, growth, or none (for qemu/profile.sh)");

/* Is @name to run? */
static bool bench_runs(const char *name)
{
	return !bench_only || !strcmp(bench_only, name);
}

static bool bench_halt;
module_param_named(halt, bench_halt, bool, 0444);
MODULE_PARM_DESC(halt, "power the machine off when done (the UML benchmark kernel, built in)");

#define BENCH_LOOPS	100000
#define BENCH_RUNS	5
#define BENCH_TREE	100000
#define WDF_BENCH_POOL_MIN	4	/* a lookaside list's minimum depth */

/* Sizes and lengths read at run time, so the compiler cannot fold them. */
static size_t bench_sizes[] = { 64, 256, 1024, 2048 };
static size_t bench_copy[] = { 64, 4096 };

struct bench_pair {
	u64 wdf_ps;	/* picoseconds per operation */
	u64 base_ps;
};

static u64 bench_per_op_ps(u64 t0, u64 loops)
{
	return div64_u64((ktime_get_ns() - t0) * 1000, loops);
}

static void bench_report(const char *name, struct bench_pair *p,
			 const char *target)
{
	u64 ratio = div64_u64(p->wdf_ps * 100, max_t(u64, p->base_ps, 1));

	pr_info("wdfmem-bench: %-36s wdfmem %7llu.%01llu ns  linux %7llu.%01llu ns  ratio %llu.%02llu  (target %s)\n",
		name, p->wdf_ps / 1000, p->wdf_ps % 1000 / 100,
		p->base_ps / 1000, p->base_ps % 1000 / 100, ratio / 100,
		ratio % 100, target);
}

static void bench_keep_min(struct bench_pair *best, u64 wdf, u64 base)
{
	best->wdf_ps = min(best->wdf_ps, wdf);
	best->base_ps = min(best->base_ps, base);
}

/*
 * A parented memory object against its two peers: a bare kmalloc + kfree,
 * and the Linux call that does the same job, devm_kmalloc + devm_kfree
 * (memory tracked on a device's list and freed with it).
 */
static int bench_memory(struct device *dev, size_t size)
{
	struct bench_pair best = { U64_MAX, U64_MAX };
	u64 devm_best = U64_MAX;
	struct wdf_memory *mem;
	char name[48];
	int run, i;

	for (run = 0; run < BENCH_RUNS; run++) {
		u64 t0, base, devm, wdf;
		void *p;

		t0 = ktime_get_ns();
		for (i = 0; i < BENCH_LOOPS; i++) {
			p = kmalloc(size, GFP_KERNEL);
			OPTIMIZER_HIDE_VAR(p);
			kfree(p);
		}
		base = bench_per_op_ps(t0, BENCH_LOOPS);
		t0 = ktime_get_ns();
		for (i = 0; i < BENCH_LOOPS; i++) {
			p = devm_kmalloc(dev, size, GFP_KERNEL);
			if (!p)
				return -ENOMEM;
			devm_kfree(dev, p);
		}
		devm = bench_per_op_ps(t0, BENCH_LOOPS);
		t0 = ktime_get_ns();
		for (i = 0; i < BENCH_LOOPS; i++) {
			if (wdf_memory_create(NULL, WDF_POOL_NONPAGED, GFP_KERNEL,
					      0, size, &mem, NULL))
				return -ENOMEM;
			wdf_object_delete(&mem->obj);
		}
		wdf = bench_per_op_ps(t0, BENCH_LOOPS);
		bench_keep_min(&best, wdf, base);
		devm_best = min(devm_best, devm);
	}
	snprintf(name, sizeof(name), "memory create+delete %zu B", size);
	bench_report(name, &best, "<= 1.30 x kmalloc+kfree");
	best.base_ps = devm_best;
	strscpy(name, "  vs devm_kmalloc+devm_kfree", sizeof(name));
	bench_report(name, &best, "<= 1.00 x devm_kmalloc+devm_kfree");
	return 0;
}

/*
 * A lookaside entry against a zeroing kmem_cache, and against a mempool
 * over that cache (entries held in reserve, as a lookaside list holds
 * free entries), zeroed the same way.
 */
static int bench_lookaside(size_t size)
{
	struct bench_pair best = { U64_MAX, U64_MAX };
	u64 pool_best = U64_MAX;
	struct wdf_lookaside *la;
	struct kmem_cache *cache;
	struct wdf_memory *mem;
	mempool_t *pool;
	int run, i, ret = 0;

	cache = kmem_cache_create("wdfmem_bench", size, 0, SLAB_NO_MERGE, NULL);
	if (!cache)
		return -ENOMEM;
	pool = mempool_create_slab_pool(WDF_BENCH_POOL_MIN, cache);
	if (!pool) {
		ret = -ENOMEM;
		goto out_cache;
	}
	ret = wdf_lookaside_create(NULL, size, WDF_POOL_NONPAGED, NULL, 0, &la);
	if (ret)
		goto out_pool;
	for (run = 0; run < BENCH_RUNS; run++) {
		u64 t0, base, wdf, mp;
		void *p;

		t0 = ktime_get_ns();
		for (i = 0; i < BENCH_LOOPS; i++) {
			/* Zeroed: a lookaside entry below PAGE_SIZE is, as in KMDF. */
			p = kmem_cache_zalloc(cache, GFP_KERNEL);
			OPTIMIZER_HIDE_VAR(p);
			kmem_cache_free(cache, p);
		}
		base = bench_per_op_ps(t0, BENCH_LOOPS);
		t0 = ktime_get_ns();
		for (i = 0; i < BENCH_LOOPS; i++) {
			p = mempool_alloc(pool, GFP_KERNEL);
			memset(p, 0, size);
			OPTIMIZER_HIDE_VAR(p);
			mempool_free(p, pool);
		}
		mp = bench_per_op_ps(t0, BENCH_LOOPS);
		pool_best = min(pool_best, mp);
		t0 = ktime_get_ns();
		for (i = 0; i < BENCH_LOOPS; i++) {
			ret = wdf_memory_create_from_lookaside(la, GFP_KERNEL, &mem);
			if (ret)
				goto out_list;
			wdf_object_delete(&mem->obj);
		}
		wdf = bench_per_op_ps(t0, BENCH_LOOPS);
		bench_keep_min(&best, wdf, base);
	}
	bench_report("lookaside entry create+delete 256 B", &best,
		     "<= 1.30 x kmem_cache_zalloc+free");
	best.base_ps = pool_best;
	bench_report("  vs mempool_alloc+free, zeroed", &best,
		     "none: a peer for reference");
out_list:
	wdf_object_delete(&la->obj);
out_pool:
	mempool_destroy(pool);
out_cache:
	kmem_cache_destroy(cache);
	return ret;
}

static int bench_copies(size_t len)
{
	struct bench_pair best = { U64_MAX, U64_MAX };
	struct wdf_memory *mem;
	u8 *dst;
	int run, i, ret;
	char name[48];

	dst = kmalloc(len, GFP_KERNEL);
	if (!dst)
		return -ENOMEM;
	ret = wdf_memory_create(NULL, WDF_POOL_NONPAGED, GFP_KERNEL | __GFP_ZERO,
				0, len, &mem, NULL);
	if (ret)
		goto out;
	for (run = 0; run < BENCH_RUNS; run++) {
		size_t n = READ_ONCE(len);
		u64 t0, base, wdf;
		void *src = wdf_memory_get_buffer(mem, NULL);

		t0 = ktime_get_ns();
		for (i = 0; i < BENCH_LOOPS; i++) {
			OPTIMIZER_HIDE_VAR(src);
			memcpy(dst, src, n);
			OPTIMIZER_HIDE_VAR(dst);
		}
		base = bench_per_op_ps(t0, BENCH_LOOPS);
		t0 = ktime_get_ns();
		for (i = 0; i < BENCH_LOOPS; i++) {
			ret = wdf_memory_copy_to_buffer(mem, 0, dst, n);
			OPTIMIZER_HIDE_VAR(dst);
		}
		wdf = bench_per_op_ps(t0, BENCH_LOOPS);
		bench_keep_min(&best, wdf, base);
	}
	snprintf(name, sizeof(name), "checked copy %zu B", len);
	bench_report(name, &best, len <= 64 ?
		     "<= 10 instructions (TCG), 3 ns (UML) more than memcpy" :
		     ">= 0.97 x memcpy throughput, ratio <= 1.03");
	wdf_object_delete(&mem->obj);
out:
	kfree(dst);
	return ret;
}

static void bench_noop(void *data)
{
}

static int bench_tree(struct device *dev)
{
	struct bench_pair best = { U64_MAX, U64_MAX };
	struct wdf_object_attributes attr = {};
	struct wdf_object *parent, *child;
	int run, i, ret = 0;

	for (run = 0; run < 3 && !ret; run++) {
		u64 t0, base, wdf;
		void *group;

		group = devres_open_group(dev, NULL, GFP_KERNEL);
		if (!group) {
			ret = -ENOMEM;
			break;
		}
		for (i = 0; i < BENCH_TREE && !ret; i++)
			ret = devm_add_action(dev, bench_noop, NULL);
		devres_close_group(dev, group);
		t0 = ktime_get_ns();
		devres_release_group(dev, group);
		base = bench_per_op_ps(t0, BENCH_TREE);

		ret = ret ?: wdf_object_create(NULL, &parent);
		if (ret)
			break;
		attr.parent = parent;
		for (i = 0; i < BENCH_TREE && !ret; i++)
			ret = wdf_object_create(&attr, &child);
		t0 = ktime_get_ns();
		wdf_object_delete(parent);
		wdf = bench_per_op_ps(t0, BENCH_TREE);
		bench_keep_min(&best, wdf, base);
	}
	if (!ret)
		bench_report("delete a parent of 100000 children", &best,
			     "<= 1.20 x devres release");
	return ret;
}

static int __init bench_init(void)
{
	static const char * const names[] = {
		"memory", "lookaside", "copy", "tree", "growth", "none",
	};
	struct device *dev;
	size_t i;
	int ret;

	if (bench_only && match_string(names, ARRAY_SIZE(names), bench_only) < 0) {
		pr_err("wdfmem-bench: only=%s: no such comparison\n", bench_only);
		return -EINVAL;
	}
	ret = wdf_driver_init();
	if (ret)
		return ret;
	/* The device the devres peers work on. */
	dev = root_device_register("wdfmem_bench");
	if (IS_ERR(dev)) {
		wdf_driver_exit();
		return PTR_ERR(dev);
	}
	if (bench_scaling_only) {
		ret = bench_scaling(dev);
		goto done;
	}
	pr_info("wdfmem-bench: %d loops, best of %d runs, per operation\n",
		BENCH_LOOPS, BENCH_RUNS);
	for (i = 0; i < ARRAY_SIZE(bench_sizes) && !ret && bench_runs("memory"); i++)
		ret = bench_memory(dev, READ_ONCE(bench_sizes[i]));
	if (!ret && bench_runs("lookaside"))
		ret = bench_lookaside(256);
	for (i = 0; i < ARRAY_SIZE(bench_copy) && !ret && bench_runs("copy"); i++)
		ret = bench_copies(READ_ONCE(bench_copy[i]));
	if (!ret && bench_runs("tree"))
		ret = bench_tree(dev);
	if (!ret && bench_runs("growth"))
		ret = bench_growth(dev);
done:
	root_device_unregister(dev);
	if (ret) {
		pr_err("wdfmem-bench: failed: %d\n", ret);
		wdf_driver_exit();
		if (bench_halt)
			kernel_power_off();
		return ret;
	}
	pr_info("wdfmem-bench: done\n");
	if (bench_halt)
		kernel_power_off();
	/* The per-I/O comparison is timed from user space (tools/null-bench). */
	ret = bench_null_init();
	if (ret) {
		pr_err("wdfmem-bench: null devices: %d\n", ret);
		wdf_driver_exit();
		return ret;
	}
	bench_bytes_init();
	return 0;
}

static void __exit bench_exit(void)
{
	bench_bytes_exit();
	bench_null_exit();
	wdf_driver_exit();
}

#ifdef MODULE
module_init(bench_init);
#else
/*
 * Built in (the UML benchmark kernel): after every late initcall, so the
 * console that prints the figures is registered before halt powers off.
 */
late_initcall_sync(bench_init);
#endif
module_exit(bench_exit);
MODULE_DESCRIPTION("wdfmem benchmarks against raw Linux");
MODULE_LICENSE("GPL");
