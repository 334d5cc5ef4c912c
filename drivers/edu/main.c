// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem_edu: PCI driver for QEMU's edu device (1234:11e8), built on
 * wdfmem.  Probe uses the managed PCI helpers; the wdfmem device object is
 * tied to the PCI device, so unbinding deletes everything parented to it.
 */

#include <linux/debugfs.h>
#include <linux/module.h>
#include "edu.h"

WDF_DRIVER_GLOBALS();

static unsigned int edu_dma_bits = 28;
module_param_named(dma_bits, edu_dma_bits, uint, 0444);
MODULE_PARM_DESC(dma_bits, "DMA mask width; must match the device's dma_mask (default 28)");

static bool edu_msi = true;
module_param_named(msi, edu_msi, bool, 0444);
MODULE_PARM_DESC(msi, "use MSI when the device offers it (default); else INTx");

bool edu_force_bounce;
module_param_named(force_bounce, edu_force_bounce, bool, 0644);
MODULE_PARM_DESC(force_bounce, "send every transfer through the coherent bounce buffer");

unsigned int edu_timeout_ms = 2000;
module_param_named(timeout_ms, edu_timeout_ms, uint, 0644);
MODULE_PARM_DESC(timeout_ms, "how long to wait for one DMA or factorial (default 2000)");

static struct dentry *edu_debugfs_root;

/* drop_interrupts: a count from 0 to INT_MAX; anything else is -EINVAL. */
static int edu_drop_get(void *data, u64 *val)
{
	struct edu_dev *edu = data;

	*val = atomic_read(&edu->drop_interrupts);
	return 0;
}

static int edu_drop_set(void *data, u64 val)
{
	struct edu_dev *edu = data;

	if (val > INT_MAX)
		return -EINVAL;
	atomic_set(&edu->drop_interrupts, val);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(edu_drop_fops, edu_drop_get, edu_drop_set, "%llu\n");

static void edu_debugfs_add(struct edu_dev *edu)
{
	struct dentry *d = debugfs_create_dir(pci_name(edu->pdev), edu_debugfs_root);
	struct edu_stats *s = &edu->stats;

	edu->dbg = d;
	debugfs_create_u64("transfers", 0444, d, &s->transfers);
	debugfs_create_u64("bytes_to_device", 0444, d, &s->bytes_to_device);
	debugfs_create_u64("bytes_from_device", 0444, d, &s->bytes_from_device);
	debugfs_create_u64("bounces", 0444, d, &s->bounces);
	debugfs_create_u64("timeouts", 0444, d, &s->timeouts);
	debugfs_create_u64("lost_interrupts", 0444, d, &s->lost_interrupts);
	debugfs_create_u64("errors", 0444, d, &s->errors);
	debugfs_create_u64("last_latency_ns", 0444, d, &s->last_latency_ns);
	debugfs_create_u64("max_latency_ns", 0444, d, &s->max_latency_ns);
	debugfs_create_file_unsafe("drop_interrupts", 0600, d, edu,
				   &edu_drop_fops);
}

/*
 * The device's DMA limits, for the framework: one bus range per transfer
 * (packet), @edu_dma_bits of address, at most EDU_DMA_MAX bytes (QEMU 7.2
 * aborts on a transfer that reaches the buffer's last byte).  A transfer
 * of 0 bytes is never staged.  One transaction serves every transfer.
 */
static int edu_dma_add(struct edu_dev *edu)
{
	struct wdf_dma_enabler_config config = {
		.profile = edu_dma_bits > 32 ? WDF_DMA_PROFILE_PACKET64 :
					       WDF_DMA_PROFILE_PACKET,
		.maximum_length = EDU_DMA_MAX,
		.address_width = edu_dma_bits,
	};
	int ret;

	ret = wdf_dma_enabler_create(edu->wdev, &config, NULL, &edu->dma);
	if (ret)
		return dev_err_probe(&edu->pdev->dev, ret,
				     "DMA enabler, %u-bit addresses\n",
				     edu_dma_bits);
	return wdf_dma_transaction_create(edu->dma, NULL, &edu->txn);
}

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct edu_dev *edu;
	int ret, irq;

	/* Allocated first, so it is freed last: after the IRQ and the queue. */
	edu = devm_kzalloc(dev, sizeof(*edu), GFP_KERNEL);
	if (!edu)
		return -ENOMEM;
	edu->pdev = pdev;
	mutex_init(&edu->lock);
	spin_lock_init(&edu->irq_lock);
	init_completion(&edu->dma_done);
	init_completion(&edu->fact_done);

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	edu->regs = pcim_iomap_region(pdev, 0, "wdfmem_edu");
	if (IS_ERR(edu->regs))
		return PTR_ERR(edu->regs);
	ret = edu_check_identity(edu);
	if (ret)
		return ret;
	pci_set_master(pdev);
	ret = pci_alloc_irq_vectors(pdev, 1, 1,
				    (edu_msi ? PCI_IRQ_MSI : 0) | PCI_IRQ_INTX);
	if (ret < 0)
		return ret;
	irq = pci_irq_vector(pdev, 0);
	edu->irq = irq;
	ret = devm_request_irq(dev, irq, edu_irq,
			       pdev->msi_enabled ? 0 : IRQF_SHARED,
			       "wdfmem_edu", edu);
	if (ret)
		return ret;

	ret = wdf_device_create(NULL, dev, &edu->wdev);
	if (ret)
		return ret;
	ret = edu_dma_add(edu);
	if (ret)
		return ret;
	pci_set_drvdata(pdev, edu);
	ret = edu_chardev_add(edu);
	if (ret)
		return ret;
	edu_debugfs_add(edu);
	dev_info(dev, "edu %#x, %s, DMA mask %u bits, /dev/%s\n",
		 edu->ident, pdev->msi_enabled ? "MSI" : "INTx", edu_dma_bits,
		 edu->name);
	return 0;
}

static void edu_remove(struct pci_dev *pdev)
{
	struct edu_dev *edu = pci_get_drvdata(pdev);

	/* Transfers stop between pieces; the queue waits for them. */
	WRITE_ONCE(edu->stopping, true);
	edu_chardev_remove(edu);
	edu->dead = true;
	debugfs_remove_recursive(edu->dbg);
	/* devres then deletes the device object, frees the IRQ and edu. */
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_ids);

static struct pci_driver edu_driver = {
	.name = "wdfmem_edu",
	.id_table = edu_ids,
	.probe = edu_probe,
	.remove = edu_remove,
};

static int __init edu_init(void)
{
	int ret;

	if (edu_dma_bits < 24 || edu_dma_bits > 64)
		return -EINVAL;
	ret = wdf_driver_init();
	if (ret)
		return ret;
	edu_debugfs_root = debugfs_create_dir("wdfmem_edu", NULL);
	ret = pci_register_driver(&edu_driver);
	if (ret) {
		debugfs_remove_recursive(edu_debugfs_root);
		wdf_driver_exit();
	}
	return ret;
}

static void __exit edu_exit(void)
{
	pci_unregister_driver(&edu_driver);
	debugfs_remove_recursive(edu_debugfs_root);
	wdf_driver_exit();
}

module_init(edu_init);
module_exit(edu_exit);
MODULE_DESCRIPTION("wdfmem driver for QEMU's edu PCI device");
MODULE_LICENSE("GPL");
