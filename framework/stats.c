// SPDX-License-Identifier: GPL-2.0
/*
 * wdfmem framework-wide statistics: per-CPU counters summed when read,
 * never locked, and the live and peak buffer bytes.
 */

#include <wdf/stats.h>
#include "wdf_internal.h"

DEFINE_PER_CPU(struct wdf_stats, wdf_stats);
DEFINE_PER_CPU(s64, wdf_bytes_cpu);
atomic64_t wdf_bytes_folded;
atomic64_t wdf_bytes_peak;

/**
 * wdf_bytes_peak_raise() - raise the recorded peak to @now if it is higher
 * @now: a live-bytes total
 */
void wdf_bytes_peak_raise(s64 now)
{
	s64 peak = atomic64_read(&wdf_bytes_peak);

	while (now > peak && !atomic64_try_cmpxchg(&wdf_bytes_peak, &peak, now))
		;
}

/**
 * wdf_bytes_fold() - move this CPU's share into the shared total
 * @v: what this CPU's counter read after its last change
 *
 * Subtracting exactly @v keeps whatever an interrupt added meanwhile, and
 * a task that moved to another CPU subtracts it there: the sum over the
 * counters and the total is the same either way.
 */
void wdf_bytes_fold(s64 v)
{
	this_cpu_sub(wdf_bytes_cpu, v);
	wdf_bytes_peak_raise(atomic64_add_return(v, &wdf_bytes_folded));
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
	s->bytes_live = atomic64_read(&wdf_bytes_folded);
	for_each_possible_cpu(cpu)
		s->bytes_live += READ_ONCE(*per_cpu_ptr(&wdf_bytes_cpu, cpu));
	wdf_bytes_peak_raise(s->bytes_live);
	s->bytes_peak = atomic64_read(&wdf_bytes_peak);
}
EXPORT_SYMBOL_GPL(wdf_statistics_read);
