// SPDX-License-Identifier: GPL-2.0
/*
 * edu-test: user-space tests of wdfmem_edu, run in the guest.  Prints one
 * KTAP document holding the suite "wdfmem_edu", which the host joins with
 * the KUnit suites and parses with kunit.py.
 *
 *   edu-test [--slow] [--pci BDF] [--suite NAME]
 *                                    --slow adds the 1 MiB round trip;
 *                                    NAME names the suite (wdfmem_edu)
 *   edu-test --intx                  a short suite for the driver loaded msi=0
 *   edu-test --trace                 the tracepoints, through tracefs
 *   edu-test --stat [--pci BDF]      tools/wdfmem-stat against debugfs
 *   edu-test --upper NODE [--pci BDF] --suite NAME
 *                                    the upper driver's NODE, forwarding
 *                                    to edu through an I/O target
 *   --iommu                          the guest runs behind QEMU's
 *                                    intel-iommu: edu must be translated
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "wdfmem_edu.h"

#define EDU_DEV	"/dev/wdfmem-edu0"

/* The node under test: edu's, or one of the upper driver's (--device). */
static const char *dev_path = EDU_DEV;
#define DRV	"/sys/bus/pci/drivers/wdfmem_edu"

static int ncase, nfail;
static char diag[4096];
static FILE *out;

static void say(const char *fmt, ...)
{
	size_t len = strlen(diag);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(diag + len, sizeof(diag) - len, fmt, ap);
	va_end(ap);
}

static jmp_buf check_bail;

/* A failed check ends the case: run() resumes with it marked failed. */
static void check(int ok, const char *what, const char *fn, int line)
{
	if (ok)
		return;
	say("    # %s:%d: failed: %s (errno %d %s)\n", fn, line, what,
	    errno, strerror(errno));
	longjmp(check_bail, 1);
}

#define CHECK(cond) check(!!(cond), #cond, __func__, __LINE__)

/* The longest one test may take before it is killed and failed. */
#define TEST_TIMEOUT_S	600

/*
 * One test, in a child of its own (as kselftest_harness.h runs each): a
 * crash, a hang or a stray signal fails that test alone, and the next one
 * starts from the state the suite set up.
 */
static void run(const char *name, int (*fn)(void))
{
	int bad = 1, status;
	pid_t pid;

	fflush(out);
	pid = fork();
	if (pid == 0) {
		diag[0] = '\0';
		alarm(TEST_TIMEOUT_S);
		bad = setjmp(check_bail) ? 1 : fn();
		fputs(diag, out);
		fflush(out);
		_exit(bad ? 1 : 0);
	}
	if (pid < 0)
		fprintf(out, "    # fork: %s\n", strerror(errno));
	else if (waitpid(pid, &status, 0) != pid)
		fprintf(out, "    # waitpid: %s\n", strerror(errno));
	else if (WIFSIGNALED(status))
		fprintf(out, "    # killed by signal %d%s\n", WTERMSIG(status),
			WTERMSIG(status) == SIGALRM ? " (timed out)" : "");
	else
		bad = WEXITSTATUS(status) != 0;
	ncase++;
	fprintf(out, "    %sok %d %s\n", bad ? "not " : "", ncase, name);
	fflush(out);
	nfail += bad;
}

static int dev_open(void)
{
	return open(dev_path, O_RDWR);
}

static void fill(uint8_t *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed * 131 + i * 7 + (i >> 8));
}

/* A page-aligned area with room for an unaligned start. */
static uint8_t *area(size_t n)
{
	void *p = mmap(NULL, n + 8192, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void unarea(uint8_t *p, size_t n)
{
	munmap(p, n + 8192);
}

/* A page of user memory the caller may read but not write. */
static const uint8_t *ro_page(void)
{
	uint8_t *p = area(4096);

	if (!p)
		return NULL;
	p[0] = 1;
	return mprotect(p, 4096, PROT_READ) ? NULL : p;
}

/* The three ways a buffer reaches the device. */
enum edu_path {
	PATH_RW,	/* pwrite, then pread: direct I/O through the file */
	PATH_BUFFERED,	/* WDFMEM_EDU_IOC_XFER_BUFFERED */
	PATH_DIRECT,	/* WDFMEM_EDU_IOC_XFER_DIRECT */
};

/* One round trip: the path, the bytes, the buffers' offsets in a page. */
struct trip_case {
	enum edu_path path;
	size_t len;
	size_t in_off;
	size_t out_off;
};

static long long debugfs_counter(const char *name);

/* One round trip of @c->len on @c->path from buffers at odd page offsets. */
static int trip(const struct trip_case *c)
{
	enum edu_path path = c->path;
	size_t len = c->len;
	uint8_t *a = area(len), *b = area(len), *in, *o;
	int fd = dev_open(), bad = 1;
	long ret = 0;

	if (!a || !b || fd < 0)
		goto done;
	in = a + c->in_off;
	o = b + c->out_off;
	fill(in, len, len + path);
	memset(o, 0xee, len + 1);
	if (path == PATH_RW) {
		size_t done = 0;
		off_t pos = len % 7;	/* odd file offsets too */

		while (done < len) {
			size_t n = len - done;

			if (n > (size_t)(WDFMEM_EDU_BUF_SIZE - pos))
				n = WDFMEM_EDU_BUF_SIZE - pos;
			if (pwrite(fd, in + done, n, pos) != (ssize_t)n ||
			    pread(fd, o + done, n, pos) != (ssize_t)n)
				goto done;
			done += n;
		}
		ret = done;
	} else {
		struct wdfmem_edu_xfer x = { (uintptr_t)in, (uintptr_t)o, len };

		ret = ioctl(fd, path == PATH_BUFFERED ? WDFMEM_EDU_IOC_XFER_BUFFERED :
			    WDFMEM_EDU_IOC_XFER_DIRECT, &x);
	}
	if (ret != (long)len) {
		say("    # returned %ld for %zu bytes (errno %d)\n", ret, len, errno);
		say("    # device timeouts %lld, lost interrupts %lld, errors %lld\n",
		    debugfs_counter("timeouts"),
		    debugfs_counter("lost_interrupts"), debugfs_counter("errors"));
		goto done;
	}
	if (memcmp(in, o, len)) {
		say("    # data differs\n");
		goto done;
	}
	/* Nothing past the end of the output was touched. */
	bad = o[len] != 0xee;
	if (bad)
		say("    # byte past the output changed\n");
done:
	if (fd >= 0)
		close(fd);
	if (a)
		unarea(a, len);
	if (b)
		unarea(b, len);
	return bad;
}

static int round_trip(enum edu_path path, size_t len, size_t in_off,
		      size_t out_off)
{
	struct trip_case c = { path, len, in_off, out_off };

	return trip(&c);
}

/* Device still answers: identity and a 1-byte round trip. */
static int alive(void)
{
	struct wdfmem_edu_regs r = { .live_in = 0x1234 };
	int fd = dev_open(), ok;

	if (fd < 0)
		return 0;
	ok = !ioctl(fd, WDFMEM_EDU_IOC_REGS, &r) && r.id == 0x010000ed &&
	     r.live_out == ~0x1234u;
	close(fd);
	return ok && !round_trip(PATH_DIRECT, 1, 5, 9);
}

static int t_registers(void)
{
	struct wdfmem_edu_regs r = { .live_in = 0xcafe0001 };
	int fd = dev_open();

	CHECK(fd >= 0);
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_REGS, &r) == 0);
	CHECK(r.id == 0x010000ed);
	CHECK(r.live_out == ~0xcafe0001u);
	close(fd);
	return 0;
}

/*
 * A factorial, waiting out -EBUSY: the unit may still run a computation an
 * earlier test started with a huge n (the fuzz test does) and that outlived
 * its timeout; the driver then answers -EBUSY rather than start another.
 */
/* Keep this vCPU busy for @ms milliseconds of guest time. */
static void spin_ms(long ms)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 +
		 (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
}

/*
 * The unit computes in a thread of QEMU's, on the host's time.  Under
 * -icount with sleep=off an idle guest's clock jumps straight to its next
 * deadline, so with the host loaded the driver's 2 s wait can end before
 * that thread ran at all (ETIMEDOUT, then EBUSY while the unit finishes).
 * Either answer is asked again, at most 100 times, after 50 ms of guest
 * time spent busy: a busy vCPU's clock advances only as instructions run,
 * so the host's time passes too.  A unit that never interrupts still fails.
 */
static int factorial(int fd, struct wdfmem_edu_fact *f)
{
	int i, r = -1;

	for (i = 0; i < 100; i++) {
		r = ioctl(fd, WDFMEM_EDU_IOC_FACTORIAL, f);
		if (r == 0 || (errno != EBUSY && errno != ETIMEDOUT))
			break;
		spin_ms(50);
	}
	return r;
}

static int t_factorial(void)
{
	struct wdfmem_edu_fact f = { .in = 10 };
	int fd = dev_open();

	CHECK(fd >= 0);
	CHECK(factorial(fd, &f) == 0);
	CHECK(f.out == 3628800);
	f.in = 5;
	CHECK(factorial(fd, &f) == 0);
	CHECK(f.out == 120);
	close(fd);
	return 0;
}

/* Read one "name value" line of /sys/kernel/debug/wdfmem/stats; -1 if absent. */
static long long wdfmem_stat(const char *name)
{
	char line[256];
	long long v = -1;
	size_t n = strlen(name);
	FILE *f = fopen("/sys/kernel/debug/wdfmem/stats", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ' ')
			v = atoll(line + n + 1);
	if (f)
		fclose(f);
	return v;
}

static int sysfs_write(const char *file, const char *val);

/*
 * A computation that outlives the timeout keeps the unit busy.  The next
 * call must not hand back that computation's result as its own: it waits
 * for the unit or says -EBUSY, and every success is the right n!.
 */
static int t_factorial_after_timeout(void)
{
	const char *param = "/sys/module/wdfmem_edu/parameters/timeout_ms";
	struct wdfmem_edu_fact f = { .in = 1u << 28 };
	int fd = dev_open(), i, busy = 0, ok = 0, r;

	CHECK(fd >= 0);
	CHECK(sysfs_write(param, "1"));
	r = ioctl(fd, WDFMEM_EDU_IOC_FACTORIAL, &f);
	CHECK(sysfs_write(param, "2000"));
	/* (2^28)! takes the unit far longer than 1 ms. */
	CHECK(r == -1 && errno == ETIMEDOUT);
	for (i = 0; i < 200 && !ok; i++) {
		f = (struct wdfmem_edu_fact){ .in = 12 };
		r = ioctl(fd, WDFMEM_EDU_IOC_FACTORIAL, &f);
		if (r == -1) {
			/*
			 * Busy, or (the unit runs on host time, the guest's
			 * clock may race ahead) timed out itself: try again.
			 */
			CHECK(errno == EBUSY || errno == ETIMEDOUT);
			busy++;
			continue;
		}
		say("    # factorial(12) = %u after %d busy or timed-out answers\n",
		    f.out, busy);
		CHECK(f.out == 479001600);
		ok = 1;
	}
	CHECK(ok);
	f = (struct wdfmem_edu_fact){ .in = 5 };
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_FACTORIAL, &f) == 0 && f.out == 120);
	close(fd);
	return 0;
}

static int t_null_pointers(void)
{
	/* NULL made at run time: the compiler rejects a literal NULL buffer. */
	void *nullp = (void *)strtoul("0", NULL, 0);
	struct wdfmem_edu_xfer x = { 0, 0, 64 };
	uint8_t buf[64];
	int fd = dev_open();

	CHECK(fd >= 0);
	CHECK(write(fd, nullp, 10) == -1 && errno == EFAULT);
	CHECK(pread(fd, nullp, 10, 0) == -1 && errno == EFAULT);
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_BUFFERED, &x) == -1 && errno == EFAULT);
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_DIRECT, &x) == -1 && errno == EFAULT);
	x.in = (uintptr_t)buf;
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_DIRECT, &x) == -1 && errno == EFAULT);
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_BUFFERED, NULL) == -1 && errno == EFAULT);
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_REGS, NULL) == -1 && errno == EFAULT);
	close(fd);
	CHECK(alive());
	return 0;
}

static int t_unmapped_pointers(void)
{
	uint8_t *p = area(8192), buf[64];
	struct wdfmem_edu_xfer x;
	int fd = dev_open();

	CHECK(fd >= 0 && p);
	unarea(p, 8192);
	CHECK(write(fd, p, 100) == -1 && errno == EFAULT);
	CHECK(read(fd, p + 4000, 200) == -1 && errno == EFAULT);
	x = (struct wdfmem_edu_xfer){ (uintptr_t)buf, (uintptr_t)p, 64 };
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_DIRECT, &x) == -1 && errno == EFAULT);
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_BUFFERED, &x) == -1 && errno == EFAULT);
	x = (struct wdfmem_edu_xfer){ (uintptr_t)p, (uintptr_t)buf, 64 };
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_BUFFERED, &x) == -1 && errno == EFAULT);
	/* A kernel address is not a user buffer. */
	CHECK(write(fd, (void *)0xffff888000000000ul, 16) == -1 && errno == EFAULT);
	close(fd);
	CHECK(alive());
	return 0;
}

static int t_read_only_pages(void)
{
	const uint8_t *ro = ro_page();
	int fd = dev_open();

	CHECK(fd >= 0 && ro);
	/* Reading into read-only memory cannot pin it for writing. */
	CHECK(pread(fd, (void *)ro, 16, 0) == -1 && errno == EFAULT);
	/* Writing from it is fine. */
	CHECK(pwrite(fd, ro, 16, 0) == 16);
	close(fd);
	CHECK(alive());
	return 0;
}

static int t_lengths_past_the_end(void)
{
	uint8_t buf[8192];
	struct wdfmem_edu_xfer x = { (uintptr_t)buf, (uintptr_t)buf, (1 << 20) + 1 };
	int fd = dev_open();

	CHECK(fd >= 0);
	fill(buf, sizeof(buf), 1);
	CHECK(pwrite(fd, buf, 100, 4095) == -1 && errno == ENOSPC);
	CHECK(pwrite(fd, buf, 100, 5000) == -1 && errno == ENOSPC);
	CHECK(pwrite(fd, buf, 100, 4000) == 95);	/* what fitted */
	CHECK(pread(fd, buf, 100, 4095) == 0);		/* end of device */
	CHECK(pread(fd, buf, 8192, 0) == 4095);
	CHECK(lseek(fd, 4096, SEEK_SET) == -1 && errno == EINVAL);
	CHECK(lseek(fd, -1, SEEK_SET) == -1 && errno == EINVAL);
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_BUFFERED, &x) == -1 && errno == E2BIG);
	x.len = ~0ull;
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_BUFFERED, &x) == -1 && errno == E2BIG);
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_DIRECT, &x) == -1 && errno == E2BIG);
	x.len = (1ull << 31);
	x.in = 0;
	/* The direct method still copies its input: over 1 MiB is refused. */
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_DIRECT, &x) == -1 && errno == E2BIG);
	close(fd);
	CHECK(alive());
	return 0;
}

static int t_unknown_ioctls(void)
{
	int fd = dev_open();
	long arg = 0;

	CHECK(fd >= 0);
	CHECK(ioctl(fd, _IO('W', 99), &arg) == -1 && errno == ENOTTY);
	CHECK(ioctl(fd, _IOWR('W', 3, long), &arg) == -1 && errno == ENOTTY);
	CHECK(ioctl(fd, 0, 0) == -1 && errno == ENOTTY);
	close(fd);
	CHECK(alive());
	return 0;
}

static int t_zero_length(void)
{
	struct wdfmem_edu_xfer x = { 0, 0, 0 };
	uint8_t buf[4];
	int fd = dev_open();

	CHECK(fd >= 0);
	CHECK(write(fd, buf, 0) == 0);
	CHECK(read(fd, buf, 0) == 0);
	CHECK(write(fd, (void *)(uintptr_t)0, 0) == 0);
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_BUFFERED, &x) == -1 && errno == EINVAL);
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_DIRECT, &x) == -1 && errno == EINVAL);
	close(fd);
	CHECK(alive());
	return 0;
}

static int t_device_node_root_only(void)
{
	char mode[16] = "";
	FILE *p = popen("stat -c %a " EDU_DEV, "r");

	CHECK(p);
	CHECK(fgets(mode, sizeof(mode), p));
	pclose(p);
	CHECK(!strncmp(mode, "600", 3));
	return 0;
}

static int sysfs_write(const char *file, const char *val)
{
	int fd = open(file, O_WRONLY), ok;

	if (fd < 0)
		return 0;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok;
}

static char bdf[32] = "0000:00:02.0";

/*
 * Unbind edu while a transfer runs through the node under test: the caller
 * gets a partial count or -ENODEV, never all of it.  edu's own node goes
 * and its open file answers -ENODEV; the upper driver's node stays and
 * answers -ENODEV while edu is gone.  Both work again once edu is bound.
 */
static int unbind_during_transfer(int upper)
{
	size_t len = 64 * 4095;
	uint8_t *in = area(len), *o = area(len);
	struct wdfmem_edu_xfer x = { (uintptr_t)in, (uintptr_t)o, len };
	int fd = dev_open(), st, i;
	pid_t child;
	char b;

	CHECK(fd >= 0 && in && o);
	fill(in, len, 3 + upper);
	child = fork();
	CHECK(child >= 0);
	if (!child) {
		long r = ioctl(fd, WDFMEM_EDU_IOC_XFER_DIRECT, &x);

		_exit(r == (long)len ? 2 : (r > 0 && !memcmp(in, o, r)) ||
		      (r < 0 && errno == ENODEV) ? 0 : 1);
	}
	usleep(400 * 1000);
	CHECK(sysfs_write(DRV "/unbind", bdf));
	CHECK(waitpid(child, &st, 0) == child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(access(dev_path, F_OK) == (upper ? 0 : -1));
	/* The open file outlives the device: every operation says so. */
	CHECK(read(fd, &b, 1) == -1 && errno == ENODEV);
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_DIRECT, &x) == -1 && errno == ENODEV);
	close(fd);
	CHECK(sysfs_write(DRV "/bind", bdf));
	for (i = 0; i < 50 && access(EDU_DEV, F_OK); i++)
		usleep(100 * 1000);
	CHECK(alive());
	unarea(in, len);
	unarea(o, len);
	return 0;
}

static int t_unbind_during_transfer(void)
{
	return unbind_during_transfer(0);
}

static long long debugfs_counter(const char *name)
{
	char path[256], val[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/wdfmem_edu/%s/%s", bdf,
		 name);
	f = fopen(path, "r");
	if (!f || !fgets(val, sizeof(val), f))
		val[0] = '\0';
	if (f)
		fclose(f);
	return val[0] ? atoll(val) : -1;
}

/*
 * A buffered output the caller cannot receive is refused before the
 * device is touched: no DMA runs for a result that could not be returned.
 */
static int t_buffered_unwritable_output(void)
{
	const uint8_t *ro = ro_page();
	uint8_t in[64];
	struct wdfmem_edu_xfer x = { (uintptr_t)in, (uintptr_t)ro, sizeof(in) };
	long long before = debugfs_counter("transfers");
	int fd = dev_open();

	CHECK(fd >= 0 && ro && before >= 0);
	fill(in, sizeof(in), 6);
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_XFER_BUFFERED, &x) == -1 && errno == EFAULT);
	CHECK(ro[0] == 1);		/* and left as it was */
	CHECK(ioctl(fd, WDFMEM_EDU_IOC_REGS, (void *)ro) == -1 && errno == EFAULT);
	CHECK(debugfs_counter("transfers") == before);
	close(fd);
	CHECK(alive());
	return 0;
}

/* Physical address of a user page (root reads /proc/self/pagemap), or -1. */
static long long page_phys(const void *p)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	off_t at = (off_t)((uintptr_t)p / 4096) * 8;
	int ok = fd >= 0 && pread(fd, &e, 8, at) == 8;

	if (fd >= 0)
		close(fd);
	if (!ok || !(e >> 63) || !(e & ((1ull << 55) - 1)))
		return -1;
	return (long long)(e & ((1ull << 55) - 1)) * 4096;
}

/* dma_bits=28: the device reaches the first 256 MiB. */
#define EDU_MASK_END	(256ll << 20)
#define CHUNK		(16 << 20)

/*
 * A touched page of user memory above (or below) the device's reach.
 * Chunks stay mapped while the search goes on, so the page allocator has
 * to move on; at most @cap_mb MiB are tried.  The chunks are returned in
 * @keep (up to 64) for the caller to unmap.
 */
static uint8_t *find_page(int high, int cap_mb, uint8_t **keep, int *nkeep)
{
	int c;
	size_t i;

	for (c = 0; c < 64 && c * 16 < cap_mb; c++) {
		uint8_t *m = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (m == MAP_FAILED)
			return NULL;
		keep[(*nkeep)++] = m;
		for (i = 0; i < CHUNK; i += 4096) {
			long long pa;

			m[i] = 1;
			pa = page_phys(m + i);
			if (pa >= 0 && (high ? pa >= EDU_MASK_END :
					pa + 4096 <= EDU_MASK_END))
				return m + i;
		}
	}
	return NULL;
}

/* Write 1000 bytes from @page + 100 to the device and read them back. */
static int page_trip(uint8_t *page)
{
	int fd = dev_open(), ok;
	uint8_t want[1000];

	if (fd < 0)
		return 0;
	fill(page + 100, 1000, 8);
	memcpy(want, page + 100, 1000);
	ok = pwrite(fd, page + 100, 1000, 10) == 1000;
	memset(page + 100, 0, 1000);
	ok = ok && pread(fd, page + 100, 1000, 10) == 1000 &&
	     !memcmp(page + 100, want, 1000);
	close(fd);
	return ok;
}

static long long unreachable0, mapped0;
static int iommu;

/*
 * Does an IOMMU translate for edu?  Its IOMMU group's domain type: "DMA"
 * or "DMA-FQ" translates; "identity", or no group, does not.
 */
static int edu_translated(void)
{
	char path[128], type[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group/type",
		 bdf);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(type, sizeof(type), f))
		type[0] = 0;
	fclose(f);
	return !strncmp(type, "DMA", 3);
}

/*
 * With --iommu the guest boots behind QEMU's intel-iommu, and edu's bus
 * addresses are I/O virtual addresses; without, there is no translation.
 */
static int t_iommu_state(void)
{
	CHECK(edu_translated() == iommu);
	return 0;
}

/*
 * The framework decides before mapping which pieces the device cannot
 * reach.  A page inside the 28-bit mask is mapped; a page beyond it
 * bounces, byte-exact (the host checks that the log holds no DMA-API
 * overflow warning).  A guest whose RAM fits the mask bounces nothing it
 * was not told to over the whole run.
 */
static int t_bounce_decision(void)
{
	long long mem_kb = 0, u0, m0;
	uint8_t *keep[64], *low, *high;
	int nkeep = 0, i, bad = 0;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	CHECK(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "MemTotal:", 9))
			mem_kb = atoll(line + 9);
	fclose(f);
	CHECK(mem_kb > 0 && unreachable0 >= 0 && mapped0 >= 0);

	/* With RAM far beyond the mask, the allocator may give no low page. */
	low = find_page(0, 64, keep, &nkeep);
	if (iommu) {
		/*
		 * Translated: every page is reachable, so none bounces for
		 * being out of reach, beyond the mask or not.
		 */
		high = mem_kb > 256 * 1024 ?
		       find_page(1, (int)(mem_kb * 6 / 10 / 1024), keep, &nkeep) :
		       NULL;
		u0 = wdfmem_stat("dma_bounced_bytes_unreachable");
		m0 = wdfmem_stat("dma_mapped_bytes");
		bad |= low && !page_trip(low);
		bad |= high && !page_trip(high);
		bad |= wdfmem_stat("dma_bounced_bytes_unreachable") != u0;
		bad |= wdfmem_stat("dma_mapped_bytes") !=
		       m0 + 2000 * (!!low + !!high);
		for (i = 0; i < nkeep; i++)
			munmap(keep[i], CHUNK);
		say("    # behind an IOMMU: MemTotal %lld kB, ", mem_kb);
		say("a page %s the mask and one %s it mapped\n",
		    low ? "below" : "(none) below",
		    high ? "beyond" : "(none) beyond");
		CHECK(!bad && (low || high));
		return 0;
	}
	if (low) {
		u0 = wdfmem_stat("dma_bounced_bytes_unreachable");
		m0 = wdfmem_stat("dma_mapped_bytes");
		bad |= !page_trip(low);
		bad |= wdfmem_stat("dma_bounced_bytes_unreachable") != u0;
		bad |= wdfmem_stat("dma_mapped_bytes") != m0 + 2000;
		if (bad)
			say("    # a page below the mask did not map directly\n");
	} else if (mem_kb <= 256 * 1024) {
		say("    # no user page below the mask\n");
		bad = 1;
	} else {
		say("    # no page below the mask in 64 MiB: mapping not tried\n");
	}
	if (mem_kb > 256 * 1024) {
		/* RAM beyond the mask: at most 60% of it is tried. */
		high = find_page(1, (int)(mem_kb * 6 / 10 / 1024), keep, &nkeep);
		u0 = wdfmem_stat("dma_bounced_bytes_unreachable");
		if (!high || !page_trip(high) ||
		    wdfmem_stat("dma_bounced_bytes_unreachable") != u0 + 2000) {
			say("    # a page beyond the mask did not bounce\n");
			bad = 1;
		}
	}
	for (i = 0; i < nkeep; i++)
		munmap(keep[i], CHUNK);
	say("    # MemTotal %lld kB: this run mapped %lld bytes, bounced %lld (unreachable)\n",
	    mem_kb, wdfmem_stat("dma_mapped_bytes") - mapped0,
	    wdfmem_stat("dma_bounced_bytes_unreachable") - unreachable0);
	CHECK(!bad);
	if (mem_kb <= 256 * 1024)
		CHECK(wdfmem_stat("dma_bounced_bytes_unreachable") == unreachable0);
	return 0;
}

/* Pages the device cannot address go through the coherent bounce buffer. */
static int t_bounce_path(void)
{
	const char *param = "/sys/module/wdfmem_edu/parameters/force_bounce";
	long long before = debugfs_counter("bounces");
	int bad;

	CHECK(before >= 0);
	CHECK(sysfs_write(param, "1"));
	bad = round_trip(PATH_DIRECT, 4097, 5, 7) ||
	      round_trip(PATH_RW, 4095, 1, 1) ||
	      round_trip(PATH_BUFFERED, 300, 9, 2);
	CHECK(sysfs_write(param, "0"));
	CHECK(!bad);
	/* direct: 2 pieces x 2 directions; rw: 1 x 2; buffered: 1 x 2. */
	CHECK(debugfs_counter("bounces") == before + 8);
	return 0;
}

/*
 * Random and hostile input: 300 operations with pointers that are NULL,
 * unmapped, kernel, read-only or valid at odd offsets, lengths from 0 to
 * huge, file positions anywhere, and ioctl numbers valid or not.  Every
 * call must return (an errno is fine); the device must work afterwards.
 */
static int t_fuzz(void)
{
	const uint8_t *ro = ro_page();
	uint8_t *buf = area(3 * 4096), *gone = area(4096);
	static const unsigned int cmds[] = {
		WDFMEM_EDU_IOC_XFER_BUFFERED, WDFMEM_EDU_IOC_XFER_DIRECT,
		WDFMEM_EDU_IOC_REGS, WDFMEM_EDU_IOC_FACTORIAL,
		_IOW('W', 1, int), _IO('W', 0), 0xdeadbeef,
	};
	static const size_t lens[] = {
		0, 1, 7, 4094, 4095, 4096, 4097, 8191, 1 << 20, (1 << 20) + 1,
		SIZE_MAX, SIZE_MAX / 2,
	};
	int fd = dev_open(), i, ok = 0;

	CHECK(fd >= 0 && buf && gone && ro);
	unarea(gone, 4096);
	srand(20261123);
	for (i = 0; i < 300; i++) {
		uintptr_t ptrs[] = {
			0, (uintptr_t)gone, 0xffff888000001000ul,
			(uintptr_t)ro, (uintptr_t)buf + rand() % 4096,
			(uintptr_t)buf + 3 * 4096 - 1, (uintptr_t)-1,
		};
		uintptr_t p = ptrs[rand() % 7], q = ptrs[rand() % 7];
		size_t len = lens[rand() % 12];
		off_t pos = rand() % 2 ? rand() % 4200 : rand() - RAND_MAX / 2;
		struct wdfmem_edu_xfer x = { p, q, len };
		long r;

		switch (rand() % 4) {
		case 0:
			r = pwrite(fd, (void *)p, len, pos);
			break;
		case 1:
			r = pread(fd, (void *)p, len, pos);
			break;
		case 2:
			r = ioctl(fd, cmds[rand() % 7], rand() % 2 ? (uintptr_t)&x : q);
			break;
		default:
			r = lseek(fd, pos, rand() % 3);
			break;
		}
		ok += r >= 0;
	}
	say("    # 300 calls: %d succeeded, %d refused with an errno\n", ok,
	    300 - ok);
	close(fd);
	unarea(buf, 3 * 4096);
	CHECK(alive());
	return 0;
}

/* A DMA that outlives its timeout: -ETIMEDOUT, buffer kept until idle. */
static int t_timeout_path(void)
{
	const char *param = "/sys/module/wdfmem_edu/parameters/timeout_ms";
	long long before = debugfs_counter("timeouts");
	uint8_t buf[100];
	int fd = dev_open(), ok;

	CHECK(fd >= 0 && before >= 0);
	fill(buf, sizeof(buf), 9);
	CHECK(sysfs_write(param, "1"));
	ok = pwrite(fd, buf, sizeof(buf), 0) == -1 && errno == ETIMEDOUT;
	CHECK(sysfs_write(param, "2000"));
	CHECK(ok);
	CHECK(debugfs_counter("timeouts") == before + 1);
	close(fd);
	/* The late interrupt of the timed-out DMA must not end the next one. */
	CHECK(alive());
	CHECK(!round_trip(PATH_DIRECT, 4097, 1, 2) &&
	      !round_trip(PATH_RW, 4096, 3, 5));
	return 0;
}

/*
 * An interrupt that never comes (the driver drops one on request): the
 * wait's poll finds the DMA fragment, then the factorial, done, and each
 * call succeeds late.
 */
static int t_lost_interrupt(void)
{
	const char *param = "/sys/module/wdfmem_edu/parameters/timeout_ms";
	struct wdfmem_edu_fact f = { .in = 3 };
	uint8_t in[100], out[100];
	long long lost, tmo;
	char knob[256];
	int fd = dev_open(), armed, wrote, back, got, i, r;

	/*
	 * No interrupt of an earlier test may take the drop: a factorial
	 * first waits out any computation one left running.
	 */
	CHECK(fd >= 0 && factorial(fd, &f) == 0 && f.out == 6);
	lost = debugfs_counter("lost_interrupts");
	tmo = debugfs_counter("timeouts");
	CHECK(lost >= 0 && tmo >= 0);
	snprintf(knob, sizeof(knob),
		 "/sys/kernel/debug/wdfmem_edu/%s/drop_interrupts", bdf);
	/* Only a count from 0 to INT_MAX is taken. */
	CHECK(!sysfs_write(knob, "-1") && !sysfs_write(knob, "2147483648") &&
	      !sysfs_write(knob, "x"));
	CHECK(debugfs_counter("drop_interrupts") == 0);
	fill(in, sizeof(in), 11);
	memset(out, 0, sizeof(out));
	CHECK(sysfs_write(param, "400"));
	armed = sysfs_write(knob, "1");
	wrote = pwrite(fd, in, sizeof(in), 0) == (ssize_t)sizeof(in);
	CHECK(sysfs_write(param, "2000"));
	back = pread(fd, out, sizeof(out), 0) == (ssize_t)sizeof(out);
	close(fd);
	CHECK(armed && wrote && back);
	CHECK(!memcmp(in, out, sizeof(in)));
	CHECK(debugfs_counter("drop_interrupts") == 0);
	CHECK(debugfs_counter("lost_interrupts") == lost + 1);
	CHECK(debugfs_counter("timeouts") == tmo);
	/*
	 * The factorial's: found done when the wait runs out.  A try whose
	 * wait ran out while the unit (a QEMU thread on host time) still
	 * computed is a timeout and proves nothing: try again, from an idle
	 * unit, at most five times.  A poll that never takes the result
	 * fails every try.
	 */
	fd = dev_open();
	CHECK(fd >= 0);
	for (i = 0, got = 0; i < 5 && !got; i++) {
		f.in = 3;
		if (factorial(fd, &f) != 0)	/* waits out an earlier one */
			break;
		lost = debugfs_counter("lost_interrupts");
		if (!sysfs_write(param, "400") || !sysfs_write(knob, "1"))
			break;
		f.in = 10;
		r = ioctl(fd, WDFMEM_EDU_IOC_FACTORIAL, &f);
		got = r == 0 && f.out == 3628800 &&
		      debugfs_counter("lost_interrupts") == lost + 1;
		/* A drop the timed-out try's late interrupt did not take. */
		sysfs_write(knob, "0");
		sysfs_write(param, "2000");
	}
	close(fd);
	CHECK(got);
	CHECK(debugfs_counter("drop_interrupts") == 0);
	CHECK(alive());
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
}

/* A signal stops a long transfer between pieces: a partial count. */
static int t_signal_during_transfer(void)
{
	size_t len = 64 * 4095;
	uint8_t *in = area(len), *o = area(len);
	struct wdfmem_edu_xfer x = { (uintptr_t)in, (uintptr_t)o, len };
	int fd = dev_open(), st;
	pid_t child;

	CHECK(fd >= 0 && in && o);
	fill(in, len, 4);
	child = fork();
	CHECK(child >= 0);
	if (!child) {
		struct sigaction sa = { .sa_handler = on_signal };
		long r;

		sigaction(SIGUSR1, &sa, NULL);
		r = ioctl(fd, WDFMEM_EDU_IOC_XFER_BUFFERED, &x);
		_exit(r > 0 && r < (long)len && !memcmp(in, o, r) ? 0 :
		      r < 0 && errno == EINTR ? 0 : 1);
	}
	usleep(400 * 1000);
	kill(child, SIGUSR1);
	CHECK(waitpid(child, &st, 0) == child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(fd);
	unarea(in, len);
	unarea(o, len);
	CHECK(alive());
	return 0;
}

static int t_unload_with_node_open(void)
{
	int fd = dev_open();

	CHECK(fd >= 0);
	CHECK(syscall(SYS_delete_module, "wdfmem_edu", O_NONBLOCK) == -1);
	CHECK(errno == EWOULDBLOCK || errno == EBUSY);
	CHECK(alive());
	close(fd);
	return 0;
}

#define TRACEFS	"/sys/kernel/tracing"
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static char *trace_text;

/* Start tracing the wdfmem events afresh. */
static int trace_begin(void)
{
	int fd;

	if (access(TRACEFS "/events", F_OK) &&
	    mount("tracefs", TRACEFS, "tracefs", 0, NULL))
		return 0;
	if (!sysfs_write(TRACEFS "/events/wdfmem/enable", "1"))
		return 0;
	fd = open(TRACEFS "/trace", O_WRONLY | O_TRUNC);
	if (fd < 0)
		return 0;
	close(fd);
	return sysfs_write(TRACEFS "/tracing_on", "1");
}

/* Stop tracing and read what was recorded into trace_text. */
static int trace_end(void)
{
	size_t len = 0, cap = 1 << 20;
	int fd;
	ssize_t n;

	sysfs_write(TRACEFS "/events/wdfmem/enable", "0");
	free(trace_text);
	trace_text = malloc(cap + 1);
	fd = open(TRACEFS "/trace", O_RDONLY);
	if (!trace_text || fd < 0)
		return 0;
	while ((n = read(fd, trace_text + len, cap - len)) > 0) {
		len += n;
		if (len == cap) {
			char *bigger = realloc(trace_text, 2 * cap + 1);

			if (!bigger)
				break;
			trace_text = bigger;
			cap *= 2;
		}
	}
	close(fd);
	trace_text[len] = '\0';
	return 1;
}

/* How many recorded events are named @event (and contain @arg). */
static int trace_count(const char *event, const char *arg)
{
	char key[64];
	const char *p = trace_text;
	int n = 0;

	snprintf(key, sizeof(key), " %s: ", event);
	while ((p = strstr(p, key))) {
		const char *eol = strchrnul(p, '\n');
		const char *a = arg ? strstr(p, arg) : p;

		n += a && a < eol;
		p = eol;
	}
	return n;
}

struct trace_step {
	const char *event;
	const char *arg;	/* a substring of the event's line, or NULL */
};

/*
 * Do the recorded events contain @steps in this order (other events may
 * come between)?  Names the first step not found.
 */
static int trace_in_order(const struct trace_step *steps, int nsteps)
{
	const char *p = trace_text;
	int i;

	for (i = 0; i < nsteps; i++) {
		const char *hit, *arg;
		char key[64];

		snprintf(key, sizeof(key), " %s: ", steps[i].event);
		for (;;) {
			const char *eol;

			hit = strstr(p, key);
			if (!hit)
				break;
			eol = strchrnul(hit, '\n');
			p = eol;
			if (!steps[i].arg)
				break;
			arg = strstr(hit, steps[i].arg);
			if (arg && arg < eol)
				break;
		}
		if (!hit) {
			say("    # event %d (%s %s) not found in order\n", i,
			    steps[i].event, steps[i].arg ? steps[i].arg : "");
			return 0;
		}
	}
	return 1;
}

/* The demo client's life, as the framework's events tell it. */
static int t_trace_demo(void)
{
	static const struct trace_step steps[] = {
		{ "wdfmem_object_create", "type=3 size=512" },
		{ "wdfmem_lookaside_alloc", "size=512" },
		{ "wdfmem_object_create", "type=2 size=512" },
		{ "wdfmem_object_create", "type=2 size=32" },
		{ "wdfmem_object_create", "type=2 size=65536" },
		{ "wdfmem_copy_rejected", "offset=8 length=32 size=32 err=-75" },
		{ "wdfmem_object_cleanup", "type=3" },
		{ "wdfmem_object_destroy", "type=2" },
		{ "wdfmem_lookaside_free", "size=512" },
	};
	int ok;

	CHECK(trace_begin());
	ok = !system("insmod /lib/wdfmem/wdfmem_demo.ko && rmmod wdfmem_demo");
	CHECK(trace_end());
	CHECK(ok);
	CHECK(trace_in_order(steps, ARRAY_SIZE(steps)));
	CHECK(trace_count("wdfmem_lookaside_alloc", NULL) == 8);
	CHECK(trace_count("wdfmem_lookaside_free", NULL) == 8);
	CHECK(trace_count("wdfmem_copy_rejected", NULL) == 1);
	/* 1 list + 8 entries + 2 memory objects, all destroyed at unload. */
	CHECK(trace_count("wdfmem_object_create", NULL) == 11);
	CHECK(trace_count("wdfmem_object_destroy", "type=2") == 10);
	CHECK(trace_count("wdfmem_object_destroy", "type=3") == 1);
	return 0;
}

/* One buffered round trip of 100 bytes, from request to completion. */
static int t_trace_round_trip(void)
{
	static const struct trace_step steps[] = {
		{ "wdfmem_request_create", "in_len=100 out_len=100" },
		{ "wdfmem_mdl_build", "length=100" },
		{ "wdfmem_dma_map", "length=100 dir=to_device" },
		{ "edu_dma_start", "bytes=100 dir=to_device" },
		{ "edu_dma_complete", "bytes=100" },
		{ "wdfmem_dma_map", "length=100 dir=from_device" },
		{ "edu_dma_start", "bytes=100 dir=from_device" },
		{ "edu_dma_complete", "bytes=100" },
		{ "wdfmem_request_complete", "status=0 information=100" },
		{ "wdfmem_object_destroy", "type=5" },
	};
	uint8_t in[100], o[100];
	struct wdfmem_edu_xfer x = { (uintptr_t)in, (uintptr_t)o, sizeof(in) };
	int fd = dev_open(), r;

	CHECK(fd >= 0);
	fill(in, sizeof(in), 2);
	CHECK(trace_begin());
	r = ioctl(fd, WDFMEM_EDU_IOC_XFER_BUFFERED, &x);
	CHECK(trace_end());
	close(fd);
	CHECK(r == 100 && !memcmp(in, o, 100));
	CHECK(trace_in_order(steps, ARRAY_SIZE(steps)));
	CHECK(trace_count("edu_dma_start", NULL) == 2);
	CHECK(trace_count("edu_dma_complete", NULL) == 2);
	return 0;
}

/* A DMA that outlives its timeout says so. */
static int t_trace_timeout(void)
{
	const char *param = "/sys/module/wdfmem_edu/parameters/timeout_ms";
	uint8_t buf[64];
	int fd = dev_open(), r;

	CHECK(fd >= 0);
	fill(buf, sizeof(buf), 3);
	CHECK(trace_begin());
	CHECK(sysfs_write(param, "1"));
	r = pwrite(fd, buf, sizeof(buf), 0);
	CHECK(sysfs_write(param, "2000"));
	CHECK(trace_end());
	close(fd);
	CHECK(r == -1 && errno == ETIMEDOUT);
	CHECK(trace_count("edu_dma_timeout", "bytes=64 timeout_ms=1") == 1);
	CHECK(trace_count("edu_dma_complete", NULL) == 0);
	CHECK(alive());
	return 0;
}

/* Run a shell command, capture its output; its exit status, or -1. */
static int capture(const char *cmd, char *buf, size_t size)
{
	FILE *p = popen(cmd, "r");
	size_t len = 0, got;
	int st;

	buf[0] = '\0';
	if (!p)
		return -1;
	while (len + 1 < size && (got = fread(buf + len, 1, size - 1 - len, p)) > 0)
		len += got;
	buf[len] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char stat_out[65536];

/* Every line of the raw stats file, as wdfmem-stat must show it. */
static int stat_matches_raw(int as_json)
{
	char line[256], want[320], name[64], a[32], b[32];
	FILE *f = fopen("/sys/kernel/debug/wdfmem/stats", "r");
	int n, checked = 0, bad = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		n = sscanf(line, "%63s %31s %31s", name, a, b);
		if (n == 3 && strcmp(name, "objects")) {
			if (as_json)
				snprintf(want, sizeof(want),
					 "\"%s\": {\"live\": %s, \"total\": %s}",
					 name, a, b);
			else
				snprintf(want, sizeof(want), "%-16s %12s %12s\n",
					 name, a, b);
		} else if (n == 2) {
			if (as_json)
				snprintf(want, sizeof(want), "\"%s\": %s", name, a);
			else
				snprintf(want, sizeof(want), "%-32s %16s\n", name, a);
		} else {
			continue;
		}
		checked++;
		if (!strstr(stat_out, want)) {
			say("    # not in the output: %s\n", want);
			bad = 1;
		}
	}
	fclose(f);
	return checked > 10 && !bad;
}

/* The edu device's counters, as wdfmem-stat --json must show them. */
static int stat_edu_matches_raw(void)
{
	char dir[128], want[384];
	struct dirent *e;
	int checked = 0, bad = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "/sys/kernel/debug/wdfmem_edu/%s", bdf);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[512], val[64] = "";
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "r");
		if (f && fgets(val, sizeof(val), f))
			val[strcspn(val, "\n")] = '\0';
		if (f)
			fclose(f);
		snprintf(want, sizeof(want), "\"%s\": %s", e->d_name, val);
		checked++;
		if (!strstr(stat_out, want)) {
			say("    # not in the output: %s\n", want);
			bad = 1;
		}
	}
	closedir(d);
	return checked >= 8 && !bad;
}

static int t_stat_table(void)
{
	CHECK(capture("wdfmem-stat", stat_out, sizeof(stat_out)) == 0);
	CHECK(strstr(stat_out, "wdfmem statistics (/sys/kernel/debug/wdfmem)\n"));
	CHECK(stat_matches_raw(0));
	CHECK(strstr(stat_out, "\nedu devices\n"));
	return 0;
}

static int t_stat_json(void)
{
	CHECK(capture("wdfmem-stat --json", stat_out, sizeof(stat_out)) == 0);
	CHECK(stat_out[0] == '{');
	CHECK(stat_matches_raw(1));
	CHECK(stat_edu_matches_raw());
	CHECK(strstr(stat_out, "\"features\": {\"fault_injection\": true"));
	return 0;
}

static int t_stat_help_and_errors(void)
{
	CHECK(capture("wdfmem-stat --help", stat_out, sizeof(stat_out)) == 0);
	CHECK(strstr(stat_out, "Usage: wdfmem-stat"));
	CHECK(capture("wdfmem-stat --bogus 2>&1", stat_out, sizeof(stat_out)) == 2);
	CHECK(capture("wdfmem-stat --watch 0 2>&1", stat_out, sizeof(stat_out)) == 2);
	CHECK(capture("wdfmem-stat --root /nonexistent 2>&1", stat_out,
		      sizeof(stat_out)) == 1);
	CHECK(strstr(stat_out, "does not exist"));
	mkdir("/tmp/emptydbg", 0700);
	CHECK(capture("wdfmem-stat --root /tmp/emptydbg 2>&1", stat_out,
		      sizeof(stat_out)) == 1);
	CHECK(strstr(stat_out, "wdfmem is not loaded"));
	return 0;
}

static int t_stat_watch(void)
{
	const char *p = stat_out;
	int n = 0;

	CHECK(capture("wdfmem-stat --watch 1 --count 3", stat_out,
		      sizeof(stat_out)) == 0);
	while ((p = strstr(p, "wdfmem statistics ("))) {
		n++;
		p++;
	}
	CHECK(n == 3);
	return 0;
}

/* ---- the upper driver, forwarding to edu through an I/O target ---- */

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A child doing one 64-window direct round trip through @node. */
static pid_t xfer_child(const char *node, uint8_t *in, uint8_t *o, size_t len)
{
	struct wdfmem_edu_xfer x = { (uintptr_t)in, (uintptr_t)o, len };
	pid_t pid = fork();

	if (!pid) {
		int fd = open(node, O_RDWR);

		_exit(fd >= 0 && ioctl(fd, WDFMEM_EDU_IOC_XFER_DIRECT, &x) > 0 ? 0 : 1);
	}
	return pid;
}

/*
 * A caller killed while its request waits behind another in edu's queue:
 * the cancel reaches the request the upper driver sent (synchronously: the
 * send's wait; asynchronously: the cancel routine the upper driver set),
 * it leaves edu's queue, and the caller is gone at once, not after the
 * 13 s the transfer ahead of it takes.
 */
static int t_upper_killed_while_waiting(void)
{
	size_t len = 64 * 4095;
	uint8_t *in = area(len), *o = area(len), *o2 = area(len);
	pid_t busy, victim;
	double t0, took;
	int st;

	CHECK(in && o && o2);
	fill(in, len, 8);
	busy = xfer_child(EDU_DEV, in, o, len);
	CHECK(busy > 0);
	usleep(300 * 1000);
	victim = xfer_child(dev_path, in, o2, len);
	CHECK(victim > 0);
	usleep(300 * 1000);
	t0 = mono();
	CHECK(kill(victim, SIGKILL) == 0);
	CHECK(waitpid(victim, &st, 0) == victim);
	took = mono() - t0;
	say("    # killed caller gone after %.3f s\n", took);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	CHECK(took < 3.0);
	CHECK(waitpid(busy, &st, 0) == busy);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(alive());
	unarea(in, len);
	unarea(o, len);
	unarea(o2, len);
	return 0;
}

/* Unbinding edu while the upper driver forwards a transfer to it. */
static int t_upper_unbind_in_flight(void)
{
	return unbind_during_transfer(1);
}

/*
 * Unloading in either order: edu is refused while the upper driver's
 * target holds it; the upper driver unloads cleanly, then edu; both load
 * again and work.
 */
static int t_upper_unload_order(void)
{
	CHECK(alive());
	CHECK(syscall(SYS_delete_module, "wdfmem_edu", O_NONBLOCK) == -1);
	CHECK(errno == EWOULDBLOCK || errno == EBUSY);
	CHECK(alive());
	CHECK(syscall(SYS_delete_module, "wdfmem_upper", O_NONBLOCK) == 0);
	CHECK(access(dev_path, F_OK) == -1);
	CHECK(syscall(SYS_delete_module, "wdfmem_edu", O_NONBLOCK) == 0);
	CHECK(system("insmod /lib/wdfmem/wdfmem_upper.ko") == 0);
	/* Nothing to forward to: -ENODEV, and the upper driver unloads. */
	{
		struct wdfmem_edu_regs r = { 0 };
		int fd = dev_open();

		CHECK(fd >= 0);
		CHECK(ioctl(fd, WDFMEM_EDU_IOC_REGS, &r) == -1 && errno == ENODEV);
		close(fd);
	}
	CHECK(system("insmod /lib/wdfmem/wdfmem_edu.ko") == 0);
	CHECK(alive());
	return 0;
}

struct ktest {
	const char *name;
	int (*fn)(void);
	const struct trip_case *trip;	/* a round trip instead of @fn */
	int slow;	/* run only with --slow */
};

#define KT(n, f)	{ .name = n, .fn = f }
#define TRIP(n, p, l, a, b)						\
	{ .name = n, .trip = &(const struct trip_case){ p, l, a, b } }
#define TRIP_SLOW(n, p, l, a, b)					\
	{ .name = n, .trip = &(const struct trip_case){ p, l, a, b }, .slow = 1 }

static const struct trip_case *cur_trip;

static int t_trip(void)
{
	return trip(cur_trip);
}

/* One KTAP document holding one suite; returns nonzero if a test failed. */
static int run_suite(const char *suite, const struct ktest *t, int n, int slow)
{
	int i, plan = 0;

	for (i = 0; i < n; i++)
		plan += slow || !t[i].slow;
	fprintf(out, "KTAP version 1\n1..1\n    KTAP version 1\n");
	fprintf(out, "    # Subtest: %s\n    1..%d\n", suite, plan);
	for (i = 0; i < n; i++) {
		if (!slow && t[i].slow)
			continue;
		cur_trip = t[i].trip;
		run(t[i].name, t[i].trip ? t_trip : t[i].fn);
	}
	fprintf(out, "# %s: %d of %d failed\n", suite, nfail, ncase);
	fprintf(out, "%sok 1 %s\n", nfail ? "not " : "", suite);
	return nfail != 0;
}

/* tools/wdfmem-stat against the raw debugfs files. */
static const struct ktest stat_tests[] = {
	KT("stat_table_matches_debugfs_test", t_stat_table),
	KT("stat_json_matches_debugfs_test", t_stat_json),
	KT("stat_help_and_errors_test", t_stat_help_and_errors),
	KT("stat_watch_test", t_stat_watch),
};

/* Tracepoints through tracefs: known calls, expected events. */
static const struct ktest trace_tests[] = {
	KT("trace_demo_client_events_test", t_trace_demo),
	KT("trace_round_trip_events_test", t_trace_round_trip),
	KT("trace_dma_timeout_event_test", t_trace_timeout),
};

/* The same device with the driver loaded msi=0. */
static const struct ktest intx_tests[] = {
	KT("edu_intx_factorial_irq_test", t_factorial),
	TRIP("edu_intx_direct_4097_test", PATH_DIRECT, 4097, 4095, 2),
	TRIP("edu_intx_buffered_4096_test", PATH_BUFFERED, 4096, 17, 4001),
	TRIP("edu_intx_rw_4095_test", PATH_RW, 4095, 3, 1),
};

/* The device tests; the bounce decision last, over the whole run. */
static const struct ktest edu_tests[] = {
	KT("edu_registers_test", t_registers),
	KT("edu_factorial_irq_test", t_factorial),
	KT("edu_factorial_after_timeout_test", t_factorial_after_timeout),
	KT("edu_device_node_root_only_test", t_device_node_root_only),
	TRIP("edu_rw_1_test", PATH_RW, 1, 1, 3),
	TRIP("edu_rw_4095_test", PATH_RW, 4095, 3, 1),
	TRIP("edu_rw_4096_test", PATH_RW, 4096, 17, 4001),
	TRIP("edu_rw_4097_test", PATH_RW, 4097, 4095, 2),
	TRIP("edu_buffered_1_test", PATH_BUFFERED, 1, 1, 3),
	TRIP("edu_buffered_4095_test", PATH_BUFFERED, 4095, 3, 1),
	TRIP("edu_buffered_4096_test", PATH_BUFFERED, 4096, 17, 4001),
	TRIP("edu_buffered_4097_test", PATH_BUFFERED, 4097, 4095, 2),
	TRIP("edu_direct_1_test", PATH_DIRECT, 1, 1, 3),
	TRIP("edu_direct_4095_test", PATH_DIRECT, 4095, 3, 1),
	TRIP("edu_direct_4096_test", PATH_DIRECT, 4096, 17, 4001),
	TRIP("edu_direct_4097_test", PATH_DIRECT, 4097, 4095, 2),
	KT("edu_null_pointers_efault_test", t_null_pointers),
	KT("edu_unmapped_pointers_efault_test", t_unmapped_pointers),
	KT("edu_read_into_read_only_pages_test", t_read_only_pages),
	KT("edu_lengths_past_the_end_test", t_lengths_past_the_end),
	KT("edu_unknown_ioctls_enotty_test", t_unknown_ioctls),
	KT("edu_zero_length_test", t_zero_length),
	KT("edu_buffered_unwritable_output_test", t_buffered_unwritable_output),
	KT("edu_bounce_buffer_path_test", t_bounce_path),
	KT("edu_random_hostile_input_test", t_fuzz),
	KT("edu_timeout_path_test", t_timeout_path),
	KT("edu_lost_interrupt_polled_test", t_lost_interrupt),
	KT("edu_signal_during_transfer_test", t_signal_during_transfer),
	KT("edu_unload_with_node_open_test", t_unload_with_node_open),
	KT("edu_unbind_during_transfer_test", t_unbind_during_transfer),
	KT("edu_alive_after_rebind_test", t_registers),
	TRIP("edu_direct_4097_after_rebind_test", PATH_DIRECT, 4097, 4095, 2),
	TRIP("edu_rw_4096_after_rebind_test", PATH_RW, 4096, 17, 4001),
	TRIP_SLOW("edu_direct_1mib_test", PATH_DIRECT, 1048576, 1, 4093),
	KT("edu_dma_bounce_decision_test", t_bounce_decision),
	KT("edu_iommu_state_test", t_iommu_state),
};

/* The upper driver's node (--device), then edu going away under it. */
static const struct ktest upper_tests[] = {
	KT("upper_registers_test", t_registers),
	KT("upper_factorial_test", t_factorial),
	TRIP("upper_rw_1_test", PATH_RW, 1, 1, 3),
	TRIP("upper_rw_4095_test", PATH_RW, 4095, 3, 1),
	TRIP("upper_rw_4096_test", PATH_RW, 4096, 17, 4001),
	TRIP("upper_rw_4097_test", PATH_RW, 4097, 4095, 2),
	TRIP("upper_buffered_1_test", PATH_BUFFERED, 1, 1, 3),
	TRIP("upper_buffered_4095_test", PATH_BUFFERED, 4095, 3, 1),
	TRIP("upper_buffered_4096_test", PATH_BUFFERED, 4096, 17, 4001),
	TRIP("upper_buffered_4097_test", PATH_BUFFERED, 4097, 4095, 2),
	TRIP("upper_buffered_1mib_test", PATH_BUFFERED, 1048576, 5, 7),
	TRIP("upper_direct_1_test", PATH_DIRECT, 1, 1, 3),
	TRIP("upper_direct_4095_test", PATH_DIRECT, 4095, 3, 1),
	TRIP("upper_direct_4096_test", PATH_DIRECT, 4096, 17, 4001),
	TRIP("upper_direct_4097_test", PATH_DIRECT, 4097, 4095, 2),
	TRIP("upper_direct_1mib_test", PATH_DIRECT, 1048576, 1, 4093),
	KT("upper_null_pointers_efault_test", t_null_pointers),
	KT("upper_unmapped_pointers_efault_test", t_unmapped_pointers),
	KT("upper_read_into_read_only_pages_test", t_read_only_pages),
	KT("upper_lengths_past_the_end_test", t_lengths_past_the_end),
	KT("upper_unknown_ioctls_enotty_test", t_unknown_ioctls),
	KT("upper_zero_length_test", t_zero_length),
	KT("upper_buffered_unwritable_output_test", t_buffered_unwritable_output),
	KT("upper_random_hostile_input_test", t_fuzz),
	KT("upper_alive_after_bad_input_test", t_registers),
	KT("upper_killed_while_waiting_test", t_upper_killed_while_waiting),
	KT("upper_unbind_edu_in_flight_test", t_upper_unbind_in_flight),
	KT("upper_unload_in_either_order_test", t_upper_unload_order),
};

int main(int argc, char **argv)
{
	const char *suite = "wdfmem_edu";
	int slow = 0, intx = 0, trace = 0, stat = 0, upper = 0, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--intx"))
			intx = 1;
		else if (!strcmp(argv[i], "--trace"))
			trace = 1;
		else if (!strcmp(argv[i], "--stat"))
			stat = 1;
		else if (!strcmp(argv[i], "--slow"))
			slow = 1;
		else if (!strcmp(argv[i], "--pci") && i + 1 < argc)
			snprintf(bdf, sizeof(bdf), "%s", argv[++i]);
		else if (!strcmp(argv[i], "--suite") && i + 1 < argc)
			suite = argv[++i];
		else if (!strcmp(argv[i], "--upper") && i + 1 < argc)
			upper = 1, dev_path = argv[++i];
		else if (!strcmp(argv[i], "--iommu"))
			iommu = 1;
	}
	out = stdout;
	unreachable0 = wdfmem_stat("dma_bounced_bytes_unreachable");
	mapped0 = wdfmem_stat("dma_mapped_bytes");
	if (stat)
		return run_suite("wdfmem_stat", stat_tests, ARRAY_SIZE(stat_tests), 0);
	if (trace)
		return run_suite("wdfmem_trace", trace_tests, ARRAY_SIZE(trace_tests), 0);
	if (intx)
		return run_suite("wdfmem_edu_intx", intx_tests, ARRAY_SIZE(intx_tests), 0);
	if (upper)
		return run_suite(suite, upper_tests, ARRAY_SIZE(upper_tests), 1);
	return run_suite(suite, edu_tests, ARRAY_SIZE(edu_tests), slow);
}
