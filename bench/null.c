// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem_bench: two null devices for the per-I/O comparison (null_bench.h).
 *
 * /dev/wdfmem-null turns every read, write and ioctl into a wdfmem request
 * and retrieves its buffer from the framework, as a driver does;
 * /dev/wdfmem-rawnull does the same work as a plain Linux char driver:
 * pin_user_pages_fast() and kmap_local_page() for direct I/O,
 * copy_from_user() and copy_to_user() through a kernel buffer for the
 * buffered ioctls.  tools/null-bench times both from user space.
 */

#include <linux/device.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <wdf/wdf.h>
#include "bench.h"
#include "null_bench.h"

static struct device *null_dev;
static struct wdf_device *null_wdev;

/* The argument of either device's ioctl, checked. */
static int null_io_get(unsigned int cmd, unsigned long arg,
		       struct null_bench_io *io)
{
	if (cmd != NULL_BENCH_READ && cmd != NULL_BENCH_WRITE)
		return -ENOTTY;
	if (copy_from_user(io, (void __user *)arg, sizeof(*io)))
		return -EFAULT;
	if (!io->len || io->len > NULL_BENCH_MAX)
		return -EINVAL;
	return 0;
}

/* ---- through wdfmem requests ---- */

static ssize_t wnull_rw(void __user *ubuf, size_t len, bool write)
{
	struct wdf_request_params p = {
		.type = write ? WDF_REQUEST_WRITE : WDF_REQUEST_READ,
	};
	struct wdf_request *req;
	size_t got;
	void *buf;
	int ret;

	if (write) {
		p.in = ubuf;
		p.in_len = len;
	} else {
		p.out = ubuf;
		p.out_len = len;
	}
	ret = wdf_request_create(null_wdev, &p, &req);
	if (ret)
		return ret;
	ret = write ? wdf_request_retrieve_input_buffer(req, 1, &buf, &got) :
		      wdf_request_retrieve_output_buffer(req, 1, &buf, &got);
	if (!ret && !write)
		memset(buf, 0, got);
	return wdf_request_complete(req, ret, ret ? 0 : got);
}

static ssize_t wnull_read(struct file *file, char __user *buf, size_t len,
			  loff_t *pos)
{
	return len ? wnull_rw(buf, min_t(size_t, len, NULL_BENCH_MAX), false) : 0;
}

static ssize_t wnull_write(struct file *file, const char __user *buf,
			   size_t len, loff_t *pos)
{
	return len ? wnull_rw((void __user *)buf,
			      min_t(size_t, len, NULL_BENCH_MAX), true) : 0;
}

static long wnull_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct wdf_request_params p = {
		.type = WDF_REQUEST_IOCTL, .method = WDF_METHOD_BUFFERED,
		.code = cmd,
	};
	struct null_bench_io io;
	struct wdf_request *req;
	size_t got;
	void *buf;
	int ret;

	ret = null_io_get(cmd, arg, &io);
	if (ret)
		return ret;
	if (cmd == NULL_BENCH_WRITE) {
		p.in = u64_to_user_ptr(io.buf);
		p.in_len = io.len;
	} else {
		p.out = u64_to_user_ptr(io.buf);
		p.out_len = io.len;
	}
	ret = wdf_request_create(null_wdev, &p, &req);
	if (ret)
		return ret;
	if (cmd == NULL_BENCH_WRITE) {
		ret = wdf_request_retrieve_input_buffer(req, 1, &buf, &got);
	} else {
		ret = wdf_request_retrieve_output_buffer(req, 1, &buf, &got);
		if (!ret)
			memset(buf, 0, got);
	}
	return wdf_request_complete(req, ret, ret ? 0 : got);
}

static const struct file_operations wnull_fops = {
	.owner = THIS_MODULE,
	.read = wnull_read,
	.write = wnull_write,
	.unlocked_ioctl = wnull_ioctl,
};

static struct miscdevice wnull_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "wdfmem-null",
	.fops = &wnull_fops,
	.mode = 0600,
};

/* ---- a raw Linux char driver doing the same ---- */

/* Pin the one page of @ubuf (at most a page, not crossing one) and use it. */
static ssize_t rnull_rw(void __user *ubuf, size_t len, bool write)
{
	unsigned long addr = (unsigned long)ubuf;
	struct page *page;
	void *kaddr;
	int n;

	if (offset_in_page(addr) + len > PAGE_SIZE)
		return -EINVAL;
	n = pin_user_pages_fast(addr, 1, write ? 0 : FOLL_WRITE, &page);
	if (n != 1)
		return n < 0 ? n : -EFAULT;
	kaddr = kmap_local_page(page);
	if (!write)
		memset(kaddr + offset_in_page(addr), 0, len);
	else
		OPTIMIZER_HIDE_VAR(kaddr);
	kunmap_local(kaddr);
	unpin_user_pages_dirty_lock(&page, 1, !write);
	return len;
}

static ssize_t rnull_read(struct file *file, char __user *buf, size_t len,
			  loff_t *pos)
{
	return len ? rnull_rw(buf, min_t(size_t, len, NULL_BENCH_MAX), false) : 0;
}

static ssize_t rnull_write(struct file *file, const char __user *buf,
			   size_t len, loff_t *pos)
{
	return len ? rnull_rw((void __user *)buf,
			      min_t(size_t, len, NULL_BENCH_MAX), true) : 0;
}

static long rnull_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct null_bench_io io;
	void *buf;
	long ret;

	ret = null_io_get(cmd, arg, &io);
	if (ret)
		return ret;
	/* A buffer per call, as the framework allocates one per request. */
	buf = kmalloc(io.len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (cmd == NULL_BENCH_WRITE) {
		ret = copy_from_user(buf, u64_to_user_ptr(io.buf), io.len) ?
		      -EFAULT : io.len;
	} else {
		memset(buf, 0, io.len);
		ret = copy_to_user(u64_to_user_ptr(io.buf), buf, io.len) ?
		      -EFAULT : io.len;
	}
	kfree(buf);
	return ret;
}

static const struct file_operations rnull_fops = {
	.owner = THIS_MODULE,
	.read = rnull_read,
	.write = rnull_write,
	.unlocked_ioctl = rnull_ioctl,
};

static struct miscdevice rnull_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "wdfmem-rawnull",
	.fops = &rnull_fops,
	.mode = 0600,
};

/**
 * bench_null_init() - register the two null devices
 *
 * Return: 0 or a negative errno; nothing stays registered on failure.
 */
int bench_null_init(void)
{
	int ret;

	null_dev = root_device_register("wdfmem_bench_null");
	if (IS_ERR(null_dev))
		return PTR_ERR(null_dev);
	ret = wdf_device_create(NULL, null_dev, &null_wdev);
	if (ret)
		goto err_dev;
	ret = misc_register(&wnull_misc);
	if (ret)
		goto err_dev;
	ret = misc_register(&rnull_misc);
	if (ret)
		goto err_wnull;
	return 0;

err_wnull:
	misc_deregister(&wnull_misc);
err_dev:
	root_device_unregister(null_dev);
	return ret;
}

/**
 * bench_null_exit() - remove the two null devices
 */
void bench_null_exit(void)
{
	misc_deregister(&rnull_misc);
	misc_deregister(&wnull_misc);
	root_device_unregister(null_dev);
}
