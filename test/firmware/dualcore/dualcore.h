/* The dual-core board's SIO (test/sim/board/sio.ts, modelled on RP2040 datasheet 2.3.1): each
 * core's number and the FIFOs between the cores. Register definitions only. */
#ifndef DUALCORE_H
#define DUALCORE_H
#include <stdint.h>

#define SIO_BASE 0xd0000000u
#define SIO_CPUID (*(volatile uint32_t *)(SIO_BASE + 0x000))
#define SIO_FIFO_ST (*(volatile uint32_t *)(SIO_BASE + 0x050))
#define SIO_FIFO_WR (*(volatile uint32_t *)(SIO_BASE + 0x054))
#define SIO_FIFO_RD (*(volatile uint32_t *)(SIO_BASE + 0x058))
#define SIO_FIFO_ST_VLD (1u << 0)
#define SIO_FIFO_ST_RDY (1u << 1)

#endif
