/* Board bring-up on the STM32F030 (RM0091): 48 MHz PLL clock, GPIOA PA5 LED and PA9 USART1 TX,
 * 115200 baud output, SysTick at TICK_HZ and its handler. Owns no test fixture values. */
#include "firmware.h"
#include "stm32f030.h"

#define HSI_HZ 8000000u
#define PLL_HZ 48000000u
#define BAUD 115200u
#define PLL_POLL_LIMIT 10000u

/* Core clock after clock_init(): 48 MHz, or 8 MHz if the PLL never reported ready. */
uint32_t clock_hz = HSI_HZ;

/* Polls until (register & mask) == value; false after PLL_POLL_LIMIT reads. */
static bool wait_bits(volatile uint32_t *reg, uint32_t mask, uint32_t value) {
  for (uint32_t polls = 0; polls < PLL_POLL_LIMIT; polls++) {
    if ((*reg & mask) == value) return true;
  }
  return false;
}

/* RM0091 7.2.3: PLL = HSI/2 x 12 = 48 MHz, which needs one flash wait state (3.5.1). The PLL may
 * only be reconfigured while off and not the system clock (OpenOCD's reset-init may have started
 * it), so: HSI first, PLL off, configure, PLL on, switch. The waits are bounded so a board model
 * without PLLRDY/SWS still boots, on the 8 MHz HSI. */
static void clock_init(void) {
  FLASH->ACR = FLASH_ACR_PRFTBE | FLASH_ACR_LATENCY1;
  RCC->CFGR &= ~RCC_CFGR_SW_MASK;
  if (!wait_bits(&RCC->CFGR, RCC_CFGR_SWS_MASK, RCC_CFGR_SWS_HSI)) return;
  RCC->CR &= ~RCC_CR_PLLON;
  if (!wait_bits(&RCC->CR, RCC_CR_PLLRDY, 0)) return;
  RCC->CFGR = RCC_CFGR_PLLMUL12;
  RCC->CR |= RCC_CR_PLLON;
  if (!wait_bits(&RCC->CR, RCC_CR_PLLRDY, RCC_CR_PLLRDY)) return;
  RCC->CFGR |= RCC_CFGR_SW_PLL;
  if (wait_bits(&RCC->CFGR, RCC_CFGR_SWS_MASK, RCC_CFGR_SWS_PLL)) clock_hz = PLL_HZ;
}

/* RM0091 8.3: PA5 push-pull output (MODER 01); PA9/PA10 alternate function 1 = USART1 TX/RX. */
static void gpio_init(void) {
  RCC->AHBENR |= RCC_AHBENR_IOPAEN;
  GPIOA->MODER = (GPIOA->MODER & ~((3u << (LED_PIN * 2)) | (3u << 18) | (3u << 20)))
               | (1u << (LED_PIN * 2)) | (2u << 18) | (2u << 20);
  GPIOA->AFR[1] = (GPIOA->AFR[1] & ~0xFF0u) | (1u << 4) | (1u << 8);
}

/* RM0091 27.5.4: oversampling by 16, BRR = f_ck / baud (rounded). TX only, 8N1. */
static void usart_init(void) {
  RCC->APB2ENR |= RCC_APB2ENR_USART1EN;
  USART1->BRR = (clock_hz + BAUD / 2) / BAUD;
  USART1->CR1 = USART_CR1_TE | USART_CR1_UE;
}

/* ARMv6-M B3.3: interrupt every clock_hz / TICK_HZ processor clocks. */
static void systick_init(void) {
  SYSTICK->LOAD = clock_hz / TICK_HZ - 1;
  SYSTICK->VAL = 0;
  SYSTICK->CTRL = SYSTICK_CTRL_CLKSOURCE | SYSTICK_CTRL_TICKINT | SYSTICK_CTRL_ENABLE;
}

void board_init(void) {
  clock_init();
  gpio_init();
  usart_init();
  systick_init();
}

/* Busy-waits on TXE (RM0091 27.8.8) before each byte written to TDR. */
void usart_puts(const char *text) {
  while (*text != '\0') {
    while ((USART1->ISR & USART_ISR_TXE) == 0) {
    }
    USART1->TDR = (uint8_t)*text++;
  }
}

void led_toggle(void) {
  GPIOA->ODR ^= 1u << LED_PIN;
}

void SysTick_Handler(void) {
  systick_ticks++;
}
