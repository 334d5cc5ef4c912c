/* SPDX-License-Identifier: GPL-2.0 */
/* wdfmem_bench: the parts of the benchmark module. */
#ifndef _WDFMEM_BENCH_H
#define _WDFMEM_BENCH_H

/* bytes.c: objects held on request, for slab bytes per object */
void bench_bytes_init(void);
void bench_bytes_exit(void);

#endif /* _WDFMEM_BENCH_H */
