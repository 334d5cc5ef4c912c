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

/*
 * DMA enablers, transactions and common buffers (KMDF's WDFDMAENABLER,
 * WDFDMATRANSACTION and WDFCOMMONBUFFER).
 */

struct wdf_object_attributes;
struct wdf_request;

/**
 * enum wdf_dma_profile - what the device's DMA engine can do
 * @WDF_DMA_PROFILE_PACKET: one bus range per transfer, 32-bit addresses
 * @WDF_DMA_PROFILE_PACKET64: one bus range per transfer, 64-bit addresses
 * @WDF_DMA_PROFILE_SCATTER_GATHER: a list of bus ranges per transfer, 32-bit
 * @WDF_DMA_PROFILE_SCATTER_GATHER64: a list of bus ranges, 64-bit
 * @WDF_DMA_PROFILE_SCATTER_GATHER_DUPLEX: as SCATTER_GATHER, reads and writes
 *	at the same time
 * @WDF_DMA_PROFILE_SCATTER_GATHER64_DUPLEX: as SCATTER_GATHER64, duplex
 * @WDF_DMA_PROFILE_MAX: number of profiles
 */
enum wdf_dma_profile {
	WDF_DMA_PROFILE_PACKET,
	WDF_DMA_PROFILE_PACKET64,
	WDF_DMA_PROFILE_SCATTER_GATHER,
	WDF_DMA_PROFILE_SCATTER_GATHER64,
	WDF_DMA_PROFILE_SCATTER_GATHER_DUPLEX,
	WDF_DMA_PROFILE_SCATTER_GATHER64_DUPLEX,
	WDF_DMA_PROFILE_MAX,
};

/**
 * struct wdf_dma_enabler_config - WDF_DMA_ENABLER_CONFIG
 * @profile: the engine's profile
 * @maximum_length: the most bytes one transfer (one fragment) may move;
 *	required, at most U32_MAX
 * @address_width: the bits of a bus address the device drives: 0 for the
 *	profile's (32 or 64), else 24 to the profile's (KMDF's
 *	AddressWidthOverride; QEMU's edu: 28)
 */
struct wdf_dma_enabler_config {
	enum wdf_dma_profile profile;
	size_t maximum_length;
	unsigned int address_width;
};

/**
 * struct wdf_dma_enabler - a device's DMA capabilities (WDFDMAENABLER)
 * @obj: object header
 */
struct wdf_dma_enabler {
	struct wdf_object obj;
};

/**
 * struct wdf_dma_transaction - one DMA operation over a buffer
 * @obj: object header
 *
 * WDFDMATRANSACTION: a buffer cut into fragments the device can take,
 * each mapped (or bounced) for the device when it is staged and unmapped
 * when the driver reports it complete.
 */
struct wdf_dma_transaction {
	struct wdf_object obj;
};

/**
 * struct wdf_common_buffer - coherent memory the device and the CPU share
 * @obj: object header
 */
struct wdf_common_buffer {
	struct wdf_object obj;
};

/**
 * typedef wdf_program_dma_fn - EvtProgramDma: start one fragment
 * @txn: the transaction
 * @wdev: the enabler's device
 * @context: what wdf_dma_transaction_execute() was given
 * @dir: DMA_TO_DEVICE or DMA_FROM_DEVICE
 * @sgl: the fragment's bus ranges: walk @nents of them with for_each_sg(),
 *	sg_dma_address() and sg_dma_len(); exactly one on a packet profile
 * @nents: how many
 *
 * Program the device for this fragment and return.  It runs inside
 * wdf_dma_transaction_execute() and inside wdf_dma_transaction_dma_completed()
 * and its variants, so in their context, which may be atomic.  It may call
 * the completion functions itself; the framework touches nothing of the
 * transaction after it returns unless there is more to stage.  (KMDF's
 * BOOLEAN return is ignored by KMDF, so there is none.)
 */
typedef void (*wdf_program_dma_fn)(struct wdf_dma_transaction *txn,
				   struct wdf_device *wdev, void *context,
				   enum dma_data_direction dir,
				   struct scatterlist *sgl, unsigned int nents);

int __wdf_dma_enabler_create(struct wdf_driver *drv, struct wdf_device *wdev,
			     const struct wdf_dma_enabler_config *config,
			     const struct wdf_object_attributes *attr,
			     struct wdf_dma_enabler **out);

/**
 * wdf_dma_enabler_create() - WdfDmaEnablerCreate
 * @wdev: the device
 * @config: profile, maximum length, address width
 * @attr: attributes, or NULL; a parent must be @wdev or under it
 * @out: receives the enabler, or NULL on failure
 *
 * Return: as __wdf_dma_enabler_create().
 */
static inline int wdf_dma_enabler_create(struct wdf_device *wdev,
					 const struct wdf_dma_enabler_config *config,
					 const struct wdf_object_attributes *attr,
					 struct wdf_dma_enabler **out)
{
	return __wdf_dma_enabler_create(wdf_driver_globals, wdev, config, attr,
					out);
}

size_t wdf_dma_enabler_get_maximum_length(struct wdf_dma_enabler *en);
size_t wdf_dma_enabler_get_fragment_length(struct wdf_dma_enabler *en);
int wdf_dma_enabler_set_max_sg_elements(struct wdf_dma_enabler *en,
					unsigned int n);
unsigned int wdf_dma_enabler_get_max_sg_elements(struct wdf_dma_enabler *en);
struct device *wdf_dma_enabler_get_device(struct wdf_dma_enabler *en);
int wdf_dma_enabler_read_counters(struct wdf_dma_enabler *en,
				  struct wdf_dma_counters *c);

int wdf_dma_transaction_create(struct wdf_dma_enabler *en,
			       const struct wdf_object_attributes *attr,
			       struct wdf_dma_transaction **out);
int wdf_dma_transaction_initialize(struct wdf_dma_transaction *txn,
				   wdf_program_dma_fn program,
				   enum dma_data_direction dir,
				   struct wdf_mdl *mdl, size_t offset,
				   size_t length);
int wdf_dma_transaction_initialize_using_request(struct wdf_dma_transaction *txn,
						 struct wdf_request *req,
						 wdf_program_dma_fn program,
						 enum dma_data_direction dir);
int wdf_dma_transaction_set_maximum_length(struct wdf_dma_transaction *txn,
					   size_t length);
int wdf_dma_transaction_set_bounce(struct wdf_dma_transaction *txn,
				   bool always);
int wdf_dma_transaction_execute(struct wdf_dma_transaction *txn,
				void *context);
bool wdf_dma_transaction_dma_completed(struct wdf_dma_transaction *txn,
				       int *status);
bool wdf_dma_transaction_dma_completed_with_length(struct wdf_dma_transaction *txn,
						   size_t length, int *status);
bool wdf_dma_transaction_dma_completed_final(struct wdf_dma_transaction *txn,
					     size_t length, int *status);
int wdf_dma_transaction_release(struct wdf_dma_transaction *txn);
size_t wdf_dma_transaction_get_bytes_transferred(struct wdf_dma_transaction *txn);
size_t wdf_dma_transaction_get_current_dma_transfer_length(struct wdf_dma_transaction *txn);
bool wdf_dma_transaction_is_bounced(struct wdf_dma_transaction *txn);
struct wdf_request *wdf_dma_transaction_get_request(struct wdf_dma_transaction *txn);
struct wdf_device *wdf_dma_transaction_get_device(struct wdf_dma_transaction *txn);

/**
 * struct wdf_common_buffer_config - WDF_COMMON_BUFFER_CONFIG
 * @alignment: the buffer's alignment requirement as a mask (KMDF's
 *	AlignmentRequirement: FILE_QUAD_ALIGNMENT is 7); any power of two
 *	minus one, even above a page
 */
struct wdf_common_buffer_config {
	size_t alignment;
};

int wdf_common_buffer_create(struct wdf_dma_enabler *en, size_t length,
			     const struct wdf_common_buffer_config *config,
			     const struct wdf_object_attributes *attr,
			     struct wdf_common_buffer **out);
void *wdf_common_buffer_get_aligned_virtual_address(struct wdf_common_buffer *cb);
dma_addr_t wdf_common_buffer_get_aligned_logical_address(struct wdf_common_buffer *cb);
size_t wdf_common_buffer_get_length(struct wdf_common_buffer *cb);

#endif /* _WDF_DMA_H */
