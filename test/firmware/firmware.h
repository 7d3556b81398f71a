/* Types and declarations shared by the firmware's C files: the typedefs the debugger tests inspect
 * and the functions main calls. Declarations only; values live in variables.c. */
#ifndef FIRMWARE_H
#define FIRMWARE_H

#include <stdbool.h>
#include <stdint.h>

#define TICK_HZ 100u
#define RECURSION_DEPTH 5u
#define LED_PIN 5u

typedef enum color { COLOR_RED = 0, COLOR_GREEN = 1, COLOR_BLUE = 2, COLOR_WHITE = 0x10 } color_t;
typedef enum run_mode { MODE_OFF = -1, MODE_SLOW = 1, MODE_FAST = 2 } run_mode_t;

typedef uint32_t tick_t;
typedef tick_t timestamp_t;

typedef int32_t (*binary_op_t)(int32_t a, int32_t b);

typedef struct point {
  int16_t x;
  int16_t y;
} point_t;

/* 32 bits of bitfields, one signed, one _Bool, one crossing a byte boundary. */
typedef struct status_bits {
  unsigned int ready : 1;
  unsigned int mode : 3;
  signed int delta : 4;
  unsigned int level : 7;
  bool error : 1;
  unsigned int code : 16;
} status_bits_t;

typedef union word {
  uint32_t u32;
  uint16_t u16[2];
  uint8_t u8[4];
  float f32;
} word_t;

typedef struct record {
  char name[8];
  point_t position;
  color_t color;
  status_bits_t status;
  float gain;
  const struct record *next;
  binary_op_t combine;
} record_t;

/* A struct with an anonymous union member (C11 6.7.2.1p13). */
typedef struct packet {
  uint8_t kind;
  union {
    uint32_t word;
    uint8_t raw[4];
  };
} packet_t;

/* variables.c: fixture values that never change, see README.md for each value. */
extern int8_t g_i8;
extern uint8_t g_u8;
extern int16_t g_i16;
extern uint16_t g_u16;
extern int32_t g_i32;
extern uint32_t g_u32;
extern int64_t g_i64;
extern uint64_t g_u64;
extern int g_int;
extern unsigned long g_ulong;
extern float g_float;
extern double g_double;
extern bool g_true;
extern bool g_false;
extern char g_char;
extern char g_string[16];
extern const char *g_message;
extern color_t g_color;
extern run_mode_t g_mode;
extern status_bits_t g_status;
extern word_t g_word;
extern packet_t g_packet;
extern point_t g_points[3];
extern int32_t g_squares[8];
extern int16_t g_matrix[3][4];
extern uint8_t g_bytes[6];
extern record_t g_record;
extern record_t g_record_tail;
extern int32_t *g_square_ptr;
extern int32_t **g_square_ptr_ptr;
extern record_t *g_record_ptr;
extern record_t *g_null_record;
extern void *g_void_ptr;
extern binary_op_t g_op;
extern timestamp_t g_timestamp;
extern const uint32_t g_const_magic;
extern const int16_t g_const_table[4];
extern volatile uint16_t g_volatile_u16;
extern uint32_t g_bss_word;

/* variables.c: live values the firmware updates every tick. */
extern volatile uint32_t systick_ticks;
extern volatile uint32_t loop_count;
extern volatile int32_t g_last_result;
extern volatile uint32_t g_recursion_result;
extern volatile uint32_t recursion_bottom_hits;

/* fault.c */
extern volatile int32_t fault_trigger;
extern volatile uint32_t hardfault_count;
extern volatile int32_t hardfault_kind;
void fault_now(int32_t kind);

/* board.c */
extern uint32_t clock_hz;
void board_init(void);
void usart_puts(const char *text);
void led_toggle(void);

/* workload.c */
int32_t add_ints(int32_t a, int32_t b);
int32_t mul_ints(int32_t a, int32_t b);
int32_t nested_blocks(int32_t arg);
uint32_t recurse(uint32_t depth);
uint32_t recursion_bottom(uint32_t depth_reached);
int32_t typed_args(int8_t small, uint16_t medium, int64_t wide, float ratio, double precise,
                   bool enabled, point_t where, const record_t *rec);
void work_step(uint32_t iteration);

/* rtt.c: the RTT control block `_SEGGER_RTT` (up and down channel 0) and what the debugger asks of it. */
extern volatile uint32_t rtt_request_lines;
extern volatile uint32_t rtt_lines_written;
void rtt_hello(void);
void rtt_poll(void);

/* semihosting.c: semihosting calls, made only on the debugger's request. */
extern volatile uint32_t semihosting_request;
extern volatile uint32_t semihosting_exit_code;
extern volatile uint32_t semihosting_read_count;
void semihosting_poll(void);

#endif
