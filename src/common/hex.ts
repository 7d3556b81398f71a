// Hexadecimal text for addresses and register values, as GDB and OpenOCD print them. Pure.

/** `0x` + at least 8 lower-case hex digits (a negative 32-bit number is shown as its unsigned word). */
export function hex32(value: bigint | number): string {
  const unsigned = typeof value === 'number' && value < 0 ? value >>> 0 : value;
  return `0x${unsigned.toString(16).padStart(8, '0')}`;
}
