/* Start-up of the dual-core test firmware: the vector table both cores boot from after reset, and
 * a Reset_Handler that sends core 0 to the C start-up and parks core 1 until core 0 launches it
 * (main.c, launch_core1). Owns no application logic. */
#include <stdint.h>
#include "dualcore.h"

extern uint32_t _estack, _sidata, _sdata, _edata, _sbss, _ebss;
extern int main(void);

void Reset_Handler(void);
void Default_Handler(void);
void SysTick_Handler(void);
void core0_start(void);

typedef void (*vector_t)(void);

#define EXTERNAL_IRQ_COUNT 32
#define DH Default_Handler

/* Entry 0 is the initial MSP (core 0's stack), entry 1 the reset vector (ARMv6-M B1.5.3). */
__attribute__((section(".isr_vector"), used))
const vector_t vector_table[16 + EXTERNAL_IRQ_COUNT] = {
  (vector_t)&_estack, Reset_Handler, DH, DH, 0, 0, 0, 0, 0, 0, 0, DH, 0, 0, DH, SysTick_Handler,
  DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH,
  DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH,
};

/* Both cores start here on the same stack, so nothing may touch the stack before they part:
 * core 1 (SIO CPUID 1) waits in registers for two FIFO words, its stack pointer and its entry
 * point, as RP2040's boot ROM waits for multicore_launch_core1. LR 0 ends its call stack. */
__attribute__((naked)) void Reset_Handler(void) {
  __asm volatile(
    "  ldr r0, =0xd0000000\n" /* SIO_BASE */
    "  ldr r1, [r0, #0x00]\n" /* SIO_CPUID */
    "  cmp r1, #0\n"
    "  bne 1f\n"
    "  ldr r1, =core0_start\n"
    "  bx r1\n"
    "1: movs r2, #1\n"        /* FIFO_ST.VLD */
    "2: ldr r1, [r0, #0x50]\n"
    "  tst r1, r2\n"
    "  beq 2b\n"
    "  ldr r1, [r0, #0x58]\n" /* FIFO_RD: the stack pointer */
    "  mov sp, r1\n"
    "3: ldr r1, [r0, #0x50]\n"
    "  tst r1, r2\n"
    "  beq 3b\n"
    "  ldr r1, [r0, #0x58]\n" /* FIFO_RD: the entry point, Thumb bit set */
    "  movs r2, #0\n"
    "  mov lr, r2\n"
    "  bx r1\n"
    "  .ltorg\n");
}

/* Core 0's C start-up, as test/firmware/startup.c's Reset_Handler: word loops by hand, because at
 * -O2 GCC would turn them into memcpy/memset calls and the image links no C library. */
__attribute__((optimize("no-tree-loop-distribute-patterns")))
void core0_start(void) {
  const uint32_t *source = &_sidata;
  for (uint32_t *word = &_sdata; word < &_edata; word++) *word = *source++;
  for (uint32_t *word = &_sbss; word < &_ebss; word++) *word = 0;
  main();
  for (;;) __asm volatile("wfi");
}

/* Any exception parks the core that took it here (sleeping, so the simulator does not spin). */
void Default_Handler(void) {
  for (;;) __asm volatile("wfi");
}
