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
 * Account buffer bytes.  The peak is kept against percpu_counter_read(),
 * the approximate global count, so it costs one shared read per call and
 * is exact to within the per-CPU batch.
 */
void wdf_bytes_add(s64 bytes)
{
	s64 now, peak;

	percpu_counter_add(&wdf_bytes_live, bytes);
	if (bytes <= 0)
		return;
	now = percpu_counter_read(&wdf_bytes_live);
	peak = atomic64_read(&wdf_bytes_peak);
	while (now > peak && !atomic64_try_cmpxchg(&wdf_bytes_peak, &peak, now))
		;
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
		for (t = 0; t < WDF_DMA_BOUNCE_REASONS; t++)
			s->dma_bounced_bytes[t] +=
				READ_ONCE(p->dma_bounced_bytes[t]);
	}
	s->bytes_live = percpu_counter_sum(&wdf_bytes_live);
	s->bytes_peak = max(atomic64_read(&wdf_bytes_peak), s->bytes_live);
}
EXPORT_SYMBOL_GPL(wdf_statistics_read);
