/* Registers of the simulated RISC-V board (test/sim/riscv): the CLINT timer and USART0's
 * transmitter, and the machine-mode CSR helpers the firmware uses. */
#ifndef BOARD_H
#define BOARD_H
#include <stdint.h>

#define CLINT_MTIMECMP_LO (*(volatile uint32_t *)0x02004000u)
#define CLINT_MTIMECMP_HI (*(volatile uint32_t *)0x02004004u)
#define CLINT_MTIME_LO (*(volatile uint32_t *)0x0200bff8u)
#define CLINT_MTIME_HI (*(volatile uint32_t *)0x0200bffcu)
#define USART0_STAT (*(volatile uint32_t *)0x40013800u)
#define USART0_DATA (*(volatile uint32_t *)0x40013804u)
#define USART_STAT_TBE (1u << 7)

#define MSTATUS_MIE (1u << 3)
#define MIE_MTIE (1u << 7)
#define MCAUSE_MACHINE_TIMER 0x80000007u
#define MCAUSE_INTERRUPT 0x80000000u

#define csr_read(csr) ({ uint32_t v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" : : "r"((uint32_t)(v)))
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" : : "r"((uint32_t)(v)))

void uart_puts(const char *text);
void timer_start(uint32_t interval);
extern volatile uint32_t timer_ticks;

/* board-trap.c: what trap_request selects (0: none) */
enum trap_kind { TRAP_NONE, TRAP_ILLEGAL_INSTRUCTION, TRAP_LOAD_MISALIGNED, TRAP_LOAD_ACCESS_FAULT, TRAP_ECALL };
extern volatile uint32_t trap_request;
extern volatile uint32_t exceptions_taken;
void raise_requested_trap(void);
void trap_exception_taken(void);
void machine_trap(void);

#endif
