// SPDX-License-Identifier: GPL-2.0
/*
 * null-bench: the per-I/O comparison of make bench.  The same 4 KiB read
 * and write, direct (read/write: the pages pinned) and buffered (ioctl:
 * copied through kernel memory), on /dev/wdfmem-null (wdfmem requests) and
 * /dev/wdfmem-rawnull (a raw char driver), both from wdfmem_bench.ko.
 * Prints one line per case in the benchmark's format: the best of five
 * runs of 20,000 operations, in ns of the guest's clock per operation.
 *
 * null-bench CASE DEVICE N runs one case N times and prints nothing (for
 * qemu/profile.sh): CASE is direct-read, direct-write, buffered-read or
 * buffered-write, DEVICE wdfmem or raw.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "null_bench.h"

#define LOOPS	20000
#define RUNS	5
#define LEN	4096

/* One page-aligned page of a static area twice as large. */
static unsigned char area[2 * LEN];
static unsigned char *buf;

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + t.tv_nsec;
}

enum op { DIRECT_READ, DIRECT_WRITE, BUFFERED_READ, BUFFERED_WRITE };

/* The benchmark's line format, which make bench's report reads. */
static const char prefix[] = "wdfmem-bench: ";
static const char row[] =
	"%-36s wdfmem %7llu.%01llu ns  linux %7llu.%01llu ns  ratio %llu.%02llu  (%s)\n";
static const char target[] = "target <= 1.10 x raw char driver";

static const char *const cases[] = {
	"direct-read", "direct-write", "buffered-read", "buffered-write",
};

static const char *const names[] = {
	"per-I/O 4 KiB direct read", "per-I/O 4 KiB direct write",
	"per-I/O 4 KiB buffered read", "per-I/O 4 KiB buffered write",
};

static int one(int fd, enum op op)
{
	struct null_bench_io io = { (uintptr_t)buf, LEN };
	long r;

	switch (op) {
	case DIRECT_READ:
		r = read(fd, buf, LEN);
		break;
	case DIRECT_WRITE:
		r = write(fd, buf, LEN);
		break;
	case BUFFERED_READ:
		r = ioctl(fd, NULL_BENCH_READ, &io);
		break;
	default:
		r = ioctl(fd, NULL_BENCH_WRITE, &io);
		break;
	}
	return op >= BUFFERED_READ ? (r == 0 || r == LEN ? 0 : -1) :
				     (r == LEN ? 0 : -1);
}

/* Best of RUNS: ps per operation, or 0 on an error. */
static uint64_t best_ps(int fd, enum op op)
{
	uint64_t best = UINT64_MAX;
	int run, i;

	for (run = 0; run < RUNS; run++) {
		uint64_t t0 = now_ns(), t;

		for (i = 0; i < LOOPS; i++)
			if (one(fd, op)) {
				fprintf(stderr, "null-bench: %s: %s\n", names[op],
					strerror(errno));
				return 0;
			}
		t = (now_ns() - t0) * 1000 / LOOPS;
		if (t < best)
			best = t;
	}
	return best;
}

/* One case on one device, @n times: for a profile of it alone. */
static int only(int w, int r, char **argv)
{
	long n = strtol(argv[3], NULL, 0);
	int op, fd;

	for (op = DIRECT_READ; op <= BUFFERED_WRITE; op++)
		if (!strcmp(argv[1], cases[op]))
			break;
	fd = !strcmp(argv[2], "raw") ? r : !strcmp(argv[2], "wdfmem") ? w : -1;
	if (op > BUFFERED_WRITE || fd < 0 || n <= 0) {
		fprintf(stderr, "usage: null-bench [CASE wdfmem|raw N]\n");
		return 2;
	}
	while (n--)
		if (one(fd, op)) {
			fprintf(stderr, "null-bench: %s: %s\n", names[op],
				strerror(errno));
			return 1;
		}
	return 0;
}

int main(int argc, char **argv)
{
	int w = open("/dev/wdfmem-null", O_RDWR);
	int r = open("/dev/wdfmem-rawnull", O_RDWR);
	int op, bad = 0;

	if (w < 0 || r < 0) {
		perror("null-bench: open");
		return 1;
	}
	buf = (unsigned char *)(((uintptr_t)area + LEN - 1) & ~(uintptr_t)(LEN - 1));
	memset(buf, 0xa5, LEN);
	if (argc == 4)
		return only(w, r, argv);
	if (argc != 1) {
		fprintf(stderr, "usage: null-bench [CASE wdfmem|raw N]\n");
		return 2;
	}
	for (op = DIRECT_READ; op <= BUFFERED_WRITE; op++) {
		uint64_t a = best_ps(w, op), b = best_ps(r, op);
		uint64_t x = b ? a * 100 / b : 0;

		if (!a || !b) {
			bad = 1;
			continue;
		}
		fputs(prefix, stdout);
		printf(row, names[op], (unsigned long long)(a / 1000),
		       (unsigned long long)(a % 1000 / 100),
		       (unsigned long long)(b / 1000),
		       (unsigned long long)(b % 1000 / 100),
		       (unsigned long long)(x / 100),
		       (unsigned long long)(x % 100), target);
	}
	return bad;
}
