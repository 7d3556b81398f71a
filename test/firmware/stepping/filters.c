/* Computations the stepping firmware steps through: nested loops calling a filter through a
 * function pointer, an inlined helper, a switch with early returns, a tail call and recursion. */
#include "stepping.h"

static inline int32_t clamp(int32_t value, int32_t low, int32_t high) {
  if (value < low) return low;
  if (value > high) return high;
  return value;
}

int32_t filter_scale(int32_t value) {
  int32_t scaled = value * 3;
  return clamp(scaled, -100, 100);
}

int32_t filter_offset(int32_t value) {
  int32_t moved = value + 7;
  g_sink = moved;
  return moved ^ 5;
}

int32_t grid_sum(int rows, int cols, filter_fn filter) {
  int32_t total = 0;
  for (int row = 0; row < rows; row++) {
    for (int col = 0; col < cols; col++) {
      int32_t cell = row * cols + col;
      total += filter(cell) + clamp(cell, 1, 4);
    }
  }
  return total;
}

struct span span_of(const int32_t *values, int count) {
  struct span result = { values[0], values[0] };
  for (int i = 1; i < count; i++) {
    if (values[i] < result.low) result.low = values[i];
    if (values[i] > result.high) result.high = values[i];
  }
  return result;
}

int classify(int32_t value) {
  if (value < 0) return -1;
  switch (value & 3) {
  case 0:
    return 10;
  case 1:
    g_sink = value;
    break;
  case 2:
    return value > 8 ? 20 : 21;
  default:
    g_sink = -value;
    break;
  }
  return 30;
}

static int32_t bump(int32_t value) {
  g_sink = value;
  return value + 1;
}

/* At -O2 the call to bump becomes a tail call (a branch, no return here). */
int32_t dispatch(int32_t value) {
  int kind = classify(value);
  if (kind < 0) return 0;
  return bump(value + kind);
}

int32_t factorial(int32_t n) {
  if (n <= 1) return 1;
  int32_t below = factorial(n - 1);
  return n * below;
}
