/* SPDX-License-Identifier: GPL-2.0 */
/* wdfmem_bench: the parts of the benchmark module. */
#ifndef _WDFMEM_BENCH_H
#define _WDFMEM_BENCH_H

/* bytes.c: objects held on request, for slab bytes per object */
void bench_bytes_init(void);
void bench_bytes_exit(void);

/* growth.c: costs as the number of live objects grows */
struct device;
int bench_growth(struct device *dev);

/* scaling.c: two CPUs at once against one */
int bench_scaling(struct device *dev);

/* null.c: the null devices of the per-I/O comparison */
int bench_null_init(void);
void bench_null_exit(void);

#endif /* _WDFMEM_BENCH_H */
