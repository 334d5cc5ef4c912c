/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem DMA pieces: a byte range of an MDL made ready for a device, mapped
 * through the DMA API where the device can reach every page, and sent
 * through a coherent bounce buffer the framework owns where it cannot.
 *
 * The decision is made before anything is mapped: a device with a narrow
 * DMA mask (QEMU's edu: 28 bits) on a machine with more RAM than it can
 * address gets no help from the DMA API on x86 (swiotlb is off below 4 GiB
 * of RAM and its pool lies beyond such a mask), and mapping a page it
 * cannot reach prints a kernel warning before it fails.
 */
#ifndef _WDF_DMA_H
#define _WDF_DMA_H

#include <linux/dma-direction.h>
#include <linux/scatterlist.h>
#include <wdf/mdl.h>

struct wdf_device;
struct wdf_dma_bounce;

/* wdf_dma_piece_map() flags. */
#define WDF_DMA_FORCE_BOUNCE	BIT(0)	/* bounce even if the device reaches the pages */
/*
 * The device takes one bus range per transfer (no scatter-gather, as
 * KMDF's packet profile): a piece whose pages are not contiguous on the
 * bus is bounced, so it is still one transfer.
 */
#define WDF_DMA_CONTIGUOUS	BIT(1)

/**
 * enum wdf_dma_bounce_reason - why a piece went through the bounce buffer
 * @WDF_DMA_BOUNCE_UNREACHABLE: a page lies beyond the device's DMA mask or
 *                              bus limit (and no IOMMU translates for it)
 * @WDF_DMA_BOUNCE_FORCED: the caller passed WDF_DMA_FORCE_BOUNCE
 * @WDF_DMA_BOUNCE_MAP_FAILED: the DMA API could not map reachable pages
 * @WDF_DMA_BOUNCE_SCATTERED: WDF_DMA_CONTIGUOUS, and the pages are not
 *                            contiguous on the bus
 * @WDF_DMA_BOUNCE_REASONS: number of reasons
 */
enum wdf_dma_bounce_reason {
	WDF_DMA_BOUNCE_UNREACHABLE,
	WDF_DMA_BOUNCE_FORCED,
	WDF_DMA_BOUNCE_MAP_FAILED,
	WDF_DMA_BOUNCE_SCATTERED,
	WDF_DMA_BOUNCE_REASONS,
};

/**
 * struct wdf_dma_counters - what a bounce buffer's pieces did
 * @mapped_pieces: pieces mapped through the DMA API
 * @mapped_bytes: their bytes
 * @bounced_pieces: pieces sent through the bounce buffer, by reason
 * @bounced_bytes: their bytes, by reason; each is copied once each way
 */
struct wdf_dma_counters {
	u64 mapped_pieces;
	u64 mapped_bytes;
	u64 bounced_pieces[WDF_DMA_BOUNCE_REASONS];
	u64 bounced_bytes[WDF_DMA_BOUNCE_REASONS];
};

/**
 * struct wdf_dma_piece - a byte range of an MDL as the device sees it
 * @sgl: bus address ranges to program, @nents of them; walk them with
 *       for_each_sg(@sgl, sg, @nents, i), sg_dma_address() and sg_dma_len()
 * @nents: number of ranges (1 when bounced)
 * @bounced: the range goes through the bounce buffer
 * @reason: why, if @bounced
 *
 * The rest is private to the framework.
 */
struct wdf_dma_piece {
	struct scatterlist *sgl;
	unsigned int nents;
	bool bounced;
	enum wdf_dma_bounce_reason reason;
	/* private: */
	struct wdf_dma_bounce *bounce;
	struct wdf_mdl *mdl;
	size_t offset;
	size_t length;
	enum dma_data_direction dir;
	struct sg_table sgt;
	struct scatterlist one;
};

int wdf_dma_bounce_create(struct wdf_device *wdev, size_t size,
			  struct wdf_dma_bounce **out);
int wdf_dma_bounce_read_counters(struct wdf_dma_bounce *bounce,
				 struct wdf_dma_counters *c);
bool wdf_dma_reachable(struct device *dev, phys_addr_t phys, size_t length);
int wdf_dma_piece_map(struct wdf_dma_bounce *bounce, struct wdf_mdl *mdl,
		      size_t offset, size_t length,
		      enum dma_data_direction dir, unsigned int flags,
		      struct wdf_dma_piece *piece);
int wdf_dma_piece_unmap(struct wdf_dma_piece *piece);

#endif /* _WDF_DMA_H */
