// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem DMA pieces: a byte range of an MDL made ready for a device.
 *
 * Before anything is mapped, every page of the range is checked against
 * what the device can reach (its streaming DMA mask and bus limit, or an
 * IOMMU that translates for it).  A range the device reaches is mapped with
 * dma_map_sgtable(); any other goes whole through a coherent bounce buffer
 * that the framework allocates for the device (dma_alloc_coherent honours
 * a narrow coherent mask, from ZONE_DMA if it must).  So the DMA API never
 * sees a page it would have to refuse, and never prints its overflow
 * warning.  Bounced bytes are copied once each way and counted by reason.
 */

#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <wdf/dma.h>
#include "wdf_internal.h"
#include "wdf_trace.h"

/**
 * struct wdf_dma_bounce - a device's coherent bounce buffer
 * @dev: the device
 * @cpu: kernel address of the buffer
 * @bus: its bus address
 * @size: its length: the longest piece
 * @busy: a bounced piece holds the buffer
 * @mapped_pieces: pieces mapped directly (pieces map concurrently)
 * @mapped_bytes: their bytes
 * @bounced_pieces: pieces bounced, by enum wdf_dma_bounce_reason
 * @bounced_bytes: their bytes
 */
struct wdf_dma_bounce {
	struct device *dev;
	void *cpu;
	dma_addr_t bus;
	size_t size;
	atomic_t busy;
	atomic64_t mapped_pieces;
	atomic64_t mapped_bytes;
	atomic64_t bounced_pieces[WDF_DMA_BOUNCE_REASONS];
	atomic64_t bounced_bytes[WDF_DMA_BOUNCE_REASONS];
};

/**
 * wdf_dma_bounce_create() - give a device a coherent bounce buffer
 * @wdev: the device object
 * @size: length of the buffer, the longest piece a caller will map
 * @out: receives the bounce buffer, or NULL on failure
 *
 * The buffer and its bookkeeping are device-managed: they are freed when
 * the device is unbound, after the driver's remove().  Set the device's DMA
 * masks first.
 *
 * Context: process context (probe).
 * Return: 0; -EINVAL for a NULL @wdev or @out (with a warning) or a zero
 * @size; -ENOMEM if the device cannot have coherent memory of that size.
 */
int wdf_dma_bounce_create(struct wdf_device *wdev, size_t size,
			  struct wdf_dma_bounce **out)
{
	struct wdf_dma_bounce *b;
	struct device *dev;

	if (!out) {
		wdf_misuse("bounce buffer with NULL output");
		return -EINVAL;
	}
	*out = NULL;
	dev = wdf_device_get_device(wdev);
	if (!dev)
		return -EINVAL;
	if (!size || size > SZ_1G)
		return -EINVAL;
	b = wdf_fail() ? NULL : devm_kzalloc(dev, sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	b->cpu = wdf_fail() ? NULL :
		 dmam_alloc_coherent(dev, size, &b->bus, GFP_KERNEL);
	if (!b->cpu) {
		devm_kfree(dev, b);
		return -ENOMEM;
	}
	b->dev = dev;
	b->size = size;
	*out = b;
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_dma_bounce_create);

/**
 * wdf_dma_bounce_read_counters() - what a bounce buffer's pieces did
 * @bounce: the bounce buffer
 * @c: receives the counters
 *
 * Return: 0, or -EINVAL (with a warning) for a NULL argument.
 */
int wdf_dma_bounce_read_counters(struct wdf_dma_bounce *bounce,
				 struct wdf_dma_counters *c)
{
	int r;

	if (!bounce || !c) {
		wdf_misuse("bounce counters with a NULL argument");
		return -EINVAL;
	}
	c->mapped_pieces = atomic64_read(&bounce->mapped_pieces);
	c->mapped_bytes = atomic64_read(&bounce->mapped_bytes);
	for (r = 0; r < WDF_DMA_BOUNCE_REASONS; r++) {
		c->bounced_pieces[r] = atomic64_read(&bounce->bounced_pieces[r]);
		c->bounced_bytes[r] = atomic64_read(&bounce->bounced_bytes[r]);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(wdf_dma_bounce_read_counters);

/* An IOMMU translates the device's bus addresses: it reaches any page. */
bool wdf_dma_translated(struct device *dev)
{
	struct iommu_domain *dom = iommu_get_domain_for_dev(dev);

	return dom && (dom->type & __IOMMU_DOMAIN_PAGING);
}

/**
 * wdf_dma_reachable() - can a device address a physical range directly
 * @dev: the device, its DMA masks set
 * @phys: first byte of the range
 * @length: bytes
 *
 * True if an IOMMU translates for @dev, or if the range's bus addresses lie
 * within the device's streaming DMA mask and bus limit.  Nothing is mapped.
 *
 * Return: whether dma_map_*() of the range can succeed without bouncing.
 */
bool wdf_dma_reachable(struct device *dev, phys_addr_t phys, size_t length)
{
	if (!dev || !dev->dma_mask)
		return false;
	if (!length)
		return true;
	if (wdf_dma_translated(dev))
		return true;
	return dma_capable(dev, phys_to_dma(dev, phys), length, true);
}
EXPORT_SYMBOL_GPL(wdf_dma_reachable);

/* Does the device reach every byte of @length from @off into @pages? */
bool wdf_dma_pages_reachable(struct device *dev, struct page **pages,
			     size_t off, size_t length)
{
	while (length) {
		size_t n = min_t(size_t, length, PAGE_SIZE - off);

		if (!*pages || !wdf_dma_reachable(dev, page_to_phys(*pages) + off, n))
			return false;
		length -= n;
		off = 0;
		pages++;
	}
	return true;
}

/*
 * Are the pages of @length bytes from @off into @pages one range on the
 * bus?  Without an IOMMU a bus address is the physical one (plus a fixed
 * offset), so physically contiguous pages are.  Behind an IOMMU the
 * mapping itself tells (wdf_dma_piece_map() checks its segment count).
 */
bool wdf_dma_pages_contiguous(struct device *dev, struct page **pages,
			      size_t off, size_t length)
{
	unsigned int i, n = DIV_ROUND_UP(off + length, PAGE_SIZE);

	if (wdf_dma_translated(dev))
		return true;
	for (i = 1; i < n; i++)
		if (page_to_pfn(pages[i]) != page_to_pfn(pages[i - 1]) + 1)
			return false;
	return true;
}

/* Why a piece must bounce, or -1 if its pages can be mapped as they are. */
static int wdf_dma_bounce_reason(struct device *dev, struct page **pages,
				 size_t off, size_t length, unsigned int flags)
{
	if (flags & WDF_DMA_FORCE_BOUNCE)
		return WDF_DMA_BOUNCE_FORCED;
	if (!wdf_dma_pages_reachable(dev, pages, off, length))
		return WDF_DMA_BOUNCE_UNREACHABLE;
	if ((flags & WDF_DMA_CONTIGUOUS) &&
	    !wdf_dma_pages_contiguous(dev, pages, off, length))
		return WDF_DMA_BOUNCE_SCATTERED;
	return -1;
}

/*
 * Map the range's pages for the device.  Return: 0; -ENOMEM; -EIO if the
 * DMA API refused; -EXDEV if one bus range was wanted and an IOMMU gave
 * more.
 */
static int wdf_dma_piece_map_pages(struct wdf_dma_piece *p, struct device *dev,
				   struct page **pages, size_t off,
				   unsigned int flags)
{
	unsigned int n = DIV_ROUND_UP(off + p->length, PAGE_SIZE);
	unsigned int seg = max_t(unsigned int, PAGE_SIZE,
				 ALIGN_DOWN(dma_get_max_seg_size(dev), PAGE_SIZE));
	int ret;

	ret = wdf_fail() ? -ENOMEM :
	      sg_alloc_table_from_pages_segment(&p->sgt, pages, n, off,
						p->length, seg, GFP_KERNEL);
	if (ret)
		return ret;
	ret = dma_map_sgtable(dev, &p->sgt, p->dir, 0);
	if (ret) {
		sg_free_table(&p->sgt);
		return -EIO;
	}
	if ((flags & WDF_DMA_CONTIGUOUS) && p->sgt.nents > 1) {
		dma_unmap_sgtable(dev, &p->sgt, p->dir, 0);
		sg_free_table(&p->sgt);
		return -EXDEV;
	}
	p->sgl = p->sgt.sgl;
	p->nents = p->sgt.nents;
	return 0;
}

static int wdf_dma_piece_bounce(struct wdf_dma_piece *p,
				enum wdf_dma_bounce_reason reason)
{
	struct wdf_dma_bounce *b = p->bounce;
	int ret;

	if (atomic_cmpxchg(&b->busy, 0, 1))
		return -EBUSY;
	if (p->dir != DMA_FROM_DEVICE) {
		ret = wdf_mdl_copy_to_buffer(p->mdl, p->offset, b->cpu, p->length);
		if (ret) {
			atomic_set(&b->busy, 0);
			return ret;
		}
	}
	sg_init_table(&p->one, 1);
	p->one.length = p->length;
	sg_dma_address(&p->one) = b->bus;
	sg_dma_len(&p->one) = p->length;
	p->sgl = &p->one;
	p->nents = 1;
	p->bounced = true;
	p->reason = reason;
	atomic64_inc(&b->bounced_pieces[reason]);
	atomic64_add(p->length, &b->bounced_bytes[reason]);
	this_cpu_add(wdf_stats.dma_bounced_bytes[reason], p->length);
	return 0;
}

/**
 * wdf_dma_piece_map() - make a byte range of an MDL ready for a device
 * @bounce: the device's bounce buffer (wdf_dma_bounce_create())
 * @mdl: the MDL
 * @offset: first byte of the range, relative to the MDL
 * @length: bytes, 1 to the bounce buffer's size
 * @dir: DMA_TO_DEVICE, DMA_FROM_DEVICE or DMA_BIDIRECTIONAL
 * @flags: WDF_DMA_FORCE_BOUNCE, WDF_DMA_CONTIGUOUS, or 0
 * @piece: receives the bus ranges to program
 *
 * If the device reaches every page of the range, the range is mapped with
 * dma_map_sgtable() and @piece lists its bus ranges, contiguous pages
 * merged.  Otherwise (or when forced, or when WDF_DMA_CONTIGUOUS asks for
 * one bus range and the pages are not contiguous, or if the DMA API
 * refuses) the range goes through the bounce buffer: for a transfer to the device its bytes
 * are copied there now, and @piece is that one range.  The decision is made
 * before anything is mapped.  The MDL is referenced until
 * wdf_dma_piece_unmap().  One bounced piece at a time per bounce buffer.
 *
 * Context: process context.
 * Return: 0; -EINVAL (with a warning) for a NULL or invalid argument;
 * -EINVAL for a zero @length, one above the bounce buffer, or a bad @dir;
 * -EOVERFLOW for a range past the end of @mdl; -EACCES if the device would
 * write pages pinned for reading; -EBUSY if the range must bounce and
 * another piece holds the bounce buffer; -ENOMEM.
 */
int wdf_dma_piece_map(struct wdf_dma_bounce *bounce, struct wdf_mdl *mdl,
		      size_t offset, size_t length,
		      enum dma_data_direction dir, unsigned int flags,
		      struct wdf_dma_piece *piece)
{
	struct wdf_mdl_private *m;
	struct page **pages;
	size_t first, off;
	int reason, ret;

	if (!bounce || !piece) {
		wdf_misuse("DMA piece map with a NULL argument");
		return -EINVAL;
	}
	m = wdf_mdl_get(mdl, "DMA piece map");
	if (!m)
		return -EINVAL;
	memset(piece, 0, sizeof(*piece));
	if (!length || length > bounce->size || !valid_dma_direction(dir) ||
	    (flags & ~(WDF_DMA_FORCE_BOUNCE | WDF_DMA_CONTIGUOUS)))
		return -EINVAL;
	if (range_end_overflows(offset, length, m->length))
		return -EOVERFLOW;
	if (dir != DMA_TO_DEVICE && !m->writable)
		return -EACCES;

	piece->bounce = bounce;
	piece->mdl = mdl;
	piece->offset = offset;
	piece->length = length;
	piece->dir = dir;
	first = m->offset + offset;
	pages = m->pages + (first >> PAGE_SHIFT);
	off = offset_in_page(first);

	reason = wdf_dma_bounce_reason(bounce->dev, pages, off, length, flags);
	if (reason < 0) {
		ret = wdf_dma_piece_map_pages(piece, bounce->dev, pages, off,
					      flags);
		if (!ret) {
			atomic64_inc(&bounce->mapped_pieces);
			atomic64_add(length, &bounce->mapped_bytes);
			this_cpu_add(wdf_stats.dma_mapped_bytes, length);
			goto mapped;
		}
		if (ret == -ENOMEM)
			goto fail;
		reason = ret == -EXDEV ? WDF_DMA_BOUNCE_SCATTERED :
					 WDF_DMA_BOUNCE_MAP_FAILED;
	}
	ret = wdf_dma_piece_bounce(piece, reason);
	if (ret)
		goto fail;
mapped:
	trace_wdfmem_dma_map(mdl, offset, length, dir, piece->bounced,
			     piece->reason, piece->nents);
	if (dir != DMA_TO_DEVICE)
		m->dirty = true;
	wdf_object_get(&mdl->obj);
	return 0;

fail:
	memset(piece, 0, sizeof(*piece));
	return ret;
}
EXPORT_SYMBOL_GPL(wdf_dma_piece_map);

/**
 * wdf_dma_piece_unmap() - end a piece once the device is done with it
 * @piece: a piece wdf_dma_piece_map() filled
 *
 * Unmaps a mapped piece.  For a bounced piece from the device, copies the
 * bytes from the bounce buffer into the MDL; then frees the bounce buffer
 * for the next piece.  Drops the MDL reference.  Call it only once the
 * device can no longer touch the piece's memory.
 *
 * Return: 0; -EINVAL (with a warning) for a piece that is not mapped; the
 * error of the copy back.
 */
int wdf_dma_piece_unmap(struct wdf_dma_piece *piece)
{
	struct wdf_mdl *mdl = piece ? piece->mdl : NULL;
	int ret = 0;

	if (!mdl) {
		wdf_misuse("unmap of a DMA piece that is not mapped");
		return -EINVAL;
	}
	if (piece->bounced) {
		if (piece->dir != DMA_TO_DEVICE)
			ret = wdf_mdl_copy_from_buffer(mdl, piece->offset,
						       piece->bounce->cpu,
						       piece->length);
		/* The copy back is done before the next piece may fill it. */
		atomic_set_release(&piece->bounce->busy, 0);
	} else {
		dma_unmap_sgtable(piece->bounce->dev, &piece->sgt, piece->dir, 0);
		sg_free_table(&piece->sgt);
	}
	piece->mdl = NULL;
	wdf_object_put(&mdl->obj);
	return ret;
}
EXPORT_SYMBOL_GPL(wdf_dma_piece_unmap);
