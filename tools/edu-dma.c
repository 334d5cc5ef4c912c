// SPDX-License-Identifier: GPL-2.0
/*
 * edu-dma: send a file or generated data through QEMU's edu device by DMA
 * and back, on each path wdfmem_edu offers, verify it byte for byte, and
 * print bytes, time and throughput.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "wdfmem_edu.h"

static const char * const paths[] = { "rw", "buffered", "direct" };

static const char help_text[] =
	"usage: edu-dma [options]\n"
	"Round-trip data through /dev/wdfmem-edu<N> by DMA and verify it.\n\n"
	"  -d, --device PATH   device node (default /dev/wdfmem-edu0)\n"
	"  -p, --path P        rw, buffered, direct or all (default all)\n"
	"  -f, --file FILE     send this file (default: generated data)\n"
	"  -s, --size N        bytes of generated data (default 16384)\n"
	"  -o, --offset K      start the user buffers K bytes past a page (default 1)\n"
	"  -h, --help          this text\n\n"
	"rw:       write() 4095-byte windows into the device buffer, read() them back\n"
	"buffered: WDFMEM_EDU_IOC_XFER_BUFFERED, copied through kernel memory (<= 1 MiB)\n"
	"direct:   WDFMEM_EDU_IOC_XFER_DIRECT, output pages pinned (METHOD_OUT_DIRECT)\n\n"
	"Each line: path, bytes, seconds, KiB/s of payload, that rate against the\n"
	"device's ideal of 4095 bytes per 100 ms DMA (two DMAs per round trip), the\n"
	"bound for this size (the device allows ceil(bytes / 4095) DMAs of 100 ms\n"
	"each way: bytes / 4095 / ceil(bytes / 4095) of the ideal), and the rate\n"
	"against that bound.\n";

static void print_help(FILE *f)
{
	fputs(help_text, f);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long roundtrip(int fd, const char *path, const uint8_t *in, uint8_t *out,
		      size_t len)
{
	struct wdfmem_edu_xfer x = { (uintptr_t)in, (uintptr_t)out, len };
	size_t done = 0;

	if (!strcmp(path, "buffered"))
		return ioctl(fd, WDFMEM_EDU_IOC_XFER_BUFFERED, &x);
	if (!strcmp(path, "direct"))
		return ioctl(fd, WDFMEM_EDU_IOC_XFER_DIRECT, &x);
	while (done < len) {
		size_t n = len - done < WDFMEM_EDU_BUF_SIZE ?
			   len - done : WDFMEM_EDU_BUF_SIZE;

		if (pwrite(fd, in + done, n, 0) != (ssize_t)n)
			return -1;
		if (pread(fd, out + done, n, 0) != (ssize_t)n)
			return -1;
		done += n;
	}
	return done;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, 0, 'd' },
		{ "path", required_argument, 0, 'p' },
		{ "file", required_argument, 0, 'f' },
		{ "size", required_argument, 0, 's' },
		{ "offset", required_argument, 0, 'o' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 }
	};
	const char *dev = "/dev/wdfmem-edu0", *path = "all", *file = NULL;
	size_t size = 16384, offset = 1, i;
	uint8_t *inbuf, *outbuf, *in, *out;
	int c, fd, failed = 0;

	while ((c = getopt_long(argc, argv, "d:p:f:s:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dev = optarg;
			break;
		case 'p':
			path = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		case 's':
			size = strtoull(optarg, NULL, 0);
			break;
		case 'o':
			offset = strtoull(optarg, NULL, 0) % 4096;
			break;
		case 'h':
			print_help(stdout);
			return 0;
		default:
			print_help(stderr);
			return 2;
		}
	}
	if (file) {
		struct stat st;
		int ffd = open(file, O_RDONLY);

		if (ffd < 0 || fstat(ffd, &st)) {
			perror(file);
			return 1;
		}
		size = st.st_size;
		inbuf = aligned_alloc(4096, size + 8192);
		if (!inbuf || read(ffd, inbuf + offset, size) != (ssize_t)size) {
			perror(file);
			return 1;
		}
		close(ffd);
	} else {
		inbuf = aligned_alloc(4096, size + 8192);
		if (!inbuf)
			return 1;
		srand(size);
		for (i = 0; i < size; i++)
			inbuf[offset + i] = rand();
	}
	if (!size) {
		fprintf(stderr, "edu-dma: nothing to send\n");
		return 2;
	}
	outbuf = aligned_alloc(4096, size + 8192);
	fd = open(dev, O_RDWR);
	if (!outbuf || fd < 0) {
		perror(dev);
		return 1;
	}
	in = inbuf + offset;
	out = outbuf + (offset * 3) % 4096;
	printf("edu-dma: %zu bytes%s%s through %s, user buffers at page offsets %zu and %zu\n",
	       size, file ? " of " : " generated", file ? file : "", dev,
	       offset, (offset * 3) % 4096);
	for (i = 0; i < 3; i++) {
		double t, secs, kib, ideal, bound;
		long ret;

		if (strcmp(path, "all") && strcmp(path, paths[i]))
			continue;
		memset(out, 0, size);
		t = now();
		ret = roundtrip(fd, paths[i], in, out, size);
		secs = now() - t;
		if (ret != (long)size) {
			printf("%-9s FAILED: returned %ld (%s)\n", paths[i], ret,
			       ret < 0 ? strerror(errno) : "short");
			failed = 1;
			continue;
		}
		if (memcmp(in, out, size)) {
			printf("%-9s FAILED: data differs\n", paths[i]);
			failed = 1;
			continue;
		}
		kib = size / 1024.0 / secs;
		ideal = 4095 / 1024.0 / 0.2;
		bound = size / 4095.0 / ((size + 4094) / 4095);
		printf("%-9s %8zu bytes %8.2f s %8.2f KiB/s  %5.1f%% of ideal, ",
		       paths[i], size, secs, kib, 100.0 * kib / ideal);
		printf("bound %5.1f%%: %5.1f%% of it  verified\n",
		       100.0 * bound, 100.0 * kib / ideal / bound);
	}
	close(fd);
	return failed;
}
