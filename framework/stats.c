// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem framework-wide statistics: per-CPU counters summed when read,
 * never locked, and the live and peak buffer bytes.
 */

#include <wdf/stats.h>
#include "wdf_internal.h"

DEFINE_PER_CPU(struct wdf_stats, wdf_stats);
struct percpu_counter wdf_bytes_live;
atomic64_t wdf_bytes_peak;

/*
 * Each CPU folds its byte count into the shared total only once it has
 * moved this far.  Buffer sizes run to kilobytes: with percpu_counter's
 * default batch (32) nearly every create and delete would take the
 * counter's lock, shared by all CPUs.
 */
#define WDF_BYTES_BATCH	(256 * 1024)

/* Raise the recorded peak to @now if it is higher. */
static void wdf_bytes_peak_raise(s64 now)
{
	s64 peak = atomic64_read(&wdf_bytes_peak);

	while (now > peak && !atomic64_try_cmpxchg(&wdf_bytes_peak, &peak, now))
		;
}

/*
 * Account buffer bytes.  The peak is raised against the shared total plus
 * this CPU's share not yet folded in: exact while one CPU allocates, and
 * short by at most what the other CPUs have not folded in (each less than
 * WDF_BYTES_BATCH) when several do.  Reading the statistics raises it to
 * the exact sum.
 */
void wdf_bytes_add(s64 bytes)
{
	s64 now;

	percpu_counter_add_batch(&wdf_bytes_live, bytes, WDF_BYTES_BATCH);
	if (bytes <= 0)
		return;
	now = percpu_counter_read(&wdf_bytes_live);
#ifdef CONFIG_SMP
	now += this_cpu_read(*wdf_bytes_live.counters);
#endif
	wdf_bytes_peak_raise(now);
}

/**
 * wdf_statistics_read() - read the framework-wide counters
 * @s: receives them
 */
void wdf_statistics_read(struct wdf_statistics *s)
{
	int cpu, t;

	memset(s, 0, sizeof(*s));
	for_each_possible_cpu(cpu) {
		const struct wdf_stats *p = per_cpu_ptr(&wdf_stats, cpu);

		for (t = 0; t < WDF_TYPE_MAX; t++) {
			s->total[t] += READ_ONCE(p->created[t]);
			s->live[t] += READ_ONCE(p->created[t]) -
				      READ_ONCE(p->freed[t]);
		}
		s->copies_rejected += READ_ONCE(p->copies_rejected);
		s->warnings += READ_ONCE(p->warnings);
		s->dma_mapped_bytes += READ_ONCE(p->dma_mapped_bytes);
		s->requests_sent += READ_ONCE(p->requests_sent);
		s->requests_completed += READ_ONCE(p->requests_completed);
		for (t = 0; t < WDF_DMA_BOUNCE_REASONS; t++)
			s->dma_bounced_bytes[t] +=
				READ_ONCE(p->dma_bounced_bytes[t]);
	}
	s->bytes_live = percpu_counter_sum(&wdf_bytes_live);
	wdf_bytes_peak_raise(s->bytes_live);
	s->bytes_peak = atomic64_read(&wdf_bytes_peak);
}
EXPORT_SYMBOL_GPL(wdf_statistics_read);
