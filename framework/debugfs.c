// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem debugfs: /sys/kernel/debug/wdfmem/{stats,lookasides,tags} and the
 * fail_alloc fault-injection directory.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include "wdf_internal.h"

static struct dentry *wdf_debugfs_dir;

static const char * const wdf_dma_bounce_reason_names[] = {
	[WDF_DMA_BOUNCE_UNREACHABLE] = "unreachable",
	[WDF_DMA_BOUNCE_FORCED] = "forced",
	[WDF_DMA_BOUNCE_MAP_FAILED] = "map_failed",
	[WDF_DMA_BOUNCE_SCATTERED] = "scattered",
};

static int stats_show(struct seq_file *m, void *v)
{
	struct wdf_statistics s;
	int t;

	wdf_statistics_read(&s);
	seq_printf(m, "%-16s %12s %12s\n", "objects", "live", "total");
	for (t = 0; t < WDF_TYPE_MAX; t++)
		seq_printf(m, "%-16s %12llu %12llu\n", wdf_type_name(t),
			   s.live[t], s.total[t]);
	seq_printf(m, "bytes_live %lld\n", s.bytes_live);
	seq_printf(m, "bytes_peak %lld\n", s.bytes_peak);
	seq_printf(m, "copies_rejected %llu\n", s.copies_rejected);
	seq_printf(m, "warnings %llu\n", s.warnings);
	seq_printf(m, "dma_mapped_bytes %llu\n", s.dma_mapped_bytes);
	for (t = 0; t < WDF_DMA_BOUNCE_REASONS; t++)
		seq_printf(m, "dma_bounced_bytes_%s %llu\n",
			   wdf_dma_bounce_reason_names[t],
			   s.dma_bounced_bytes[t]);
	seq_printf(m, "requests_sent %llu\n", s.requests_sent);
	seq_printf(m, "requests_completed %llu\n", s.requests_completed);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

static int lookasides_show(struct seq_file *m, void *v)
{
	wdf_lookaside_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(lookasides);

static int tags_show(struct seq_file *m, void *v)
{
	wdf_tags_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tags);

static int leaks_show(struct seq_file *m, void *v)
{
	wdf_verifier_leaks_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(leaks);

/* What this kernel gave the framework: features that compile out say so. */
static int features_show(struct seq_file *m, void *v)
{
	seq_printf(m, "fault_injection %s\n", WDF_HAVE_FAULT_INJECTION ?
		   "yes" : "no (kernel without CONFIG_FAULT_INJECTION)");
	seq_printf(m, "stackdepot %s\n", IS_ENABLED(CONFIG_STACKDEPOT) ?
		   "yes" : "no (verifier reports carry no stacks)");
	seq_printf(m, "tracepoints %s\n", IS_ENABLED(CONFIG_TRACEPOINTS) ?
		   "yes" : "no (kernel without CONFIG_TRACEPOINTS)");
	seq_printf(m, "dma %s\n", IS_ENABLED(CONFIG_HAS_DMA) ?
		   "yes" : "no (kernel without a DMA API: no DMA pieces)");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(features);

static struct dentry *wdf_debugfs_drivers;

/* wdfmem/drivers/<name>/: the driver's verifier switch and leak limit. */
void wdf_debugfs_driver_add(struct wdf_driver *drv)
{
	struct dentry *d;

	if (!wdf_debugfs_drivers || !drv->name)
		return;
	d = debugfs_create_dir(drv->name, wdf_debugfs_drivers);
	if (IS_ERR(d))
		return;		/* a second driver of the same name */
	drv->dbg = d;
	debugfs_create_bool("verifier", 0644, d, &drv->verifier);
	debugfs_create_u32("leak_limit", 0644, d, &drv->leak_limit);
	debugfs_create_atomic_t("leak_limit_live", 0444, d, &drv->limited_live);
}

void wdf_debugfs_driver_remove(struct wdf_driver *drv)
{
	debugfs_remove_recursive(drv->dbg);
	drv->dbg = NULL;
}

void wdf_debugfs_init(void)
{
	wdf_debugfs_dir = debugfs_create_dir("wdfmem", NULL);
	debugfs_create_file("stats", 0444, wdf_debugfs_dir, NULL, &stats_fops);
	debugfs_create_file("lookasides", 0444, wdf_debugfs_dir, NULL,
			    &lookasides_fops);
	debugfs_create_file("tags", 0444, wdf_debugfs_dir, NULL, &tags_fops);
	debugfs_create_file("leaks", 0444, wdf_debugfs_dir, NULL, &leaks_fops);
	debugfs_create_bool("verifier", 0644, wdf_debugfs_dir, &wdf_verifier);
	wdf_debugfs_drivers = debugfs_create_dir("drivers", wdf_debugfs_dir);
	debugfs_create_file("features", 0444, wdf_debugfs_dir, NULL,
			    &features_fops);
	wdf_fail_debugfs(wdf_debugfs_dir);
}

void wdf_debugfs_exit(void)
{
	debugfs_remove_recursive(wdf_debugfs_dir);
	wdf_debugfs_drivers = NULL;
}
