/* Entry point of the stepping firmware: starts SysTick, then runs rounds forever, each calling
 * every construct of filters.c once and waiting for a tick in between. */
#include "stepping.h"

volatile int32_t g_sink;

static const filter_fn filters[2] = { filter_scale, filter_offset };
static int32_t samples[4] = { 5, -3, 12, 7 };

static int32_t round_once(uint32_t round) {
  int32_t sum = grid_sum(2, 3, filters[round & 1]);
  samples[round & 3] = (int32_t)round - 2;
  struct span range = span_of(samples, 4);
  int32_t picked = dispatch(range.high - range.low + (int32_t)round);
  int32_t fact = factorial((int32_t)(round % 5) + 1);
  wait_ticks(1);
  return sum + picked + fact;
}

int main(void) {
  uint32_t round = 0;
  ticks_start(200);
  for (;;) {
    g_sink = round_once(round);
    round++;
  }
}
