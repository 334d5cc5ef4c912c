// SPDX-License-Identifier: GPL-2.0
/*
 * The device node of wdfmem_edu's ABI.  It only translates the ABI into
 * requests: a read or write of the file position, or an ioctl whose
 * buffers are the data the caller names (the transfer ioctls' structure
 * holds user addresses, read here).  The driver behind the queue does the
 * rest, whether the request came from here or from another driver.
 */

#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "node.h"
#include "wdfmem_edu.h"

static void edu_node_free(struct kref *ref)
{
	kfree(container_of(ref, struct edu_node, ref));
}

/*
 * misc_open() calls this under misc_mtx with the miscdevice in
 * private_data; misc_deregister() takes the same mutex, so the node cannot
 * go away before the reference is taken.
 */
static int edu_node_open(struct inode *inode, struct file *file)
{
	struct edu_node *node = container_of(file->private_data,
					     struct edu_node, misc);

	kref_get(&node->ref);
	file->private_data = node;
	return 0;
}

static int edu_node_release(struct inode *inode, struct file *file)
{
	struct edu_node *node = file->private_data;

	kref_put(&node->ref, edu_node_free);
	return 0;
}

/* Submit one request while the node is alive; -ENODEV once removed. */
static long edu_node_submit(struct edu_node *node,
			    const struct wdf_request_params *p)
{
	long ret;

	if (down_read_interruptible(&node->active))
		return -EINTR;
	ret = node->queue ? wdf_io_queue_submit_user(node->queue, p) : -ENODEV;
	up_read(&node->active);
	return ret;
}

static ssize_t edu_node_rw(struct file *file, void __user *ubuf, size_t len,
			   loff_t *pos, bool write)
{
	struct wdf_request_params p = {};
	long ret;

	if (!len)
		return 0;
	if (*pos < 0)
		return -EINVAL;
	p.type = write ? WDF_REQUEST_WRITE : WDF_REQUEST_READ;
	p.offset = *pos;
	/* No transfer reaches past the device buffer. */
	len = min_t(size_t, len, WDFMEM_EDU_BUF_SIZE);
	if (write) {
		p.in = ubuf;
		p.in_len = len;
	} else {
		p.out = ubuf;
		p.out_len = len;
	}
	ret = edu_node_submit(file->private_data, &p);
	if (ret > 0)
		*pos += ret;
	return ret;
}

static ssize_t edu_node_read(struct file *file, char __user *buf, size_t len,
			     loff_t *pos)
{
	return edu_node_rw(file, buf, len, pos, false);
}

static ssize_t edu_node_write(struct file *file, const char __user *buf,
			      size_t len, loff_t *pos)
{
	return edu_node_rw(file, (void __user *)buf, len, pos, true);
}

/* The transfer ioctls: the data in and out are the request's buffers. */
static long edu_node_xfer(struct edu_node *node, unsigned int cmd,
			  void __user *arg)
{
	struct wdf_request_params p = { .type = WDF_REQUEST_IOCTL, .code = cmd };
	struct wdfmem_edu_xfer x;

	if (copy_from_user(&x, arg, sizeof(x)))
		return -EFAULT;
	if (!x.len)
		return -EINVAL;
	/* Addresses a 32-bit kernel cannot hold are refused, not truncated. */
	if (x.len > SIZE_MAX || x.in > ULONG_MAX || x.out > ULONG_MAX)
		return -EINVAL;
	p.method = cmd == WDFMEM_EDU_IOC_XFER_DIRECT ? WDF_METHOD_OUT_DIRECT :
						       WDF_METHOD_BUFFERED;
	p.in = u64_to_user_ptr(x.in);
	p.in_len = x.len;
	p.out = u64_to_user_ptr(x.out);
	p.out_len = x.len;
	return edu_node_submit(node, &p);
}

/* The small ioctls: one structure in and out of @arg, 0 on success. */
static long edu_node_small(struct edu_node *node, unsigned int cmd,
			   void __user *arg, size_t size)
{
	struct wdf_request_params p = {
		.type = WDF_REQUEST_IOCTL, .method = WDF_METHOD_BUFFERED,
		.code = cmd, .in = arg, .in_len = size, .out = arg,
		.out_len = size,
	};
	long ret = edu_node_submit(node, &p);

	return ret < 0 ? ret : 0;
}

static long edu_node_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct edu_node *node = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case WDFMEM_EDU_IOC_XFER_BUFFERED:
	case WDFMEM_EDU_IOC_XFER_DIRECT:
		return edu_node_xfer(node, cmd, uarg);
	case WDFMEM_EDU_IOC_REGS:
		return edu_node_small(node, cmd, uarg,
				      sizeof(struct wdfmem_edu_regs));
	case WDFMEM_EDU_IOC_FACTORIAL:
		return edu_node_small(node, cmd, uarg,
				      sizeof(struct wdfmem_edu_fact));
	default:
		return -ENOTTY;
	}
}

static loff_t edu_node_llseek(struct file *file, loff_t off, int whence)
{
	return fixed_size_llseek(file, off, whence, WDFMEM_EDU_BUF_SIZE);
}

static const struct file_operations edu_node_fops = {
	.owner = THIS_MODULE,
	.open = edu_node_open,
	.release = edu_node_release,
	.read = edu_node_read,
	.write = edu_node_write,
	.unlocked_ioctl = edu_node_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = edu_node_llseek,
};

/**
 * edu_node_add() - create /dev/@name (mode 0600) in front of @queue
 * @parent: the device the node belongs to
 * @name: the node's name
 * @queue: the default queue requests go to
 *
 * Return: the node, or an ERR_PTR().
 */
struct edu_node *edu_node_add(struct device *parent, const char *name,
			      struct wdf_io_queue *queue)
{
	struct edu_node *node = kzalloc(sizeof(*node), GFP_KERNEL);
	int ret;

	if (!node)
		return ERR_PTR(-ENOMEM);
	kref_init(&node->ref);
	init_rwsem(&node->active);
	node->queue = queue;
	strscpy(node->name, name, sizeof(node->name));
	node->misc.minor = MISC_DYNAMIC_MINOR;
	node->misc.name = node->name;
	node->misc.fops = &edu_node_fops;
	node->misc.parent = parent;
	node->misc.mode = 0600;	/* root only */
	ret = misc_register(&node->misc);
	if (ret) {
		kfree(node);
		return ERR_PTR(ret);
	}
	return node;
}

/**
 * edu_node_remove() - remove a node; open files get -ENODEV
 * @node: the node
 *
 * Waits for the operations in progress: purge the queue first so that
 * they finish.
 */
void edu_node_remove(struct edu_node *node)
{
	down_write(&node->active);
	node->queue = NULL;
	up_write(&node->active);
	misc_deregister(&node->misc);
	kref_put(&node->ref, edu_node_free);
}
