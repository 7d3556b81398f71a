/* SEGGER RTT target side, our own small implementation of the published control block layout
 * (one up and one down channel, "Terminal"): the debugger finds `_SEGGER_RTT` and polls it.
 * Writes only RAM, so it costs nothing when no debugger reads; no vendor code. */
#include "firmware.h"

#define RTT_UP_SIZE 1024u
#define RTT_DOWN_SIZE 32u

/* The published RTT buffer descriptor: 6 words. WrOff is the producer's, RdOff the consumer's. */
typedef struct {
  const char *name;
  char *buffer;
  uint32_t size;
  volatile uint32_t wr_off;
  volatile uint32_t rd_off;
  uint32_t flags;
} rtt_buffer_t;

/* The control block: a 16-byte ID, the channel counts, then the up and the down descriptors. */
typedef struct {
  char id[16];
  int32_t max_up;
  int32_t max_down;
  rtt_buffer_t up[1];
  rtt_buffer_t down[1];
} rtt_control_block_t;

/* A section of their own makes GCC emit them as typed objects: a static zero-initialised array is
 * otherwise an untyped local common symbol, which GDB names in `<symbol>` and our ELF lookup skips. */
static char rtt_up_buffer[RTT_UP_SIZE] __attribute__((section(".bss.rtt_up_buffer")));
static char rtt_down_buffer[RTT_DOWN_SIZE] __attribute__((section(".bss.rtt_down_buffer")));

/* Initialised data (.data): valid as soon as Reset_Handler has copied it, so a debugger polling
 * across a reset never sees a block with zero-sized channels. */
rtt_control_block_t _SEGGER_RTT = {
  .id = "SEGGER RTT",
  .max_up = 1,
  .max_down = 1,
  .up = {{"Terminal", rtt_up_buffer, RTT_UP_SIZE, 0, 0, 0}},
  .down = {{"Terminal", rtt_down_buffer, RTT_DOWN_SIZE, 0, 0, 0}},
};

volatile uint32_t rtt_request_lines;
volatile uint32_t rtt_lines_written;

/* Writes all of `text` into up channel 0, waiting for the host to make room (block if full). */
static void rtt_write(const char *text, uint32_t length) {
  rtt_buffer_t *up = &_SEGGER_RTT.up[0];
  while (length > 0) {
    uint32_t wr = up->wr_off;
    uint32_t next = wr + 1 == up->size ? 0 : wr + 1;
    if (next == up->rd_off) continue;
    up->buffer[wr] = *text++;
    length--;
    up->wr_off = next;
  }
}

/* Appends the decimal digits of `value` at `out`; returns the number written. */
static uint32_t put_decimal(char *out, uint32_t value) {
  char digits[10];
  uint32_t count = 0;
  do {
    digits[count++] = (char)('0' + value % 10u);
    value /= 10u;
  } while (value != 0);
  for (uint32_t k = 0; k < count; k++) out[k] = digits[count - 1 - k];
  return count;
}

void rtt_hello(void) {
  static const char hello[] = "rtt: hello\n";
  rtt_write(hello, sizeof hello - 1);
}

/* Once per tick: echoes whatever the host put in down channel 0, then writes the lines the
 * debugger asked for (`rtt_request_lines`, "rtt line <k>\n", k counting on across requests). */
void rtt_poll(void) {
  rtt_buffer_t *down = &_SEGGER_RTT.down[0];
  char line[64] = "echo: ";
  uint32_t length = 6;
  while (down->rd_off != down->wr_off && length < sizeof line) {
    line[length++] = down->buffer[down->rd_off];
    down->rd_off = down->rd_off + 1 == down->size ? 0 : down->rd_off + 1;
  }
  if (length > 6) rtt_write(line, length);
  uint32_t lines = rtt_request_lines;
  rtt_request_lines = 0;
  for (uint32_t k = 0; k < lines; k++) {
    static const char prefix[] = "rtt line ";
    char text[24];
    uint32_t n = sizeof prefix - 1;
    for (uint32_t c = 0; c < n; c++) text[c] = prefix[c];
    n += put_decimal(text + n, ++rtt_lines_written);
    text[n++] = '\n';
    rtt_write(text, n);
  }
}
