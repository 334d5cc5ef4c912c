// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the wdfmem object tree (parenting, deletion order, references).
 */

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/slab.h>
#include "harness.h"

static void wdf_object_default_parent_is_driver_test(struct kunit *test)
{
	struct wdf_object *obj = wdf_tnew(test, NULL, 1);

	KUNIT_EXPECT_PTR_EQ(test, wdf_test_object_parent(obj),
			    &wdf_driver_globals->obj);
	KUNIT_EXPECT_EQ(test, wdf_object_get_type(obj), WDF_TYPE_GENERIC);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(obj), 0);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c1 d1");
}

static void wdf_object_context_zeroed_test(struct kunit *test)
{
	struct wdf_object_attributes attr = { .context_size = 200 };
	struct wdf_object *obj;
	u8 *ctx;
	int i;

	KUNIT_ASSERT_EQ(test, wdf_object_create(&attr, &obj), 0);
	ctx = wdf_object_context(obj);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)ctx, 16));
	for (i = 0; i < 200; i++)
		KUNIT_EXPECT_EQ(test, ctx[i], 0);
	memset(ctx, 0xa5, 200);	/* the whole area is ours (KASAN checks) */
	wdf_object_delete(obj);
}

/*
 * A context type is kept beside the context, with callbacks or without,
 * and only where there is a context; the context stays whole and zeroed.
 */
static void wdf_object_context_type_test(struct kunit *test)
{
	static const char type[] = "a type";
	struct wdf_object_attributes attr = { .context_size = 24,
					      .context_type = type };
	struct wdf_object *obj, *plain;
	struct wdf_memory *mem;
	u8 *ctx, *buf;

	KUNIT_ASSERT_EQ(test, wdf_object_create(&attr, &obj), 0);
	KUNIT_EXPECT_PTR_EQ(test, wdf_object_context_type(obj), (void *)type);
	ctx = wdf_object_context(obj);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(ctx, 0, 24));
	memset(ctx, 0xa5, 24);
	KUNIT_EXPECT_PTR_EQ(test, wdf_object_context_type(obj), (void *)type);
	wdf_object_delete(obj);

	/* With callbacks, and an embedded buffer after the context. */
	wdf_tattr(&attr, NULL);
	attr.context_type = type;
	KUNIT_ASSERT_EQ(test, wdf_memory_create(&attr, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 32, &mem,
						(void **)&buf), 0);
	KUNIT_EXPECT_PTR_EQ(test, wdf_object_context_type(&mem->obj),
			    (void *)type);
	wdf_tset_id(&mem->obj, 7);
	memset(buf, 0xff, 32);
	KUNIT_EXPECT_PTR_EQ(test, wdf_object_context_type(&mem->obj),
			    (void *)type);
	wdf_object_delete(&mem->obj);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c7 d7");

	/* A type without a context is not kept. */
	attr = (struct wdf_object_attributes){ .context_type = type };
	KUNIT_ASSERT_EQ(test, wdf_object_create(&attr, &plain), 0);
	KUNIT_EXPECT_NULL(test, wdf_object_context_type(plain));
	KUNIT_EXPECT_NULL(test, wdf_object_context(plain));
	wdf_object_delete(plain);
	KUNIT_EXPECT_NULL(test, wdf_object_context_type(NULL));
}

/*
 * A parent deleted on one CPU while another attaches a child to it: the
 * child is either refused (-ESHUTDOWN) or attached and deleted with its
 * parent, never left behind.  The parent is a leaf until then, so its
 * delete takes the path that skips the walk unless it sees the attach.
 * Half the parents are generic objects (their child list follows their
 * struct), half memory objects (theirs is made by the first attach).
 */
struct wdf_attach_race {
	struct wdf_object *parent;
	atomic_t round;		/* the round the attacher may run */
	atomic_t done;		/* the last round it finished */
	int rounds;
	int attached;
	int refused;
	int other;
	struct completion finished;
};

static atomic_t wdf_race_cleaned;

static void wdf_attach_race_cleanup(struct wdf_object *obj)
{
	atomic_inc(&wdf_race_cleaned);
}

/* A random pause, so that either side may come first, or both at once. */
static void wdf_race_spin(void)
{
	u32 n = get_random_u32_below(512);

	while (n--)
		cpu_relax();
}

static int wdf_race_attacher(void *arg)
{
	struct wdf_attach_race *r = arg;
	struct wdf_object_attributes attr = { .cleanup = wdf_attach_race_cleanup };
	struct wdf_object *child;
	int i, ret;

	for (i = 1; i <= r->rounds; i++) {
		while (atomic_read_acquire(&r->round) < i)
			cpu_relax();
		wdf_race_spin();
		attr.parent = READ_ONCE(r->parent);
		ret = attr.parent ? wdf_object_create(&attr, &child) : -EINVAL;
		if (!ret)
			r->attached++;
		else if (ret == -ESHUTDOWN)
			r->refused++;
		else
			r->other++;
		atomic_set_release(&r->done, i);
	}
	complete(&r->finished);
	return 0;
}

static void wdf_object_attach_races_delete_test(struct kunit *test)
{
	struct wdf_attach_race r = { .rounds = 2000 };
	struct task_struct *t;
	struct wdf_object *p;
	int i;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	atomic_set(&wdf_race_cleaned, 0);
	init_completion(&r.finished);
	wdf_kunit_pin_cpu(test, cpumask_first(cpu_online_mask));
	t = kthread_create(wdf_race_attacher, &r, "wdf-attach");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	kthread_bind(t, cpumask_nth(1, cpu_online_mask));
	wake_up_process(t);
	for (i = 1; i <= r.rounds; i++) {
		struct wdf_memory *mem;

		/*
		 * Our reference keeps the parent's memory for the attacher.
		 * Every other parent is a memory object: its child list is
		 * made by the attach, from the hash table.
		 */
		if (i & 1)
			p = wdf_object_create(NULL, &p) ? NULL : p;
		else
			p = wdf_memory_create(NULL, WDF_POOL_NONPAGED,
					      GFP_KERNEL, 0, 16, &mem, NULL) ?
			    NULL : &mem->obj;
		if (p)
			wdf_object_get(p);
		WRITE_ONCE(r.parent, p);
		atomic_set_release(&r.round, i);
		wdf_race_spin();
		if (p)
			wdf_object_delete(p);
		while (atomic_read_acquire(&r.done) < i)
			cpu_relax();
		if (p)
			wdf_object_put(p);
	}
	wait_for_completion(&r.finished);
	kunit_info(test, "%d attached and deleted with the parent, %d refused\n",
		   r.attached, r.refused);
	KUNIT_EXPECT_EQ(test, r.other, 0);
	KUNIT_EXPECT_EQ(test, r.attached + r.refused, r.rounds);
	KUNIT_EXPECT_EQ(test, atomic_read(&wdf_race_cleaned), r.attached);
}

/*
 * A memory object and an MDL are parents like any other object: their
 * child lists come from the hash table, made by the first attach, and go
 * with them, in any context (here with interrupts off).  Children are
 * deleted first, in creation order.
 */
static void wdf_object_memory_and_mdl_as_parents_test(struct kunit *test)
{
	struct wdf_object_attributes attr;
	struct wdf_memory *mem, *inner;
	unsigned long flags;
	struct wdf_object *a;
	struct wdf_mdl *mdl;
	int ret;
	u8 *buf;

	wdf_tattr(&attr, NULL);
	KUNIT_ASSERT_EQ(test, wdf_memory_create(&attr, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 16, &mem,
						NULL), 0);
	wdf_tset_id(&mem->obj, 1);
	a = wdf_tnew(test, &mem->obj, 2);
	wdf_tnew(test, &mem->obj, 3);
	wdf_tattr(&attr, a);
	KUNIT_ASSERT_EQ(test, wdf_memory_create(&attr, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 64, &inner,
						NULL), 0);
	wdf_tset_id(&inner->obj, 4);
	wdf_tnew(test, &inner->obj, 5);
	KUNIT_EXPECT_TRUE(test, wdf_test_children_hashed(mem));
	KUNIT_EXPECT_TRUE(test, wdf_test_children_hashed(inner));
	KUNIT_EXPECT_FALSE(test, wdf_test_children_hashed(a));
	wdf_object_delete(&mem->obj);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log,
			   "c5 c4 c2 c3 c1 d5 d4 d2 d3 d1");
	/* Given back with their owners (addresses compared, not read). */
	KUNIT_EXPECT_FALSE(test, wdf_test_children_hashed(mem));
	KUNIT_EXPECT_FALSE(test, wdf_test_children_hashed(inner));

	buf = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	wdf_kunit_log[0] = '\0';
	wdf_tattr(&attr, NULL);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(&attr, buf, PAGE_SIZE,
						    GFP_KERNEL, &mdl), 0);
	wdf_tset_id(&mdl->obj, 6);
	wdf_tnew(test, &mdl->obj, 7);
	KUNIT_EXPECT_TRUE(test, wdf_test_children_hashed(mdl));
	wdf_object_delete(&mdl->obj);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c7 c6 d7 d6");
	KUNIT_EXPECT_FALSE(test, wdf_test_children_hashed(mdl));

	/* With interrupts off, the list is made and given back all the same. */
	KUNIT_ASSERT_EQ(test, wdf_memory_create(NULL, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 16, &mem,
						NULL), 0);
	attr = (struct wdf_object_attributes){ .parent = &mem->obj };
	local_irq_save(flags);
	ret = wdf_memory_create(&attr, WDF_POOL_NONPAGED, GFP_ATOMIC, 0, 16,
				&inner, NULL);
	wdf_object_delete(&mem->obj);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_FALSE(test, wdf_test_children_hashed(mem));
}

static void wdf_object_huge_context_enomem_test(struct kunit *test)
{
	struct wdf_object_attributes attr = { .context_size = SIZE_MAX };
	struct wdf_lookaside *la;
	struct wdf_object *obj;

	/* Refused before any allocator sees it: no page-allocator warning. */
	KUNIT_EXPECT_EQ(test, wdf_object_create(&attr, &obj), -ENOMEM);
	attr.context_size = KMALLOC_MAX_SIZE;
	KUNIT_EXPECT_EQ(test, wdf_object_create(&attr, &obj), -ENOMEM);
	KUNIT_EXPECT_EQ(test, wdf_lookaside_create(&attr, 16, WDF_POOL_NONPAGED,
						   NULL, 0, &la), -ENOMEM);
	KUNIT_EXPECT_EQ(test, wdf_lookaside_create(NULL, 16, WDF_POOL_NONPAGED,
						   &attr, 0, &la), -ENOMEM);
}

static void wdf_object_no_context_is_null_test(struct kunit *test)
{
	struct wdf_object *obj;

	KUNIT_ASSERT_EQ(test, wdf_object_create(NULL, &obj), 0);
	KUNIT_EXPECT_NULL(test, wdf_object_context(obj));
	KUNIT_EXPECT_NULL(test, wdf_object_context(NULL));
	wdf_object_delete(obj);
}

static void wdf_object_cleanup_before_destroy_test(struct kunit *test)
{
	struct wdf_object *obj = wdf_tnew(test, NULL, 7);

	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "");
	wdf_object_delete(obj);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c7 d7");
}

/*
 * 1 ─┬─ 2 ─┬─ 4 ── 8
 *    │     └─ 5
 *    ├─ 3 ── 6
 *    └─ 7
 * Post-order, siblings first-created first; destroys in the same order.
 */
static void wdf_object_delete_order_three_levels_test(struct kunit *test)
{
	struct wdf_object *o1, *o2, *o3, *o4;

	o1 = wdf_tnew(test, NULL, 1);
	o2 = wdf_tnew(test, o1, 2);
	o3 = wdf_tnew(test, o1, 3);
	o4 = wdf_tnew(test, o2, 4);
	wdf_tnew(test, o2, 5);
	wdf_tnew(test, o3, 6);
	wdf_tnew(test, o1, 7);
	wdf_tnew(test, o4, 8);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(o1), 0);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log,
			   "c8 c4 c5 c2 c6 c3 c7 c1 d8 d4 d5 d2 d6 d3 d7 d1");
}

static void wdf_object_delete_subtree_only_test(struct kunit *test)
{
	struct wdf_object *o1, *o2;

	o1 = wdf_tnew(test, NULL, 1);
	o2 = wdf_tnew(test, o1, 2);
	wdf_tnew(test, o2, 3);
	wdf_tnew(test, o1, 4);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(o2), 0);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c3 c2 d3 d2");
	wdf_kunit_log[0] = '\0';
	KUNIT_EXPECT_EQ(test, wdf_object_delete(o1), 0);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c4 c1 d4 d1");
}

static void wdf_object_reference_delays_destroy_test(struct kunit *test)
{
	struct wdf_object *obj = wdf_tnew(test, NULL, 1);

	KUNIT_ASSERT_EQ(test, wdf_object_get(obj), 0);
	wdf_object_delete(obj);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c1");
	/* Still usable: its context is intact until the last put. */
	KUNIT_EXPECT_EQ(test, ((struct wdf_tctx *)wdf_object_context(obj))->id, 1);
	KUNIT_EXPECT_EQ(test, wdf_object_put(obj), 0);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c1 d1");
}

static void wdf_object_child_reference_delays_child_only_test(struct kunit *test)
{
	struct wdf_object *p = wdf_tnew(test, NULL, 1);
	struct wdf_object *c = wdf_tnew(test, p, 2);

	wdf_object_get(c);
	wdf_object_delete(p);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c2 c1 d1");
	wdf_object_put(c);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c2 c1 d1 d2");
}

static void wdf_object_second_delete_refused_test(struct kunit *test)
{
	struct wdf_object *obj = wdf_tnew(test, NULL, 1);
	u64 warnings;

	wdf_object_get(obj);
	wdf_object_delete(obj);
	warnings = wdf_kunit_warnings();
	KUNIT_EXPECT_EQ(test, wdf_object_delete(obj), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c1");
	wdf_object_put(obj);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c1 d1");
}

static void wdf_object_delete_null_refused_test(struct kunit *test)
{
	u64 warnings = wdf_kunit_warnings();

	KUNIT_EXPECT_EQ(test, wdf_object_delete(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_object_get(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_object_put(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 3);
}

static void wdf_object_driver_cannot_be_deleted_test(struct kunit *test)
{
	struct wdf_object *drv = &wdf_driver_globals->obj;
	u64 warnings = wdf_kunit_warnings();
	struct wdf_object *one = wdf_tnew(test, NULL, 1), *two;

	KUNIT_EXPECT_EQ(test, wdf_object_delete(drv), -EPERM);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "");
	/* Nothing changed: the driver still takes children. */
	two = wdf_tnew(test, NULL, 2);
	KUNIT_EXPECT_EQ(test, wdf_object_state(drv), WDF_STATE_CREATED);
	wdf_object_delete(two);
	wdf_object_delete(one);
}

static void wdf_object_put_creation_reference_refused_test(struct kunit *test)
{
	struct wdf_object *obj = wdf_tnew(test, NULL, 1);
	u64 warnings = wdf_kunit_warnings();

	KUNIT_EXPECT_EQ(test, wdf_object_put(obj), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
	KUNIT_EXPECT_EQ(test, kref_read(&obj->ref), 1);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "");
	KUNIT_EXPECT_EQ(test, wdf_object_delete(obj), 0);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c1 d1");
}

static struct wdf_object *wdf_dying_child;
static int wdf_dying_child_ret;

static void wdf_create_child_in_cleanup(struct wdf_object *obj)
{
	struct wdf_object_attributes attr = { .parent = obj };

	wdf_dying_child_ret = wdf_object_create(&attr, &wdf_dying_child);
}

static void wdf_object_child_refused_under_dying_parent_test(struct kunit *test)
{
	struct wdf_object_attributes attr = {
		.cleanup = wdf_create_child_in_cleanup,
	};
	struct wdf_statistics before, after;
	struct wdf_object *obj;

	KUNIT_ASSERT_EQ(test, wdf_object_create(&attr, &obj), 0);
	wdf_statistics_read(&before);
	wdf_dying_child = (void *)1;
	wdf_object_delete(obj);
	KUNIT_EXPECT_EQ(test, wdf_dying_child_ret, -ESHUTDOWN);
	KUNIT_EXPECT_NULL(test, wdf_dying_child);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_GENERIC],
			before.live[WDF_TYPE_GENERIC] - 1);
}

static void wdf_object_memory_refused_under_dying_parent_test(struct kunit *test)
{
	struct wdf_object *p = wdf_tnew(test, NULL, 1);
	struct wdf_object_attributes attr = { .parent = p };
	struct wdf_memory *mem;
	void *buf = (void *)1;

	wdf_object_get(p);
	wdf_object_delete(p);
	KUNIT_EXPECT_EQ(test, wdf_memory_create(&attr, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 64, &mem, &buf),
			-ESHUTDOWN);
	KUNIT_EXPECT_NULL(test, mem);
	KUNIT_EXPECT_NULL(test, buf);
	wdf_object_put(p);
}

static void wdf_object_create_null_out_refused_test(struct kunit *test)
{
	u64 warnings = wdf_kunit_warnings();

	KUNIT_EXPECT_EQ(test, wdf_object_create(NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
}

static void wdf_object_wide_tree_fifo_test(struct kunit *test)
{
	struct wdf_object *p = wdf_tnew(test, NULL, 0);
	char *expect;
	int i, len = 0;

	expect = kunit_kzalloc(test, 512, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, expect);
	for (i = 1; i <= 40; i++) {
		wdf_tnew(test, p, i);
		len += scnprintf(expect + len, 512 - len, "c%d ", i);
	}
	scnprintf(expect + len, 512 - len, "c0");
	wdf_object_delete(p);
	KUNIT_EXPECT_EQ(test, strncmp(wdf_kunit_log, expect, strlen(expect)), 0);
}

/*
 * Children with and without destroy callbacks, more than one batch of
 * leaves, and a child with a child of its own in the middle: every cleanup
 * in post-order first, then the destroys, children first, in the same
 * order; one still referenced stays usable until its last put.
 */
static void wdf_object_mixed_tree_order_test(struct kunit *test)
{
	struct wdf_object *p = wdf_tnew(test, NULL, 0), *kept = NULL;
	struct wdf_object_attributes attr;
	struct wdf_statistics before, after;
	char *expect;
	int i, len = 0;

	expect = kunit_kzalloc(test, 1024, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, expect);
	for (i = 1; i <= 40; i++) {
		struct wdf_object *obj;

		if (i % 2) {
			obj = wdf_tnew(test, p, i);
		} else {
			wdf_tattr(&attr, p);
			attr.destroy = NULL;
			KUNIT_ASSERT_EQ(test, wdf_object_create(&attr, &obj), 0);
			wdf_tset_id(obj, i);
		}
		if (i == 20)
			wdf_tnew(test, obj, 100);
		if (i == 30) {
			kept = obj;
			wdf_object_get(kept);
		}
	}
	for (i = 1; i <= 40; i++) {
		if (i == 20)
			len += scnprintf(expect + len, 1024 - len, "c100 ");
		len += scnprintf(expect + len, 1024 - len, "c%d ", i);
	}
	len += scnprintf(expect + len, 1024 - len, "c0");
	for (i = 1; i <= 40; i += 2) {
		if (i == 21)
			len += scnprintf(expect + len, 1024 - len, " d100");
		len += scnprintf(expect + len, 1024 - len, " d%d", i);
	}
	scnprintf(expect + len, 1024 - len, " d0");
	wdf_statistics_read(&before);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(p), 0);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, expect);
	wdf_statistics_read(&after);
	/* 41 of the 42 went; the one still referenced did not. */
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_GENERIC],
			before.live[WDF_TYPE_GENERIC] - 41);
	KUNIT_EXPECT_EQ(test, wdf_object_state(kept), WDF_STATE_DELETED);
	KUNIT_EXPECT_EQ(test, wdf_object_put(kept), 0);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_GENERIC],
			before.live[WDF_TYPE_GENERIC] - 42);
}

/*
 * A cleanup callback that deletes a later sibling, and one that reads an
 * earlier sibling's buffer (its handle kept without a reference): the
 * sibling is still there to delete, and no object is freed before every
 * cleanup of the subtree ran (KMDF's destroy pass comes after its
 * dispose pass).  Leaves without callbacks around them, over a batch.
 */
static struct wdf_object *wdf_later_sibling;
static struct wdf_memory *wdf_earlier_memory;
static int wdf_later_delete_ret = 1;
static u8 wdf_earlier_byte;
static u64 wdf_earlier_live;

static void wdf_delete_later_sibling(struct wdf_object *obj)
{
	wdf_later_delete_ret = wdf_object_delete(wdf_later_sibling);
	wdf_kunit_record("x");
}

static void wdf_read_earlier_memory(struct wdf_object *obj)
{
	u8 *buf = wdf_memory_get_buffer(wdf_earlier_memory, NULL);
	struct wdf_statistics s;

	wdf_earlier_byte = buf ? buf[0] : 0;
	/* Without KASAN an early free shows here: the memory is not counted. */
	wdf_statistics_read(&s);
	wdf_earlier_live = s.live[WDF_TYPE_MEMORY];
	wdf_kunit_record("r");
}

static void wdf_object_cleanup_sees_siblings_test(struct kunit *test)
{
	struct wdf_object_attributes attr = {}, cattr;
	struct wdf_object *p, *obj;
	struct wdf_statistics before, after;
	void *buf;
	int i;

	wdf_statistics_read(&before);
	KUNIT_ASSERT_EQ(test, wdf_object_create(NULL, &p), 0);
	attr.parent = p;
	KUNIT_ASSERT_EQ(test, wdf_memory_create(&attr, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 16,
						&wdf_earlier_memory, &buf), 0);
	memset(buf, 0x5a, 16);
	for (i = 0; i < 40; i++)
		KUNIT_ASSERT_EQ(test, wdf_object_create(&attr, &obj), 0);
	cattr = attr;
	cattr.cleanup = wdf_delete_later_sibling;
	KUNIT_ASSERT_EQ(test, wdf_object_create(&cattr, &obj), 0);
	KUNIT_ASSERT_EQ(test, wdf_object_create(&attr, &wdf_later_sibling), 0);
	cattr.cleanup = wdf_read_earlier_memory;
	KUNIT_ASSERT_EQ(test, wdf_object_create(&cattr, &obj), 0);
	for (i = 0; i < 40; i++)
		KUNIT_ASSERT_EQ(test, wdf_object_create(&attr, &obj), 0);
	wdf_earlier_byte = 0;
	wdf_later_delete_ret = 1;
	KUNIT_EXPECT_EQ(test, wdf_object_delete(p), 0);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "x r");
	KUNIT_EXPECT_EQ(test, wdf_later_delete_ret, 0);
	KUNIT_EXPECT_EQ(test, wdf_earlier_byte, 0x5a);
	KUNIT_EXPECT_EQ(test, wdf_earlier_live,
			before.live[WDF_TYPE_MEMORY] + 1);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_GENERIC],
			before.live[WDF_TYPE_GENERIC]);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_MEMORY],
			before.live[WDF_TYPE_MEMORY]);
	KUNIT_EXPECT_EQ(test, after.warnings, before.warnings);
}

/* A chain 20000 deep: the walk must not recurse. */
static void wdf_object_deep_chain_test(struct kunit *test)
{
	struct wdf_object *root, *cur;
	struct wdf_statistics before, after;
	int i;

	wdf_statistics_read(&before);
	KUNIT_ASSERT_EQ(test, wdf_object_create(NULL, &root), 0);
	cur = root;
	for (i = 0; i < 20000; i++) {
		struct wdf_object_attributes attr = { .parent = cur };

		KUNIT_ASSERT_EQ(test, wdf_object_create(&attr, &cur), 0);
	}
	wdf_object_delete(root);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_GENERIC],
			before.live[WDF_TYPE_GENERIC]);
}

static void wdf_object_driver_deletion_takes_everything_test(struct kunit *test)
{
	struct wdf_driver *saved = wdf_driver_globals, *drv;
	struct wdf_object_attributes attr;
	struct wdf_statistics before, after;
	struct wdf_lookaside *la;
	struct wdf_memory *mem;
	struct wdf_object *o;
	int t;

	wdf_statistics_read(&before);
	KUNIT_ASSERT_EQ(test, __wdf_driver_create(NULL, "other", &drv), 0);
	wdf_driver_globals = drv;
	o = wdf_tnew(test, NULL, 1);
	wdf_tnew(test, o, 2);
	wdf_tattr(&attr, NULL);
	KUNIT_EXPECT_EQ(test, wdf_memory_create(&attr, WDF_POOL_NONPAGED,
						GFP_KERNEL, 0, 100, &mem, NULL), 0);
	wdf_tset_id(&mem->obj, 3);
	KUNIT_EXPECT_EQ(test, wdf_memory_create(&attr, WDF_POOL_PAGED,
						GFP_KERNEL, 0, 3 * PAGE_SIZE,
						&mem, NULL), 0);
	wdf_tset_id(&mem->obj, 4);
	KUNIT_EXPECT_EQ(test, wdf_lookaside_create(NULL, 64, WDF_POOL_NONPAGED,
						   NULL, 0, &la), 0);
	KUNIT_EXPECT_EQ(test, wdf_memory_create_from_lookaside(la, GFP_KERNEL,
							       &mem), 0);
	wdf_driver_globals = saved;
	__wdf_driver_delete(drv);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c2 c1 c3 c4 d2 d1 d3 d4");
	wdf_statistics_read(&after);
	for (t = 0; t < WDF_TYPE_MAX; t++)
		KUNIT_EXPECT_EQ(test, after.live[t], before.live[t]);
	KUNIT_EXPECT_EQ(test, after.bytes_live, before.bytes_live);
}

/* Another thread: create object 2 under the driver, if its list differs. */
struct wdf_list_probe {
	struct wdf_driver *drv;
	struct wdf_object *avoid;	/* the list the test thread joins */
	struct wdf_object *obj;		/* what it made, or NULL */
	int ret;
	struct completion done;
};

static int wdf_list_prober(void *arg)
{
	struct wdf_list_probe *p = arg;
	struct wdf_object_attributes attr;

	if (wdf_test_driver_list(p->drv) != p->avoid) {
		wdf_tattr(&attr, &p->drv->obj);
		p->ret = wdf_object_create(&attr, &p->obj);
		if (!p->ret)
			wdf_tset_id(p->obj, 2);
	}
	complete(&p->done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/*
 * The driver keeps its children on lists picked by the creating thread:
 * one thread's objects share a list on every CPU, in creation order;
 * another thread's (one that hashes elsewhere) go on another; each reports
 * the driver as its parent, and the driver's delete takes them all, list
 * after list.
 */
static void wdf_object_driver_children_per_thread_test(struct kunit *test)
{
	struct wdf_driver *saved = wdf_driver_globals, *drv;
	struct wdf_statistics before, after;
	struct wdf_list_probe p = {};
	struct wdf_object *a, *c;
	struct task_struct *t;
	bool other_first;
	int tries;

	wdf_statistics_read(&before);
	KUNIT_ASSERT_EQ(test, __wdf_driver_create(NULL, "lists", &drv), 0);
	wdf_driver_globals = drv;
	wdf_kunit_pin_cpu(test, 0);
	a = wdf_tnew(test, NULL, 1);
	if (num_online_cpus() > 1)
		wdf_kunit_pin_cpu(test, 1);
	c = wdf_tnew(test, NULL, 3);
	wdf_driver_globals = saved;
	KUNIT_EXPECT_PTR_EQ(test, a->parent, c->parent);
	KUNIT_EXPECT_PTR_EQ(test, a->parent, wdf_test_driver_list(drv));
	/* One in 64 threads shares this thread's list: try a few. */
	p.drv = drv;
	p.avoid = a->parent;
	for (tries = 0; tries < 8 && !p.obj && !p.ret; tries++) {
		init_completion(&p.done);
		t = kthread_run(wdf_list_prober, &p, "wdf-lists");
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
		wait_for_completion(&p.done);
		kthread_stop(t);
	}
	KUNIT_ASSERT_EQ(test, p.ret, 0);
	KUNIT_ASSERT_NOT_NULL(test, p.obj);
	KUNIT_EXPECT_PTR_NE(test, p.obj->parent, a->parent);
	KUNIT_EXPECT_PTR_EQ(test, wdf_test_object_parent(a), &drv->obj);
	KUNIT_EXPECT_PTR_EQ(test, wdf_test_object_parent(p.obj), &drv->obj);
	/* Lists go in their order in the driver's array; each in its own. */
	other_first = p.obj->parent < a->parent;
	__wdf_driver_delete(drv);
	if (other_first)
		KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c2 c1 c3 d2 d1 d3");
	else
		KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c1 c3 c2 d1 d3 d2");
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_GENERIC],
			before.live[WDF_TYPE_GENERIC]);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_DRIVER],
			before.live[WDF_TYPE_DRIVER]);
}

static void wdf_object_create_without_driver_refused_test(struct kunit *test)
{
	struct wdf_object *obj = (void *)1;
	u64 warnings = wdf_kunit_warnings();

	KUNIT_EXPECT_EQ(test, __wdf_object_create(NULL, NULL, &obj), -EINVAL);
	KUNIT_EXPECT_NULL(test, obj);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
}

static void wdf_object_stats_count_by_type_test(struct kunit *test)
{
	struct wdf_statistics before, mid, after;
	struct wdf_object *a, *b;

	wdf_statistics_read(&before);
	KUNIT_ASSERT_EQ(test, wdf_object_create(NULL, &a), 0);
	KUNIT_ASSERT_EQ(test, wdf_object_create(NULL, &b), 0);
	wdf_statistics_read(&mid);
	KUNIT_EXPECT_EQ(test, mid.live[WDF_TYPE_GENERIC],
			before.live[WDF_TYPE_GENERIC] + 2);
	KUNIT_EXPECT_EQ(test, mid.total[WDF_TYPE_GENERIC],
			before.total[WDF_TYPE_GENERIC] + 2);
	wdf_object_delete(a);
	wdf_object_delete(b);
	wdf_statistics_read(&after);
	KUNIT_EXPECT_EQ(test, after.live[WDF_TYPE_GENERIC],
			before.live[WDF_TYPE_GENERIC]);
	KUNIT_EXPECT_EQ(test, after.total[WDF_TYPE_GENERIC],
			before.total[WDF_TYPE_GENERIC] + 2);
}

/*
 * A parent deleted while another thread deletes its children: every
 * cleanup and destroy runs exactly once, whoever wins each child, and
 * nothing is touched after it is freed (KASAN) or locked out of order
 * (lockdep).  Extra references keep the children valid for the racing
 * thread; a child the parent reached first answers its delete with -EINVAL.
 */
#define WDF_RACE_CHILDREN	64

static atomic_t wdf_race_cleanups, wdf_race_destroys;

static void wdf_race_cleanup(struct wdf_object *obj)
{
	atomic_inc(&wdf_race_cleanups);
}

static void wdf_race_destroy(struct wdf_object *obj)
{
	atomic_inc(&wdf_race_destroys);
}

struct wdf_race {
	struct wdf_object *child[WDF_RACE_CHILDREN];
	struct completion done;
	int won;
};

static int wdf_race_thread(void *data)
{
	struct wdf_race *r = data;
	int i;

	for (i = WDF_RACE_CHILDREN - 1; i >= 0; i--)
		r->won += wdf_object_delete(r->child[i]) == 0;
	complete(&r->done);
	return 0;
}

static void wdf_object_concurrent_delete_test(struct kunit *test)
{
	struct wdf_object_attributes attr = {
		.cleanup = wdf_race_cleanup, .destroy = wdf_race_destroy,
	};
	struct wdf_race *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct task_struct *t;
	struct wdf_object *p;
	int round, i, won = 0;

	KUNIT_ASSERT_NOT_NULL(test, r);
	for (round = 0; round < 20; round++) {
		atomic_set(&wdf_race_cleanups, 0);
		atomic_set(&wdf_race_destroys, 0);
		attr.parent = NULL;
		KUNIT_ASSERT_EQ(test, wdf_object_create(&attr, &p), 0);
		attr.parent = p;
		for (i = 0; i < WDF_RACE_CHILDREN; i++) {
			KUNIT_ASSERT_EQ(test, wdf_object_create(&attr,
								&r->child[i]), 0);
			wdf_object_get(r->child[i]);
		}
		init_completion(&r->done);
		r->won = 0;
		t = kthread_run(wdf_race_thread, r, "wdf_race");
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
		if (round & 1)
			usleep_range(50, 200);
		KUNIT_EXPECT_EQ(test, wdf_object_delete(p), 0);
		wait_for_completion(&r->done);
		KUNIT_EXPECT_EQ(test, atomic_read(&wdf_race_cleanups),
				WDF_RACE_CHILDREN + 1);
		for (i = 0; i < WDF_RACE_CHILDREN; i++)
			wdf_object_put(r->child[i]);
		KUNIT_EXPECT_EQ(test, atomic_read(&wdf_race_destroys),
				WDF_RACE_CHILDREN + 1);
		won += r->won;
	}
	kunit_info(test, "racing thread won %d of %d children", won,
		   20 * WDF_RACE_CHILDREN);
}

static void wdf_object_tagged_references_test(struct kunit *test)
{
	int a, b, c, ret_c, ret_b, ret_a;
	struct wdf_object *obj;
	u64 warnings;

	wdf_kunit_set_verifier(test, true);
	obj = wdf_tnew(test, NULL, 1);
	warnings = wdf_kunit_warnings();

	wdf_object_get_tag(obj, &a);
	wdf_object_get_tag(obj, &a);
	wdf_object_get_tag(obj, &b);
	KUNIT_EXPECT_EQ(test, kref_read(&obj->ref), 4);
	KUNIT_EXPECT_TRUE(test, wdf_test_object_has_tags(obj));
	/* A tag that holds nothing is refused and changes nothing. */
	ret_c = wdf_object_put_tag(obj, &c);
	KUNIT_EXPECT_EQ(test, kref_read(&obj->ref), 4);
	ret_b = wdf_object_put_tag(obj, &b);
	ret_a = wdf_object_put_tag(obj, &a) ?: wdf_object_put_tag(obj, &a);
	/* b's single reference is gone: its tag holds nothing now. */
	KUNIT_EXPECT_EQ(test, wdf_object_put_tag(obj, &b), -EINVAL);
	KUNIT_EXPECT_EQ(test, ret_c, -EINVAL);
	KUNIT_EXPECT_EQ(test, ret_b, 0);
	KUNIT_EXPECT_EQ(test, ret_a, 0);
	KUNIT_EXPECT_EQ(test, kref_read(&obj->ref), 1);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 2);
	wdf_object_delete(obj);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c1 d1");
	/* Nothing abandoned: no report at destroy. */
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 2);
}

static void wdf_object_abandoned_tag_reported_test(struct kunit *test)
{
	struct wdf_object *obj;
	u64 warnings;
	int a;

	wdf_kunit_set_verifier(test, true);
	obj = wdf_tnew(test, NULL, 1);
	wdf_object_get_tag(obj, &a);
	wdf_kunit_set_verifier(test, false);
	/* Released untagged: the tag still claims a reference. */
	wdf_object_put(obj);
	warnings = wdf_kunit_warnings();
	wdf_object_delete(obj);
	KUNIT_EXPECT_STREQ(test, wdf_kunit_log, "c1 d1");
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings(), warnings + 1);
}

static void wdf_object_tags_untracked_without_verifier_test(struct kunit *test)
{
	struct wdf_object *obj;
	int a, b;

	wdf_kunit_set_verifier(test, false);
	obj = wdf_tnew(test, NULL, 1);

	KUNIT_EXPECT_EQ(test, wdf_object_get_tag(obj, &a), 0);
	KUNIT_EXPECT_FALSE(test, wdf_test_object_has_tags(obj));
	/* Not tracked: any tag releases a reference. */
	KUNIT_EXPECT_EQ(test, wdf_object_put_tag(obj, &b), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&obj->ref), 1);
	wdf_object_delete(obj);
}

/* The harness counts what a case leaves alive before the driver goes. */
static void wdf_harness_counts_leftovers_test(struct kunit *test)
{
	struct wdf_object *a = wdf_tnew(test, NULL, 1);
	struct wdf_object *b = wdf_tnew(test, a, 2);

	KUNIT_EXPECT_EQ(test, wdf_kunit_leftovers(test, false), 2);
	wdf_object_delete(b);
	KUNIT_EXPECT_EQ(test, wdf_kunit_leftovers(test, false), 1);
	wdf_object_delete(a);
	KUNIT_EXPECT_EQ(test, wdf_kunit_leftovers(test, false), 0);
}

static struct kunit_case wdf_object_cases[] = {
	KUNIT_CASE(wdf_harness_counts_leftovers_test),
	KUNIT_CASE(wdf_object_default_parent_is_driver_test),
	KUNIT_CASE(wdf_object_context_zeroed_test),
	KUNIT_CASE(wdf_object_context_type_test),
	KUNIT_CASE(wdf_object_attach_races_delete_test),
	KUNIT_CASE(wdf_object_memory_and_mdl_as_parents_test),
	KUNIT_CASE(wdf_object_huge_context_enomem_test),
	KUNIT_CASE(wdf_object_no_context_is_null_test),
	KUNIT_CASE(wdf_object_cleanup_before_destroy_test),
	KUNIT_CASE(wdf_object_delete_order_three_levels_test),
	KUNIT_CASE(wdf_object_delete_subtree_only_test),
	KUNIT_CASE(wdf_object_reference_delays_destroy_test),
	KUNIT_CASE(wdf_object_child_reference_delays_child_only_test),
	KUNIT_CASE(wdf_object_second_delete_refused_test),
	KUNIT_CASE(wdf_object_delete_null_refused_test),
	KUNIT_CASE(wdf_object_driver_cannot_be_deleted_test),
	KUNIT_CASE(wdf_object_put_creation_reference_refused_test),
	KUNIT_CASE(wdf_object_child_refused_under_dying_parent_test),
	KUNIT_CASE(wdf_object_memory_refused_under_dying_parent_test),
	KUNIT_CASE(wdf_object_create_null_out_refused_test),
	KUNIT_CASE(wdf_object_wide_tree_fifo_test),
	KUNIT_CASE(wdf_object_mixed_tree_order_test),
	KUNIT_CASE(wdf_object_cleanup_sees_siblings_test),
	KUNIT_CASE(wdf_object_deep_chain_test),
	KUNIT_CASE(wdf_object_driver_deletion_takes_everything_test),
	KUNIT_CASE(wdf_object_driver_children_per_thread_test),
	KUNIT_CASE(wdf_object_create_without_driver_refused_test),
	KUNIT_CASE(wdf_object_stats_count_by_type_test),
	KUNIT_CASE(wdf_object_concurrent_delete_test),
	KUNIT_CASE(wdf_object_tagged_references_test),
	KUNIT_CASE(wdf_object_abandoned_tag_reported_test),
	KUNIT_CASE(wdf_object_tags_untracked_without_verifier_test),
	{}
};

static struct kunit_suite wdf_object_suite = {
	.name = "wdfmem_object",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_object_cases,
};

kunit_test_suite(wdf_object_suite);
