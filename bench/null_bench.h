/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The benchmark's two null devices, for the per-I/O comparison: the same
 * 4 KiB read and write on /dev/wdfmem-null (through wdfmem requests) and
 * /dev/wdfmem-rawnull (a raw char driver that copies and pins itself).
 *
 * read() and write() are direct I/O (the caller's pages pinned); the two
 * ioctls are buffered (copied through kernel memory).  A read fills the
 * caller's buffer with zeros; a write consumes it.
 */
#ifndef _WDFMEM_NULL_BENCH_H
#define _WDFMEM_NULL_BENCH_H

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * struct null_bench_io - one buffered transfer
 * @buf: user address of the buffer
 * @len: its length, at most NULL_BENCH_MAX
 */
struct null_bench_io {
	__u64 buf;
	__u64 len;
};

#define NULL_BENCH_MAX		4096
#define NULL_BENCH_READ		_IOW('N', 1, struct null_bench_io)
#define NULL_BENCH_WRITE	_IOW('N', 2, struct null_bench_io)

#endif /* _WDFMEM_NULL_BENCH_H */
