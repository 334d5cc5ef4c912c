// SPDX-License-Identifier: GPL-2.0
/*
 * What an object costs in slab bytes: the benchmark holds N objects of one
 * kind and size alive on request, and "make bench" reads the kernel's slab
 * totals (/proc/slabinfo) before and after.  Nothing is computed from
 * struct sizes.
 *
 * /sys/kernel/debug/wdfmem_bench/hold takes one command per write:
 *   memory SIZE N      N memory objects (wdf_memory_create, non-paged)
 *   lookaside SIZE N   N entries of one lookaside list of SIZE
 *   kmalloc SIZE N     N kmalloc(SIZE)
 *   kmem_cache SIZE N  N objects of a kmem_cache of SIZE (SLAB_NO_MERGE)
 *   devm SIZE N        N devm_kmalloc(SIZE) on one device
 *   burst SIZE N       a lookaside list of SIZE; N entries made, then all
 *                      deleted: the list keeps what its depth allows
 *   release            free everything held
 */

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <wdf/wdf.h>
#include <wdf/compat.h>
#include "bench.h"

#define BYTES_MAX	65536

enum bytes_kind { BYTES_MEMORY, BYTES_LOOKASIDE, BYTES_KMALLOC,
		  BYTES_KMEM_CACHE, BYTES_DEVM, BYTES_BURST };

static const char * const bytes_kinds[] = {
	[BYTES_MEMORY] = "memory", [BYTES_LOOKASIDE] = "lookaside",
	[BYTES_KMALLOC] = "kmalloc", [BYTES_KMEM_CACHE] = "kmem_cache",
	[BYTES_DEVM] = "devm", [BYTES_BURST] = "burst",
};

/* What is held now; one kind at a time. */
static struct {
	enum bytes_kind kind;
	unsigned int n;
	void **obj;
	struct wdf_lookaside *la;
	struct kmem_cache *cache;
	struct device *dev;
} held;

static DEFINE_MUTEX(bytes_lock);	/* protects held */
static struct dentry *bytes_dir;

static void bytes_release(void)
{
	unsigned int i;

	for (i = 0; i < held.n; i++) {
		switch (held.kind) {
		case BYTES_MEMORY:
		case BYTES_LOOKASIDE:
		case BYTES_BURST:	/* entries still held after a failure */
			wdf_object_delete(held.obj[i]);
			break;
		case BYTES_KMALLOC:
			kfree(held.obj[i]);
			break;
		case BYTES_KMEM_CACHE:
			kmem_cache_free(held.cache, held.obj[i]);
			break;
		default:
			break;
		}
	}
	if (held.la)
		wdf_object_delete(&held.la->obj);
	kmem_cache_destroy(held.cache);
	if (held.dev)
		root_device_unregister(held.dev);	/* frees the devm memory */
	kvfree(held.obj);
	memset(&held, 0, sizeof(held));
}

static int bytes_one(enum bytes_kind kind, size_t size, void **out)
{
	struct wdf_memory *mem;
	int ret = 0;

	switch (kind) {
	case BYTES_MEMORY:
		ret = wdf_memory_create(NULL, WDF_POOL_NONPAGED, GFP_KERNEL, 0,
					size, &mem, NULL);
		*out = ret ? NULL : &mem->obj;
		return ret;
	case BYTES_LOOKASIDE:
	case BYTES_BURST:
		ret = wdf_memory_create_from_lookaside(held.la, GFP_KERNEL, &mem);
		*out = ret ? NULL : &mem->obj;
		return ret;
	case BYTES_KMALLOC:
		*out = kmalloc(size, GFP_KERNEL);
		break;
	case BYTES_KMEM_CACHE:
		*out = kmem_cache_alloc(held.cache, GFP_KERNEL);
		break;
	case BYTES_DEVM:
		*out = devm_kmalloc(held.dev, size, GFP_KERNEL);
		break;
	}
	return *out ? 0 : -ENOMEM;
}

/* What a kind needs before its objects: a list, a cache or a device. */
static int bytes_prepare(enum bytes_kind kind, size_t size)
{
	struct device *dev;

	switch (kind) {
	case BYTES_LOOKASIDE:
	case BYTES_BURST:
		return wdf_lookaside_create(NULL, size, WDF_POOL_NONPAGED, NULL,
					    WDF_TAG('B', 'y', 't', 's'),
					    &held.la);
	case BYTES_KMEM_CACHE:
		held.cache = kmem_cache_create("wdfmem-bench-peer", size, 0,
					       SLAB_NO_MERGE, NULL);
		return held.cache ? 0 : -ENOMEM;
	case BYTES_DEVM:
		dev = root_device_register("wdfmem_bench_bytes");
		if (IS_ERR(dev))
			return PTR_ERR(dev);
		held.dev = dev;
		return 0;
	default:
		return 0;
	}
}

static int bytes_hold(enum bytes_kind kind, size_t size, unsigned int n)
{
	unsigned int i;
	int ret;

	bytes_release();
	held.kind = kind;
	held.obj = kvcalloc(n, sizeof(*held.obj), GFP_KERNEL);
	if (!held.obj)
		return -ENOMEM;
	ret = bytes_prepare(kind, size);
	if (ret) {
		bytes_release();
		return ret;
	}
	for (i = 0; i < n && !ret; i++)
		ret = bytes_one(kind, size, &held.obj[i]);
	held.n = ret ? i - 1 : n;
	if (!ret && kind == BYTES_BURST) {
		/* Deleted at once: what stays is the list's doing. */
		for (i = 0; i < n; i++)
			wdf_object_delete(held.obj[i]);
		held.n = 0;
	}
	if (ret)
		bytes_release();
	return ret;
}

/* "KIND SIZE N": the kind's index, or -EINVAL. */
static int bytes_parse(const char *cmd, size_t *size, unsigned int *n)
{
	char kind[16];
	int k;

	if (sscanf(cmd, "%15s %zu %u", kind, size, n) != 3)
		return -EINVAL;
	k = match_string(bytes_kinds, ARRAY_SIZE(bytes_kinds), kind);
	if (k < 0 || !*size || *size > BYTES_MAX || !*n || *n > 1 << 20)
		return -EINVAL;
	return k;
}

static ssize_t bytes_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *pos)
{
	unsigned int n;
	char cmd[64];
	size_t size;
	int ret, k;

	if (len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, len))
		return -EFAULT;
	cmd[len] = '\0';
	mutex_lock(&bytes_lock);
	if (sysfs_streq(cmd, "release")) {
		bytes_release();
		ret = 0;
	} else {
		k = bytes_parse(cmd, &size, &n);
		ret = k < 0 ? k : bytes_hold(k, size, n);
	}
	mutex_unlock(&bytes_lock);
	return ret ?: len;
}

static const struct file_operations bytes_fops = {
	.owner = THIS_MODULE,
	.write = bytes_write,
};

void bench_bytes_init(void)
{
	bytes_dir = debugfs_create_dir("wdfmem_bench", NULL);
	debugfs_create_file("hold", 0200, bytes_dir, NULL, &bytes_fops);
}

void bench_bytes_exit(void)
{
	debugfs_remove_recursive(bytes_dir);
	mutex_lock(&bytes_lock);
	bytes_release();
	mutex_unlock(&bytes_lock);
}
