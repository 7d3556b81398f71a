/* Test program of the RV32IMC core (test/sim/riscv/rv32Firmware.test.ts): CRC-32, a prime sieve,
 * signed and unsigned division and remainder, 64-bit products and quotients (libgcc), recursion.
 * main() stores the results in `results` and stops on EBREAK; the test recomputes them in JS. */
#include <stdint.h>

#define BUFFER_SIZE 256
#define SIEVE_LIMIT 2000

uint32_t results[6];

static uint8_t buffer[BUFFER_SIZE];
static uint8_t composite[SIEVE_LIMIT];
/* volatile: the compiler must not fold the arithmetic away at -O2. */
static volatile int32_t divisors[] = {7, -3, 1000, -1, 65537};
static volatile uint64_t wide_seed = 0x123456789abcdefULL;

static uint32_t __attribute__((noinline)) crc32(const uint8_t *data, uint32_t length) {
  uint32_t crc = 0xffffffffu;
  for (uint32_t i = 0; i < length; i++) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; bit++) crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1u));
  }
  return ~crc;
}

static uint32_t __attribute__((noinline)) count_primes(void) {
  uint32_t count = 0;
  for (uint32_t n = 2; n < SIEVE_LIMIT; n++) {
    if (composite[n]) continue;
    count++;
    for (uint32_t m = n * n; m < SIEVE_LIMIT; m += n) composite[m] = 1;
  }
  return count;
}

static uint32_t __attribute__((noinline)) mix_divisions(void) {
  uint32_t sum = 0;
  for (int32_t x = -5000; x <= 5000; x += 37) {
    for (unsigned i = 0; i < sizeof divisors / sizeof divisors[0]; i++) {
      int32_t d = divisors[i];
      sum += (uint32_t)(x / d) * 31u + (uint32_t)(x % d);
      sum ^= (uint32_t)x / (uint32_t)d + (uint32_t)x % (uint32_t)d;
    }
  }
  return sum;
}

static uint32_t __attribute__((noinline)) wide_arithmetic(void) {
  uint64_t value = wide_seed;
  uint32_t folded = 0;
  for (uint32_t i = 1; i < 40; i++) {
    value = value * 6364136223846793005ULL + i;
    folded ^= (uint32_t)(value / (i * 977u + 3u)) + (uint32_t)(value >> 32);
    /* GCC converts modulo 2^64 and shifts signed values arithmetically: no undefined behaviour. */
    folded += (uint32_t)((int64_t)(value * i) >> 17);
  }
  return folded;
}

static uint32_t __attribute__((noinline)) fib(uint32_t n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(void) {
  uint32_t state = 12345;
  for (uint32_t i = 0; i < BUFFER_SIZE; i++) {
    state = state * 1103515245u + 12345u;
    buffer[i] = (uint8_t)(state >> 16);
  }
  results[0] = crc32(buffer, BUFFER_SIZE);
  results[1] = count_primes();
  results[2] = mix_divisions();
  results[3] = wide_arithmetic();
  results[4] = fib(15);
  results[5] = 0x600dc0de;
  __asm__ volatile("ebreak");
  return 0;
}
