/* SysTick for the stepping firmware: the interrupt handler counts ticks and a volatile busy-wait
 * waits for them (ARMv6-M B3.3). Owns the timer and nothing the rounds compute. */
#include "stepping.h"
#include "../stm32f030.h"

volatile uint32_t g_ticks;

void ticks_start(uint32_t period_cycles) {
  SYSTICK->LOAD = period_cycles - 1;
  SYSTICK->VAL = 0;
  SYSTICK->CTRL = SYSTICK_CTRL_CLKSOURCE | SYSTICK_CTRL_TICKINT | SYSTICK_CTRL_ENABLE;
}

void SysTick_Handler(void) {
  uint32_t next = g_ticks + 1;
  g_ticks = next;
}

/* Spins on the volatile counter: no WFI, so a step over it runs the loop instruction by instruction. */
void wait_ticks(uint32_t count) {
  uint32_t start = g_ticks;
  while (g_ticks - start < count) {
  }
}

void HardFault_Handler(void) {
  for (;;) {
  }
}
