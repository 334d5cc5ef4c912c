/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem_edu tracepoints: the DMA engine's transfers, in the "wdfmem"
 * system beside the framework's events.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM wdfmem

#if !defined(_EDU_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _EDU_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(edu_dma_start,
	TP_PROTO(u64 bus, u32 dev_off, u32 len, bool to_ram),
	TP_ARGS(bus, dev_off, len, to_ram),
	TP_STRUCT__entry(
		__field(u64, bus)
		__field(u32, dev_off)
		__field(u32, len)
		__field(bool, to_ram)
	),
	TP_fast_assign(
		__entry->bus = bus;
		__entry->dev_off = dev_off;
		__entry->len = len;
		__entry->to_ram = to_ram;
	),
	TP_printk("bus=%#llx dev_off=%u bytes=%u dir=%s", __entry->bus,
		  __entry->dev_off, __entry->len,
		  __entry->to_ram ? "from_device" : "to_device")
);

TRACE_EVENT(edu_dma_complete,
	TP_PROTO(u32 len, u64 latency_ns),
	TP_ARGS(len, latency_ns),
	TP_STRUCT__entry(
		__field(u32, len)
		__field(u64, latency_ns)
	),
	TP_fast_assign(
		__entry->len = len;
		__entry->latency_ns = latency_ns;
	),
	TP_printk("bytes=%u latency_ns=%llu", __entry->len, __entry->latency_ns)
);

TRACE_EVENT(edu_dma_timeout,
	TP_PROTO(u32 len, unsigned int timeout_ms),
	TP_ARGS(len, timeout_ms),
	TP_STRUCT__entry(
		__field(u32, len)
		__field(unsigned int, timeout_ms)
	),
	TP_fast_assign(
		__entry->len = len;
		__entry->timeout_ms = timeout_ms;
	),
	TP_printk("bytes=%u timeout_ms=%u", __entry->len, __entry->timeout_ms)
);

#endif /* _EDU_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE edu_trace
#include <trace/define_trace.h>
