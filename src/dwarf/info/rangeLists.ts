// Address ranges of DIEs: DW_AT_low_pc/high_pc, and DW_AT_ranges lists in .debug_ranges (DWARF 2-4)
// or .debug_rnglists (DWARF5 2.17.3, 7.25). Pure decoding; the unit resolves bases and indexes.
import { ByteReader, DwarfFormatError } from '../../common';
import { EM_ARM } from '../../elf';
import type { AttributeValue } from './attributeValue';
import * as C from './dwarfConstants';
import { inSection, maxAddress, readAddress } from './dwarfEncoding';
import { Die, sectionOffsetOf, Unit } from './unit';

/** A half-open address range [lowPc, highPc). */
export interface AddressRange {
  readonly lowPc: number;
  readonly highPc: number;
}

/** How list entries that use indexes or the base address get resolved. */
export interface ListContext {
  readonly addressSize: number;
  readonly littleEndian: boolean;
  /** Initial base address: the unit's DW_AT_low_pc. */
  readonly baseAddress: number;
  /** Entry `index` of the unit's .debug_addr table (DW_RLE_*x / DW_LLE_*x forms). */
  addressAtIndex(index: number): number;
}

/** The list context of a unit. */
export function listContextOf(unit: Unit): ListContext {
  return {
    addressSize: unit.header.addressSize,
    littleEndian: unit.context.sections.littleEndian,
    baseAddress: unit.baseAddress,
    addressAtIndex: (index) => unit.addressAtIndex(index),
  };
}

/**
 * The code ranges of a DIE (DWARF5 2.17): low_pc with high_pc (an address, or from DWARF 4 on an
 * offset from low_pc), or DW_AT_ranges. Empty when the DIE has no code. Empty ranges are dropped.
 */
export function dieRanges(die: Die): readonly AddressRange[] {
  let ranges = rangeCache.get(die);
  if (!ranges) {
    ranges = rangesOf(die.unit, (name) => die.attr(name));
    rangeCache.set(die, ranges);
  }
  return ranges;
}

/** Ranges per DIE: scope lookups ask for the same blocks again at every address. */
const rangeCache = new WeakMap<Die, readonly AddressRange[]>();

/** The code ranges of a unit's root DIE, without parsing the rest of its tree. */
export function unitRanges(unit: Unit): AddressRange[] {
  return rangesOf(unit, (name) => unit.rootAttr(name));
}

function rangesOf(unit: Unit, attr: (name: number) => AttributeValue | undefined): AddressRange[] {
  const ranges = attr(C.DW_AT_ranges);
  if (ranges) return readRangeList(unit, ranges);
  let lowPc = unit.address(attr(C.DW_AT_low_pc));
  if (lowPc === undefined) return [];
  const high = attr(C.DW_AT_high_pc);
  let highPc = high?.kind === 'constant' ? lowPc + Number(high.value) : unit.address(high);
  if (highPc === undefined) return [];
  if (lowPc % 2 === 1 && isArm(unit)) {
    lowPc = codeAddress(unit, lowPc);
    highPc = codeAddress(unit, highPc);
  }
  return highPc > lowPc ? [{ lowPc, highPc }] : [];
}

/**
 * A code address from a DIE with the Arm Thumb bit cleared: GNU as writes a Thumb function's
 * low_pc as its symbol value, bit 0 set (GDB undoes this in arm_adjust_dwarf2_addr).
 */
export function codeAddress(unit: Unit, address: number): number {
  return isArm(unit) ? address - (address % 2) : address;
}

function isArm(unit: Unit): boolean {
  return unit.context.sections.machine === EM_ARM;
}

/** Decodes the DW_AT_ranges value of a DIE in `unit`. */
export function readRangeList(unit: Unit, value: AttributeValue): AddressRange[] {
  const sections = unit.context.sections;
  const context = listContextOf(unit);
  if (value.kind === 'rnglistIndex') {
    return readRngList(sections.get('.debug_rnglists'), unit.listOffsetAtIndex('.debug_rnglists', value.index), context);
  }
  const offset = sectionOffsetOf(value);
  if (offset === undefined) throw new DwarfFormatError(`DW_AT_ranges has unexpected value kind ${value.kind}`, unit.header.section, unit.header.offset);
  // GNU split DWARF 4 added DW_AT_GNU_ranges_base to offsets in .debug_ranges.
  if (unit.header.version < 5) return readRanges(sections.get('.debug_ranges'), offset + (unit.rootSectionOffset(C.DW_AT_GNU_ranges_base) ?? 0), context);
  return readRngList(sections.get('.debug_rnglists'), offset, context);
}

/** A DWARF 2-4 range list in .debug_ranges (DWARF4 2.17.3): address pairs, base selection, (0, 0) end. */
export function readRanges(section: Uint8Array | undefined, offset: number, context: ListContext): AddressRange[] {
  const bytes = requireSection(section, '.debug_ranges', offset);
  return inSection('.debug_ranges', () => {
    const r = new ByteReader(bytes, context.littleEndian, offset);
    const max = maxAddress(context.addressSize);
    let base = context.baseAddress;
    const ranges: AddressRange[] = [];
    for (;;) {
      const begin = readAddress(r, context.addressSize);
      const end = readAddress(r, context.addressSize);
      if (begin === 0 && end === 0) return ranges;
      if (begin === max) base = end;
      else pushRange(ranges, base + begin, base + end);
    }
  });
}

/** A DWARF 5 range list in .debug_rnglists (DWARF5 2.17.3, 7.25): DW_RLE_* entries. */
export function readRngList(section: Uint8Array | undefined, offset: number, context: ListContext): AddressRange[] {
  const bytes = requireSection(section, '.debug_rnglists', offset);
  return inSection('.debug_rnglists', () => {
    const r = new ByteReader(bytes, context.littleEndian, offset);
    let base = context.baseAddress;
    const ranges: AddressRange[] = [];
    for (;;) {
      const at = r.offset;
      const kind = r.u8();
      switch (kind) {
        case C.DW_RLE_end_of_list: return ranges;
        case C.DW_RLE_base_addressx: base = context.addressAtIndex(r.uleb128()); break;
        case C.DW_RLE_startx_endx: {
          const start = context.addressAtIndex(r.uleb128());
          pushRange(ranges, start, context.addressAtIndex(r.uleb128()));
          break;
        }
        case C.DW_RLE_startx_length: {
          const start = context.addressAtIndex(r.uleb128());
          pushRange(ranges, start, start + r.uleb128());
          break;
        }
        case C.DW_RLE_offset_pair: {
          const start = base + r.uleb128();
          pushRange(ranges, start, base + r.uleb128());
          break;
        }
        case C.DW_RLE_base_address: base = readAddress(r, context.addressSize); break;
        case C.DW_RLE_start_end: {
          const start = readAddress(r, context.addressSize);
          pushRange(ranges, start, readAddress(r, context.addressSize));
          break;
        }
        case C.DW_RLE_start_length: {
          const start = readAddress(r, context.addressSize);
          pushRange(ranges, start, start + r.uleb128());
          break;
        }
        default: throw new DwarfFormatError(`unknown range list entry kind 0x${kind.toString(16)}`, '.debug_rnglists', at);
      }
    }
  });
}

/** Throws unless `offset` lies inside the section. */
export function requireSection(section: Uint8Array | undefined, name: string, offset: number): Uint8Array {
  if (!section || offset >= section.length) throw new DwarfFormatError(`list offset 0x${offset.toString(16)} is outside ${name}`, name, offset);
  return section;
}

function pushRange(ranges: AddressRange[], lowPc: number, highPc: number): void {
  if (highPc > lowPc) ranges.push({ lowPc, highPc });
}
