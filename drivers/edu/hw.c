// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem_edu hardware: the only file that touches the edu registers, and
 * the owner of @edu->lock, which every device operation takes.
 *
 * The DMA engine does one transfer at a time, never of 0 bytes, never
 * reaching the device buffer's last byte: limits that live in its DMA
 * enabler (main.c), so the framework's transactions cut, map and bounce
 * the buffers.  This file programs one fragment and reports its
 * completion from the interrupt; a transaction that does not end in time
 * is ended only once the engine has stopped.
 */

#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/iopoll.h>
#include <linux/sched/signal.h>
#include "edu.h"
#define CREATE_TRACE_POINTS
#include "edu_trace.h"

/*
 * A DMA interrupt: if the engine is idle, the fragment of the transaction
 * in transfer is done; report it to the framework, which stages and
 * programs the next one from here or says the transaction is over.  An
 * interrupt while the engine is still busy is the late one of a transfer
 * that timed out, and one with no transaction in transfer is stale.
 */
static void edu_dma_irq(struct edu_dev *edu)
{
	struct wdf_dma_transaction *txn;
	u64 ns;
	int st;

	spin_lock(&edu->irq_lock);
	txn = edu->active;
	if (!txn || (readq(edu->regs + EDU_DMA_CMD) & EDU_CMD_START))
		goto out;
	ns = ktime_to_ns(ktime_sub(ktime_get(), edu->t0));
	trace_edu_dma_complete(edu->frag_len, ns);
	edu->stats.transfers++;
	edu->stats.last_latency_ns = ns;
	edu->stats.max_latency_ns = max(edu->stats.max_latency_ns, ns);
	if (edu->frag_to_ram)
		edu->stats.bytes_from_device += edu->frag_len;
	else
		edu->stats.bytes_to_device += edu->frag_len;
	if (wdf_dma_transaction_dma_completed(txn, &st)) {
		edu->active = NULL;
		edu->dma_status = st;
		complete(&edu->dma_done);
	}
out:
	spin_unlock(&edu->irq_lock);
}

/**
 * edu_irq() - the device's interrupt: acknowledge, then report
 * @irq: the interrupt
 * @data: the device
 *
 * Return: IRQ_NONE for a shared interrupt that was not ours.
 */
irqreturn_t edu_irq(int irq, void *data)
{
	struct edu_dev *edu = data;
	u32 status = readl(edu->regs + EDU_IRQ_STATUS);

	if (!status)
		return IRQ_NONE;
	writel(status, edu->regs + EDU_IRQ_ACK);
	/* A lost interrupt, on request: the waiter's poll must find the work. */
	if (unlikely(atomic_add_unless(&edu->drop_interrupts, -1, 0)))
		return IRQ_HANDLED;
	if (status & EDU_IRQ_DMA)
		edu_dma_irq(edu);
	if (status & EDU_IRQ_FACT)
		complete(&edu->fact_done);
	return IRQ_HANDLED;
}

/**
 * edu_check_identity() - is this an edu device, and does it answer?
 * @edu: the device, its BAR mapped; @edu->ident receives the identification
 *
 * Return: 0, -ENODEV for another identification, or -EIO if the liveness
 * register does not invert what is written.
 */
int edu_check_identity(struct edu_dev *edu)
{
	u32 id = readl(edu->regs + EDU_ID);
	u32 probe = 0x5a5aa5a5;

	edu->ident = id;
	if ((id & 0xff) != EDU_ID_MAGIC || (id >> 24) != EDU_ID_MAJOR) {
		dev_err(&edu->pdev->dev, "unexpected identification %#x\n", id);
		return -ENODEV;
	}
	writel(probe, edu->regs + EDU_LIVENESS);
	if (readl(edu->regs + EDU_LIVENESS) != ~probe) {
		dev_err(&edu->pdev->dev, "liveness check failed\n");
		return -EIO;
	}
	return 0;
}

/**
 * edu_read_regs() - the registers, for WDFMEM_EDU_IOC_REGS
 * @edu: the device
 * @r: @r->live_in is written to the liveness register; receives the rest
 *
 * Return: 0, or -EINTR.
 */
int edu_read_regs(struct edu_dev *edu, struct wdfmem_edu_regs *r)
{
	if (mutex_lock_interruptible(&edu->lock))
		return -EINTR;
	r->id = readl(edu->regs + EDU_ID);
	writel(r->live_in, edu->regs + EDU_LIVENESS);
	r->live_out = readl(edu->regs + EDU_LIVENESS);
	r->status = readl(edu->regs + EDU_STATUS);
	r->irq_status = readl(edu->regs + EDU_IRQ_STATUS);
	mutex_unlock(&edu->lock);
	return 0;
}

/* Polls for lost interrupts in one transaction, after the waits ran out. */
#define EDU_MAX_POLLS	8

/* Poll the engine until it is idle, @ms ms at most; false if it stays busy. */
static bool edu_wait_idle(struct edu_dev *edu, unsigned int ms)
{
	u64 cmd;

	return !readq_poll_timeout(edu->regs + EDU_DMA_CMD, cmd,
				   !(cmd & EDU_CMD_START), 1000, ms * 1000ULL);
}

/**
 * edu_program_dma() - the program-DMA callback: start one fragment
 * @txn: the transaction
 * @wdev: the device object
 * @context: the edu device
 * @dir: the direction
 * @sgl: the fragment's one bus range (the enabler's packet profile)
 * @nents: 1
 *
 * Runs inside wdf_dma_transaction_execute() and inside the interrupt's
 * wdf_dma_transaction_dma_completed().  The checks here are the last line
 * before QEMU: a transfer that would abort the emulator is refused,
 * whatever the framework computed.
 */
static void edu_program_dma(struct wdf_dma_transaction *txn,
			    struct wdf_device *wdev, void *context,
			    enum dma_data_direction dir,
			    struct scatterlist *sgl, unsigned int nents)
{
	struct edu_dev *edu = context;
	size_t at = edu->dev_off + wdf_dma_transaction_get_bytes_transferred(txn);
	bool to_ram = dir == DMA_FROM_DEVICE;
	u32 len = sg_dma_len(sgl);
	u64 ram = sg_dma_address(sgl);
	u64 dev = EDU_BUF_ADDR + at;
	int st;

	if (WARN_ON_ONCE(nents != 1 || !len || at >= EDU_DMA_MAX ||
			 len > EDU_DMA_MAX - at)) {
		edu->dma_error = -EINVAL;
		wdf_dma_transaction_dma_completed_final(txn, 0, &st);
		return;
	}
	if (wdf_dma_transaction_is_bounced(txn))
		edu->stats.bounces++;
	edu->frag_len = len;
	edu->frag_to_ram = to_ram;
	writeq(to_ram ? dev : ram, edu->regs + EDU_DMA_SRC);
	writeq(to_ram ? ram : dev, edu->regs + EDU_DMA_DST);
	writeq(len, edu->regs + EDU_DMA_COUNT);
	edu->t0 = ktime_get();
	trace_edu_dma_start(ram, at, len, to_ram);
	writeq(EDU_CMD_START | EDU_CMD_IRQ | (to_ram ? EDU_CMD_TO_RAM : 0),
	       edu->regs + EDU_DMA_CMD);
}

/*
 * A transaction that did not end in time.  Take it from the interrupt
 * first; if the interrupt ended it meanwhile, it simply finished.  Else
 * wait for the engine to stop before the framework ends the transaction
 * (and unmaps): a stuck engine keeps the buffers for good.
 */
static int edu_dma_timeout(struct edu_dev *edu, struct wdf_dma_transaction *txn)
{
	bool mine;
	int st;

	spin_lock_irq(&edu->irq_lock);
	mine = edu->active == txn;
	edu->active = NULL;
	spin_unlock_irq(&edu->irq_lock);
	if (!mine)
		return 0;
	edu->stats.timeouts++;
	trace_edu_dma_timeout(edu->frag_len, edu_timeout_ms);
	if (!edu_wait_idle(edu, max(10 * edu_timeout_ms, 1000U))) {
		edu->stats.errors++;
		edu->dead = true;
		dev_err(&edu->pdev->dev, "DMA engine stuck; device disabled\n");
		return -EIO;
	}
	wdf_dma_transaction_dma_completed_final(txn, 0, &st);
	return -ETIMEDOUT;
}

/*
 * The wait for a transaction ran out.  If the engine is idle, its fragment
 * finished and the interrupt that reports it is late or was lost: with the
 * interrupt masked (so its handler is not running and will not run), do
 * the handler's work here, as nvme polls a queue whose interrupt did not
 * come, and say so.  Return: true if the transaction moved on (the caller
 * waits again), false if the engine is still busy (a real timeout).
 */
static bool edu_dma_poll(struct edu_dev *edu, struct wdf_dma_transaction *txn)
{
	bool idle, mine;
	u32 status;

	disable_irq(edu->irq);
	idle = !(readq(edu->regs + EDU_DMA_CMD) & EDU_CMD_START);
	status = readl(edu->regs + EDU_IRQ_STATUS);
	spin_lock_irq(&edu->irq_lock);
	mine = idle && edu->active == txn;
	if (mine) {
		if (status & EDU_IRQ_DMA)
			writel(EDU_IRQ_DMA, edu->regs + EDU_IRQ_ACK);
		edu->stats.lost_interrupts++;
		spin_unlock(&edu->irq_lock);
		/* Interrupts stay off: this is the handler's code. */
		edu_dma_irq(edu);
		local_irq_enable();
	} else {
		spin_unlock_irq(&edu->irq_lock);
	}
	enable_irq(edu->irq);
	if (mine)
		dev_warn_ratelimited(&edu->pdev->dev,
				     "DMA interrupt lost (status %#x after %u ms): fragment completed by polling\n",
				     status, edu_timeout_ms);
	return idle;
}

/*
 * Move @len bytes between an MDL (from @skip bytes into it) and the device
 * buffer at @dev_off: one DMA transaction, which the framework cuts into
 * fragments the device takes in one transfer each (the enabler's limits),
 * mapped or bounced as the pages require.
 */
static long edu_xfer(struct edu_dev *edu, struct wdf_mdl *mdl, size_t skip,
		     u32 dev_off, size_t len, bool to_ram)
{
	struct wdf_dma_transaction *txn = edu->txn;
	unsigned int polls = 0;
	unsigned long left;
	long ret;

	lockdep_assert_held(&edu->lock);
	if (!len || dev_off >= EDU_DMA_MAX || len > EDU_DMA_MAX - dev_off)
		return -EINVAL;
	if (edu->dead)
		return -ENODEV;
	ret = wdf_dma_transaction_initialize(txn, edu_program_dma,
					     to_ram ? DMA_FROM_DEVICE :
						      DMA_TO_DEVICE,
					     mdl, skip, len);
	if (ret)
		return ret;
	if (READ_ONCE(edu_force_bounce))
		ret = wdf_dma_transaction_set_bounce(txn, true);
	if (ret)
		goto release;
	edu->dev_off = dev_off;
	edu->dma_error = 0;
	edu->dma_status = 0;
	reinit_completion(&edu->dma_done);
	spin_lock_irq(&edu->irq_lock);
	edu->active = txn;
	spin_unlock_irq(&edu->irq_lock);
	ret = wdf_dma_transaction_execute(txn, edu);
	if (ret) {
		spin_lock_irq(&edu->irq_lock);
		edu->active = NULL;
		spin_unlock_irq(&edu->irq_lock);
		goto release;
	}
	/*
	 * One fragment per transfer; each takes the device about 100 ms.  A
	 * transaction has a few fragments: polls are bounded.
	 */
	do {
		left = wait_for_completion_timeout(&edu->dma_done,
						   msecs_to_jiffies(edu_timeout_ms));
	} while (!left && ++polls <= EDU_MAX_POLLS && edu_dma_poll(edu, txn));
	if (!left)
		ret = edu_dma_timeout(edu, txn);
	if (edu->dead)
		return ret ?: -EIO;	/* in transfer for good: never released */
	ret = ret ?: edu->dma_error ?: edu->dma_status;
	if (!ret)
		ret = wdf_dma_transaction_get_bytes_transferred(txn);
release:
	wdf_dma_transaction_release(txn);
	return ret;
}

/**
 * edu_transfer() - DMA between an MDL and the device buffer
 * @edu: the device
 * @mdl: the pages
 * @dev_off: where in the device buffer
 * @len: bytes, 1 to EDU_DMA_MAX - @dev_off
 * @to_device: from @mdl into the device (else from the device into @mdl)
 *
 * Return: @len, or a negative errno.
 */
long edu_transfer(struct edu_dev *edu, struct wdf_mdl *mdl, u32 dev_off,
		  size_t len, bool to_device)
{
	long ret;

	if (mutex_lock_interruptible(&edu->lock))
		return -EINTR;
	ret = edu_xfer(edu, mdl, 0, dev_off, len, !to_device);
	mutex_unlock(&edu->lock);
	return ret;
}

/**
 * edu_roundtrip() - send bytes through the device and fetch them back
 * @edu: the device
 * @req: the request it serves
 * @in: source pages
 * @out: destination pages
 * @len: bytes, split into device-sized pieces
 *
 * Stops between pieces when a signal is pending, the request is cancelled
 * or the device is being removed.
 *
 * Return: the bytes that made the round trip, or a negative errno if none
 * did.
 */
long edu_roundtrip(struct edu_dev *edu, struct wdf_request *req,
		   struct wdf_mdl *in, struct wdf_mdl *out, size_t len)
{
	size_t done = 0;
	long ret = 0;

	if (mutex_lock_interruptible(&edu->lock))
		return -EINTR;
	while (done < len) {
		size_t n = min_t(size_t, len - done, EDU_DMA_MAX);

		if (signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		if (wdf_request_is_canceled(req)) {
			ret = -ECANCELED;
			break;
		}
		if (READ_ONCE(edu->stopping)) {
			ret = -ENODEV;
			break;
		}
		ret = edu_xfer(edu, in, done, 0, n, false);
		if (ret >= 0)
			ret = edu_xfer(edu, out, done, 0, n, true);
		if (ret < 0)
			break;
		done += n;
	}
	mutex_unlock(&edu->lock);
	return done ? done : ret;
}

/**
 * edu_factorial() - compute n! on the device, interrupt-driven
 * @edu: the device
 * @n: the input
 * @result: receives n! modulo 2^32
 *
 * Return: 0, -EINTR, -ENODEV, -EBUSY if an earlier computation that timed
 * out is still running, or -ETIMEDOUT.
 */
int edu_factorial(struct edu_dev *edu, u32 n, u32 *result)
{
	unsigned int ms = edu_timeout_ms;
	u32 status;
	int ret = 0;

	if (mutex_lock_interruptible(&edu->lock))
		return -EINTR;
	if (edu->dead) {
		ret = -ENODEV;
		goto out;
	}
	/*
	 * The unit drops a write of n while it computes: an earlier call that
	 * timed out may still be running.  Wait for it (bounded), else -EBUSY:
	 * never start a computation whose result could be another's.
	 */
	if (readl_poll_timeout(edu->regs + EDU_STATUS, status,
			       !(status & EDU_STATUS_COMPUTING), 1000,
			       ms * 1000ULL)) {
		ret = -EBUSY;
		goto out;
	}
	reinit_completion(&edu->fact_done);
	writel(EDU_STATUS_IRQ_FACT, edu->regs + EDU_STATUS);
	writel(n, edu->regs + EDU_FACTORIAL);
	/*
	 * Done means the unit says so: a completion while it still computes
	 * is the late interrupt of the earlier computation.
	 */
	do {
		if (!wait_for_completion_timeout(&edu->fact_done,
						 msecs_to_jiffies(ms))) {
			/* Done, and its interrupt late or lost: take it. */
			if (!(readl(edu->regs + EDU_STATUS) &
			      EDU_STATUS_COMPUTING)) {
				edu->stats.lost_interrupts++;
				dev_warn_ratelimited(&edu->pdev->dev,
						     "factorial interrupt lost (after %u ms): result taken\n",
						     ms);
				break;
			}
			edu->stats.timeouts++;
			ret = -ETIMEDOUT;
			goto out;
		}
	} while (readl(edu->regs + EDU_STATUS) & EDU_STATUS_COMPUTING);
	*result = readl(edu->regs + EDU_FACTORIAL);
out:
	mutex_unlock(&edu->lock);
	return ret;
}
