/* Entry point of the RAM-linked variant (firmware-ram.elf): prints "hello\n" on USART1, then runs
 * the same loop as main.c, paced by polling SysTick's COUNTFLAG instead of its interrupt. */
#include "firmware.h"
#include "stm32f030.h"

/* ARMv6-M B3.3.3 SYST_CSR.COUNTFLAG: set when the counter wraps, cleared by a software read. */
#define SYSTICK_CTRL_COUNTFLAG (1u << 16)

/* Cortex-M0 has no VTOR (ARMv6-M B3.2.5): exceptions always vector through address 0, i.e. flash,
 * not this image's table. So the tick is polled and SysTick's interrupt stays off. */
static void wait_for_wrap(void) {
  while ((SYSTICK->CTRL & SYSTICK_CTRL_COUNTFLAG) == 0) {
  }
}

int main(void) {
  board_init();
  SYSTICK->CTRL &= ~SYSTICK_CTRL_TICKINT;
  usart_puts("hello\n");
  for (;;) {
    wait_for_wrap();
    loop_count++;
    work_step(loop_count);
    led_toggle();
    if (fault_trigger != 0) fault_now(fault_trigger);
  }
}
