/* The RISC-V test program: a main loop of nested calls (noipa keeps them calls at -O2) counting in
 * a global, a line out of USART0 every 64 rounds, a 10,000-cycle timer interrupt, and the trap asked
 * for in trap_request (board-trap.c). Tests use the functions and globals here and there. */
#include "board.h"

volatile uint32_t counter;
volatile uint32_t last_result;

__attribute__((noipa)) static uint32_t add_offset(uint32_t value, uint32_t offset)
{
	return value + offset;
}

__attribute__((noipa)) static uint32_t scale(uint32_t value)
{
	uint32_t scaled = value * 3u;
	return add_offset(scaled, 7u);
}

__attribute__((noipa)) void round_once(void)
{
	uint32_t next = counter + 1u;
	last_result = scale(next);
	counter = next;
}

int main(void)
{
	uart_puts("riscv board up\n");
	timer_start(10000u);
	for (;;) {
		round_once();
		if ((counter & 63u) == 0u)
			uart_puts("tick\n");
		if (trap_request != TRAP_NONE)
			raise_requested_trap();
	}
}
