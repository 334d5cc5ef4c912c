// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: wdfmem DMA pieces - the decision to bounce made before mapping,
 * mapped and bounced pieces in both directions, counters, the bounce
 * buffer held by one piece at a time, bad arguments and failed
 * allocations.  The device is a kunit_device_register() device with a DMA
 * mask of the test's choosing; direct mapping (no IOMMU) makes a bus
 * address a physical one, so the test plays the device with
 * phys_to_virt().
 */

#include <kunit/device.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/mman.h>
#include <linux/vmalloc.h>
#include "harness.h"

#define WDF_TLEN	(3 * PAGE_SIZE)

struct wdf_dma_fixture {
	struct device *dev;
	struct wdf_device *wdev;
	struct wdf_dma_bounce *bounce;
	struct wdf_mdl *mdl;
	u8 *buf;
	u64 mask;
};

static struct wdf_dma_fixture *wdf_dma_setup(struct kunit *test,
					     unsigned int bits)
{
	struct wdf_dma_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->dev = kunit_device_register(test, "wdfmem-dma");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f->dev);
	f->dev->dma_mask = &f->mask;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(f->dev,
							DMA_BIT_MASK(bits)), 0);
	KUNIT_ASSERT_EQ(test, wdf_device_create(NULL, f->dev, &f->wdev), 0);
	KUNIT_ASSERT_EQ(test, wdf_dma_bounce_create(f->wdev, 2 * PAGE_SIZE,
						    &f->bounce), 0);
	f->buf = kunit_kmalloc(test, WDF_TLEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->buf);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, f->buf, WDF_TLEN,
						    GFP_KERNEL, &f->mdl), 0);
	return f;
}

static void wdf_tpattern(u8 *p, size_t n, u8 seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (u8)(seed + i * 7 + (i >> 8));
}

/* What the device reads from, or writes to, a piece's bus ranges. */
static void wdf_tdevice(struct wdf_dma_piece *p, u8 *data, bool write)
{
	struct scatterlist *sg;
	size_t done = 0;
	int i;

	for_each_sg(p->sgl, sg, p->nents, i) {
		void *va = phys_to_virt(sg_dma_address(sg));

		if (write)
			memcpy(va, data + done, sg_dma_len(sg));
		else
			memcpy(data + done, va, sg_dma_len(sg));
		done += sg_dma_len(sg);
	}
}

static size_t wdf_tpiece_len(struct wdf_dma_piece *p)
{
	struct scatterlist *sg;
	size_t n = 0;
	int i;

	for_each_sg(p->sgl, sg, p->nents, i)
		n += sg_dma_len(sg);
	return n;
}

static void wdf_dma_reachable_test(struct kunit *test)
{
	struct wdf_dma_fixture *f = wdf_dma_setup(test, 24);

	KUNIT_EXPECT_TRUE(test, wdf_dma_reachable(f->dev, 0x1000, 16));
	KUNIT_EXPECT_TRUE(test, wdf_dma_reachable(f->dev, SZ_16M - 1, 1));
	KUNIT_EXPECT_FALSE(test, wdf_dma_reachable(f->dev, SZ_16M - 1, 2));
	KUNIT_EXPECT_FALSE(test, wdf_dma_reachable(f->dev, SZ_16M, 1));
	KUNIT_ASSERT_EQ(test, dma_set_mask(f->dev, DMA_BIT_MASK(64)), 0);
	KUNIT_EXPECT_TRUE(test, wdf_dma_reachable(f->dev, SZ_4G, PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, wdf_dma_reachable(NULL, 0x1000, 1));
	wdf_object_delete(&f->mdl->obj);
}

/*
 * One piece each way with the given mask: mapped where the device reaches
 * the buffer, bounced where it does not, the bytes right either way.
 */
static void wdf_dma_round_trip(struct kunit *test, unsigned int bits)
{
	struct wdf_dma_fixture *f = wdf_dma_setup(test, bits);
	size_t off = 100, len = PAGE_SIZE + 900;
	phys_addr_t end = virt_to_phys(f->buf + off + len - 1);
	bool reach = end <= DMA_BIT_MASK(bits);
	struct wdf_statistics before, after;
	struct wdf_dma_counters c;
	struct wdf_dma_piece p;
	u8 *want = kunit_kmalloc(test, len, GFP_KERNEL);
	u8 *got = kunit_kzalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, want);
	KUNIT_ASSERT_NOT_NULL(test, got);
	wdf_statistics_read(&before);

	/* To the device: it reads exactly the range. */
	wdf_tpattern(f->buf, WDF_TLEN, 1);
	KUNIT_ASSERT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, off, len,
						DMA_TO_DEVICE, 0, &p), 0);
	KUNIT_EXPECT_EQ(test, p.bounced, !reach);
	KUNIT_EXPECT_EQ(test, wdf_tpiece_len(&p), len);
	if (p.bounced) {
		KUNIT_EXPECT_EQ(test, p.nents, 1);
		KUNIT_EXPECT_EQ(test, p.reason, WDF_DMA_BOUNCE_UNREACHABLE);
		KUNIT_EXPECT_LE(test, sg_dma_address(p.sgl) + len - 1,
				DMA_BIT_MASK(bits));
	} else {
		KUNIT_EXPECT_EQ(test, sg_dma_address(p.sgl),
				virt_to_phys(f->buf + off));
	}
	wdf_tdevice(&p, got, false);
	KUNIT_EXPECT_EQ(test, memcmp(got, f->buf + off, len), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_unmap(&p), 0);

	/* From the device: the range and nothing else changes. */
	memcpy(want, f->buf + off, len);
	wdf_tpattern(want, len, 77);
	KUNIT_ASSERT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, off, len,
						DMA_FROM_DEVICE, 0, &p), 0);
	KUNIT_EXPECT_EQ(test, p.bounced, !reach);
	wdf_tdevice(&p, want, true);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_unmap(&p), 0);
	KUNIT_EXPECT_EQ(test, memcmp(f->buf + off, want, len), 0);
	wdf_tpattern(want, off, 1);
	KUNIT_EXPECT_EQ(test, memcmp(f->buf, want, off), 0);

	KUNIT_ASSERT_EQ(test, wdf_dma_bounce_read_counters(f->bounce, &c), 0);
	wdf_statistics_read(&after);
	if (reach) {
		KUNIT_EXPECT_EQ(test, c.mapped_pieces, 2);
		KUNIT_EXPECT_EQ(test, c.mapped_bytes, 2 * len);
		KUNIT_EXPECT_EQ(test, after.dma_mapped_bytes - before.dma_mapped_bytes,
				2 * len);
	} else {
		KUNIT_EXPECT_EQ(test, c.bounced_pieces[WDF_DMA_BOUNCE_UNREACHABLE], 2);
		KUNIT_EXPECT_EQ(test, c.bounced_bytes[WDF_DMA_BOUNCE_UNREACHABLE],
				2 * len);
		KUNIT_EXPECT_EQ(test, after.dma_bounced_bytes[WDF_DMA_BOUNCE_UNREACHABLE] -
				before.dma_bounced_bytes[WDF_DMA_BOUNCE_UNREACHABLE],
				2 * len);
	}
	wdf_object_delete(&f->mdl->obj);
}

static void wdf_dma_reachable_pieces_mapped_test(struct kunit *test)
{
	wdf_dma_round_trip(test, 64);
}

/* 24 bits: ZONE_DMA's reach, below any kmalloc'd buffer of a test. */
static void wdf_dma_unreachable_pieces_bounced_test(struct kunit *test)
{
	u8 *probe = kunit_kmalloc(test, WDF_TLEN, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, probe);
	if (virt_to_phys(probe) < SZ_16M)
		kunit_skip(test, "kmalloc gave memory inside ZONE_DMA");
	wdf_dma_round_trip(test, 24);
}

static void wdf_dma_forced_bounce_test(struct kunit *test)
{
	struct wdf_dma_fixture *f = wdf_dma_setup(test, 64);
	struct wdf_dma_counters c;
	struct wdf_dma_piece p;
	u8 got[64];

	wdf_tpattern(f->buf, WDF_TLEN, 5);
	KUNIT_ASSERT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, 10, 64,
						DMA_TO_DEVICE,
						WDF_DMA_FORCE_BOUNCE, &p), 0);
	KUNIT_EXPECT_TRUE(test, p.bounced);
	KUNIT_EXPECT_EQ(test, p.reason, WDF_DMA_BOUNCE_FORCED);
	wdf_tdevice(&p, got, false);
	KUNIT_EXPECT_EQ(test, memcmp(got, f->buf + 10, 64), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_unmap(&p), 0);
	KUNIT_ASSERT_EQ(test, wdf_dma_bounce_read_counters(f->bounce, &c), 0);
	KUNIT_EXPECT_EQ(test, c.bounced_pieces[WDF_DMA_BOUNCE_FORCED], 1);
	KUNIT_EXPECT_EQ(test, c.bounced_bytes[WDF_DMA_BOUNCE_FORCED], 64);
	KUNIT_EXPECT_EQ(test, c.mapped_pieces, 0);
	wdf_object_delete(&f->mdl->obj);
}

/*
 * WDF_DMA_CONTIGUOUS: pages that are one physical range map as one
 * segment; pages that are not (vmalloc) bounce, so the device still makes
 * one transfer.  Without the flag they map as several segments.
 */
static void wdf_dma_contiguous_pieces_test(struct kunit *test)
{
	struct wdf_dma_fixture *f = wdf_dma_setup(test, 64);
	u8 *v = wdf_kunit_vmalloc(test, 4 * PAGE_SIZE), *got;
	size_t off = PAGE_SIZE - 10, len = PAGE_SIZE;
	struct wdf_dma_piece p;
	struct wdf_mdl *vm;
	int i, split = -1;

	got = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_kernel(NULL, v, 4 * PAGE_SIZE,
						    GFP_KERNEL, &vm), 0);
	/* A page boundary of the vmalloc area that is not contiguous. */
	for (i = 1; i < 4; i++)
		if (vmalloc_to_pfn(v + i * PAGE_SIZE) !=
		    vmalloc_to_pfn(v + (i - 1) * PAGE_SIZE) + 1)
			split = i;
	if (split < 0) {
		wdf_object_delete(&vm->obj);
		wdf_object_delete(&f->mdl->obj);
		kunit_skip(test, "vmalloc gave contiguous pages");
	}
	off = split * PAGE_SIZE - 10;
	wdf_tpattern(v, 4 * PAGE_SIZE, 9);

	KUNIT_ASSERT_EQ(test, wdf_dma_piece_map(f->bounce, vm, off, len,
						DMA_TO_DEVICE, 0, &p), 0);
	KUNIT_EXPECT_FALSE(test, p.bounced);
	KUNIT_EXPECT_EQ(test, p.nents, 2);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_unmap(&p), 0);

	KUNIT_ASSERT_EQ(test, wdf_dma_piece_map(f->bounce, vm, off, len,
						DMA_TO_DEVICE,
						WDF_DMA_CONTIGUOUS, &p), 0);
	KUNIT_EXPECT_TRUE(test, p.bounced);
	KUNIT_EXPECT_EQ(test, p.reason, WDF_DMA_BOUNCE_SCATTERED);
	KUNIT_EXPECT_EQ(test, p.nents, 1);
	wdf_tdevice(&p, got, false);
	KUNIT_EXPECT_EQ(test, memcmp(got, v + off, len), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_unmap(&p), 0);

	/* Physically contiguous kmalloc pages: one segment, not bounced. */
	KUNIT_ASSERT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, 10,
						2 * PAGE_SIZE, DMA_TO_DEVICE,
						WDF_DMA_CONTIGUOUS, &p), 0);
	KUNIT_EXPECT_FALSE(test, p.bounced);
	KUNIT_EXPECT_EQ(test, p.nents, 1);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_unmap(&p), 0);
	wdf_object_delete(&vm->obj);
	wdf_object_delete(&f->mdl->obj);
}

/* One bounced piece at a time; mapped pieces do not need the buffer. */
static void wdf_dma_bounce_held_by_one_piece_test(struct kunit *test)
{
	struct wdf_dma_fixture *f = wdf_dma_setup(test, 64);
	struct wdf_dma_piece a, b;

	KUNIT_ASSERT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, 0, 8,
						DMA_TO_DEVICE,
						WDF_DMA_FORCE_BOUNCE, &a), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, 8, 8,
						DMA_TO_DEVICE,
						WDF_DMA_FORCE_BOUNCE, &b), -EBUSY);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, 8, 8,
						DMA_TO_DEVICE, 0, &b), 0);
	KUNIT_EXPECT_FALSE(test, b.bounced);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_unmap(&b), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_unmap(&a), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, 8, 8,
						DMA_TO_DEVICE,
						WDF_DMA_FORCE_BOUNCE, &b), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_unmap(&b), 0);
	wdf_object_delete(&f->mdl->obj);
}

/* A piece keeps its MDL: deleting the MDL waits for the unmap. */
static void wdf_dma_piece_holds_mdl_test(struct kunit *test)
{
	struct wdf_dma_fixture *f = wdf_dma_setup(test, 64);
	struct wdf_dma_piece p;

	KUNIT_ASSERT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, 0, 100,
						DMA_FROM_DEVICE, 0, &p), 0);
	wdf_object_delete(&f->mdl->obj);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_unmap(&p), 0);
}

static void wdf_dma_bad_arguments_test(struct kunit *test)
{
	struct wdf_dma_fixture *f = wdf_dma_setup(test, 64);
	struct wdf_dma_piece p;
	unsigned long user;
	struct wdf_mdl *ro;
	u64 warnings = wdf_kunit_warnings();

	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(NULL, f->mdl, 0, 1,
						DMA_TO_DEVICE, 0, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, NULL, 0, 1,
						DMA_TO_DEVICE, 0, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, 0, 1,
						DMA_TO_DEVICE, 0, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings() - warnings, 3);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, 0, 0,
						DMA_TO_DEVICE, 0, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, 0,
						2 * PAGE_SIZE + 1,
						DMA_TO_DEVICE, 0, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, 0, 1,
						DMA_NONE, 0, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, 0, 1,
						DMA_TO_DEVICE, 0x80, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, WDF_TLEN, 1,
						DMA_TO_DEVICE, 0, &p), -EOVERFLOW);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, WDF_TLEN - 1,
						2, DMA_TO_DEVICE, 0, &p),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, f->mdl, SIZE_MAX, 1,
						DMA_TO_DEVICE, 0, &p), -EOVERFLOW);
	/* Pages pinned for reading cannot receive a device's write. */
	user = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(user));
	KUNIT_ASSERT_EQ(test, wdf_mdl_create_user(NULL,
						  u64_to_user_ptr((u64)user),
						  PAGE_SIZE, false, &ro), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, ro, 0, 16,
						DMA_FROM_DEVICE, 0, &p), -EACCES);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, ro, 0, 16,
						DMA_BIDIRECTIONAL, 0, &p),
			-EACCES);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_map(f->bounce, ro, 0, 16,
						DMA_TO_DEVICE, 0, &p), 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_unmap(&p), 0);
	/* A second unmap is refused, with a warning. */
	warnings = wdf_kunit_warnings();
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_unmap(&p), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_unmap(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_kunit_warnings() - warnings, 2);
	KUNIT_EXPECT_EQ(test, wdf_dma_bounce_create(NULL, 16, &f->bounce), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdf_dma_bounce_create(f->wdev, 0, &f->bounce), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, f->bounce, NULL);
	wdf_object_delete(&ro->obj);
	wdf_object_delete(&f->mdl->obj);
}

/* Every allocation of the bounce buffer and of a mapped piece may fail. */
static void wdf_dma_allocation_failures_test(struct kunit *test)
{
	struct wdf_dma_fixture *f = wdf_dma_setup(test, 64);
	struct wdf_dma_bounce *b;
	struct wdf_dma_counters c;
	struct wdf_dma_piece p;
	unsigned int n;
	int ret;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
	for (n = 1; n <= 2; n++) {
		wdf_kunit_fail_nth(test, n);
		ret = wdf_dma_bounce_create(f->wdev, 64, &b);
		KUNIT_EXPECT_TRUE(test, wdf_kunit_fail_disarm(test));
		KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
		KUNIT_EXPECT_PTR_EQ(test, b, NULL);
	}
	wdf_kunit_fail_nth(test, 1);
	ret = wdf_dma_piece_map(f->bounce, f->mdl, 0, 64, DMA_TO_DEVICE, 0, &p);
	KUNIT_EXPECT_TRUE(test, wdf_kunit_fail_disarm(test));
	KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
	KUNIT_ASSERT_EQ(test, wdf_dma_bounce_read_counters(f->bounce, &c), 0);
	KUNIT_EXPECT_EQ(test, c.mapped_pieces, 0);
	for (n = 0; n < WDF_DMA_BOUNCE_REASONS; n++)
		KUNIT_EXPECT_EQ(test, c.bounced_pieces[n], 0);
	/* A bounced piece allocates nothing. */
	wdf_kunit_fail_nth(test, 1);
	ret = wdf_dma_piece_map(f->bounce, f->mdl, 0, 64, DMA_TO_DEVICE,
				WDF_DMA_FORCE_BOUNCE, &p);
	KUNIT_EXPECT_FALSE(test, wdf_kunit_fail_disarm(test));
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, wdf_dma_piece_unmap(&p), 0);
	wdf_object_delete(&f->mdl->obj);
}

static struct kunit_case wdf_dma_cases[] = {
	KUNIT_CASE(wdf_dma_reachable_test),
	KUNIT_CASE(wdf_dma_reachable_pieces_mapped_test),
	KUNIT_CASE(wdf_dma_unreachable_pieces_bounced_test),
	KUNIT_CASE(wdf_dma_forced_bounce_test),
	KUNIT_CASE(wdf_dma_contiguous_pieces_test),
	KUNIT_CASE(wdf_dma_bounce_held_by_one_piece_test),
	KUNIT_CASE(wdf_dma_piece_holds_mdl_test),
	KUNIT_CASE(wdf_dma_bad_arguments_test),
	KUNIT_CASE(wdf_dma_allocation_failures_test),
	{}
};

static struct kunit_suite wdf_dma_suite = {
	.name = "wdfmem_dma",
	.init = wdf_kunit_init,
	.exit = wdf_kunit_exit,
	.test_cases = wdf_dma_cases,
};

kunit_test_suite(wdf_dma_suite);
