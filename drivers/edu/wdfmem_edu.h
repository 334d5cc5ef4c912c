/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * wdfmem_edu: the user-space interface of /dev/wdfmem-edu<N>.
 *
 * read() and write() move bytes between the caller and the device's own
 * 4096-byte buffer at the file position, by DMA from and to the caller's
 * pinned pages.  QEMU 7.2 aborts on a DMA that reaches the buffer's last
 * byte, so the usable buffer is WDFMEM_EDU_BUF_SIZE (4095) bytes: a write
 * past it returns what fitted, or -ENOSPC; a read past it returns 0.
 */
#ifndef _UAPI_WDFMEM_EDU_H
#define _UAPI_WDFMEM_EDU_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define WDFMEM_EDU_BUF_SIZE	4095

/**
 * struct wdfmem_edu_xfer - a round trip through the device
 * @in: user address of the bytes to send
 * @out: user address that receives them back, may equal @in
 * @len: bytes; split into device-sized pieces, each sent by DMA into the
 *       device and fetched back by DMA
 *
 * The ioctl returns the bytes that made the round trip.
 */
struct wdfmem_edu_xfer {
	__u64 in;
	__u64 out;
	__u64 len;
};

/**
 * struct wdfmem_edu_regs - the device's identification and liveness
 * @id: register 0x00 (0x010000ed: major 1, minor 0)
 * @live_in: value written to the liveness register 0x04
 * @live_out: what it read back (the bitwise inverse of @live_in)
 * @status: register 0x20
 * @irq_status: register 0x24
 */
struct wdfmem_edu_regs {
	__u32 id;
	__u32 live_in;
	__u32 live_out;
	__u32 status;
	__u32 irq_status;
};

/**
 * struct wdfmem_edu_fact - the factorial unit
 * @in: n (the device computes n! modulo 2^32)
 * @out: the result
 *
 * A large n can outlast the driver's timeout (-ETIMEDOUT); the unit keeps
 * computing.  A later call waits for it (up to the timeout) and otherwise
 * fails with -EBUSY; it never returns another call's result.
 */
struct wdfmem_edu_fact {
	__u32 in;
	__u32 out;
};

/*
 * Buffered: both buffers are copied through kernel memory (at most 1 MiB).
 * The output of a buffered ioctl (XFER_BUFFERED, REGS, FACTORIAL) must be
 * writable: if it is not, the call fails with -EFAULT before the device is
 * touched.
 */
#define WDFMEM_EDU_IOC_XFER_BUFFERED	_IOW('W', 1, struct wdfmem_edu_xfer)
/* Direct (METHOD_OUT_DIRECT): input copied, output pages pinned. */
#define WDFMEM_EDU_IOC_XFER_DIRECT	_IOW('W', 2, struct wdfmem_edu_xfer)
/* Registers: set .live_in, read the rest back. */
#define WDFMEM_EDU_IOC_REGS		_IOWR('W', 3, struct wdfmem_edu_regs)
/* Factorial: set .in, read .out back. */
#define WDFMEM_EDU_IOC_FACTORIAL	_IOWR('W', 4, struct wdfmem_edu_fact)

#endif /* _UAPI_WDFMEM_EDU_H */
