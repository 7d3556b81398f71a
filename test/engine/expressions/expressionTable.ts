// The expression table checked against GDB's `print` on the halted firmware (stopped in
// recursion_bottom, after the first work_step): C operators, conversions, casts, pointers,
// members, arrays, enums, registers and errors over test/firmware's data.
export const EXPRESSION_TABLE: readonly string[] = [
  'g_squares[3] + 1', 'g_record.name', '&g_record', '&g_record.gain', '&g_squares[2]', '*g_square_ptr_ptr', '**g_square_ptr_ptr',
  'g_u8 + 1', 'g_i64 * 2', 'g_u32 > 5', '!g_int', '~g_u8', '-g_u32', '10/3', '10 % 3', '-7 / 2', '7.0/2', "'A'", "'\\n'", '(long)g_float',
  'g_matrix[1]', '&g_matrix[1]', '*g_matrix', 'g_matrix[2][3]', 'g_string + 1', '&g_string', 'g_string[4]', 'g_op', '*g_op', '&g_op',
  'main', '&main', 'g_packet.raw', 'g_packet.word', 'g_packet.kind', 'g_word.f32', 'g_word.u16[1]', '1 == 1', '3 > 2 && 0', '0 || g_int',
  '(unsigned char)g_u16', '0x7fffffff + 1', '4294967295', '4294967296', '1.5f', '2.5e3', '1e-5', 'g_float + 1', 'g_float * 2', 'g_double / 3',
  '(float)1/3', 'g_record.status.delta', 'g_record.status', 'g_record_ptr->next->name', 'g_record_ptr->next->gain * 4', 'g_points[1].y * 2',
  '(char)g_int', 'sizeof(g_record)', 'sizeof g_points', 'sizeof(int)', 'sizeof(struct record)', '(color_t)1', '(color_t)3', '(color_t)8',
  'COLOR_WHITE', 'g_color == COLOR_BLUE', '(run_mode_t)5', '(status_bits_t *)0', '(struct point *)&g_points[2]',
  '((struct point *)&g_points[2])->x', 'g_u64 >> 60', 'g_i8 << 2', 'g_i16 / 7', 'g_u16 % 1000', 'g_timestamp & 0xffff',
  'g_status.code ^ 0xff', 'g_record.position.x - g_record_tail.position.y', 'g_squares[7] - g_squares[2] * 3', '(g_int + 3) * 2',
  'g_int + 3 * 2', 'g_message', '*g_message', 'g_message[5]', 's_file_static', 'g_null_record == 0', 'g_square_ptr - &g_squares[0]',
  'g_square_ptr + 2', '*(g_square_ptr + 2)', 'g_void_ptr', '(int)g_double', 'g_i64 < 0 ? 1 : 2', '(unsigned int)g_i8', 'g_bytes',
  '(uint8_t)300', 'depth_reached', 'depth_reached + 1', '$sp', '$pc', 'g_nope', 'g_null_record->gain',
  'g_record.nope', '10 / 0', 'g_u64 * g_u64', '-g_i64', 'g_const_table[3] + 1', '(_Bool)g_int', '(_Bool)0', 'g_true == 1',
  'g_squares[1]@3', '*g_message@5', 'g_squares@2', 'g_squares[0]@2 + 1', 'g_record.position@2', 'g_i8@0', '5@2',
];
