// Formats a resolved SVD model for the `svd` CLI: an indented text listing, a JSON document
// (bigints as hex strings) and the summary line. Pure; the CLI does the file and process I/O.

import type { SvdCluster, SvdDevice, SvdField, SvdRegister } from '../svd';

/** Counts for the summary line. */
export interface SvdCounts {
  readonly peripherals: number;
  readonly registers: number;
  readonly fields: number;
  readonly warnings: number;
  readonly errors: number;
}

/** Counts of a device (undefined when the load failed). */
export function countSvd(device: SvdDevice | undefined, errors: number): SvdCounts {
  const registers = device?.peripherals.flatMap((p) => p.registers) ?? [];
  return {
    peripherals: device?.peripherals.length ?? 0,
    registers: registers.length,
    fields: registers.reduce((n, r) => n + r.fields.length, 0),
    warnings: device?.warnings.length ?? 0,
    errors,
  };
}

/** `31 peripherals, 353 registers, 2564 fields, 0 warnings, 0 errors`. */
export function summaryLine(counts: SvdCounts): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    plural(counts.peripherals, 'peripheral'),
    plural(counts.registers, 'register'),
    plural(counts.fields, 'field'),
    plural(counts.warnings, 'warning'),
    plural(counts.errors, 'error'),
  ].join(', ');
}

const hex = (value: number | bigint, digits = 8): string => `0x${value.toString(16).toUpperCase().padStart(digits, '0')}`;
const oneLine = (text: string | undefined): string => (text === undefined ? '' : text.replace(/\s+/g, ' '));

/** The model as indented text: peripherals, clusters, registers, fields and enumerated values. */
export function formatSvdText(device: SvdDevice): string[] {
  const cpu = device.cpu;
  const lines = [
    `device ${device.name} (schema ${device.schemaVersion || '?'}), width ${device.width}` +
      (cpu === undefined ? '' : `, cpu ${cpu.name ?? '?'} ${cpu.revision ?? ''} ${cpu.endian}`.trimEnd()),
  ];
  for (const p of device.peripherals) {
    const blocks = p.addressBlocks.map((b) => `${hex(b.address)}+${hex(b.byteSize, 1)}${b.synthesized ? ' (assumed)' : ''}`).join(' ');
    const irqs = p.interrupts.map((i) => `${i.name}=${i.value}`).join(' ');
    lines.push(
      `${p.name} @ ${hex(p.baseAddress)}` +
        (p.groupName ? ` group ${p.groupName}` : '') +
        (p.derivedFrom ? ` derivedFrom ${p.derivedFrom}` : '') +
        ` blocks ${blocks || 'none'}` +
        (irqs ? ` interrupts ${irqs}` : ''),
    );
    for (const child of p.children) formatItem(child, '  ', lines);
  }
  return lines;
}

function formatItem(item: SvdCluster | SvdRegister, indent: string, lines: string[]): void {
  if (item.kind === 'cluster') {
    lines.push(`${indent}${item.name}/ @ ${hex(item.address)} cluster`);
    for (const child of item.children) formatItem(child, `${indent}  `, lines);
    return;
  }
  const extra = [
    item.readAction === undefined ? '' : ` readAction ${item.readAction}`,
    item.modifiedWriteValues === undefined ? '' : ` ${item.modifiedWriteValues}`,
    item.alternateRegister === undefined ? '' : ` alternate of ${item.alternateRegister}`,
  ].join('');
  lines.push(`${indent}${item.name} @ ${hex(item.address)} ${item.size} bits ${item.access} reset ${hex(item.resetValue, Math.ceil(item.size / 4))}${extra}`);
  for (const field of item.fields) formatField(field, `${indent}  `, lines);
}

function formatField(field: SvdField, indent: string, lines: string[]): void {
  const msb = field.bitOffset + field.bitWidth - 1;
  const bits = field.bitWidth === 1 ? `[${msb}]` : `[${msb}:${field.bitOffset}]`;
  const extra = [
    field.readAction === undefined ? '' : ` readAction ${field.readAction}`,
    field.modifiedWriteValues === undefined ? '' : ` ${field.modifiedWriteValues}`,
    field.writeConstraint === undefined ? '' : ` writeConstraint ${field.writeConstraint.kind}`,
  ].join('');
  lines.push(`${indent}${bits} ${field.name} ${field.access}${extra}`);
  for (const set of field.enumeratedValues) {
    for (const value of set.values) {
      const shown = value.value === undefined ? 'default' : enumText(value.value, value.dontCareMask, field.bitWidth);
      const description = oneLine(value.description);
      lines.push(`${indent}    ${shown} ${value.name}${set.usage === 'read-write' ? '' : ` (${set.usage})`}${description ? `: ${description}` : ''}`);
    }
  }
}

/** Enum values as decimal, or `#1xx0` when they have don't-care bits. */
function enumText(value: bigint, dontCareMask: bigint, bitWidth: number): string {
  if (dontCareMask === 0n) return value.toString();
  let text = '#';
  for (let bit = bitWidth - 1; bit >= 0; bit--) {
    const b = BigInt(bit);
    text += (dontCareMask >> b) & 1n ? 'x' : ((value >> b) & 1n).toString();
  }
  return text;
}

/** The model as JSON: bigints become hex strings, and the flat register lists are left out. */
export function formatSvdJson(device: SvdDevice, counts: SvdCounts): string {
  return JSON.stringify(
    { device, summary: counts },
    (key, value: unknown) => {
      if (typeof value === 'bigint') return `0x${value.toString(16)}`;
      if (key === 'registers' && Array.isArray(value)) return undefined;
      return value;
    },
    2,
  );
}
