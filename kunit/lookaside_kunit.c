// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: wdfmem lookaside lists - entries, parenting, reuse, NT's counters,
 * the adaptive depth (bursts, idleness, steady use from one and two CPUs),
 * the shrinker, and deletion with entries still out.
 */

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include "harness.h"

#define WDF_TTAG	WDF_TAG('T', 's', 't', '1')

static struct wdf_lookaside *wdf_tlist(struct kunit *test, size_t size,
				       const struct wdf_object_attributes *mem)
{
	struct wdf_lookaside *la;

	KUNIT_ASSERT_EQ(test, wdf_lookaside_create(NULL, size, WDF_POOL_NONPAGED,
						   mem, WDF_TTAG, &la), 0);
	return la;
}

static struct wdf_memory *wdf_tentry(struct kunit *test,
				     struct wdf_lookaside *la)
{
	struct wdf_memory *mem;

	KUNIT_ASSERT_EQ(test, wdf_memory_create_from_lookaside(la, GFP_KERNEL,
							       &mem), 0);
	return mem;
}

static void wdf_lookaside_entry_shape_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 200, NULL);
	struct wdf_memory *mem = wdf_tentry(test, la);
	size_t size;

	KUNIT_EXPECT_EQ(test, wdf_memory_kind(wdf_memory_priv(mem)), WDF_MEMORY_LOOKASIDE);
	KUNIT_EXPECT_PTR_NE(test, wdf_memory_get_buffer(mem, &size), NULL);
	KUNIT_EXPECT_EQ(test, size, 200);
	KUNIT_EXPECT_EQ(test, wdf_memory_tag(wdf_memory_priv(mem)), WDF_TTAG);
	KUNIT_EXPECT_TRUE(test,
			  IS_ALIGNED((unsigned long)wdf_memory_buffer(wdf_memory_priv(mem)),
				     16));
	/* The entry is an object of the list's own cache. */
	KUNIT_EXPECT_EQ(test, ksize(mem), (size_t)kmem_cache_size(wdf_lookaside_priv(la)->cache));
	memset(wdf_memory_buffer(wdf_memory_priv(mem)), 0xee, 200);
	wdf_object_delete(&mem->obj);
	wdf_object_delete(&la->obj);
}

/* Bytes of @buf that are not zero. */
static size_t wdf_tnonzero(const u8 *buf, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += buf[i] != 0;
	return n;
}

/*
 * KMDF zeroes an entry below PAGE_SIZE on every allocation: entries that
 * come back from the cache after a caller filled them, and fresh ones that
 * SLUB's free pointer or earlier users left dirty, are all zero.
 */
static void wdf_lookaside_small_entries_zeroed_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 256, NULL);
	struct wdf_memory *mem[8];
	size_t dirty = 0;
	int round, i;

	for (round = 0; round < 4; round++) {
		for (i = 0; i < ARRAY_SIZE(mem); i++) {
			mem[i] = wdf_tentry(test, la);
			dirty += wdf_tnonzero(wdf_memory_buffer(wdf_memory_priv(mem[i])), 256);
			memset(wdf_memory_buffer(wdf_memory_priv(mem[i])), 0xa5, 256);
		}
		for (i = 0; i < ARRAY_SIZE(mem); i++)
			wdf_object_delete(&mem[i]->obj);
	}
	KUNIT_EXPECT_EQ(test, dirty, 0);
	wdf_object_delete(&la->obj);
}

/* At PAGE_SIZE and above KMDF does not zero; __GFP_ZERO still does. */
static void wdf_lookaside_large_entries_zeroed_on_request_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, PAGE_SIZE, NULL);
	struct wdf_memory *mem;
	int ret;

	mem = wdf_tentry(test, la);
	memset(wdf_memory_buffer(wdf_memory_priv(mem)), 0xa5, PAGE_SIZE);
	wdf_object_delete(&mem->obj);
	ret = wdf_memory_create_from_lookaside(la, GFP_KERNEL | __GFP_ZERO, &mem);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, wdf_tnonzero(wdf_memory_buffer(wdf_memory_priv(mem)), PAGE_SIZE), 0);
	wdf_object_delete(&mem->obj);
	wdf_object_delete(&la->obj);
}

static void wdf_lookaside_cache_named_after_list_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 32, NULL);

	KUNIT_EXPECT_EQ(test, strncmp(wdf_lookaside_priv(la)->name, "wdf-Tst1-", 9), 0);
	wdf_object_delete(&la->obj);
}

static void wdf_lookaside_memory_not_parented_to_list_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 16, NULL);
	struct wdf_memory *mem = wdf_tentry(test, la);

	KUNIT_EXPECT_PTR_EQ(test, wdf_test_object_parent(&mem->obj),
			    &wdf_driver_globals->obj);
	wdf_object_delete(&mem->obj);
	wdf_object_delete(&la->obj);
}

static void wdf_lookaside_memory_attributes_apply_test(struct kunit *test)
{
	struct wdf_object *p = wdf_tnew(test, NULL, 1);
	struct wdf_object_attributes mattr;
	struct wdf_lookaside *la;
	struct wdf_memory *mem;

	wdf_tattr(&mattr, p);
	la = wdf_tlist(test, 16, &mattr);
	mem = wdf_tentry(test, la);
	KUNIT_EXPECT_PTR_EQ(test, mem->obj.parent, p);
	KUNIT_ASSERT_NOT_NULL(test, wdf_object_context(&mem->obj));
	KUNIT_EXPECT_EQ(test, ((struct wdf_tctx *)wdf_object_context(&mem->obj))->id, 0);
	wdf_tset_id(&mem->obj, 2);
	/*
	 * Deleting the memory parent takes the entry with it.  The list holds
	 * a reference on the parent, so its destroy waits for the list.
	 */
	wdf_object_delete(p);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c2 c1 d2");
	wdf_object_delete(&la->obj);
}

static void wdf_lookaside_entry_reused_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 100, NULL);
	struct wdf_memory *a = wdf_tentry(test, la);
	struct wdf_memory *b = wdf_tentry(test, la);
	struct wdf_memory *c;
	void *was = a;

	wdf_object_delete(&a->obj);
	/*
	 * KASAN holds freed objects in quarantine; shrinking the cache
	 * flushes it, and @b keeps the slab from being released.
	 */
	wdf_lookaside_trim(la);
	c = wdf_tentry(test, la);
	KUNIT_EXPECT_PTR_EQ(test, (void *)c, was);
	wdf_object_delete(&b->obj);
	wdf_object_delete(&c->obj);
	wdf_object_delete(&la->obj);
}

static struct wdf_lookaside_counters
wdf_tcount(struct kunit *test, struct wdf_lookaside *la)
{
	struct wdf_lookaside_counters c;

	KUNIT_EXPECT_EQ(test, wdf_lookaside_read_counters(la, &c), 0);
	return c;
}

/*
 * On one CPU the most recently freed entry comes back first (the CPU's
 * slot), then the older ones (its stack), newest first; each is counted
 * as a free entry while it waits, and taking it is no miss.
 */
static void wdf_lookaside_newest_entry_first_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 64, NULL);
	struct wdf_memory *m[3], *again;
	struct wdf_lookaside_counters c;
	int i;

	wdf_kunit_pin_cpu(test, 0);
	for (i = 0; i < 3; i++)
		m[i] = wdf_tentry(test, la);
	for (i = 0; i < 3; i++)
		wdf_object_delete(&m[i]->obj);
	c = wdf_tcount(test, la);
	KUNIT_EXPECT_EQ(test, c.free_entries, 3);
	KUNIT_EXPECT_EQ(test, c.free_misses, 0);
	for (i = 2; i >= 0; i--) {
		again = wdf_tentry(test, la);
		KUNIT_EXPECT_PTR_EQ(test, again, m[i]);
		m[i] = again;
		c = wdf_tcount(test, la);
		KUNIT_EXPECT_EQ(test, c.free_entries, i);
	}
	KUNIT_EXPECT_EQ(test, c.allocate_misses, 3);
	KUNIT_EXPECT_EQ(test, c.total_allocates, 6);
	/* One freed and taken in turn: the same entry, no miss. */
	wdf_object_delete(&m[0]->obj);
	again = wdf_tentry(test, la);
	KUNIT_EXPECT_PTR_EQ(test, again, m[0]);
	KUNIT_EXPECT_EQ(test, wdf_tcount(test, la).allocate_misses, 3);
	wdf_object_delete(&again->obj);
	wdf_object_delete(&m[1]->obj);
	wdf_object_delete(&m[2]->obj);
	wdf_object_delete(&la->obj);
}

/* NT's counters through a known sequence, on one CPU. */
static void wdf_lookaside_counters_follow_entries_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 64, NULL);
	struct wdf_statistics before, mid;
	struct wdf_lookaside_counters c;
	struct wdf_memory *m[6];
	int i;

	wdf_kunit_pin_cpu(test, 0);
	wdf_statistics_read(&before);
	for (i = 0; i < 6; i++)
		m[i] = wdf_tentry(test, la);
	/* An empty list: every allocation is a miss. */
	c = wdf_tcount(test, la);
	KUNIT_EXPECT_EQ(test, c.total_allocates, 6);
	KUNIT_EXPECT_EQ(test, c.allocate_misses, 6);
	KUNIT_EXPECT_EQ(test, c.outstanding, 6);
	KUNIT_EXPECT_EQ(test, c.depth, WDF_LOOKASIDE_MIN_DEPTH);
	KUNIT_EXPECT_EQ(test, c.max_depth, WDF_LOOKASIDE_MAX_DEPTH);
	wdf_statistics_read(&mid);
	KUNIT_EXPECT_EQ(test, mid.bytes_live, before.bytes_live + 6 * 64);
	KUNIT_EXPECT_EQ(test, mid.live[WDF_TYPE_MEMORY],
			before.live[WDF_TYPE_MEMORY] + 6);
	/* Six back: the list keeps its depth (4), the rest are free misses. */
	for (i = 0; i < 6; i++)
		wdf_object_delete(&m[i]->obj);
	c = wdf_tcount(test, la);
	KUNIT_EXPECT_EQ(test, c.total_frees, 6);
	KUNIT_EXPECT_EQ(test, c.free_misses, 2);
	KUNIT_EXPECT_EQ(test, c.free_entries, 4);
	KUNIT_EXPECT_EQ(test, c.bytes_held,
			4 * kmem_cache_size(wdf_lookaside_priv(la)->cache));
	KUNIT_EXPECT_EQ(test, c.outstanding, 0);
	/* Two again: both from the list. */
	m[0] = wdf_tentry(test, la);
	m[1] = wdf_tentry(test, la);
	c = wdf_tcount(test, la);
	KUNIT_EXPECT_EQ(test, c.total_allocates, 8);
	KUNIT_EXPECT_EQ(test, c.allocate_misses, 6);
	KUNIT_EXPECT_EQ(test, c.free_entries, 2);
	KUNIT_EXPECT_EQ(test, c.failed, 0);
	wdf_object_delete(&m[0]->obj);
	wdf_object_delete(&m[1]->obj);
	wdf_object_delete(&la->obj);
}

/* A failed allocation: an allocate miss, counted as failed, nothing out. */
static void wdf_lookaside_failed_allocation_counted_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 64, NULL);
	struct wdf_lookaside_counters c;
	struct wdf_memory *mem = (void *)1;
	int ret;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
	/* Allocation 1 is the entry itself. */
	wdf_kunit_fail_nth(test, 1);
	ret = wdf_memory_create_from_lookaside(la, GFP_KERNEL, &mem);
	KUNIT_EXPECT_TRUE(test, wdf_kunit_fail_disarm(test));
	KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
	KUNIT_EXPECT_NULL(test, mem);
	c = wdf_tcount(test, la);
	KUNIT_EXPECT_EQ(test, c.total_allocates, 1);
	KUNIT_EXPECT_EQ(test, c.allocate_misses, 1);
	KUNIT_EXPECT_EQ(test, c.failed, 1);
	KUNIT_EXPECT_EQ(test, c.outstanding, 0);
	wdf_object_delete(&la->obj);
}

/* Allocate @n entries of @la, then delete them all. */
static void wdf_tburst(struct kunit *test, struct wdf_lookaside *la, int n)
{
	struct wdf_memory **m = kunit_kcalloc(test, n, sizeof(*m), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, m);
	for (i = 0; i < n; i++)
		m[i] = wdf_tentry(test, la);
	for (i = 0; i < n; i++)
		wdf_object_delete(&m[i]->obj);
	kunit_kfree(test, m);
}

/*
 * A burst of misses raises the depth, so the next burst leaves more free
 * entries behind; then, idle, the list is back at its minimum within two
 * periods of the scan running on its own.
 */
static void wdf_lookaside_burst_then_idle_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 256, NULL);
	unsigned int min_held = WDF_LOOKASIDE_MIN_DEPTH * num_possible_cpus();
	struct wdf_lookaside_counters c;

	wdf_tburst(test, la, 2000);
	wdf_test_lookaside_scan();
	c = wdf_tcount(test, la);
	KUNIT_EXPECT_GT(test, c.depth, WDF_LOOKASIDE_MIN_DEPTH + 100);
	wdf_tburst(test, la, 2000);
	c = wdf_tcount(test, la);
	kunit_info(test, "after the burst: depth %u, %llu free entries, %llu bytes held",
		   c.depth, c.free_entries, c.bytes_held);
	KUNIT_EXPECT_GT(test, c.free_entries, (u64)min_held);
	/* Two periods and a little, with nothing allocated. */
	msleep(2 * 1000 + 300);
	c = wdf_tcount(test, la);
	kunit_info(test, "two periods later: depth %u, %llu free entries, %llu bytes held",
		   c.depth, c.free_entries, c.bytes_held);
	KUNIT_EXPECT_EQ(test, c.depth, WDF_LOOKASIDE_MIN_DEPTH);
	KUNIT_EXPECT_LE(test, c.free_entries, (u64)min_held);
	KUNIT_EXPECT_LE(test, c.bytes_held,
			(u64)min_held * kmem_cache_size(wdf_lookaside_priv(la)->cache));
	wdf_object_delete(&la->obj);
}

struct wdf_alternation {
	struct wdf_lookaside *la;
	int rounds;
	int failed;
	struct completion done;
};

/* Create and delete one entry, @rounds times. */
static int wdf_talternate(void *arg)
{
	struct wdf_alternation *a = arg;
	struct wdf_memory *mem;
	int i;

	for (i = 0; i < a->rounds; i++) {
		if (wdf_memory_create_from_lookaside(a->la, GFP_KERNEL, &mem)) {
			a->failed++;
			continue;
		}
		wdf_object_delete(&mem->obj);
	}
	complete(&a->done);
	return 0;
}

/* Allocate misses per 10,000 allocations since @before. */
static u64 wdf_tmiss_rate(struct kunit *test, struct wdf_lookaside *la,
			  const struct wdf_lookaside_counters *before)
{
	struct wdf_lookaside_counters c = wdf_tcount(test, la);
	u64 n = c.total_allocates - before->total_allocates;

	KUNIT_ASSERT_GT(test, n, 0ULL);
	return div64_u64((c.allocate_misses - before->allocate_misses) * 10000, n);
}

/* Steady create/delete on one CPU: after warm-up, >= 99% from the list. */
static void wdf_lookaside_steady_use_one_cpu_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 256, NULL);
	struct wdf_alternation a = { .la = la, .rounds = 100 };
	struct wdf_lookaside_counters before;

	wdf_kunit_pin_cpu(test, 0);
	init_completion(&a.done);
	wdf_talternate(&a);
	before = wdf_tcount(test, la);
	a.rounds = 10000;
	wdf_talternate(&a);
	KUNIT_EXPECT_EQ(test, a.failed, 0);
	KUNIT_EXPECT_LE(test, wdf_tmiss_rate(test, la, &before), 100ULL);
	wdf_object_delete(&la->obj);
}

/* The same from two CPUs at once, a thread bound to each. */
static void wdf_lookaside_steady_use_two_cpus_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 256, NULL);
	struct wdf_alternation a[2];
	struct wdf_lookaside_counters before;
	struct task_struct *t[2];
	int i;

	if (num_online_cpus() < 2) {
		wdf_object_delete(&la->obj);
		kunit_skip(test, "needs two CPUs");
	}
	for (i = 0; i < 2; i++) {
		a[i] = (struct wdf_alternation){ .la = la, .rounds = 100 };
		init_completion(&a[i].done);
		wdf_talternate(&a[i]);
		reinit_completion(&a[i].done);
		a[i].rounds = 10000;
	}
	before = wdf_tcount(test, la);
	/*
	 * Both threads exist before either runs: a failed assertion must not
	 * leave one running on this stack frame.  A thread stopped before it
	 * was woken never runs its function.
	 */
	t[0] = kthread_create(wdf_talternate, &a[0], "wdf-alt/0");
	t[1] = kthread_create(wdf_talternate, &a[1], "wdf-alt/1");
	if (IS_ERR(t[0]) || IS_ERR(t[1])) {
		for (i = 0; i < 2; i++)
			if (!IS_ERR(t[i]))
				kthread_stop(t[i]);
		wdf_object_delete(&la->obj);
		KUNIT_FAIL(test, "kthread_create failed");
		return;
	}
	for (i = 0; i < 2; i++) {
		kthread_bind(t[i], cpumask_nth(i, cpu_online_mask));
		wake_up_process(t[i]);
	}
	for (i = 0; i < 2; i++) {
		wait_for_completion(&a[i].done);
		KUNIT_EXPECT_EQ(test, a[i].failed, 0);
	}
	KUNIT_EXPECT_LE(test, wdf_tmiss_rate(test, la, &before), 100ULL);
	wdf_object_delete(&la->obj);
}

/*
 * Memory pressure takes every free entry; the list keeps working, and
 * refills from the cache.
 */
static void wdf_lookaside_shrinker_releases_free_entries_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 512, NULL);
	struct wdf_lookaside_counters c;
	unsigned long n;

	wdf_kunit_pin_cpu(test, 0);
	wdf_tburst(test, la, WDF_LOOKASIDE_MIN_DEPTH);
	c = wdf_tcount(test, la);
	KUNIT_EXPECT_EQ(test, c.free_entries, WDF_LOOKASIDE_MIN_DEPTH);
	n = wdf_test_lookaside_shrink(ULONG_MAX);
	KUNIT_EXPECT_GE(test, n, (unsigned long)WDF_LOOKASIDE_MIN_DEPTH);
	c = wdf_tcount(test, la);
	KUNIT_EXPECT_EQ(test, c.free_entries, 0);
	KUNIT_EXPECT_EQ(test, c.bytes_held, 0);
	/* A partial request takes no more than asked for. */
	wdf_tburst(test, la, WDF_LOOKASIDE_MIN_DEPTH);
	KUNIT_EXPECT_EQ(test, wdf_test_lookaside_shrink(1), 1UL);
	c = wdf_tcount(test, la);
	KUNIT_EXPECT_EQ(test, c.free_entries, WDF_LOOKASIDE_MIN_DEPTH - 1);
	wdf_tburst(test, la, 1);
	wdf_object_delete(&la->obj);
}

/*
 * Deleted with entries out and a scan pending: entries that come back go
 * to the cache, the scan drops the list's free entries, and the list is
 * destroyed once the last entry is back.
 */
static void wdf_lookaside_deleted_with_scan_pending_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 64, NULL);
	struct wdf_lookaside_counters c;
	struct wdf_memory *m[3];
	int i;

	wdf_kunit_pin_cpu(test, 0);
	for (i = 0; i < 3; i++)
		m[i] = wdf_tentry(test, la);
	/* One back: kept, and the scan is armed. */
	wdf_object_delete(&m[0]->obj);
	KUNIT_ASSERT_EQ(test, wdf_object_get(&la->obj), 0);
	wdf_object_delete(&la->obj);
	wdf_object_delete(&m[1]->obj);
	c = wdf_tcount(test, la);
	KUNIT_EXPECT_EQ(test, c.free_misses, 1);
	KUNIT_EXPECT_EQ(test, c.free_entries, 1);
	wdf_test_lookaside_scan();
	c = wdf_tcount(test, la);
	KUNIT_EXPECT_EQ(test, c.depth, 0);
	KUNIT_EXPECT_EQ(test, c.free_entries, 0);
	wdf_object_put(&la->obj);
	/* The last entry back lets the teardown run, the scan still due. */
	wdf_object_delete(&m[2]->obj);
	wdf_test_quiesce();
	msleep(1200);
}

static DECLARE_COMPLETION(wdf_list_destroyed);

static void wdf_list_destroy(struct wdf_object *obj)
{
	wdf_kunit_record("list-destroy");
	complete(&wdf_list_destroyed);
}

static void wdf_lookaside_delete_with_entries_out_test(struct kunit *test)
{
	struct wdf_object_attributes lattr = { .destroy = wdf_list_destroy };
	struct wdf_lookaside *la;
	struct wdf_memory *a, *b;
	u8 out[4];

	reinit_completion(&wdf_list_destroyed);
	KUNIT_ASSERT_EQ(test, wdf_lookaside_create(&lattr, 32, WDF_POOL_NONPAGED,
						   NULL, 0, &la), 0);
	a = wdf_tentry(test, la);
	b = wdf_tentry(test, la);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&la->obj), 0);
	/* The entries survive the list and stay usable. */
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_from_buffer(a, 0, "wdf!", 4), 0);
	KUNIT_EXPECT_EQ(test, wdf_memory_copy_to_buffer(a, 0, out, 4), 0);
	KUNIT_EXPECT_MEMEQ(test, out, "wdf!", 4);
	wdf_object_delete(&a->obj);
	/* One entry is still out: no teardown yet. */
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&wdf_list_destroyed,
							  HZ / 5), 0);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "");
	wdf_object_delete(&b->obj);
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&wdf_list_destroyed,
							  10 * HZ), 0);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "list-destroy");
}

static void wdf_lookaside_deleted_list_refuses_entries_test(struct kunit *test)
{
	struct wdf_lookaside *la = wdf_tlist(test, 32, NULL);
	struct wdf_memory *mem = (void *)1;

	wdf_object_get(&la->obj);
	wdf_object_delete(&la->obj);
	KUNIT_EXPECT_EQ(test, wdf_memory_create_from_lookaside(la, GFP_KERNEL,
							       &mem),
			-ESHUTDOWN);
	KUNIT_EXPECT_NULL(test, mem);
	wdf_object_put(&la->obj);
}

static void wdf_lookaside_dead_memory_parent_refused_test(struct kunit *test)
{
	struct wdf_object *p = wdf_tnew(test, NULL, 1);
	struct wdf_object_attributes mattr = { .parent = p };
	struct wdf_lookaside *la = wdf_tlist(test, 32, &mattr);
	struct wdf_memory *mem;

	/* The list holds a reference, so the parent stays valid. */
	wdf_object_delete(p);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c1");
	KUNIT_EXPECT_EQ(test, wdf_memory_create_from_lookaside(la, GFP_KERNEL,
							       &mem),
			-ESHUTDOWN);
	wdf_object_delete(&la->obj);
}

static void wdf_lookaside_bad_arguments_test(struct kunit *test)
{
	struct wdf_lookaside *la = (void *)1;
	struct wdf_memory *mem;
	struct wdf_object *obj;
	u64 warnings = wdf_kunit_warnings();

	KUNIT_EXPECT_EQ(test, wdf_lookaside_create(NULL, 0, WDF_POOL_NONPAGED,
						   NULL, 0, &la), -EINVAL);
	KUNIT_EXPECT_NULL(test, la);
	KUNIT_EXPECT_EQ(test, wdf_lookaside_create(NULL, 8, 5, NULL, 0, &la),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_lookaside_create(NULL, SIZE_MAX,
						   WDF_POOL_NONPAGED, NULL, 0,
						   &la), -ENOMEM);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings);
	KUNIT_EXPECT_EQ(test, wdf_lookaside_create(NULL, 8, WDF_POOL_NONPAGED,
						   NULL, 0, NULL), -EINVAL);
	KUNIT_ASSERT_EQ(test, wdf_object_create(NULL, &obj), 0);
	KUNIT_EXPECT_EQ(test, wdf_memory_create_from_lookaside((void *)obj,
							       GFP_KERNEL,
							       &mem), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_memory_create_from_lookaside(NULL, GFP_KERNEL,
							       &mem), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 3);
	wdf_object_delete(obj);
}

static void wdf_lookaside_paged_list_test(struct kunit *test)
{
	struct wdf_lookaside *la;
	struct wdf_memory *mem;
	u8 *buf;
	int i;

	KUNIT_ASSERT_EQ(test, wdf_lookaside_create(NULL, 3 * PAGE_SIZE,
						   WDF_POOL_PAGED, NULL, 0, &la),
			0);
	KUNIT_ASSERT_EQ(test, wdf_memory_create_from_lookaside(la, __GFP_ZERO,
							       &mem), 0);
	buf = wdf_memory_buffer(wdf_memory_priv(mem));
	for (i = 0; i < 3 * PAGE_SIZE; i++)
		if (buf[i])
			break;
	KUNIT_EXPECT_EQ(test, i, 3 * (int)PAGE_SIZE);
	wdf_object_delete(&mem->obj);
	wdf_object_delete(&la->obj);
}

static void wdf_lookaside_list_parent_deletes_list_test(struct kunit *test)
{
	struct wdf_object *p = wdf_tnew(test, NULL, 1);
	struct wdf_object_attributes lattr;
	struct wdf_lookaside *la;

	wdf_tattr(&lattr, p);
	KUNIT_ASSERT_EQ(test, wdf_lookaside_create(&lattr, 16, WDF_POOL_NONPAGED,
						   NULL, 0, &la), 0);
	wdf_tset_id(&la->obj, 2);
	wdf_object_delete(p);
	/* No entries out: the destroy callback follows shortly, from work. */
	KUNIT_EXPECT_EQ(test, strncmp(wdf_kunit_log, "c2 c1", 5), 0);
}

static void wdf_tentry_cleanup(struct wdf_object *obj)
{
	wdf_kunit_record("c");
}

static void wdf_tentry_destroy(struct wdf_object *obj)
{
	wdf_kunit_record("d");
}

/*
 * A bare memory object and a lookaside entry take their own folded path
 * through wdf_object_delete(): a second delete is refused with a warning
 * and changes nothing, an extra reference keeps the object until it is
 * put, and an entry's callbacks run at the delete and at the last put.
 */
static void wdf_memory_typed_delete_test(struct kunit *test)
{
	struct wdf_object_attributes mattr = {
		.cleanup = wdf_tentry_cleanup, .destroy = wdf_tentry_destroy,
	};
	struct wdf_lookaside *la = wdf_tlist(test, 64, &mattr);
	struct wdf_lookaside *bare = wdf_tlist(test, 64, NULL);
	struct wdf_memory *mem, *e, *b;
	u64 warnings;

	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, WDF_TTAG, 64, &mem,
						NULL), 0);
	KUNIT_EXPECT_TRUE(test, wdf_is(&mem->obj, WDF_OPS_MEMORY));
	e = wdf_tentry(test, la);
	b = wdf_tentry(test, bare);
	KUNIT_EXPECT_TRUE(test, wdf_is(&e->obj, WDF_OPS_MEMORY_ENTRY));

	wdf_object_get(&mem->obj);
	wdf_object_get(&e->obj);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&mem->obj), 0);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&e->obj), 0);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c");
	warnings = wdf_kunit_warnings();
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&mem->obj), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&e->obj), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 2);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c");
	/* Still readable under the references. */
	KUNIT_EXPECT_EQ(test, wdf_memory_size(wdf_memory_priv(mem)), 64);
	KUNIT_EXPECT_EQ(test, wdf_memory_size(wdf_memory_priv(e)), 64);
	wdf_object_put(&mem->obj);
	wdf_object_put(&e->obj);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c d");
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&b->obj), 0);
	wdf_object_delete(&la->obj);
	wdf_object_delete(&bare->obj);
}

/* Check a list's allocates, frees and outstanding, and the live memory. */
static void wdf_tcounted(struct kunit *test, struct wdf_lookaside *la,
			 const struct wdf_statistics *s0, u64 allocates,
			 u64 frees, u64 live, u64 bytes)
{
	struct wdf_lookaside_counters c = wdf_tcount(test, la);
	struct wdf_statistics s;

	wdf_statistics_read(&s);
	KUNIT_EXPECT_EQ(test, c.total_allocates, allocates);
	KUNIT_EXPECT_EQ(test, c.total_frees, frees);
	KUNIT_EXPECT_EQ(test, c.outstanding, allocates - frees);
	KUNIT_EXPECT_EQ(test, s.live[WDF_TYPE_MEMORY],
			s0->live[WDF_TYPE_MEMORY] + live);
	KUNIT_EXPECT_EQ(test, s.bytes_live, s0->bytes_live + bytes);
}

/*
 * An entry's allocate and free, its creation and free and its bytes are
 * each counted once, whichever way it goes: an entry of a list without
 * callbacks (counted as it joins and leaves its driver's list), one kept
 * past its delete by an extra reference, one that is a parent, one under
 * a parent of the list's, and one of a list with callbacks.
 */
static void wdf_lookaside_entry_counted_once_test(struct kunit *test)
{
	struct wdf_object_attributes cbattr = { .cleanup = wdf_tentry_cleanup };
	struct wdf_object_attributes pattr = { };
	struct wdf_lookaside *la = wdf_tlist(test, 64, NULL);
	struct wdf_lookaside *lc = wdf_tlist(test, 64, &cbattr);
	struct wdf_lookaside *lp;
	struct wdf_memory *e, *child, *parent;
	struct wdf_statistics s0;

	wdf_statistics_read(&s0);
	e = wdf_tentry(test, la);
	wdf_tcounted(test, la, &s0, 1, 0, 1, 64);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&e->obj), 0);
	wdf_tcounted(test, la, &s0, 1, 1, 0, 0);

	/* An extra reference: counted free at the last put. */
	e = wdf_tentry(test, la);
	wdf_object_get(&e->obj);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&e->obj), 0);
	wdf_tcounted(test, la, &s0, 2, 1, 1, 64);
	wdf_object_put(&e->obj);
	wdf_tcounted(test, la, &s0, 2, 2, 0, 0);

	/* A parent: its child goes with it. */
	e = wdf_tentry(test, la);
	pattr.parent = &e->obj;
	KUNIT_ASSERT_EQ(test, wdf_memory_create(&pattr, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 16, &child,
						NULL), 0);
	wdf_tcounted(test, la, &s0, 3, 2, 2, 80);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&e->obj), 0);
	wdf_tcounted(test, la, &s0, 3, 3, 0, 0);

	/* Entries under a parent of the list's. */
	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 8, &parent,
						NULL), 0);
	pattr.parent = &parent->obj;
	lp = wdf_tlist(test, 64, &pattr);
	e = wdf_tentry(test, lp);
	wdf_tcounted(test, lp, &s0, 1, 0, 2, 72);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&e->obj), 0);
	wdf_tcounted(test, lp, &s0, 1, 1, 1, 8);
	wdf_object_delete(&lp->obj);

	/* A list with callbacks: the type's generic delete. */
	wdf_kunit_log[0] = '\0';
	e = wdf_tentry(test, lc);
	wdf_tcounted(test, lc, &s0, 1, 0, 2, 72);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&e->obj), 0);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c");
	wdf_tcounted(test, lc, &s0, 1, 1, 1, 8);

	wdf_object_delete(&parent->obj);
	wdf_object_delete(&la->obj);
	wdf_object_delete(&lc->obj);
}

static struct kunit_case wdf_lookaside_cases[] = {
	KUNIT_CASE(wdf_lookaside_entry_shape_test),
	KUNIT_CASE(wdf_lookaside_small_entries_zeroed_test),
	KUNIT_CASE(wdf_lookaside_large_entries_zeroed_on_request_test),
	KUNIT_CASE(wdf_lookaside_cache_named_after_list_test),
	KUNIT_CASE(wdf_lookaside_memory_not_parented_to_list_test),
	KUNIT_CASE(wdf_lookaside_memory_attributes_apply_test),
	KUNIT_CASE(wdf_lookaside_entry_reused_test),
	KUNIT_CASE(wdf_lookaside_newest_entry_first_test),
	KUNIT_CASE(wdf_lookaside_counters_follow_entries_test),
	KUNIT_CASE(wdf_lookaside_failed_allocation_counted_test),
	KUNIT_CASE(wdf_lookaside_burst_then_idle_test),
	KUNIT_CASE(wdf_lookaside_steady_use_one_cpu_test),
	KUNIT_CASE(wdf_lookaside_steady_use_two_cpus_test),
	KUNIT_CASE(wdf_lookaside_shrinker_releases_free_entries_test),
	KUNIT_CASE(wdf_lookaside_deleted_with_scan_pending_test),
	KUNIT_CASE(wdf_lookaside_delete_with_entries_out_test),
	KUNIT_CASE(wdf_lookaside_deleted_list_refuses_entries_test),
	KUNIT_CASE(wdf_lookaside_dead_memory_parent_refused_test),
	KUNIT_CASE(wdf_lookaside_bad_arguments_test),
	KUNIT_CASE(wdf_lookaside_paged_list_test),
	KUNIT_CASE(wdf_lookaside_list_parent_deletes_list_test),
	KUNIT_CASE(wdf_memory_typed_delete_test),
	KUNIT_CASE(wdf_lookaside_entry_counted_once_test),
	{}
};

static struct kunit_suite wdf_lookaside_suite = {
	.name = "wdfmem_lookaside",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_lookaside_cases,
};

kunit_test_suite(wdf_lookaside_suite);
