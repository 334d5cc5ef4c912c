/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem_edu: a wdfmem client driving QEMU's edu PCI device (1234:11e8).
 */
#ifndef _WDFMEM_EDU_H
#define _WDFMEM_EDU_H

#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/pci.h>
#include <linux/rwsem.h>
#include <wdf/wdf.h>
#include "wdfmem_edu.h"
#include "node.h"
#include <wdf/compat.h>

/* Registers (BAR0).  Below 0x80 only 32-bit accesses work. */
#define EDU_ID			0x00
#define EDU_LIVENESS		0x04
#define EDU_FACTORIAL		0x08
#define EDU_STATUS		0x20
#define   EDU_STATUS_COMPUTING	BIT(0)
#define   EDU_STATUS_IRQ_FACT	BIT(7)
#define EDU_IRQ_STATUS		0x24
#define EDU_IRQ_RAISE		0x60
#define EDU_IRQ_ACK		0x64
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_COUNT		0x90
#define EDU_DMA_CMD		0x98
#define   EDU_CMD_START		BIT(0)
#define   EDU_CMD_TO_RAM	BIT(1)
#define   EDU_CMD_IRQ		BIT(2)

#define   EDU_IRQ_FACT		BIT(0)
#define   EDU_IRQ_DMA		BIT(8)

#define EDU_ID_MAGIC		0xed
#define EDU_ID_MAJOR		1

/* The device buffer, as the device addresses it. */
#define EDU_BUF_ADDR		0x40000
/* QEMU 7.2 aborts on a DMA reaching 0x41000: one byte less is usable. */
#define EDU_DMA_MAX		WDFMEM_EDU_BUF_SIZE

/**
 * struct edu_stats - per-device counters (debugfs)
 * @transfers: DMA transfers completed
 * @bytes_to_device: bytes moved from RAM into the device
 * @bytes_from_device: bytes moved from the device into RAM
 * @bounces: transfers that went through the framework's bounce buffer
 * @timeouts: transfers that did not complete in time
 * @lost_interrupts: DMA fragments and factorials found done when the wait
 *	for their interrupt ran out
 * @errors: operations that failed for the device's sake
 * @last_latency_ns: duration of the last transfer
 * @max_latency_ns: longest transfer
 */
struct edu_stats {
	u64 transfers;
	u64 bytes_to_device;
	u64 bytes_from_device;
	u64 bounces;
	u64 timeouts;
	u64 lost_interrupts;
	u64 errors;
	u64 last_latency_ns;
	u64 max_latency_ns;
};

/**
 * struct edu_dev - one edu device
 * @pdev: the PCI device
 * @regs: BAR0
 * @ident: the identification register, read at probe
 * @irq: its interrupt
 * @wdev: the wdfmem device object; requests are its children
 * @lock: one device operation at a time (taken only in hw.c)
 * @queue: the default queue: all I/O reaches the driver through it
 * @node: /dev/wdfmem-edu<@id>, also the name I/O targets open it by
 * @dma: the DMA enabler: the device's limits (packet profile, 28 bits,
 *       at most EDU_DMA_MAX bytes per transfer)
 * @txn: the DMA transaction, reused for every transfer (under @lock)
 * @irq_lock: the interrupt against the timeout, over @active
 * @active: the transaction in transfer, which the interrupt completes
 * @dev_off: where in the device buffer @txn's transfer starts
 * @frag_len: the fragment programmed last
 * @frag_to_ram: its direction
 * @t0: when it started
 * @dma_status: how the transaction ended (the interrupt sets it)
 * @dma_error: the program-DMA callback refused a fragment
 * @dma_done: completed by the interrupt that ends a transaction
 * @fact_done: completed by the interrupt of a factorial
 * @stopping: remove has begun: transfers stop between pieces
 * @dead: the device is gone or wedged: every operation fails with -ENODEV
 * @id: the node's number
 * @name: the node's name
 * @dbg: debugfs directory
 * @stats: counters
 * @drop_interrupts: interrupts to acknowledge and ignore, for the test of
 *	the poll that finds them lost (debugfs)
 */
struct edu_dev {
	struct pci_dev *pdev;
	void __iomem *regs;
	u32 ident;
	int irq;
	struct wdf_device *wdev;
	struct mutex lock;	/* one device operation at a time */
	struct wdf_io_queue *queue;
	struct edu_node *node;
	struct wdf_dma_enabler *dma;
	struct wdf_dma_transaction *txn;
	spinlock_t irq_lock;	/* @active, and the completion it reports */
	struct wdf_dma_transaction *active;
	u32 dev_off;
	u32 frag_len;
	bool frag_to_ram;
	ktime_t t0;
	int dma_status;
	int dma_error;
	struct completion dma_done;
	struct completion fact_done;
	bool stopping;
	bool dead;
	int id;
	char name[24];
	struct dentry *dbg;
	struct edu_stats stats;
	atomic_t drop_interrupts;
};

extern bool edu_force_bounce;
extern unsigned int edu_timeout_ms;

/* hw.c: the registers and @lock */
irqreturn_t edu_irq(int irq, void *data);
int edu_check_identity(struct edu_dev *edu);
int edu_read_regs(struct edu_dev *edu, struct wdfmem_edu_regs *r);
long edu_transfer(struct edu_dev *edu, struct wdf_mdl *mdl, u32 dev_off,
		  size_t len, bool to_device);
long edu_roundtrip(struct edu_dev *edu, struct wdf_request *req,
		   struct wdf_mdl *in, struct wdf_mdl *out, size_t len);
int edu_factorial(struct edu_dev *edu, u32 n, u32 *result);

/* chardev.c: the default queue and its callbacks */
int edu_chardev_add(struct edu_dev *edu);
void edu_chardev_remove(struct edu_dev *edu);

#endif /* _WDFMEM_EDU_H */
