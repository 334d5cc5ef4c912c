// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: wdfmem DMA enablers, transactions and common buffers, against a
 * fake device.  Its program-DMA callback records each fragment; the device
 * then moves the bytes between the fragment's bus ranges and its own
 * memory (direct mapping, no IOMMU: a bus address is a physical one) and
 * reports completion inline, from a work item, from a timer (atomic), or
 * when the case says so.  Cases cover fragmentation by maximum length and
 * by page layout (kmalloc, vmalloc, user pages at odd offsets, a narrow
 * mask that forces bounces), partial completions and retries, the state
 * errors KMDF answers with a bugcheck, cancel mid-transaction, reuse,
 * request-based transactions, common buffers and their alignment, and a
 * failed allocation at each allocation of each path.
 */

#include <kunit/device.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/mman.h>
#include <linux/timer.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include "harness.h"

#define WDF_FDEV_SIZE	(64 * 1024)
#define WDF_FMAX_FRAGS	256

enum wdf_fmode {
	WDF_FINLINE,	/* completes inside the program-DMA callback */
	WDF_FWORK,	/* from a work item */
	WDF_FTIMER,	/* from a timer: atomic context */
	WDF_FMANUAL,	/* the case completes */
};

struct wdf_fdev {
	struct kunit *test;
	struct device *dev;
	struct wdf_device *wdev;
	struct wdf_dma_enabler *en;
	struct wdf_dma_transaction *txn;
	u64 mask;
	u8 *mem;			/* the device's memory */
	enum wdf_fmode mode;
	/* per fragment, as programmed */
	unsigned int nfrags;
	size_t frag_len[WDF_FMAX_FRAGS];
	size_t frag_at[WDF_FMAX_FRAGS];
	unsigned int frag_nents[WDF_FMAX_FRAGS];
	bool frag_bounced[WDF_FMAX_FRAGS];
	struct scatterlist *sgl;
	unsigned int nents;
	enum dma_data_direction dir;
	size_t at;
	/*
	 * The completion plan: the first fragment moves @partial bytes (if
	 * set), then @zeros completions of 0 bytes, then full ones.
	 */
	size_t partial;
	unsigned int zeros;
	bool partial_done;
	/* how it ended */
	struct completion done;
	int status;
	unsigned int ended;
	struct work_struct work;
	struct timer_list timer;
};

static void wdf_fpattern(u8 *p, size_t n, u8 seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (u8)(seed + i * 13 + (i >> 9));
}

/* The device moves @n bytes of the programmed fragment. */
static void wdf_fmove(struct wdf_fdev *f, size_t n)
{
	struct scatterlist *sg;
	size_t at = f->at;
	unsigned int i;

	for_each_sg(f->sgl, sg, f->nents, i) {
		size_t k = min_t(size_t, n, sg_dma_len(sg));
		void *ram = phys_to_virt(sg_dma_address(sg));

		if (!k)
			break;
		if (f->dir == DMA_TO_DEVICE)
			memcpy(f->mem + at, ram, k);
		else
			memcpy(ram, f->mem + at, k);
		at += k;
		n -= k;
	}
}

/* The device reports the fragment done, by the plan. */
static void wdf_fcomplete(struct wdf_fdev *f)
{
	size_t len = f->frag_len[f->nfrags - 1];
	bool over;
	int st;

	if (f->partial && !f->partial_done) {
		f->partial_done = true;
		wdf_fmove(f, f->partial);
		over = wdf_dma_transaction_dma_completed_with_length(f->txn,
								     f->partial,
								     &st);
	} else if (f->zeros) {
		f->zeros--;
		over = wdf_dma_transaction_dma_completed_with_length(f->txn, 0,
								     &st);
	} else {
		wdf_fmove(f, len);
		over = wdf_dma_transaction_dma_completed(f->txn, &st);
	}
	if (over) {
		f->status = st;
		f->ended++;
		complete(&f->done);
	} else {
		KUNIT_EXPECT_EQ(f->test, st, -EINPROGRESS);
	}
}

static void wdf_fwork(struct work_struct *w)
{
	wdf_fcomplete(container_of(w, struct wdf_fdev, work));
}

static void wdf_ftimer(struct timer_list *t)
{
	wdf_fcomplete(container_of(t, struct wdf_fdev, timer));
}

static void wdf_fprogram(struct wdf_dma_transaction *txn,
			 struct wdf_device *wdev, void *context,
			 enum dma_data_direction dir, struct scatterlist *sgl,
			 unsigned int nents)
{
	struct wdf_fdev *f = context;
	unsigned int i = f->nfrags;

	KUNIT_EXPECT_PTR_EQ(f->test, wdev, f->wdev);
	KUNIT_EXPECT_PTR_EQ(f->test, txn, f->txn);
	if (i >= WDF_FMAX_FRAGS) {
		KUNIT_FAIL(f->test, "too many fragments");
		return;
	}
	f->sgl = sgl;
	f->nents = nents;
	f->dir = dir;
	f->at = wdf_dma_transaction_get_bytes_transferred(txn);
	f->frag_at[i] = f->at;
	f->frag_len[i] = wdf_dma_transaction_get_current_dma_transfer_length(txn);
	f->frag_nents[i] = nents;
	f->frag_bounced[i] = wdf_dma_transaction_is_bounced(txn);
	f->nfrags++;
	switch (f->mode) {
	case WDF_FINLINE:
		wdf_fcomplete(f);
		break;
	case WDF_FWORK:
		queue_work(system_wq, &f->work);
		break;
	case WDF_FTIMER:
		mod_timer(&f->timer, jiffies);
		break;
	case WDF_FMANUAL:
		break;
	}
}

static void wdf_fdev_stop(void *data)
{
	struct wdf_fdev *f = data;

	timer_shutdown_sync(&f->timer);
	cancel_work_sync(&f->work);
}

static struct wdf_fdev *wdf_fdev_setup(struct kunit *test,
				       enum wdf_dma_profile profile,
				       size_t max_length, unsigned int bits)
{
	struct wdf_dma_enabler_config cfg = {
		.profile = profile,
		.maximum_length = max_length,
		.address_width = bits,
	};
	struct wdf_fdev *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->test = test;
	f->mem = kunit_kzalloc(test, WDF_FDEV_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->mem);
	f->dev = kunit_device_register(test, "wdfmem-dmatx");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f->dev);
	f->dev->dma_mask = &f->mask;
	KUNIT_ASSERT_EQ(test, wdf_device_create(NULL, f->dev, &f->wdev), 0);
	KUNIT_ASSERT_EQ(test, wdf_dma_enabler_create(f->wdev, &cfg, NULL,
						     &f->en), 0);
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_create(f->en, NULL, &f->txn), 0);
	init_completion(&f->done);
	INIT_WORK(&f->work, wdf_fwork);
	timer_setup(&f->timer, wdf_ftimer, 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wdf_fdev_stop, f), 0);
	return f;
}

/* Delete the enabler (and its transactions and buffers) before the case ends. */
static void wdf_fdev_done(struct wdf_fdev *f)
{
	wdf_fdev_stop(f);
	KUNIT_EXPECT_EQ(f->test, wdf_object_delete(&f->en->obj), 0);
}

/* Run one transaction to its end: execute, wait, release. */
static int wdf_frun(struct wdf_fdev *f, struct wdf_mdl *mdl, size_t off,
		    size_t len, enum dma_data_direction dir, size_t *moved)
{
	int ret;

	f->nfrags = 0;
	f->ended = 0;
	f->partial_done = false;
	reinit_completion(&f->done);
	ret = wdf_dma_transaction_initialize(f->txn, wdf_fprogram, dir, mdl,
					     off, len);
	if (ret)
		return ret;
	ret = wdf_dma_transaction_execute(f->txn, f);
	if (!ret) {
		KUNIT_EXPECT_GT(f->test,
				wait_for_completion_timeout(&f->done, 10 * HZ), 0);
		ret = f->status;
	}
	KUNIT_EXPECT_EQ(f->test, f->ended, ret ? f->ended : 1);
	*moved = wdf_dma_transaction_get_bytes_transferred(f->txn);
	KUNIT_EXPECT_EQ(f->test, wdf_dma_transaction_release(f->txn), 0);
	return ret;
}

/*
 * To the device and back: @len bytes from @off into @src go to the
 * device's memory, then come back into @dst at the same offset.  Both
 * byte-exact; the bytes around the range in @dst are untouched.
 */
static void wdf_fround_trip(struct wdf_fdev *f, struct wdf_mdl *src, u8 *sbuf,
			    struct wdf_mdl *dst, u8 *dbuf, size_t size,
			    size_t off, size_t len)
{
	struct kunit *test = f->test;
	size_t moved, i;

	wdf_fpattern(sbuf, size, (u8)len);
	memset(dbuf, 0x5a, size);
	KUNIT_ASSERT_EQ(test, wdf_frun(f, src, off, len, DMA_TO_DEVICE, &moved), 0);
	KUNIT_EXPECT_EQ(test, moved, len);
	KUNIT_EXPECT_EQ(test, memcmp(f->mem, sbuf + off, len), 0);
	KUNIT_ASSERT_EQ(test, wdf_frun(f, dst, off, len, DMA_FROM_DEVICE, &moved), 0);
	KUNIT_EXPECT_EQ(test, moved, len);
	KUNIT_EXPECT_EQ(test, memcmp(dbuf + off, sbuf + off, len), 0);
	for (i = 0; i < size; i++)
		if ((i < off || i >= off + len) && dbuf[i] != 0x5a) {
			KUNIT_FAIL(test, "byte %zu outside the range written", i);
			break;
		}
	/* Fragments tile the range in order; none is longer than allowed. */
	for (moved = 0, i = 0; !f->partial && i < f->nfrags; i++) {
		KUNIT_EXPECT_EQ(test, f->frag_at[i], moved);
		KUNIT_EXPECT_LE(test, f->frag_len[i],
				wdf_dma_enabler_get_fragment_length(f->en));
		moved += f->frag_len[i];
	}
	KUNIT_EXPECT_EQ(test, f->partial ? len : moved, len);
}

static void wdf_funmap(void *addr)
{
	struct page *first = vmalloc_to_page(addr + 3 * PAGE_SIZE);

	vunmap(addr);
	__free_pages(first, 2);
}

/*
 * Four pages that are virtually contiguous and never physically: an
 * order-2 block mapped backwards.
 */
static u8 *wdf_fscattered(struct kunit *test)
{
	struct page *block = alloc_pages(GFP_KERNEL, 2), *pages[4];
	void *addr;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, block);
	for (i = 0; i < 4; i++)
		pages[i] = block + 3 - i;
	addr = vmap(pages, 4, VM_MAP, PAGE_KERNEL);
	if (!addr)
		__free_pages(block, 2);
	KUNIT_ASSERT_NOT_NULL(test, addr);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wdf_funmap, addr), 0);
	return addr;
}

static struct wdf_mdl *wdf_fkmdl(struct kunit *test, void *buf, size_t size)
{
	struct wdf_mdl *mdl;

	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, buf, size, GFP_KERNEL,
						    &mdl), 0);
	return mdl;
}

static u64 wdf_fbounced(struct wdf_fdev *f, enum wdf_dma_bounce_reason r)
{
	struct wdf_dma_counters c;

	KUNIT_EXPECT_EQ(f->test, wdf_dma_enabler_read_counters(f->en, &c), 0);
	return c.bounced_pieces[r];
}

/* Scatter-gather: fragments cut at the maximum length, several ranges each. */
static void wdf_dmatx_max_length_test(struct kunit *test)
{
	size_t size = 5 * PAGE_SIZE, max = 3 * PAGE_SIZE + 100;
	struct wdf_fdev *f = wdf_fdev_setup(test, WDF_DMA_PROFILE_SCATTER_GATHER64,
					    max, 0);
	u8 *a = wdf_kunit_vmalloc(test, size), *b = wdf_kunit_vmalloc(test, size);
	struct wdf_mdl *ma = wdf_fkmdl(test, a, size), *mb = wdf_fkmdl(test, b, size);
	struct wdf_dma_counters c;

	f->mode = WDF_FINLINE;
	KUNIT_EXPECT_EQ(test, wdf_dma_enabler_get_maximum_length(f->en), max);
	KUNIT_EXPECT_EQ(test, wdf_dma_enabler_get_fragment_length(f->en), max);
	wdf_fround_trip(f, ma, a, mb, b, size, 3, size - 10);
	KUNIT_EXPECT_EQ(test, f->nfrags, 2);
	KUNIT_EXPECT_EQ(test, f->frag_len[0], max);
	/* At most one range per page touched, none bounced. */
	KUNIT_EXPECT_LE(test, f->frag_nents[0], 4);
	KUNIT_EXPECT_FALSE(test, f->frag_bounced[0]);
	KUNIT_EXPECT_EQ(test, wdf_dma_enabler_read_counters(f->en, &c), 0);
	KUNIT_EXPECT_EQ(test, c.mapped_pieces, 4);
	KUNIT_EXPECT_EQ(test, c.mapped_bytes, 2 * (size - 10));
	/* A lower limit per transaction, after initialize. */
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_TO_DEVICE, ma,
							     0, size), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_set_maximum_length(f->txn, 1000), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_set_maximum_length(f->txn, SZ_1M), 0);
	f->nfrags = 0;
	reinit_completion(&f->done);
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_execute(f->txn, f), 0);
	KUNIT_EXPECT_EQ(test, f->status, 0);
	KUNIT_EXPECT_EQ(test, f->nfrags, DIV_ROUND_UP(size, 1000));
	KUNIT_EXPECT_EQ(test, f->frag_len[0], 1000);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(f->txn), 0);
	wdf_object_delete(&ma->obj);
	wdf_object_delete(&mb->obj);
	/*
	 * At most 2 ranges per fragment, over pages that are never
	 * contiguous: fragments are cut where the ranges run out.
	 */
	a = wdf_fscattered(test);
	b = wdf_fscattered(test);
	ma = wdf_fkmdl(test, a, 4 * PAGE_SIZE);
	mb = wdf_fkmdl(test, b, 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, wdf_dma_enabler_set_max_sg_elements(f->en, 0), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_enabler_get_max_sg_elements(f->en),
			UINT_MAX);
	KUNIT_EXPECT_EQ(test, wdf_dma_enabler_set_max_sg_elements(f->en, 2), 0);
	wdf_fround_trip(f, ma, a, mb, b, 4 * PAGE_SIZE, PAGE_SIZE / 2,
			3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, f->nfrags, 2);
	KUNIT_EXPECT_EQ(test, f->frag_nents[0], 2);
	KUNIT_EXPECT_EQ(test, f->frag_len[0], PAGE_SIZE + PAGE_SIZE / 2);
	KUNIT_EXPECT_EQ(test, f->frag_nents[1], 2);
	KUNIT_EXPECT_EQ(test, f->frag_len[1], PAGE_SIZE + PAGE_SIZE / 2);
	wdf_object_delete(&ma->obj);
	wdf_object_delete(&mb->obj);
	wdf_fdev_done(f);
}

/*
 * Packet profile: every fragment is one bus range.  Physically contiguous
 * kmalloc memory maps as one; vmalloc pages that are not contiguous
 * bounce, and only those.  Completion from a work item.
 */
static void wdf_dmatx_packet_layout_test(struct kunit *test)
{
	size_t size = 4 * PAGE_SIZE;
	struct wdf_fdev *f = wdf_fdev_setup(test, WDF_DMA_PROFILE_PACKET64,
					    4095, 0);
	u8 *k = kunit_kmalloc(test, size, GFP_KERNEL);
	u8 *k2 = kunit_kmalloc(test, size, GFP_KERNEL);
	u8 *v = wdf_fscattered(test), *d = wdf_fscattered(test);
	struct wdf_mdl *mk, *mk2, *mv, *md;
	unsigned int i, bounced = 0;
	u64 before;

	KUNIT_ASSERT_NOT_NULL(test, k);
	KUNIT_ASSERT_NOT_NULL(test, k2);
	mk = wdf_fkmdl(test, k, size);
	mk2 = wdf_fkmdl(test, k2, size);
	mv = wdf_fkmdl(test, v, size);
	md = wdf_fkmdl(test, d, size);
	f->mode = WDF_FWORK;
	KUNIT_EXPECT_EQ(test, wdf_dma_enabler_get_fragment_length(f->en), 4095);
	/* kmalloc: physically contiguous, so every fragment maps as one. */
	wdf_fround_trip(f, mk, k, mk2, k2, size, 1, size - 1);
	KUNIT_EXPECT_EQ(test, f->nfrags, DIV_ROUND_UP(size - 1, 4095));
	for (i = 0; i < f->nfrags; i++) {
		KUNIT_EXPECT_EQ(test, f->frag_nents[i], 1);
		KUNIT_EXPECT_FALSE(test, f->frag_bounced[i]);
	}
	KUNIT_EXPECT_EQ(test, wdf_fbounced(f, WDF_DMA_BOUNCE_SCATTERED), 0);
	/*
	 * Scattered pages: a fragment across a page boundary bounces, one
	 * inside a page maps.  From offset 7 the first three fragments cross
	 * a boundary and the last (4092 bytes) does not.
	 */
	before = wdf_fbounced(f, WDF_DMA_BOUNCE_SCATTERED);
	wdf_fround_trip(f, mv, v, md, d, size, 7, size - 7);
	KUNIT_EXPECT_EQ(test, f->nfrags, 4);
	for (i = 0; i < f->nfrags; i++) {
		KUNIT_EXPECT_EQ(test, f->frag_nents[i], 1);
		bounced += f->frag_bounced[i];
	}
	KUNIT_EXPECT_FALSE(test, f->frag_bounced[3]);
	KUNIT_EXPECT_EQ(test, bounced, 3);
	KUNIT_EXPECT_EQ(test, wdf_fbounced(f, WDF_DMA_BOUNCE_SCATTERED) - before, 6);
	/* Forced: every fragment bounces. */
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_TO_DEVICE, mk,
							     0, 100), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_set_bounce(f->txn, true), 0);
	f->nfrags = 0;
	reinit_completion(&f->done);
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_execute(f->txn, f), 0);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&f->done, 10 * HZ), 0);
	KUNIT_EXPECT_TRUE(test, f->frag_bounced[0]);
	KUNIT_EXPECT_EQ(test, wdf_fbounced(f, WDF_DMA_BOUNCE_FORCED), 1);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(f->txn), 0);
	wdf_object_delete(&mk->obj);
	wdf_object_delete(&mk2->obj);
	wdf_object_delete(&mv->obj);
	wdf_object_delete(&md->obj);
	wdf_fdev_done(f);
}

/* User pages at odd offsets, completed from a timer (atomic context). */
static void wdf_dmatx_user_pages_test(struct kunit *test)
{
	size_t size = 3 * PAGE_SIZE, off = 777, len = 2 * PAGE_SIZE + 5;
	struct wdf_fdev *f = wdf_fdev_setup(test, WDF_DMA_PROFILE_PACKET64,
					    4095, 0);
	u8 *src = kunit_kzalloc(test, size, GFP_KERNEL);
	u8 *back = kunit_kzalloc(test, size, GFP_KERNEL);
	struct wdf_mdl *mdl;
	unsigned long user;
	size_t moved;

	KUNIT_ASSERT_NOT_NULL(test, src);
	KUNIT_ASSERT_NOT_NULL(test, back);
	user = kunit_vm_mmap(test, NULL, 0, size, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(user));
	wdf_fpattern(src, size, 41);
	KUNIT_ASSERT_EQ(test, copy_to_user(u64_to_user_ptr((u64)user), src, size), 0);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_user(NULL, u64_to_user_ptr((u64)user),
						  size, true, &mdl), 0);
	f->mode = WDF_FTIMER;
	KUNIT_ASSERT_EQ(test, wdf_frun(f, mdl, off, len, DMA_TO_DEVICE, &moved), 0);
	KUNIT_EXPECT_EQ(test, moved, len);
	KUNIT_EXPECT_EQ(test, memcmp(f->mem, src + off, len), 0);
	/* Back into the user pages, shifted by one byte. */
	KUNIT_ASSERT_EQ(test, wdf_frun(f, mdl, off + 1, len, DMA_FROM_DEVICE,
				       &moved), 0);
	KUNIT_EXPECT_EQ(test, moved, len);
	wdf_object_delete(&mdl->obj);
	KUNIT_ASSERT_EQ(test, copy_from_user(back, u64_to_user_ptr((u64)user), size), 0);
	KUNIT_EXPECT_EQ(test, memcmp(back + off + 1, src + off, len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(back, src, off + 1), 0);
	wdf_fdev_done(f);
}

/* A 24-bit mask: pages beyond it bounce, decided before mapping. */
static void wdf_dmatx_narrow_mask_test(struct kunit *test)
{
	size_t size = 3 * PAGE_SIZE;
	struct wdf_fdev *f = wdf_fdev_setup(test, WDF_DMA_PROFILE_SCATTER_GATHER,
					    2 * PAGE_SIZE, 24);
	u8 *a = kunit_kmalloc(test, size, GFP_KERNEL);
	u8 *b = kunit_kmalloc(test, size, GFP_KERNEL);
	struct wdf_mdl *ma, *mb;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, *f->dev->dma_mask, DMA_BIT_MASK(24));
	if (virt_to_phys(a) + size <= SZ_16M || virt_to_phys(b) + size <= SZ_16M)
		kunit_skip(test, "kmalloc gave memory below 16 MiB");
	ma = wdf_fkmdl(test, a, size);
	mb = wdf_fkmdl(test, b, size);
	f->mode = WDF_FTIMER;
	wdf_fround_trip(f, ma, a, mb, b, size, 5, size - 9);
	KUNIT_EXPECT_EQ(test, wdf_fbounced(f, WDF_DMA_BOUNCE_UNREACHABLE),
			2 * DIV_ROUND_UP(size - 9, 2 * PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, f->frag_bounced[0]);
	KUNIT_EXPECT_EQ(test, f->frag_nents[0], 1);
	wdf_object_delete(&ma->obj);
	wdf_object_delete(&mb->obj);
	wdf_fdev_done(f);
}

/*
 * Partial completions send the rest again; 0 bytes retries the fragment,
 * at most 8 times in a row; a completion longer than the fragment ends the
 * transaction failed.
 */
static void wdf_dmatx_partial_test(struct kunit *test)
{
	size_t size = 2 * PAGE_SIZE;
	struct wdf_fdev *f = wdf_fdev_setup(test, WDF_DMA_PROFILE_PACKET64,
					    4095, 0);
	u8 *a = kunit_kmalloc(test, size, GFP_KERNEL);
	u8 *b = kunit_kmalloc(test, size, GFP_KERNEL);
	struct wdf_mdl *ma, *mb;
	u64 warnings;
	size_t moved;
	int st;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	ma = wdf_fkmdl(test, a, size);
	mb = wdf_fkmdl(test, b, size);
	f->mode = WDF_FINLINE;
	f->partial = 100;
	f->zeros = 3;
	wdf_fround_trip(f, ma, a, mb, b, size, 0, 5000);
	/* 100, then 4095 (retried 3 times), then the rest. */
	KUNIT_EXPECT_EQ(test, f->frag_len[0], 4095);
	KUNIT_EXPECT_EQ(test, f->frag_at[1], 100);
	KUNIT_EXPECT_EQ(test, f->nfrags, 3);
	KUNIT_EXPECT_EQ(test, f->frag_len[2], 5000 - 100 - 4095);

	/* Nine completions of 0 bytes in a row: -EIO. */
	f->partial = 0;
	f->zeros = 9;
	KUNIT_EXPECT_EQ(test, wdf_frun(f, ma, 0, 300, DMA_TO_DEVICE, &moved), -EIO);
	KUNIT_EXPECT_EQ(test, moved, 0);
	KUNIT_EXPECT_EQ(test, f->nfrags, 9);

	/* Longer than the fragment: ends failed, with a warning. */
	f->zeros = 0;
	f->mode = WDF_FMANUAL;
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_TO_DEVICE, ma,
							     0, 300), 0);
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_execute(f->txn, f), 0);
	warnings = wdf_kunit_warnings();
	KUNIT_EXPECT_TRUE(test, wdf_dma_transaction_dma_completed_with_length(f->txn,
									      301,
									      &st));
	KUNIT_EXPECT_EQ(test, st, -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings() - warnings, 1);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(f->txn), 0);

	/* Final: ends after what it says, successfully. */
	f->nfrags = 0;
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_TO_DEVICE, ma,
							     0, 5000), 0);
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_execute(f->txn, f), 0);
	KUNIT_EXPECT_TRUE(test, wdf_dma_transaction_dma_completed_final(f->txn,
									10, &st));
	KUNIT_EXPECT_EQ(test, st, 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_get_bytes_transferred(f->txn), 10);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(f->txn), 0);
	wdf_object_delete(&ma->obj);
	wdf_object_delete(&mb->obj);
	wdf_fdev_done(f);
}

/* What KMDF answers with a bugcheck: an errno and one warning each. */
static void wdf_dmatx_state_errors_test(struct kunit *test)
{
	struct wdf_fdev *f = wdf_fdev_setup(test, WDF_DMA_PROFILE_PACKET64,
					    4095, 0);
	u8 *a = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct wdf_dma_transaction *t2, *t1;
	struct wdf_mdl *ma;
	u64 w;
	int st;

	KUNIT_ASSERT_NOT_NULL(test, a);
	ma = wdf_fkmdl(test, a, PAGE_SIZE);
	f->mode = WDF_FMANUAL;

	w = wdf_kunit_warnings();
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_execute(f->txn, f), -EINVAL);
	KUNIT_EXPECT_TRUE(test, wdf_dma_transaction_dma_completed(f->txn, &st));
	KUNIT_EXPECT_EQ(test, st, -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_set_maximum_length(f->txn, 10),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings() - w, 3);
	/* Releasing what was never initialized does nothing. */
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(f->txn), 0);

	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_TO_DEVICE, ma,
							     0, 64), 0);
	w = wdf_kunit_warnings();
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_TO_DEVICE, ma,
							     0, 64), -EBUSY);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings() - w, 1);
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_execute(f->txn, f), 0);
	KUNIT_EXPECT_EQ(test, f->nfrags, 1);

	/* In transfer: no release, no delete, no second execute. */
	w = wdf_kunit_warnings();
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(f->txn), -EBUSY);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&f->txn->obj), -EBUSY);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_execute(f->txn, f), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings() - w, 3);

	/* A packet enabler runs one transaction at a time. */
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_create(f->en, NULL, &t2), 0);
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_initialize(t2, wdf_fprogram,
							     DMA_TO_DEVICE, ma,
							     0, 64), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_execute(t2, f), -EBUSY);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(t2), 0);

	KUNIT_EXPECT_TRUE(test, wdf_dma_transaction_dma_completed(f->txn, &st));
	KUNIT_EXPECT_EQ(test, st, 0);
	/* Over: a second completion is refused. */
	w = wdf_kunit_warnings();
	KUNIT_EXPECT_TRUE(test, wdf_dma_transaction_dma_completed(f->txn, &st));
	KUNIT_EXPECT_EQ(test, st, -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings() - w, 1);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(f->txn), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(f->txn), 0);

	/* The other now runs. */
	t1 = f->txn;
	f->txn = t2;
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_initialize(t2, wdf_fprogram,
							     DMA_TO_DEVICE, ma,
							     0, 64), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_execute(t2, f), 0);
	KUNIT_EXPECT_TRUE(test, wdf_dma_transaction_dma_completed(t2, &st));
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(t2), 0);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&t2->obj), 0);
	f->txn = t1;

	/* Bad arguments. */
	w = wdf_kunit_warnings();
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_initialize(NULL, wdf_fprogram,
							     DMA_TO_DEVICE, ma,
							     0, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_initialize(f->txn, NULL,
							     DMA_TO_DEVICE, ma,
							     0, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings() - w, 2);
	f->txn = NULL;
	wdf_object_delete(&ma->obj);
	wdf_fdev_done(f);
}

/* Bad lengths, offsets and directions change nothing. */
static void wdf_dmatx_bad_arguments_test(struct kunit *test)
{
	struct wdf_fdev *f = wdf_fdev_setup(test, WDF_DMA_PROFILE_SCATTER_GATHER64,
					    SZ_64K, 0);
	struct wdf_dma_enabler_config cfg = { .maximum_length = 4096 };
	struct wdf_object_attributes attr = { };
	u8 *a = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct wdf_dma_transaction *t;
	struct wdf_dma_enabler *en;
	struct wdf_mdl *ma, *ro;
	unsigned long user;

	KUNIT_ASSERT_NOT_NULL(test, a);
	ma = wdf_fkmdl(test, a, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_TO_DEVICE, ma,
							     0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_TO_DEVICE, ma,
							     PAGE_SIZE, 1),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_TO_DEVICE, ma,
							     SIZE_MAX, 2),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_TO_DEVICE, ma,
							     1, SIZE_MAX),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_BIDIRECTIONAL,
							     ma, 0, 1), -EINVAL);
	/* Pages pinned for reading cannot receive the device's write. */
	user = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(user));
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_user(NULL, u64_to_user_ptr((u64)user),
						  PAGE_SIZE, false, &ro), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_FROM_DEVICE,
							     ro, 0, 16), -EACCES);
	/* Still usable. */
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_TO_DEVICE, ro,
							     0, 16), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(f->txn), 0);
	wdf_object_delete(&ro->obj);

	/* Enabler configurations KMDF refuses; they change nothing. */
	KUNIT_EXPECT_EQ(test, wdf_dma_enabler_create(f->wdev, &cfg, NULL, &en), 0);
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&en->obj), 0);
	KUNIT_EXPECT_EQ(test, *f->dev->dma_mask, DMA_BIT_MASK(32));
	cfg.maximum_length = 0;
	KUNIT_EXPECT_EQ(test, wdf_dma_enabler_create(f->wdev, &cfg, NULL, &en), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, en, NULL);
	cfg.maximum_length = (size_t)U32_MAX + 1;
	KUNIT_EXPECT_EQ(test, wdf_dma_enabler_create(f->wdev, &cfg, NULL, &en), -EINVAL);
	cfg.maximum_length = 4096;
	cfg.address_width = 33;		/* a 32-bit profile */
	KUNIT_EXPECT_EQ(test, wdf_dma_enabler_create(f->wdev, &cfg, NULL, &en), -EINVAL);
	cfg.address_width = 0;
	cfg.profile = WDF_DMA_PROFILE_MAX;
	KUNIT_EXPECT_EQ(test, wdf_dma_enabler_create(f->wdev, &cfg, NULL, &en), -EINVAL);
	cfg.profile = WDF_DMA_PROFILE_PACKET;
	attr.parent = &ma->obj;		/* not under the device */
	KUNIT_EXPECT_EQ(test, wdf_dma_enabler_create(f->wdev, &cfg, &attr, &en), -EINVAL);
	/* A transaction's parent is its enabler. */
	attr.parent = &f->wdev->obj;
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_create(f->en, &attr, &t), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, t, NULL);
	KUNIT_EXPECT_EQ(test, *f->dev->dma_mask, DMA_BIT_MASK(32));
	wdf_object_delete(&ma->obj);
	wdf_fdev_done(f);
}

/*
 * Cancel mid-transaction: the driver stops its hardware, then ends the
 * transaction with what moved; every fragment staged is unmapped by then,
 * and the MDL goes when released.  Then the transaction is reused.
 */
static void wdf_dmatx_cancel_and_reuse_test(struct kunit *test)
{
	size_t size = 4 * PAGE_SIZE;
	struct wdf_fdev *f = wdf_fdev_setup(test, WDF_DMA_PROFILE_SCATTER_GATHER64,
					    PAGE_SIZE, 0);
	u8 *a = kunit_kmalloc(test, size, GFP_KERNEL);
	u8 *b = kunit_kmalloc(test, size, GFP_KERNEL);
	u8 *c = kunit_kmalloc(test, size, GFP_KERNEL);
	struct wdf_mdl *ma, *mb, *mc;
	int st, i;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_NOT_NULL(test, c);
	ma = wdf_fkmdl(test, a, size);
	mb = wdf_fkmdl(test, b, size);
	mc = wdf_fkmdl(test, c, size);
	f->mode = WDF_FMANUAL;
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_TO_DEVICE, ma,
							     0, size), 0);
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_execute(f->txn, f), 0);
	KUNIT_EXPECT_FALSE(test, wdf_dma_transaction_dma_completed(f->txn, &st));
	KUNIT_EXPECT_EQ(test, st, -EINPROGRESS);
	KUNIT_EXPECT_EQ(test, f->nfrags, 2);
	/* The MDL is held: deleting it now leaves it alive. */
	KUNIT_EXPECT_EQ(test, wdf_object_delete(&ma->obj), 0);
	KUNIT_EXPECT_TRUE(test, wdf_dma_transaction_dma_completed_final(f->txn, 0,
									&st));
	KUNIT_EXPECT_EQ(test, st, 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_get_bytes_transferred(f->txn),
			PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(f->txn), 0);
	/* Reused, both ways, several times. */
	f->mode = WDF_FWORK;
	for (i = 0; i < 3; i++)
		wdf_fround_trip(f, mb, b, mc, c, size, i * 3, size - i * 1000 - 3);
	wdf_object_delete(&mb->obj);
	wdf_object_delete(&mc->obj);
	wdf_fdev_done(f);
}

/* A transaction from a request's buffers, as KMDF's table says. */
static void wdf_dmatx_using_request_test(struct kunit *test)
{
	struct wdf_req_fixture *rf = wdf_req_setup(test);
	struct wdf_dma_enabler_config cfg = {
		.profile = WDF_DMA_PROFILE_SCATTER_GATHER64,
		.maximum_length = PAGE_SIZE,
	};
	struct wdf_fdev *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct wdf_request *req;
	size_t i;
	int st;

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->test = test;
	f->mem = kunit_kzalloc(test, WDF_FDEV_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->mem);
	f->wdev = rf->wdev;
	f->dev = rf->dev;
	f->dev->dma_mask = &f->mask;
	init_completion(&f->done);
	INIT_WORK(&f->work, wdf_fwork);
	timer_setup(&f->timer, wdf_ftimer, 0);
	KUNIT_ASSERT_EQ(test, wdf_dma_enabler_create(rf->wdev, &cfg, NULL, &f->en), 0);
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_create(f->en, NULL, &f->txn), 0);
	f->mode = WDF_FINLINE;

	/* A write goes to the device from the input. */
	req = wdf_req(test, rf, WDF_REQUEST_WRITE, WDF_METHOD_BUFFERED, 256, 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_initialize_using_request(f->txn, req,
									   wdf_fprogram,
									   DMA_FROM_DEVICE),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_initialize_using_request(f->txn, req,
									   wdf_fprogram,
									   DMA_TO_DEVICE), 0);
	KUNIT_EXPECT_PTR_EQ(test, wdf_dma_transaction_get_request(f->txn), req);
	KUNIT_EXPECT_PTR_EQ(test, wdf_dma_transaction_get_device(f->txn), rf->wdev);
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_execute(f->txn, f), 0);
	KUNIT_EXPECT_EQ(test, f->ended, 1);
	KUNIT_EXPECT_EQ(test, f->status, 0);
	for (i = 0; i < 256; i++)
		if (f->mem[i] != WDF_UPAT(i)) {
			KUNIT_FAIL(test, "device byte %zu", i);
			break;
		}
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(f->txn), 0);
	KUNIT_EXPECT_PTR_EQ(test, wdf_dma_transaction_get_request(f->txn), NULL);
	wdf_request_complete(req, 0, 256);

	/* A read from the device into the output; a zero length is refused. */
	req = wdf_req(test, rf, WDF_REQUEST_READ, WDF_METHOD_BUFFERED, 0, 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_initialize_using_request(f->txn, req,
									   wdf_fprogram,
									   DMA_FROM_DEVICE),
			-EINVAL);
	wdf_request_complete(req, 0, 0);
	/* Direct ioctls: IN_DIRECT only to the device, OUT_DIRECT only from it. */
	req = wdf_req(test, rf, WDF_REQUEST_IOCTL, WDF_METHOD_IN_DIRECT, 16, 16);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_initialize_using_request(f->txn, req,
									   wdf_fprogram,
									   DMA_FROM_DEVICE),
			-EINVAL);
	wdf_request_complete(req, 0, 0);
	req = wdf_req(test, rf, WDF_REQUEST_IOCTL, WDF_METHOD_OUT_DIRECT, 16, 100);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_initialize_using_request(f->txn, req,
									   wdf_fprogram,
									   DMA_TO_DEVICE),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_initialize_using_request(f->txn, req,
									   wdf_fprogram,
									   DMA_FROM_DEVICE), 0);
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_execute(f->txn, f), 0);
	KUNIT_EXPECT_TRUE(test, f->ended == 2 && f->status == 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_get_bytes_transferred(f->txn), 100);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(f->txn), 0);
	wdf_request_complete(req, 0, 100);
	KUNIT_EXPECT_TRUE(test, wdf_dma_transaction_dma_completed(NULL, &st));
	KUNIT_EXPECT_EQ(test, st, -EINVAL);
	wdf_fdev_done(f);
}

/* Common buffers: coherent, aligned as asked even above a page. */
static void wdf_dmatx_common_buffer_test(struct kunit *test)
{
	struct wdf_fdev *f = wdf_fdev_setup(test, WDF_DMA_PROFILE_SCATTER_GATHER64,
					    SZ_64K, 0);
	static const size_t aligns[] = { 0, 7, PAGE_SIZE - 1, 4 * PAGE_SIZE - 1,
					 SZ_64K - 1 };
	struct wdf_common_buffer_config cfg;
	struct wdf_object_attributes attr = { };
	struct wdf_common_buffer *cb;
	unsigned int i;
	DEFINE_SPINLOCK(lock);

	for (i = 0; i < ARRAY_SIZE(aligns); i++) {
		void *va;
		dma_addr_t la;

		cfg.alignment = aligns[i];
		KUNIT_ASSERT_EQ(test, wdf_common_buffer_create(f->en, 100 + i, &cfg,
							       NULL, &cb), 0);
		va = wdf_common_buffer_get_aligned_virtual_address(cb);
		la = wdf_common_buffer_get_aligned_logical_address(cb);
		KUNIT_EXPECT_NOT_NULL(test, va);
		KUNIT_EXPECT_EQ(test, la & aligns[i], 0);
		KUNIT_EXPECT_EQ(test, virt_to_phys(va), la);
		KUNIT_EXPECT_EQ(test, wdf_common_buffer_get_length(cb), 100 + i);
		memset(va, 0xa5, 100 + i);
		if (i & 1) {
			KUNIT_EXPECT_EQ(test, wdf_object_delete(&cb->obj), 0);
		} else {
			/* Deleted in atomic context: freed from a work item. */
			spin_lock(&lock);
			KUNIT_EXPECT_EQ(test, wdf_object_delete(&cb->obj), 0);
			spin_unlock(&lock);
		}
	}
	cfg.alignment = 5;
	KUNIT_EXPECT_EQ(test, wdf_common_buffer_create(f->en, 100, &cfg, NULL, &cb),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_common_buffer_create(f->en, 0, NULL, NULL, &cb),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_common_buffer_create(f->en, (size_t)U32_MAX + 1,
						       NULL, NULL, &cb), -EINVAL);
	attr.parent = &f->en->obj;
	KUNIT_EXPECT_EQ(test, wdf_common_buffer_create(f->en, 100, NULL, &attr, &cb),
			-EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, cb, NULL);
	/* Left for the enabler's deletion to take. */
	KUNIT_ASSERT_EQ(test, wdf_common_buffer_create(f->en, 3 * PAGE_SIZE, NULL,
						       NULL, &cb), 0);
	wdf_fdev_done(f);
}

/* A failed allocation at every allocation of every path. */
static void wdf_dmatx_allocation_failures_test(struct kunit *test)
{
	struct wdf_fdev *f = wdf_fdev_setup(test, WDF_DMA_PROFILE_PACKET64,
					    4095, 0);
	struct wdf_dma_enabler_config cfg = {
		.profile = WDF_DMA_PROFILE_SCATTER_GATHER64,
		.maximum_length = SZ_64K,
	};
	u8 *v = wdf_fscattered(test);
	struct wdf_dma_transaction *t;
	struct wdf_common_buffer *cb;
	struct wdf_dma_enabler *en;
	struct wdf_mdl *mv;
	size_t moved;
	int ret;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
	mv = wdf_fkmdl(test, v, 2 * PAGE_SIZE);
	/* Enabler, transaction: one allocation each. */
	wdf_kunit_fail_nth(test, 1);
	ret = wdf_dma_enabler_create(f->wdev, &cfg, NULL, &en);
	KUNIT_EXPECT_TRUE(test, wdf_kunit_fail_disarm(test));
	KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
	wdf_kunit_fail_nth(test, 1);
	ret = wdf_dma_transaction_create(f->en, NULL, &t);
	KUNIT_EXPECT_TRUE(test, wdf_kunit_fail_disarm(test));
	KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
	/* Common buffer: the object, then the coherent memory. */
	for (ret = 1; ret <= 2; ret++) {
		int r;

		wdf_kunit_fail_nth(test, ret);
		r = wdf_common_buffer_create(f->en, 64, NULL, NULL, &cb);
		KUNIT_EXPECT_TRUE(test, wdf_kunit_fail_disarm(test));
		KUNIT_EXPECT_EQ(test, r, -ENOMEM);
		KUNIT_EXPECT_PTR_EQ(test, cb, NULL);
	}
	/*
	 * Initialize over scattered pages on a packet profile: the
	 * scatterlist, then the bounce buffer's object and its memory.  Each
	 * failure leaves the transaction released and usable.
	 */
	for (ret = 1; ret <= 3; ret++) {
		int r;

		wdf_kunit_fail_nth(test, ret);
		r = wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
						   DMA_TO_DEVICE, mv, 10,
						   PAGE_SIZE);
		KUNIT_EXPECT_TRUE(test, wdf_kunit_fail_disarm(test));
		KUNIT_EXPECT_EQ(test, r, -ENOMEM);
	}
	f->mode = WDF_FINLINE;
	KUNIT_EXPECT_EQ(test, wdf_frun(f, mv, 10, PAGE_SIZE, DMA_TO_DEVICE,
				       &moved), 0);
	KUNIT_EXPECT_EQ(test, moved, PAGE_SIZE);
	/* Execute and completion allocate nothing. */
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_initialize(f->txn, wdf_fprogram,
							     DMA_TO_DEVICE, mv,
							     10, PAGE_SIZE), 0);
	wdf_kunit_fail_nth(test, 1);
	reinit_completion(&f->done);
	f->ended = 0;
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_execute(f->txn, f), 0);
	KUNIT_EXPECT_FALSE(test, wdf_kunit_fail_disarm(test));
	KUNIT_EXPECT_EQ(test, f->ended, 1);
	KUNIT_EXPECT_EQ(test, wdf_dma_transaction_release(f->txn), 0);
	wdf_object_delete(&mv->obj);
	wdf_fdev_done(f);
}

/*
 * With the verifier on, a DMA transaction its driver leaks past the
 * driver's delete is freed before the MDL it holds (freed first, the MDL
 * would be freed under it), and the MDL goes with it, unreported.
 */
static void wdf_dmatx_verifier_frees_transaction_first_test(struct kunit *test)
{
	struct wdf_driver *saved = wdf_driver_globals, *drv;
	unsigned long leaks = wdf_verifier_leaks();
	struct wdf_statistics before, after;
	struct wdf_fdev *f;
	struct wdf_mdl *mdl;
	int t;

	wdf_statistics_read(&before);
	KUNIT_ASSERT_EQ(test, __wdf_driver_create(NULL, "dmaleak", &drv), 0);
	KUNIT_ASSERT_EQ(test, wdf_driver_set_verifier(drv, true, 0), 0);
	wdf_driver_globals = drv;
	f = wdf_fdev_setup(test, WDF_DMA_PROFILE_SCATTER_GATHER64,
			   WDF_FDEV_SIZE, 64);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, f->mem, PAGE_SIZE,
						    GFP_KERNEL, &mdl), 0);
	wdf_driver_globals = saved;
	KUNIT_ASSERT_EQ(test, wdf_dma_transaction_initialize(f->txn,
							     wdf_fprogram,
							     DMA_TO_DEVICE,
							     mdl, 0, PAGE_SIZE),
			0);
	KUNIT_ASSERT_EQ(test, wdf_object_get(&f->txn->obj), 0);
	__wdf_driver_delete(drv);
	KUNIT_EXPECT_EQ(test, wdf_verifier_leaks() - leaks, 1);
	wdf_statistics_read(&after);
	for (t = 0; t < WDF_TYPE_MAX; t++)
		KUNIT_EXPECT_EQ_MSG(test, after.live[t], before.live[t],
				    "type %d", t);
}

static struct kunit_case wdf_dmatx_cases[] = {
	KUNIT_CASE(wdf_dmatx_max_length_test),
	KUNIT_CASE(wdf_dmatx_packet_layout_test),
	KUNIT_CASE(wdf_dmatx_user_pages_test),
	KUNIT_CASE(wdf_dmatx_narrow_mask_test),
	KUNIT_CASE(wdf_dmatx_partial_test),
	KUNIT_CASE(wdf_dmatx_state_errors_test),
	KUNIT_CASE(wdf_dmatx_bad_arguments_test),
	KUNIT_CASE(wdf_dmatx_cancel_and_reuse_test),
	KUNIT_CASE(wdf_dmatx_using_request_test),
	KUNIT_CASE(wdf_dmatx_common_buffer_test),
	KUNIT_CASE(wdf_dmatx_allocation_failures_test),
	KUNIT_CASE(wdf_dmatx_verifier_frees_transaction_first_test),
	{}
};

static struct kunit_suite wdf_dmatx_suite = {
	.name = "wdfmem_dma_transaction",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_dmatx_cases,
};

kunit_test_suite(wdf_dmatx_suite);
