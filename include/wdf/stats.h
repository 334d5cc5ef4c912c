/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem statistics: the numbers behind /sys/kernel/debug/wdfmem/.
 * Counters are per CPU; a read sums them without locking, so a read racing
 * with allocations is a consistent-enough snapshot, not an atomic one.
 */
#ifndef _WDF_STATS_H
#define _WDF_STATS_H

#include <wdf/object.h>
#include <wdf/dma.h>

/**
 * struct wdf_statistics - framework-wide counters
 * @live: objects alive now, by enum wdf_object_type
 * @total: objects ever created, by type
 * @bytes_live: buffer bytes the framework holds now (memory objects,
 *              lookaside entries and local buffers; not preallocated ones)
 * @bytes_peak: highest @bytes_live seen, to within the per-CPU batch
 * @copies_rejected: copies refused for a range past the end of an object
 * @warnings: misuse warnings issued
 * @dma_mapped_bytes: bytes of DMA pieces mapped for a device directly
 * @dma_bounced_bytes: bytes of DMA pieces sent through a bounce buffer, by
 *                     enum wdf_dma_bounce_reason
 * @requests_sent: requests drivers sent to I/O targets
 * @requests_completed: requests queues presented (or failed) that completed,
 *                      from device nodes and from I/O targets
 */
struct wdf_statistics {
	u64 live[WDF_TYPE_MAX];
	u64 total[WDF_TYPE_MAX];
	s64 bytes_live;
	s64 bytes_peak;
	u64 copies_rejected;
	u64 warnings;
	u64 dma_mapped_bytes;
	u64 dma_bounced_bytes[WDF_DMA_BOUNCE_REASONS];
	u64 requests_sent;
	u64 requests_completed;
};

/**
 * struct wdf_lookaside_counters - one lookaside list's counters, with NT's
 *                                 lookaside names and meanings
 * @total_allocates: memory objects asked of the list (TotalAllocates)
 * @allocate_misses: of those, the ones the list held no free entry for, so
 *                   the allocator was asked (AllocateMisses)
 * @total_frees: memory objects that came back (TotalFrees)
 * @free_misses: of those, the entries the list did not keep (its CPU's
 *               free entries were at @depth, or the list is going) and gave
 *               back to the allocator (FreeMisses)
 * @failed: allocations that failed: -ENOMEM to the caller
 * @depth: the free entries each CPU keeps at most, now (Depth)
 * @max_depth: the most @depth grows to (MaximumDepth)
 * @free_entries: free entries the list holds now, all CPUs
 * @bytes_held: the slab bytes of those entries
 * @outstanding: entries handed out and not yet returned
 */
struct wdf_lookaside_counters {
	u64 total_allocates;
	u64 allocate_misses;
	u64 total_frees;
	u64 free_misses;
	u64 failed;
	u32 depth;
	u32 max_depth;
	u64 free_entries;
	u64 bytes_held;
	u64 outstanding;
};

/**
 * struct wdf_tag_statistics - one pool tag's local-buffer counters
 * @allocs: buffers allocated with the tag
 * @frees: buffers freed
 * @bytes_live: bytes allocated and not yet freed
 */
struct wdf_tag_statistics {
	u64 allocs;
	u64 frees;
	u64 bytes_live;
};

struct wdf_lookaside;

void wdf_statistics_read(struct wdf_statistics *s);
int wdf_lookaside_read_counters(struct wdf_lookaside *la,
				struct wdf_lookaside_counters *c);
int wdf_pool_tag_read(u32 tag, struct wdf_tag_statistics *s);

#endif /* _WDF_STATS_H */
