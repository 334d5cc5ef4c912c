// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit soak: several threads per CPU work on shared object trees at once
 * while the framework's fault point fails 5% of its allocations.
 *
 * The trees: a shared root, and 32 slots each holding a parent object
 * under it.  A thread creates a parent for an empty slot, or deletes a
 * slot's parent with every child under it; under a slot's read lock it
 * creates generic and memory children (and grandchildren) of its parent,
 * copies into them at random offsets (some past the end), and deletes some
 * of them itself.  Threads also take entries of one shared lookaside list,
 * copy into them and give them back, and allocate local buffers.  When the
 * operations are done, everything left is deleted and every live counter
 * must be back at its start value; KASAN, lockdep and kmemleak watch the
 * whole run.
 *
 * Built as its own module (wdfmem_soak.ko), loaded by "make test" in a
 * guest without -icount, where TCG runs the vCPUs in parallel.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/rwsem.h>
#include <wdf/wdf.h>
#include "test_hooks.h"

WDF_DRIVER_GLOBALS();

#define SOAK_SLOTS		32
#define SOAK_OPS		120000
#define SOAK_THREADS_PER_CPU	3
#define SOAK_HELD		8
#define SOAK_TAG		WDF_TAG('S', 'o', 'a', 'k')

struct soak_slot {
	struct rw_semaphore lock;	/* read: use the parent; write: swap it */
	struct wdf_object *parent;
};

struct soak {
	struct wdf_object *root;
	struct wdf_lookaside *la;
	struct soak_slot slot[SOAK_SLOTS];
	atomic_t ops;
	atomic_t enomem;
	atomic_t rejected;
	atomic_t running;
	struct completion done;
};

static u32 soak_rand(u32 n)
{
	return get_random_u32_below(n);
}

static void soak_count(struct soak *s, int ret)
{
	if (ret == -ENOMEM)
		atomic_inc(&s->enomem);
	else if (ret == -EOVERFLOW)
		atomic_inc(&s->rejected);
}

/* A parent for an empty slot, or the slot's parent deleted with its tree. */
static void soak_parent_op(struct soak *s)
{
	struct soak_slot *sl = &s->slot[soak_rand(SOAK_SLOTS)];
	struct wdf_object_attributes attr = { .parent = s->root };
	struct wdf_object *old, *obj = NULL;
	int ret;

	down_write(&sl->lock);
	old = sl->parent;
	sl->parent = NULL;
	if (!old) {
		ret = wdf_object_create(&attr, &obj);
		soak_count(s, ret);
		sl->parent = obj;
	}
	up_write(&sl->lock);
	if (old)
		wdf_object_delete(old);
}

/* Children of a slot's parent: created, copied into, some deleted. */
static void soak_child_op(struct soak *s)
{
	struct soak_slot *sl = &s->slot[soak_rand(SOAK_SLOTS)];
	struct wdf_object_attributes attr = { .context_size = soak_rand(3) * 24 };
	struct wdf_memory *mem;
	struct wdf_object *obj;
	u8 buf[300];
	size_t size = 1 + soak_rand(PAGE_SIZE + 1024);
	size_t off, len;
	int ret;

	down_read(&sl->lock);
	if (!sl->parent) {
		up_read(&sl->lock);
		return;
	}
	attr.parent = sl->parent;
	if (soak_rand(3) == 0) {
		ret = wdf_object_create(&attr, &obj);
		soak_count(s, ret);
		if (!ret && soak_rand(2))
			wdf_object_delete(obj);
		up_read(&sl->lock);
		return;
	}
	ret = wdf_memory_create(&attr, soak_rand(4) ? WDF_POOL_NONPAGED :
				WDF_POOL_PAGED, GFP_KERNEL, SOAK_TAG, size,
				&mem, NULL);
	soak_count(s, ret);
	if (!ret) {
		/* Some copies fall past the end on purpose. */
		off = soak_rand(size + 64);
		len = 1 + soak_rand(sizeof(buf));
		memset(buf, (u8)off, len);
		ret = wdf_memory_copy_from_buffer(mem, off, buf, len);
		soak_count(s, ret);
		if (!ret)
			soak_count(s, wdf_memory_copy_to_buffer(mem, off, buf, len));
		if (soak_rand(2)) {
			/* A grandchild, deleted with the memory object. */
			attr.parent = &mem->obj;
			ret = wdf_object_create(&attr, &obj);
			soak_count(s, ret);
		}
		if (soak_rand(3) == 0)
			wdf_object_delete(&mem->obj);
	}
	up_read(&sl->lock);
}

/* Lookaside entries and local buffers, held a while, then given back. */
static void soak_entry_op(struct soak *s, struct wdf_memory **held,
			  void **bufs)
{
	unsigned int i = soak_rand(SOAK_HELD);
	int ret;

	if (soak_rand(2)) {
		if (held[i]) {
			wdf_object_delete(&held[i]->obj);
			held[i] = NULL;
			return;
		}
		ret = wdf_memory_create_from_lookaside(s->la, GFP_KERNEL,
						       &held[i]);
		soak_count(s, ret);
		if (ret)
			return;
		ret = wdf_memory_copy_from_buffer(held[i], soak_rand(256), "soak",
						  4);
		soak_count(s, ret);
		return;
	}
	if (bufs[i]) {
		wdf_pool_free(bufs[i], SOAK_TAG);
		bufs[i] = NULL;
		return;
	}
	bufs[i] = wdf_pool_alloc(soak_rand(2) ? WDF_POOL_NONPAGED : WDF_POOL_PAGED,
				 GFP_KERNEL, 1 + soak_rand(5000), SOAK_TAG);
	if (!bufs[i])
		atomic_inc(&s->enomem);
}

static int soak_thread(void *data)
{
	struct wdf_memory *held[SOAK_HELD] = {};
	void *bufs[SOAK_HELD] = {};
	struct soak *s = data;
	int i;

	/* Only the framework's fault point fails, in every soak thread. */
	current->make_it_fail = 1;
	while (atomic_inc_return(&s->ops) <= SOAK_OPS) {
		switch (soak_rand(8)) {
		case 0:
			soak_parent_op(s);
			break;
		case 1 ... 4:
			soak_child_op(s);
			break;
		default:
			soak_entry_op(s, held, bufs);
			break;
		}
		cond_resched();
	}
	current->make_it_fail = 0;
	for (i = 0; i < SOAK_HELD; i++) {
		if (held[i])
			wdf_object_delete(&held[i]->obj);
		if (bufs[i])
			wdf_pool_free(bufs[i], SOAK_TAG);
	}
	if (atomic_dec_and_test(&s->running))
		complete(&s->done);
	return 0;
}

static void wdf_soak_parallel_faults_test(struct kunit *test)
{
	struct wdf_statistics before, after;
	struct soak *s;
	unsigned int n, i, started;
	int t;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_EQ(test, wdf_driver_init(), 0);
	wdf_statistics_read(&before);
	KUNIT_ASSERT_EQ(test, wdf_object_create(NULL, &s->root), 0);
	KUNIT_ASSERT_EQ(test, wdf_lookaside_create(NULL, 256, WDF_POOL_NONPAGED,
						   NULL, SOAK_TAG, &s->la), 0);
	for (i = 0; i < SOAK_SLOTS; i++)
		init_rwsem(&s->slot[i].lock);
	init_completion(&s->done);
	n = SOAK_THREADS_PER_CPU * num_online_cpus();
	atomic_set(&s->running, n);

	wdf_test_fail_percent(5);
	for (i = 0; i < n; i++) {
		struct task_struct *k = kthread_run(soak_thread, s, "wdfsoak/%u", i);

		if (IS_ERR(k) && atomic_sub_and_test(n - i, &s->running))
			complete(&s->done);
		if (IS_ERR(k))
			break;
	}
	started = i;
	wait_for_completion(&s->done);
	wdf_test_fail_disarm();

	for (i = 0; i < SOAK_SLOTS; i++)
		if (s->slot[i].parent)
			wdf_object_delete(s->slot[i].parent);
	wdf_object_delete(s->root);
	wdf_object_delete(&s->la->obj);
	wdf_test_quiesce();
	wdf_statistics_read(&after);
	kunit_info(test, "soak: %u threads on %u CPUs, %d operations, %d failed with injected -ENOMEM, %d copies rejected past the end\n",
		   started, num_online_cpus(), SOAK_OPS, atomic_read(&s->enomem),
		   atomic_read(&s->rejected));
	KUNIT_EXPECT_EQ(test, started, n);
	KUNIT_EXPECT_GT(test, atomic_read(&s->enomem), SOAK_OPS / 100);
	for (t = 0; t < WDF_TYPE_MAX; t++)
		KUNIT_EXPECT_EQ_MSG(test, after.live[t], before.live[t],
				    "live objects of type %d", t);
	KUNIT_EXPECT_EQ(test, after.bytes_live, before.bytes_live);
	wdf_driver_exit();
}

static struct kunit_case wdf_soak_cases[] = {
	KUNIT_CASE_SLOW(wdf_soak_parallel_faults_test),
	{}
};

static struct kunit_suite wdf_soak_suite = {
	.name = "wdfmem_soak",
	.test_cases = wdf_soak_cases,
};

kunit_test_suite(wdf_soak_suite);

MODULE_DESCRIPTION("KUnit soak of wdfmem: parallel load with injected failures");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
