/* Traps on demand for the debugger's trap catch: main() calls raise_requested_trap() once a test
 * writes trap_request, and the machine trap handler (board-io.c) counts each exception and resumes
 * after the instruction that raised it, so the program runs on. */
#include "board.h"

volatile uint32_t trap_request;
volatile uint32_t exceptions_taken;

/* No device answers there on the board: a load is a load access fault (Privileged Spec 3.7.1). */
#define UNMAPPED_ADDRESS 0x60000000u

__attribute__((noipa)) void raise_requested_trap(void)
{
	uint32_t kind = trap_request;
	trap_request = TRAP_NONE;
	switch (kind) {
	case TRAP_ILLEGAL_INSTRUCTION:
		/* C.UNIMP: the all-zero halfword, illegal in every RISC-V encoding (Unprivileged Spec 16.1). */
		__asm__ volatile("unimp");
		break;
	case TRAP_LOAD_MISALIGNED:
		(void)*(volatile uint32_t *)((uintptr_t)&exceptions_taken + 2u);
		break;
	case TRAP_LOAD_ACCESS_FAULT:
		(void)*(volatile uint32_t *)UNMAPPED_ADDRESS;
		break;
	case TRAP_ECALL:
		__asm__ volatile("ecall");
		break;
	default:
		break;
	}
}

/* mepc holds the instruction that raised the exception (Privileged Spec 3.1.14): step over it by
 * its length, which the low two bits of its first halfword give (Unprivileged Spec 1.5). */
void trap_exception_taken(void)
{
	uint32_t epc = csr_read(mepc);
	uint16_t first = *(volatile uint16_t *)epc;
	exceptions_taken++;
	csr_write(mepc, epc + ((first & 3u) == 3u ? 4u : 2u));
}
