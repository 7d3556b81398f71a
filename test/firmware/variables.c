/* Global and static variables of every C type the debugger must show, with distinctive fixed
 * values (documented in README.md), plus the live counters. No code besides initialisers. */
#include "firmware.h"

int8_t g_i8 = -8;
uint8_t g_u8 = 0xA8;
int16_t g_i16 = -1616;
uint16_t g_u16 = 0xBEEF;
int32_t g_i32 = -323232;
uint32_t g_u32 = 0x12345678;
int64_t g_i64 = -0x123456789ALL;
uint64_t g_u64 = 0xFEDCBA9876543210ULL;
int g_int = 42;
unsigned long g_ulong = 4000000000UL;
float g_float = 3.5f;
double g_double = -1234.5625;
bool g_true = true;
bool g_false = false;
char g_char = 'A';
char g_string[16] = "hello, dwarf";
const char *g_message = "OpenOCD Debug";
color_t g_color = COLOR_BLUE;
run_mode_t g_mode = MODE_OFF;
status_bits_t g_status = { .ready = 1, .mode = 5, .delta = -3, .level = 100, .error = true, .code = 0xABCD };
word_t g_word = { .u32 = 0x40490FDB };
packet_t g_packet = { .kind = 7, .word = 0x11223344 };
point_t g_points[3] = { { 1, 2 }, { 3, 4 }, { -5, -6 } };
int32_t g_squares[8] = { 0, 1, 4, 9, 16, 25, 36, 49 };
int16_t g_matrix[3][4] = { { 11, 12, 13, 14 }, { 21, 22, 23, 24 }, { 31, 32, 33, 34 } };
uint8_t g_bytes[6] = { 0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x7F };
record_t g_record_tail = {
  .name = "tail", .position = { -1, -2 }, .color = COLOR_RED,
  .status = { .ready = 0, .mode = 1, .delta = 7, .level = 1, .error = false, .code = 1 },
  .gain = -0.5f, .next = 0, .combine = add_ints,
};
record_t g_record = {
  .name = "sensor", .position = { 100, -200 }, .color = COLOR_GREEN,
  .status = { .ready = 1, .mode = 2, .delta = -8, .level = 127, .error = false, .code = 0x1234 },
  .gain = 0.25f, .next = &g_record_tail, .combine = mul_ints,
};
int32_t *g_square_ptr = &g_squares[3];
int32_t **g_square_ptr_ptr = &g_square_ptr;
record_t *g_record_ptr = &g_record;
record_t *g_null_record = 0;
void *g_void_ptr = &g_u32;
binary_op_t g_op = add_ints;
timestamp_t g_timestamp = 0xCAFEF00D;
const uint32_t g_const_magic = 0xC0FFEE00;
const int16_t g_const_table[4] = { -1, 0, 1, 0x7FFF };
volatile uint16_t g_volatile_u16 = 0x5A5A;
uint32_t g_bss_word;

/* File-scope static; `used` keeps it (and its DWARF location) at -O2 although no code reads it. */
static int16_t s_file_static __attribute__((used)) = -77;

volatile uint32_t systick_ticks;
volatile uint32_t loop_count;
volatile int32_t g_last_result;
volatile uint32_t g_recursion_result;
volatile uint32_t recursion_bottom_hits;
