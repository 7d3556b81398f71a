// Location lists: .debug_loc (DWARF 2-4) and .debug_loclists (DWARF5 2.6.2, 7.7.3), decoded into
// entries of address range and expression bytes. Evaluating expressions is the expr reader's job.
import { ByteReader, DwarfFormatError } from '../../common';
import type { AttributeValue } from './attributeValue';
import * as C from './dwarfConstants';
import { inSection, maxAddress, readAddress } from './dwarfEncoding';
import { listContextOf, ListContext, requireSection } from './rangeLists';
import { sectionOffsetOf, Unit } from './unit';

/** One bounded location description: valid for pc in [lowPc, highPc). */
export interface LocationListEntry {
  readonly lowPc: number;
  readonly highPc: number;
  /** DWARF expression bytes (DW_OP_*); may be empty, meaning the value is optimized out there. */
  readonly expression: Uint8Array;
}

/** A decoded location list. */
export interface LocationList {
  readonly entries: readonly LocationListEntry[];
  /** DW_LLE_default_location: applies where no entry does (DWARF5 2.6.2). */
  readonly defaultExpression?: Uint8Array;
}

/** Decodes a loclistptr/loclistx value of a DIE in `unit`. */
export function readLocationList(unit: Unit, value: AttributeValue): LocationList {
  const sections = unit.context.sections;
  const context = listContextOf(unit);
  if (value.kind === 'loclistIndex') {
    return readLocLists(sections.get('.debug_loclists'), unit.listOffsetAtIndex('.debug_loclists', value.index), context);
  }
  const offset = sectionOffsetOf(value);
  if (offset === undefined) throw new DwarfFormatError(`location list has unexpected value kind ${value.kind}`, unit.header.section, unit.header.offset);
  if (unit.header.version < 5) return readLoc(sections.get('.debug_loc'), offset, context);
  return readLocLists(sections.get('.debug_loclists'), offset, context);
}

/** The expression that applies at `pc`, or undefined when the list has none there (optimized out). */
export function locationAt(list: LocationList, pc: number): Uint8Array | undefined {
  for (const entry of list.entries) if (pc >= entry.lowPc && pc < entry.highPc) return entry.expression;
  return list.defaultExpression;
}

/** A DWARF 2-4 list in .debug_loc (DWARF4 2.6.2): address pairs, u16 expression length, (0, 0) end. */
export function readLoc(section: Uint8Array | undefined, offset: number, context: ListContext): LocationList {
  const bytes = requireSection(section, '.debug_loc', offset);
  return inSection('.debug_loc', () => {
    const r = new ByteReader(bytes, context.littleEndian, offset);
    const max = maxAddress(context.addressSize);
    let base = context.baseAddress;
    const entries: LocationListEntry[] = [];
    for (;;) {
      const begin = readAddress(r, context.addressSize);
      const end = readAddress(r, context.addressSize);
      if (begin === 0 && end === 0) return { entries };
      if (begin === max) {
        base = end;
        continue;
      }
      entries.push({ lowPc: base + begin, highPc: base + end, expression: r.bytesView(r.u16()) });
    }
  });
}

/** A DWARF 5 list in .debug_loclists (DWARF5 2.6.2, 7.7.3): DW_LLE_* entries. */
export function readLocLists(section: Uint8Array | undefined, offset: number, context: ListContext): LocationList {
  const bytes = requireSection(section, '.debug_loclists', offset);
  return inSection('.debug_loclists', () => {
    const r = new ByteReader(bytes, context.littleEndian, offset);
    let base = context.baseAddress;
    const entries: LocationListEntry[] = [];
    let defaultExpression: Uint8Array | undefined;
    const push = (lowPc: number, highPc: number): void => {
      entries.push({ lowPc, highPc, expression: r.bytesView(r.uleb128()) });
    };
    for (;;) {
      const at = r.offset;
      const kind = r.u8();
      switch (kind) {
        case C.DW_LLE_end_of_list: return { entries, defaultExpression };
        case C.DW_LLE_base_addressx: base = context.addressAtIndex(r.uleb128()); break;
        case C.DW_LLE_startx_endx: {
          const start = context.addressAtIndex(r.uleb128());
          push(start, context.addressAtIndex(r.uleb128()));
          break;
        }
        case C.DW_LLE_startx_length: {
          const start = context.addressAtIndex(r.uleb128());
          push(start, start + r.uleb128());
          break;
        }
        case C.DW_LLE_offset_pair: {
          const start = base + r.uleb128();
          push(start, base + r.uleb128());
          break;
        }
        case C.DW_LLE_default_location: defaultExpression = r.bytesView(r.uleb128()); break;
        case C.DW_LLE_base_address: base = readAddress(r, context.addressSize); break;
        case C.DW_LLE_start_end: {
          const start = readAddress(r, context.addressSize);
          push(start, readAddress(r, context.addressSize));
          break;
        }
        case C.DW_LLE_start_length: {
          const start = readAddress(r, context.addressSize);
          push(start, start + r.uleb128());
          break;
        }
        // GCC's -gvariable-location-views: a view pair precedes the entry it qualifies; skip it.
        case C.DW_LLE_GNU_view_pair: r.uleb128(); r.uleb128(); break;
        default: throw new DwarfFormatError(`unknown location list entry kind 0x${kind.toString(16)}`, '.debug_loclists', at);
      }
    }
  });
}
