/* The functions the main loop runs every tick, shaped for debugger tests: nested lexical blocks,
 * arguments of many types, recursion RECURSION_DEPTH deep, an always-inlined helper, a call
 * through a function pointer. Results are deterministic (see README.md). */
#include "firmware.h"

/* Inlined at every optimisation level: shows up as DW_TAG_inlined_subroutine. */
static inline __attribute__((always_inline)) int32_t scale_inline(int32_t value, int32_t factor) {
  int32_t scaled = value * factor;
  return scaled + 1;
}

/* An ordinary static helper: GCC inlines it at -Og/-O2 only. */
static int32_t clamp_small(int32_t value) {
  if (value > 1000) return 1000;
  if (value < -1000) return -1000;
  return value;
}

__attribute__((noinline)) int32_t add_ints(int32_t a, int32_t b) {
  return a + b;
}

__attribute__((noinline)) int32_t mul_ints(int32_t a, int32_t b) {
  return a * b;
}

/* Locals in nested blocks; the inner `outer` shadows the function-level one. */
__attribute__((noinline)) int32_t nested_blocks(int32_t arg) {
  int32_t outer = arg + 10;
  int32_t total = 0;
  for (int32_t i = 0; i < 3; i++) {
    int32_t inner = outer * i;
    if (inner > 0) {
      int32_t innermost = inner - 1;
      total += innermost;
    }
    total += inner;
  }
  {
    int32_t outer = total / 2;
    total += outer;
  }
  return total;
}

__attribute__((noinline)) uint32_t recursion_bottom(uint32_t depth_reached) {
  recursion_bottom_hits++;
  return depth_reached + 100;
}

/* noipa keeps one real frame per level even at -O2 (no tail-recursion elimination or cloning);
 * the volatile frame_marker sits in each frame's stack slot. */
__attribute__((noipa)) uint32_t recurse(uint32_t depth) {
  volatile uint32_t frame_marker = depth * 0x11;
  uint32_t below;
  if (depth == 0) {
    below = recursion_bottom(depth);
  } else {
    below = recurse(depth - 1);
  }
  return below + frame_marker;
}

__attribute__((noipa)) int32_t typed_args(int8_t small, uint16_t medium, int64_t wide, float ratio,
                                          double precise, bool enabled, point_t where,
                                          const record_t *rec) {
  int32_t sum = small + medium + where.x + where.y + rec->position.x;
  int64_t wide_part = wide / 1000000;
  float scaled = ratio * 2.0f;
  double fine = precise * 4.0;
  if (enabled) sum += (int32_t)wide_part + (int32_t)scaled + (int32_t)fine;
  return sum;
}

/* One line per call, so step over / step into land on distinct lines. */
void work_step(uint32_t iteration) {
  static uint32_t calls;
  int32_t base = (int32_t)(iteration & 7u);
  int32_t blocks = nested_blocks(base);
  int32_t scaled = scale_inline(blocks, 3);
  int32_t combined = g_op(scaled, base);
  int32_t typed = typed_args(-7, 0x1234, -5000000000LL, 3.5f, -0.125, true, g_points[1], &g_record);
  g_recursion_result = recurse(RECURSION_DEPTH);
  calls++;
  g_last_result = clamp_small(combined + typed) + (int32_t)(calls & 1u);
}
