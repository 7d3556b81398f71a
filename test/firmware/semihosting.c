/* ARM semihosting calls (BKPT 0xAB, "Semihosting for AArch32 and AArch64" 2.0), made only when
 * the debugger asks through `semihosting_request`: without a debugger that handles them, BKPT
 * halts the core (or faults), so the default firmware never executes one. */
#include "firmware.h"

/* Operation numbers, semihosting specification 6.x. */
enum {
  SYS_OPEN = 0x01,
  SYS_CLOSE = 0x02,
  SYS_WRITEC = 0x03,
  SYS_WRITE0 = 0x04,
  SYS_WRITE = 0x05,
  SYS_READ = 0x06,
  SYS_EXIT = 0x18,
  SYS_EXIT_EXTENDED = 0x20,
};
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

volatile uint32_t semihosting_request;
volatile uint32_t semihosting_exit_code;
volatile uint32_t semihosting_read_count;

/* Thumb: BKPT 0xAB with the operation in r0 and its parameter in r1; the result comes back in r0. */
static int32_t semihost(uint32_t operation, const void *parameter) {
  register uint32_t r0 __asm("r0") = operation;
  register const void *r1 __asm("r1") = parameter;
  __asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return (int32_t)r0;
}

static uint32_t text_length(const char *text) {
  uint32_t length = 0;
  while (text[length] != '\0') length++;
  return length;
}

/* SYS_OPEN of the special name ":tt": mode 0 ("r") is stdin, 4 ("w") stdout, 8 ("a") stderr. */
static int32_t open_console(uint32_t mode) {
  const uint32_t block[3] = {(uint32_t)":tt", mode, 3};
  return semihost(SYS_OPEN, block);
}

static void write_handle(int32_t handle, const char *text) {
  const uint32_t block[3] = {(uint32_t)handle, (uint32_t)text, text_length(text)};
  semihost(SYS_WRITE, block);
}

static void close_handle(int32_t handle) {
  const uint32_t block[1] = {(uint32_t)handle};
  semihost(SYS_CLOSE, block);
}

/* Request 1: one line through each output call, in this order. */
static void print_lines(void) {
  semihost(SYS_WRITE0, "sh: write0 line\n");
  static const char writec[] = "sh: writec\n";
  for (const char *c = writec; *c != '\0'; c++) semihost(SYS_WRITEC, c);
  int32_t out = open_console(4);
  write_handle(out, "sh: stdout line 1\nsh: stdout line 2\n");
  close_handle(out);
  int32_t err = open_console(8);
  write_handle(err, "sh: stderr line\n");
  close_handle(err);
}

/* Request 2: reads up to 40 bytes of stdin (SYS_READ), then prints them back. */
static void echo_input(void) {
  static char line[48] = "sh: read ";
  int32_t in = open_console(0);
  const uint32_t block[3] = {(uint32_t)in, (uint32_t)(line + 9), 40};
  int32_t not_read = semihost(SYS_READ, block);
  close_handle(in);
  uint32_t count = not_read >= 0 && not_read <= 40 ? 40u - (uint32_t)not_read : 0u;
  semihosting_read_count = count;
  line[9 + count] = '\0';
  semihost(SYS_WRITE0, line);
}

/* Once per tick: runs the request the debugger wrote (1 print, 2 read, 3 exit with
 * `semihosting_exit_code` through SYS_EXIT_EXTENDED, 4 SYS_EXIT application exit). */
void semihosting_poll(void) {
  uint32_t request = semihosting_request;
  if (request == 0) return;
  semihosting_request = 0;
  if (request == 1) print_lines();
  else if (request == 2) echo_input();
  else if (request == 3) {
    const uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, semihosting_exit_code};
    semihost(SYS_EXIT_EXTENDED, block);
  } else if (request == 4) semihost(SYS_EXIT, (const void *)ADP_STOPPED_APPLICATION_EXIT);
}
