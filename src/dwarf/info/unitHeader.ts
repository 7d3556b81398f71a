// Unit headers of .debug_info (DWARF 2-5) and .debug_types (DWARF 4), DWARF5 7.5.1: compile,
// type, partial, skeleton and split units, in 32- and 64-bit DWARF. Knows nothing of DIEs.
import { ByteReader, DwarfFormatError } from '../../common';
import { DW_UT_compile, DW_UT_partial, DW_UT_skeleton, DW_UT_split_compile, DW_UT_split_type, DW_UT_type } from './dwarfConstants';
import { DwarfEncoding, inSection, readInitialLength, readOffset } from './dwarfEncoding';

/** A parsed unit header. Offsets are absolute in the unit's section. */
export interface UnitHeader extends DwarfEncoding {
  /** '.debug_info' or '.debug_types'. */
  readonly section: '.debug_info' | '.debug_types';
  /** Offset of the unit header (its unit_length field). */
  readonly offset: number;
  /** One past the unit's last byte. */
  readonly endOffset: number;
  /** Offset of the first DIE, right after the header. */
  readonly firstDieOffset: number;
  /** DW_UT_* (DWARF 2-4 units get DW_UT_compile, or DW_UT_type in .debug_types). */
  readonly unitType: number;
  readonly abbrevOffset: number;
  /** Type units: the signature and the absolute offset of the type DIE. */
  readonly typeSignature?: bigint;
  readonly typeOffset?: number;
  /** Skeleton and split compile units: the DWO id. */
  readonly dwoId?: bigint;
}

/** Reads the unit header at `offset`; validates version, unit type and sizes. */
export function readUnitHeader(section: Uint8Array, littleEndian: boolean, offset: number, sectionName: UnitHeader['section']): UnitHeader {
  return inSection(sectionName, () => {
    const r = new ByteReader(section, littleEndian, offset);
    const { length, offsetSize } = readInitialLength(r, sectionName);
    const endOffset = r.offset + length;
    if (endOffset > section.length) {
      throw new DwarfFormatError(`unit length 0x${length.toString(16)} passes the end of the section`, sectionName, offset);
    }
    const body = new ByteReader(section, littleEndian, r.offset, endOffset);
    const version = body.u16();
    if (version < 2 || version > 5) throw new DwarfFormatError(`unsupported DWARF version ${version}`, sectionName, offset);
    let unitType = sectionName === '.debug_types' ? DW_UT_type : DW_UT_compile;
    let addressSize: number;
    let abbrevOffset: number;
    if (version >= 5) {
      unitType = body.u8();
      addressSize = body.u8();
      abbrevOffset = readOffset(body, offsetSize);
    } else {
      abbrevOffset = readOffset(body, offsetSize);
      addressSize = body.u8();
    }
    if (![2, 4, 8].includes(addressSize)) throw new DwarfFormatError(`unsupported address size ${addressSize}`, sectionName, offset);
    let typeSignature: bigint | undefined;
    let typeOffset: number | undefined;
    let dwoId: bigint | undefined;
    switch (unitType) {
      case DW_UT_compile: case DW_UT_partial:
        break;
      case DW_UT_type: case DW_UT_split_type:
        typeSignature = body.u64();
        typeOffset = offset + readOffset(body, offsetSize);
        break;
      case DW_UT_skeleton: case DW_UT_split_compile:
        dwoId = body.u64();
        break;
      default:
        throw new DwarfFormatError(`unknown unit type 0x${unitType.toString(16)}`, sectionName, offset);
    }
    return {
      section: sectionName, offset, endOffset, firstDieOffset: body.offset, version, unitType, addressSize,
      offsetSize, abbrevOffset, typeSignature, typeOffset, dwoId,
    };
  });
}

/** Reads every unit header of a section, in order. */
export function readUnitHeaders(section: Uint8Array | undefined, littleEndian: boolean, sectionName: UnitHeader['section']): UnitHeader[] {
  const headers: UnitHeader[] = [];
  if (!section) return headers;
  for (let offset = 0; offset < section.length;) {
    const header = readUnitHeader(section, littleEndian, offset, sectionName);
    headers.push(header);
    offset = header.endOffset;
  }
  return headers;
}
