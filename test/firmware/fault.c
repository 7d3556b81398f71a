/* The HardFault test path: fault_now() faults on demand when the debugger sets fault_trigger,
 * and HardFault_Handler records it and sleeps. Never faults unless fault_trigger is set. */
#include "firmware.h"

#define UNMAPPED_ADDRESS 0x3FFFFFF0u

/* Set by the debugger: 1 = load from unmapped memory (bus error), 2 = UDF instruction. */
volatile int32_t fault_trigger;
volatile uint32_t hardfault_count;
volatile int32_t hardfault_kind;
volatile uint32_t fault_sink;

/* ARMv6-M B1.5.6: both a bus error and an undefined instruction escalate to HardFault. */
__attribute__((noinline)) void fault_now(int32_t kind) {
  hardfault_kind = kind;
  if (kind == 2) {
    __asm volatile("udf #0");
  } else {
    fault_sink = *(volatile uint32_t *)UNMAPPED_ADDRESS;
  }
}

/* Stays in the handler (sleeping) so the debugger can inspect the faulting stack; reset leaves. */
void HardFault_Handler(void) {
  hardfault_count++;
  for (;;) __asm volatile("wfi");
}
