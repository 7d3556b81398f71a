/* Cortex-M0 start-up: the vector table (ARMv6-M ARM B1.5.3, STM32F030 IRQs per RM0091 11.1.3)
 * and Reset_Handler, which initialises .data/.bss and calls main. Owns no application logic. */
#include <stdint.h>

extern uint32_t _estack, _sidata, _sdata, _edata, _sbss, _ebss;
extern int main(void);

void Reset_Handler(void);
void Default_Handler(void);
void HardFault_Handler(void);
void SysTick_Handler(void);
void NMI_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SVC_Handler(void) __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler(void) __attribute__((weak, alias("Default_Handler")));

typedef void (*vector_t)(void);

#define EXTERNAL_IRQ_COUNT 32
#define DH Default_Handler

/* Entry 0 is the initial MSP, entry 1 the reset vector (Thumb bit set by the linker). */
__attribute__((section(".isr_vector"), used))
const vector_t vector_table[16 + EXTERNAL_IRQ_COUNT] = {
  (vector_t)&_estack, Reset_Handler, NMI_Handler, HardFault_Handler,
  0, 0, 0, 0, 0, 0, 0, SVC_Handler, 0, 0, PendSV_Handler, SysTick_Handler,
  DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH,
  DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH, DH,
};

/* Word loops by hand: at -O2 GCC would otherwise turn them into memcpy/memset calls, and the
 * image links no C library. */
__attribute__((optimize("no-tree-loop-distribute-patterns")))
void Reset_Handler(void) {
  const uint32_t *source = &_sidata;
  for (uint32_t *word = &_sdata; word < &_edata; word++) *word = *source++;
  for (uint32_t *word = &_sbss; word < &_ebss; word++) *word = 0;
  main();
  for (;;) __asm volatile("wfi");
}

/* Any interrupt without a handler parks here (sleeping, so a simulator does not spin). */
void Default_Handler(void) {
  for (;;) __asm volatile("wfi");
}
