/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfmem tracepoints, in the "wdfmem" system: enable them with
 *   echo 1 > /sys/kernel/tracing/events/wdfmem/enable
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM wdfmem

#if !defined(_WDF_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _WDF_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(wdfmem_object_create,
	TP_PROTO(const void *obj, int type, size_t size, const void *parent),
	TP_ARGS(obj, type, size, parent),
	TP_STRUCT__entry(
		__field(const void *, obj)
		__field(int, type)
		__field(size_t, size)
		__field(const void *, parent)
	),
	TP_fast_assign(
		__entry->obj = obj;
		__entry->type = type;
		__entry->size = size;
		__entry->parent = parent;
	),
	TP_printk("obj=%p type=%d size=%zu parent=%p", __entry->obj,
		  __entry->type, __entry->size, __entry->parent)
);

DECLARE_EVENT_CLASS(wdfmem_object_event,
	TP_PROTO(const void *obj, int type),
	TP_ARGS(obj, type),
	TP_STRUCT__entry(
		__field(const void *, obj)
		__field(int, type)
	),
	TP_fast_assign(
		__entry->obj = obj;
		__entry->type = type;
	),
	TP_printk("obj=%p type=%d", __entry->obj, __entry->type)
);

DEFINE_EVENT(wdfmem_object_event, wdfmem_object_cleanup,
	TP_PROTO(const void *obj, int type),
	TP_ARGS(obj, type)
);

DEFINE_EVENT(wdfmem_object_event, wdfmem_object_destroy,
	TP_PROTO(const void *obj, int type),
	TP_ARGS(obj, type)
);

TRACE_EVENT(wdfmem_copy_rejected,
	TP_PROTO(const void *obj, size_t offset, size_t length, size_t size,
		 int err),
	TP_ARGS(obj, offset, length, size, err),
	TP_STRUCT__entry(
		__field(const void *, obj)
		__field(size_t, offset)
		__field(size_t, length)
		__field(size_t, size)
		__field(int, err)
	),
	TP_fast_assign(
		__entry->obj = obj;
		__entry->offset = offset;
		__entry->length = length;
		__entry->size = size;
		__entry->err = err;
	),
	TP_printk("obj=%p offset=%zu length=%zu size=%zu err=%d",
		  __entry->obj, __entry->offset, __entry->length,
		  __entry->size, __entry->err)
);

DECLARE_EVENT_CLASS(wdfmem_lookaside_event,
	TP_PROTO(const char *list, const void *mem, size_t size),
	TP_ARGS(list, mem, size),
	TP_STRUCT__entry(
		__array(char, list, 32)
		__field(const void *, mem)
		__field(size_t, size)
	),
	TP_fast_assign(
		/* A fixed array: __assign_str() changed its arguments in 6.10. */
		strscpy(__entry->list, list, sizeof(__entry->list));
		__entry->mem = mem;
		__entry->size = size;
	),
	TP_printk("list=%s mem=%p size=%zu", __entry->list, __entry->mem,
		  __entry->size)
);

DEFINE_EVENT(wdfmem_lookaside_event, wdfmem_lookaside_alloc,
	TP_PROTO(const char *list, const void *mem, size_t size),
	TP_ARGS(list, mem, size)
);

DEFINE_EVENT(wdfmem_lookaside_event, wdfmem_lookaside_free,
	TP_PROTO(const char *list, const void *mem, size_t size),
	TP_ARGS(list, mem, size)
);

TRACE_EVENT(wdfmem_mdl_build,
	TP_PROTO(const void *mdl, int kind, size_t length, unsigned int npages),
	TP_ARGS(mdl, kind, length, npages),
	TP_STRUCT__entry(
		__field(const void *, mdl)
		__field(int, kind)
		__field(size_t, length)
		__field(unsigned int, npages)
	),
	TP_fast_assign(
		__entry->mdl = mdl;
		__entry->kind = kind;
		__entry->length = length;
		__entry->npages = npages;
	),
	TP_printk("mdl=%p kind=%d length=%zu npages=%u", __entry->mdl,
		  __entry->kind, __entry->length, __entry->npages)
);

TRACE_EVENT(wdfmem_dma_map,
	TP_PROTO(const void *mdl, size_t offset, size_t length, int dir,
		 bool bounced, int reason, unsigned int nents),
	TP_ARGS(mdl, offset, length, dir, bounced, reason, nents),
	TP_STRUCT__entry(
		__field(const void *, mdl)
		__field(size_t, offset)
		__field(size_t, length)
		__field(int, dir)
		__field(bool, bounced)
		__field(int, reason)
		__field(unsigned int, nents)
	),
	TP_fast_assign(
		__entry->mdl = mdl;
		__entry->offset = offset;
		__entry->length = length;
		__entry->dir = dir;
		__entry->bounced = bounced;
		__entry->reason = bounced ? reason : -1;
		__entry->nents = nents;
	),
	TP_printk("mdl=%p offset=%zu length=%zu dir=%s bounced=%d reason=%d nents=%u",
		  __entry->mdl, __entry->offset, __entry->length,
		  __entry->dir == 1 ? "to_device" :
		  __entry->dir == 2 ? "from_device" : "bidirectional",
		  __entry->bounced, __entry->reason, __entry->nents)
);

TRACE_EVENT(wdfmem_request_create,
	TP_PROTO(const void *req, int type, int method, size_t in_len,
		 size_t out_len),
	TP_ARGS(req, type, method, in_len, out_len),
	TP_STRUCT__entry(
		__field(const void *, req)
		__field(int, type)
		__field(int, method)
		__field(size_t, in_len)
		__field(size_t, out_len)
	),
	TP_fast_assign(
		__entry->req = req;
		__entry->type = type;
		__entry->method = method;
		__entry->in_len = in_len;
		__entry->out_len = out_len;
	),
	TP_printk("req=%p type=%d method=%d in_len=%zu out_len=%zu",
		  __entry->req, __entry->type, __entry->method,
		  __entry->in_len, __entry->out_len)
);

TRACE_EVENT(wdfmem_request_complete,
	TP_PROTO(const void *req, int status, size_t information),
	TP_ARGS(req, status, information),
	TP_STRUCT__entry(
		__field(const void *, req)
		__field(int, status)
		__field(size_t, information)
	),
	TP_fast_assign(
		__entry->req = req;
		__entry->status = status;
		__entry->information = information;
	),
	TP_printk("req=%p status=%d information=%zu", __entry->req,
		  __entry->status, __entry->information)
);

#endif /* _WDF_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE wdf_trace
#include <trace/define_trace.h>
