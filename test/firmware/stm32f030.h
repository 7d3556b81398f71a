/* Register map of the STM32F030 peripherals the firmware touches (RM0091 section numbers below)
 * and the Cortex-M0 SysTick (ARMv6-M ARM B3.3). Definitions only: no code, no other peripherals. */
#ifndef STM32F030_H
#define STM32F030_H

#include <stdint.h>

/* RM0091 7.4: reset and clock control. */
typedef struct {
  volatile uint32_t CR;       /* +0x00 HSION 0, HSIRDY 1, PLLON 24, PLLRDY 25 */
  volatile uint32_t CFGR;     /* +0x04 SW 1:0, SWS 3:2, PLLSRC 16, PLLMUL 21:18 */
  volatile uint32_t CIR;      /* +0x08 */
  volatile uint32_t APB2RSTR; /* +0x0C */
  volatile uint32_t APB1RSTR; /* +0x10 */
  volatile uint32_t AHBENR;   /* +0x14 IOPAEN 17 */
  volatile uint32_t APB2ENR;  /* +0x18 USART1EN 14 */
  volatile uint32_t APB1ENR;  /* +0x1C */
} rcc_regs_t;

/* RM0091 3.5: flash interface (only the access control register is used). */
typedef struct {
  volatile uint32_t ACR; /* +0x00 LATENCY 0, PRFTBE 4 */
} flash_regs_t;

/* RM0091 8.4: general-purpose I/O. */
typedef struct {
  volatile uint32_t MODER;   /* +0x00 */
  volatile uint32_t OTYPER;  /* +0x04 */
  volatile uint32_t OSPEEDR; /* +0x08 */
  volatile uint32_t PUPDR;   /* +0x0C */
  volatile uint32_t IDR;     /* +0x10 */
  volatile uint32_t ODR;     /* +0x14 */
  volatile uint32_t BSRR;    /* +0x18 */
  volatile uint32_t LCKR;    /* +0x1C */
  volatile uint32_t AFR[2];  /* +0x20 AFRL, +0x24 AFRH */
  volatile uint32_t BRR;     /* +0x28 */
} gpio_regs_t;

/* RM0091 27.7: USART. */
typedef struct {
  volatile uint32_t CR1;  /* +0x00 UE 0, RE 2, TE 3 */
  volatile uint32_t CR2;  /* +0x04 */
  volatile uint32_t CR3;  /* +0x08 */
  volatile uint32_t BRR;  /* +0x0C */
  volatile uint32_t GTPR; /* +0x10 */
  volatile uint32_t RTOR; /* +0x14 */
  volatile uint32_t RQR;  /* +0x18 */
  volatile uint32_t ISR;  /* +0x1C TC 6, TXE 7 */
  volatile uint32_t ICR;  /* +0x20 */
  volatile uint32_t RDR;  /* +0x24 */
  volatile uint32_t TDR;  /* +0x28 */
} usart_regs_t;

/* ARMv6-M ARM B3.3.2: SysTick. */
typedef struct {
  volatile uint32_t CTRL;  /* ENABLE 0, TICKINT 1, CLKSOURCE 2, COUNTFLAG 16 */
  volatile uint32_t LOAD;  /* 24-bit reload value */
  volatile uint32_t VAL;
  volatile uint32_t CALIB;
} systick_regs_t;

#define RCC     ((rcc_regs_t *)0x40021000u)
#define FLASH   ((flash_regs_t *)0x40022000u)
#define GPIOA   ((gpio_regs_t *)0x48000000u)
#define USART1  ((usart_regs_t *)0x40013800u)
#define SYSTICK ((systick_regs_t *)0xE000E010u)

#define RCC_CR_PLLON (1u << 24)
#define RCC_CR_PLLRDY (1u << 25)
#define RCC_CFGR_SW_MASK 3u
#define RCC_CFGR_SW_PLL 2u
#define RCC_CFGR_SWS_HSI (0u << 2)
#define RCC_CFGR_SWS_MASK (3u << 2)
#define RCC_CFGR_SWS_PLL (2u << 2)
#define RCC_CFGR_PLLMUL12 (10u << 18) /* PLLMUL 0b1010 = x12; PLLSRC 0 = HSI/2 */
#define RCC_AHBENR_IOPAEN (1u << 17)
#define RCC_APB2ENR_USART1EN (1u << 14)
#define FLASH_ACR_LATENCY1 1u
#define FLASH_ACR_PRFTBE (1u << 4)
#define USART_CR1_UE 1u
#define USART_CR1_TE (1u << 3)
#define USART_ISR_TXE (1u << 7)
#define SYSTICK_CTRL_ENABLE 1u
#define SYSTICK_CTRL_TICKINT (1u << 1)
#define SYSTICK_CTRL_CLKSOURCE (1u << 2)

#endif
