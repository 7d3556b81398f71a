// How the Peripherals webview writes numbers: values in hex, decimal or binary padded to their
// bit width, addresses in hex, and a field's bit range. Pure; no DOM.
import type { NumberFormat } from '../../extension/peripherals/peripheralMessages';

/** A value of `bitWidth` bits: hex and binary are zero-padded to the width so columns line up. */
export function formatValue(value: number, format: NumberFormat, bitWidth: number): string {
  if (format === 'decimal') return value.toString(10);
  if (format === 'binary') return `0b${value.toString(2).padStart(bitWidth, '0')}`;
  return `0x${value.toString(16).toUpperCase().padStart(Math.ceil(bitWidth / 4), '0')}`;
}

export function formatAddress(address: number): string {
  return `0x${address.toString(16).toUpperCase().padStart(8, '0')}`;
}

/** SVD bit range notation `[msb:lsb]` (SVD: bitRangeLsbMsbStyle), `[lsb]` for one bit. */
export function formatBits(bitOffset: number, bitWidth: number): string {
  return bitWidth === 1 ? `[${bitOffset}]` : `[${bitOffset + bitWidth - 1}:${bitOffset}]`;
}

/** The format after `format` when the user clicks a value's format badge. */
export function nextFormat(format: NumberFormat): NumberFormat {
  return format === 'hex' ? 'decimal' : format === 'decimal' ? 'binary' : 'hex';
}
