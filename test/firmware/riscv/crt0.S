/* Start-up code of the RV32IMC test firmware: global and stack pointers, the trap vector, .data
 * copied from its load address, .bss zeroed, then main(). Machine mode only. mtvec is set before
 * main, as vendor start-up code does, so a debugger's trap catch knows the entry from main on. */
	.section .text.init, "ax"
	.globl _start
_start:
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop
	la sp, __stack_top
	la t0, machine_trap     /* direct mode (Privileged Spec 3.1.7): every trap enters there */
	csrw mtvec, t0
	la a0, __data_load
	la a1, __data_start
	la a2, __data_end
	beq a0, a1, 2f          /* linked to run from SRAM: .data is already in place */
1:	bgeu a1, a2, 2f
	lw t0, 0(a0)
	sw t0, 0(a1)
	addi a0, a0, 4
	addi a1, a1, 4
	j 1b
2:	la a0, __bss_start
	la a1, __bss_end
3:	bgeu a0, a1, 4f
	sw zero, 0(a0)
	addi a0, a0, 4
	j 3b
4:	call main
5:	j 5b

/* Programs without a trap handler of their own (core-*.c) park their traps here; board-io.c's
 * machine_trap replaces it. Direct-mode mtvec needs 4-byte alignment. */
	.weak machine_trap
	.balign 4
machine_trap:
	j machine_trap
