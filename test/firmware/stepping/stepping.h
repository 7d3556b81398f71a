/* Declarations shared by the stepping firmware's files (the differential stepping suite's
 * program, test/e2e/differential): its tick counter and the functions main's rounds call. */
#ifndef STEPPING_H
#define STEPPING_H

#include <stdint.h>

/* One pair returned by value: a small struct GCC returns in r0/r1 at -O2. */
struct span {
  int32_t low;
  int32_t high;
};

typedef int32_t (*filter_fn)(int32_t value);

extern volatile uint32_t g_ticks;
extern volatile int32_t g_sink;

void ticks_start(uint32_t period_cycles);
void wait_ticks(uint32_t count);
struct span span_of(const int32_t *values, int count);
int32_t grid_sum(int rows, int cols, filter_fn filter);
int32_t filter_scale(int32_t value);
int32_t filter_offset(int32_t value);
int classify(int32_t value);
int32_t dispatch(int32_t value);
int32_t factorial(int32_t n);

#endif
