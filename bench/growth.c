// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem_bench: how costs grow with the number of live objects.
 *
 * For N from 1 to 100,000 objects of 64 bytes on one parent (a wdfmem
 * object; a device's devres list for the peer): the cost of deleting the
 * oldest and creating a replacement, so N stays N (devm_kfree searches its
 * device's list from the newest entry, so the oldest is its far end); and
 * the cost per child of deleting a whole tree of N (devres: releasing a
 * group of N).  One "wdfmem-bench: growth" line per N.
 */

#include <linux/device.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <wdf/wdf.h>
#include "bench.h"

#define GROWTH_SIZE	64
#define GROWTH_TURNS	1000
#define GROWTH_RUNS	3
#define GROWTH_TREE_CHILDREN	100000

static const unsigned int growth_n[] = { 1, 10, 100, 1000, 10000, 100000 };

static void growth_noop(void *data)
{
}

/* Delete the oldest of @n memory objects under a parent and replace it. */
static int growth_wdf_turns(unsigned int n, u64 *ps)
{
	struct wdf_object_attributes attr = {};
	struct wdf_memory **ring;
	struct wdf_object *parent;
	unsigned int i, head = 0;
	int ret;
	u64 t0;

	ring = kvmalloc_array(n, sizeof(*ring), GFP_KERNEL);
	if (!ring)
		return -ENOMEM;
	ret = wdf_object_create(NULL, &parent);
	if (ret)
		goto out;
	attr.parent = parent;
	for (i = 0; i < n && !ret; i++)
		ret = wdf_memory_create(&attr, WDF_POOL_NONPAGED, GFP_KERNEL, 0,
					GROWTH_SIZE, &ring[i], NULL);
	t0 = ktime_get_ns();
	for (i = 0; i < GROWTH_TURNS && !ret; i++) {
		wdf_object_delete(&ring[head]->obj);
		ret = wdf_memory_create(&attr, WDF_POOL_NONPAGED, GFP_KERNEL, 0,
					GROWTH_SIZE, &ring[head], NULL);
		head = head + 1 == n ? 0 : head + 1;
	}
	*ps = div64_u64((ktime_get_ns() - t0) * 1000, GROWTH_TURNS);
	wdf_object_delete(parent);
out:
	kvfree(ring);
	return ret;
}

/* The same with devm_kmalloc / devm_kfree on @dev. */
static int growth_devm_turns(struct device *dev, unsigned int n, u64 *ps)
{
	unsigned int i, head = 0;
	void **ring, *group;
	int ret = 0;
	u64 t0;

	ring = kvmalloc_array(n, sizeof(*ring), GFP_KERNEL);
	if (!ring)
		return -ENOMEM;
	group = devres_open_group(dev, NULL, GFP_KERNEL);
	if (!group) {
		kvfree(ring);
		return -ENOMEM;
	}
	for (i = 0; i < n && !ret; i++) {
		ring[i] = devm_kmalloc(dev, GROWTH_SIZE, GFP_KERNEL);
		ret = ring[i] ? 0 : -ENOMEM;
	}
	t0 = ktime_get_ns();
	for (i = 0; i < GROWTH_TURNS && !ret; i++) {
		devm_kfree(dev, ring[head]);
		ring[head] = devm_kmalloc(dev, GROWTH_SIZE, GFP_KERNEL);
		ret = ring[head] ? 0 : -ENOMEM;
		head = head + 1 == n ? 0 : head + 1;
	}
	*ps = div64_u64((ktime_get_ns() - t0) * 1000, GROWTH_TURNS);
	devres_close_group(dev, group);
	devres_release_group(dev, group);
	kvfree(ring);
	return ret;
}

/* Per child: delete a parent of @n children; release a group of @n. */
static int growth_tree(struct device *dev, unsigned int n, u64 *wdf_ns,
		       u64 *devres_ns)
{
	struct wdf_object_attributes attr = {};
	struct wdf_object *parent, *child;
	unsigned int i;
	void *group;
	int ret = 0;
	u64 t0;

	group = devres_open_group(dev, NULL, GFP_KERNEL);
	if (!group)
		return -ENOMEM;
	for (i = 0; i < n && !ret; i++)
		ret = devm_add_action(dev, growth_noop, NULL);
	devres_close_group(dev, group);
	t0 = ktime_get_ns();
	devres_release_group(dev, group);
	*devres_ns += ktime_get_ns() - t0;
	if (ret)
		return ret;

	ret = wdf_object_create(NULL, &parent);
	if (ret)
		return ret;
	attr.parent = parent;
	for (i = 0; i < n && !ret; i++)
		ret = wdf_object_create(&attr, &child);
	t0 = ktime_get_ns();
	wdf_object_delete(parent);
	*wdf_ns += ktime_get_ns() - t0;
	return ret;
}

/*
 * The trees, repeated until GROWTH_TREE_CHILDREN children went, so that a
 * small tree is timed over many deletes, not one clock tick.
 */
static int growth_trees(struct device *dev, unsigned int n, u64 *wdf_ps,
			u64 *devres_ps)
{
	unsigned int reps = max(1U, GROWTH_TREE_CHILDREN / n), i;
	u64 wdf_ns = 0, devres_ns = 0;
	int ret = 0;

	for (i = 0; i < reps && !ret; i++)
		ret = growth_tree(dev, n, &wdf_ns, &devres_ns);
	*wdf_ps = div64_u64(wdf_ns * 1000, (u64)n * reps);
	*devres_ps = div64_u64(devres_ns * 1000, (u64)n * reps);
	return ret;
}

/* "what N.n ns" for one figure in picoseconds. */
static int growth_print(char *buf, size_t len, const char *what, u64 ps)
{
	return scnprintf(buf, len, " %s %llu.%01llu ns", what, ps / 1000,
			 ps % 1000 / 100);
}

/**
 * bench_growth() - the growth lines, best of GROWTH_RUNS each
 * @dev: the device the devres peers work on
 *
 * Return: 0 or a negative errno.
 */
int bench_growth(struct device *dev)
{
	unsigned int k, run;
	int ret = 0;

	for (k = 0; k < ARRAY_SIZE(growth_n) && !ret; k++) {
		unsigned int n = growth_n[k];
		u64 best[4] = { U64_MAX, U64_MAX, U64_MAX, U64_MAX };
		char line[128];
		int len;

		for (run = 0; run < GROWTH_RUNS && !ret; run++) {
			u64 v[4];

			ret = growth_wdf_turns(n, &v[0]) ?:
			      growth_devm_turns(dev, n, &v[1]) ?:
			      growth_trees(dev, n, &v[2], &v[3]);
			best[0] = min(best[0], v[0]);
			best[1] = min(best[1], v[1]);
			best[2] = min(best[2], v[2]);
			best[3] = min(best[3], v[3]);
		}
		if (ret)
			break;
		len = growth_print(line, sizeof(line), "delete-one wdfmem",
				   best[0]);
		len += growth_print(line + len, sizeof(line) - len, "devm",
				    best[1]);
		len += growth_print(line + len, sizeof(line) - len,
				    "tree wdfmem", best[2]);
		growth_print(line + len, sizeof(line) - len, "devres", best[3]);
		pr_info("wdfmem-bench: growth N=%u%s\n", n, line);
	}
	return ret;
}
