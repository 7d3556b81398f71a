/* Entry point of the test firmware: brings the board up, prints "hello\n" on USART1 and RTT, then
 * once per SysTick runs work_step, toggles the LED, serves RTT and the debugger's semihosting
 * request, and faults if the debugger asked for it. */
#include "firmware.h"

/* Sleeps (WFI) until SysTick_Handler has counted a tick the caller has not seen yet. */
static uint32_t wait_for_tick(uint32_t seen) {
  while (systick_ticks == seen) __asm volatile("wfi");
  return systick_ticks;
}

int main(void) {
  uint32_t seen_tick = 0;
  board_init();
  usart_puts("hello\n");
  rtt_hello();
  for (;;) {
    seen_tick = wait_for_tick(seen_tick);
    loop_count++;
    work_step(loop_count);
    led_toggle();
    rtt_poll();
    semihosting_poll();
    if (fault_trigger != 0) fault_now(fault_trigger);
  }
}
