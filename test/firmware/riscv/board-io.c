/* The board's I/O for the RISC-V test firmware: text out of USART0, a periodic machine timer
 * interrupt (CLINT mtimecmp) counted in timer_ticks, and the machine trap handler crt0.S installs,
 * which passes exceptions to board-trap.c. */
#include "board.h"

volatile uint32_t timer_ticks;
static uint32_t timer_interval;

void uart_puts(const char *text)
{
	for (; *text != '\0'; text++) {
		while ((USART0_STAT & USART_STAT_TBE) == 0) {
		}
		USART0_DATA = (uint8_t)*text;
	}
}

/* The next compare value: mtimecmp's high word first at all ones, so no early interrupt fires
 * between the two writes (RISC-V Privileged Spec 3.1.10). */
static void timer_schedule(void)
{
	uint32_t now = CLINT_MTIME_LO;
	CLINT_MTIMECMP_HI = 0xffffffffu;
	CLINT_MTIMECMP_LO = now + timer_interval;
	CLINT_MTIMECMP_HI = CLINT_MTIME_HI;
}

/* Direct-mode mtvec holds a 4-byte aligned address (Privileged Spec 3.1.7): with C code may be 2-aligned. */
__attribute__((interrupt("machine"), aligned(4))) void machine_trap(void)
{
	uint32_t cause = csr_read(mcause);
	if (cause == MCAUSE_MACHINE_TIMER) {
		timer_ticks++;
		timer_schedule();
	} else if ((cause & MCAUSE_INTERRUPT) == 0u) {
		trap_exception_taken();
	}
}

void timer_start(uint32_t interval)
{
	timer_interval = interval;
	timer_schedule();
	csr_set(mie, MIE_MTIE);
	csr_set(mstatus, MSTATUS_MIE);
}
