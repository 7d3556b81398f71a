// The field codec: register value -> fields (raw value and enum name), field write -> register
// value honouring modifiedWriteValues and writeConstraint, and whether a read has side effects.
// Pure bigint arithmetic; it never touches memory.

import { UserError } from '../common';
import type { SvdEnumeratedValue, SvdField, SvdRegister } from './svdModel';
import { bitMask } from './svdValues';

/** One field of a decoded register value. */
export interface SvdDecodedField {
  readonly field: SvdField;
  /** The field's bits, shifted down to bit 0. */
  readonly raw: bigint;
  /** The enumerated value that matches (read usage), if any. */
  readonly enumValue?: SvdEnumeratedValue;
}

/** A register value to write for a field write, and what the write does besides. */
export interface SvdFieldWrite {
  readonly value: bigint;
  /** Other fields that any write changes (modifiedWriteValues clear/set), named by path. */
  readonly sideEffects: readonly string[];
}

/** The field's bits of a register value. */
export function fieldValue(field: SvdField, registerValue: bigint): bigint {
  return (registerValue >> BigInt(field.bitOffset)) & bitMask(field.bitWidth);
}

/**
 * The enumerated value `raw` stands for (SVD: enumeratedValue). Only enumeratedValues whose usage
 * fits `usage` are considered; don't-care bits (`#1x0`) match anything; an isDefault entry
 * matches when no other one does.
 */
export function matchEnum(field: SvdField, raw: bigint, usage: 'read' | 'write' = 'read'): SvdEnumeratedValue | undefined {
  for (const set of field.enumeratedValues) {
    if (set.usage !== usage && set.usage !== 'read-write') continue;
    let fallback: SvdEnumeratedValue | undefined;
    for (const entry of set.values) {
      if (entry.value === undefined) {
        if (entry.isDefault) fallback ??= entry;
        continue;
      }
      const care = ~entry.dontCareMask;
      if ((raw & care) === (entry.value & care)) return entry;
    }
    return fallback;
  }
  return undefined;
}

/** Splits a register value into its fields, in the register's field order. */
export function decodeRegister(register: SvdRegister, value: bigint): SvdDecodedField[] {
  return register.fields.map((field) => {
    const raw = fieldValue(field, value);
    return { field, raw, enumValue: matchEnum(field, raw, 'read') };
  });
}

/**
 * Why reading `register` on an automatic refresh is unsafe or useless, or undefined when it is
 * safe. SVD readAction (on the register or any field) means the read itself changes the
 * peripheral (clears a flag, pops a FIFO); write-only registers read back nothing meaningful.
 */
export function readHazard(register: SvdRegister): string | undefined {
  if (register.access === 'write-only' || register.access === 'writeOnce') return `${register.access} register`;
  if (register.readAction !== undefined) return `readAction ${register.readAction}`;
  for (const field of register.fields) {
    if (field.readAction !== undefined) return `readAction ${field.readAction} on field ${field.name}`;
  }
  return undefined;
}

/** True when an automatic refresh may read the register (see readHazard). */
export function isSafeToRefresh(register: SvdRegister): boolean {
  return readHazard(register) === undefined;
}

/**
 * The register value to write so that `field` receives `value` and no other field changes by
 * accident (SVD: modifiedWriteValues). Other fields get their current value (`currentValue`, or
 * the reset value when the register cannot be read), except where writing it would act:
 * oneToClear/oneToSet/oneToToggle fields get 0, zeroToClear/zeroToSet/zeroToToggle fields get
 * all ones. Throws UserError naming the field when the value breaks its width, access or
 * writeConstraint.
 */
export function encodeFieldWrite(register: SvdRegister, field: SvdField, value: bigint, currentValue?: bigint): SvdFieldWrite {
  checkFieldWrite(field, value, currentValue);
  let result = currentValue ?? register.resetValue;
  const sideEffects: string[] = [];
  for (const other of register.fields) {
    if (other === field) continue;
    const mask = bitMask(other.bitWidth) << BigInt(other.bitOffset);
    switch (other.modifiedWriteValues) {
      case 'oneToClear':
      case 'oneToSet':
      case 'oneToToggle':
        result &= ~mask;
        break;
      case 'zeroToClear':
      case 'zeroToSet':
      case 'zeroToToggle':
        result |= mask;
        break;
      case 'clear':
      case 'set':
        if (other.access !== 'read-only') sideEffects.push(other.path);
        break;
      default:
        break;
    }
  }
  const mask = bitMask(field.bitWidth) << BigInt(field.bitOffset);
  result = (result & ~mask) | (value << BigInt(field.bitOffset));
  return { value: result & bitMask(register.size), sideEffects };
}

/** Throws UserError when `value` cannot be written to `field` (width, access, writeConstraint). */
export function checkFieldWrite(field: SvdField, value: bigint, currentValue?: bigint): void {
  if (field.access === 'read-only') throw new UserError(`${field.path} is read-only`);
  if (value < 0n || value > bitMask(field.bitWidth)) {
    throw new UserError(`${field.path}: ${value} does not fit in ${field.bitWidth} bit${field.bitWidth === 1 ? '' : 's'}`);
  }
  const constraint = field.writeConstraint;
  if (constraint === undefined) return;
  if (constraint.kind === 'range' && (value < constraint.minimum || value > constraint.maximum)) {
    throw new UserError(`${field.path}: ${value} is outside the allowed range ${constraint.minimum}..${constraint.maximum}`);
  }
  if (constraint.kind === 'useEnumeratedValues' && matchEnum(field, value, 'write') === undefined) {
    const allowed = allowedNames(field);
    throw new UserError(`${field.path}: ${value} is not one of its enumerated values${allowed === '' ? '' : ` (${allowed})`}`);
  }
  if (constraint.kind === 'writeAsRead' && currentValue !== undefined && value !== fieldValue(field, currentValue)) {
    throw new UserError(`${field.path} may only be written with the value read from it`);
  }
}

/**
 * Throws UserError when `value` cannot be written to the whole register: read-only, wider than
 * the register, or outside its own writeConstraint (SVD: register-level writeConstraint).
 */
export function checkRegisterWrite(register: SvdRegister, value: bigint, currentValue?: bigint): void {
  if (register.access === 'read-only') throw new UserError(`${register.path} is read-only`);
  if (value < 0n || value > bitMask(register.size)) throw new UserError(`${register.path}: ${value} does not fit in ${register.size} bits`);
  const constraint = register.writeConstraint;
  if (constraint?.kind === 'range' && (value < constraint.minimum || value > constraint.maximum)) {
    throw new UserError(`${register.path}: ${value} is outside the allowed range ${constraint.minimum}..${constraint.maximum}`);
  }
  if (constraint?.kind === 'writeAsRead' && currentValue !== undefined && value !== currentValue) {
    throw new UserError(`${register.path} may only be written with the value read from it`);
  }
  for (const field of register.fields) {
    if (field.access !== 'read-only') checkFieldWrite(field, fieldValue(field, value), currentValue);
  }
}

function allowedNames(field: SvdField): string {
  const names: string[] = [];
  for (const set of field.enumeratedValues) {
    if (set.usage === 'read') continue;
    for (const entry of set.values) {
      if (entry.value !== undefined) names.push(`${entry.name}=${entry.value}`);
    }
  }
  return names.join(', ');
}
