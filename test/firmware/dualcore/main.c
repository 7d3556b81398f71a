/* The dual-core test firmware (issue 19): core 0 counts core0_count in main's loop, core 1 counts
 * core1_count in core1_main's loop, each once per tick of its own SysTick, sleeping in WFI between
 * (so the simulator idles). Both counters go through shared_step, so a breakpoint there hits on
 * either core, while core0_tick and core1_tick each run on one core only. ram_count runs from
 * SRAM on both cores: a breakpoint there is a software one in the RAM the cores share. */
#include "../stm32f030.h"
#include "dualcore.h"

#define CORE1_STACK_WORDS 256
/* Core cycles between two counts; each core's SysTick is its own (ARMv6-M B3.3). */
#define TICK_CYCLES 1000u

volatile uint32_t core0_count;
volatile uint32_t core1_count;
static uint32_t core1_stack[CORE1_STACK_WORDS] __attribute__((aligned(8)));

__attribute__((noinline)) uint32_t shared_step(volatile uint32_t *counter, uint32_t step) {
  uint32_t next = *counter + step;
  *counter = next;
  return next;
}

/* Counts each core's calls to ram_count: ram_counts[0] core 0's, ram_counts[1] core 1's. */
volatile uint32_t ram_counts[2];

/* Runs from SRAM: the linker script places .ramfunc inside .data, which core0_start copies from
 * flash. Cortex-M0's FPB compares addresses below 0x20000000
 * only (ARMv6-M C1.8.2), so code here can only have software breakpoints. long_call: a BL from
 * flash cannot reach 0x20000000. */
__attribute__((noinline, long_call, section(".ramfunc"))) uint32_t ram_count(uint32_t core) {
  uint32_t next = ram_counts[core] + 1;
  ram_counts[core] = next;
  return next;
}

__attribute__((noinline)) void core0_tick(void) {
  shared_step(&core0_count, 1);
}

__attribute__((noinline)) void core1_tick(void) {
  shared_step(&core1_count, 1);
}

/* Wakes the core from WFI; the count itself happens in Thread mode. */
void SysTick_Handler(void) {
}

static void tick_start(void) {
  SYSTICK->LOAD = TICK_CYCLES - 1;
  SYSTICK->VAL = 0;
  SYSTICK->CTRL = SYSTICK_CTRL_CLKSOURCE | SYSTICK_CTRL_TICKINT | SYSTICK_CTRL_ENABLE;
}

/* Set by core 1 first thing in core1_main. */
volatile uint32_t core1_started;

/* Returns once core 1 has started: a step over it on core 0 lasts while core 1 is halted before. */
__attribute__((noinline)) static void wait_for_core1(void) {
  while (core1_started == 0) {
  }
}

/* Core 1's outermost frame: nothing called it (Reset_Handler jumped here with LR 0), so its CFI
 * says the return address is undefined and unwinders stop here, as at newlib's _start. */
void core1_main(void) {
  __asm volatile(".cfi_undefined lr");
  core1_started = 1;
  tick_start();
  for (;;) {
    core1_tick();
    ram_count(1);
    __asm volatile("wfi");
  }
}

static void fifo_push(uint32_t word) {
  while (!(SIO_FIFO_ST & SIO_FIFO_ST_RDY)) {
  }
  SIO_FIFO_WR = word;
}

/* Core 1 waits in Reset_Handler for its stack pointer, then its entry point (startup.c). */
static void launch_core1(void (*entry)(void), uint32_t *stack_top) {
  fifo_push((uint32_t)stack_top);
  fifo_push((uint32_t)entry);
}

int main(void) {
  launch_core1(core1_main, core1_stack + CORE1_STACK_WORDS);
  wait_for_core1();
  tick_start();
  for (;;) {
    core0_tick();
    ram_count(0);
    __asm volatile("wfi");
  }
}
