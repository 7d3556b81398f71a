// Parses the entries of one .debug_frame or .eh_frame section into CIEs and FDEs (DWARF5 6.4.1,
// LSB 5.0 10.6). It decodes headers only; call frame instructions stay bytes for cfaInstructions.ts.
import { ByteReader, ByteReaderOverrun, DwarfFormatError } from '../../common';
import { DW_EH_PE_absptr, DW_EH_PE_omit } from './dwCfa';

import { PointerBases, PointerEncodingError, readEncodedPointer } from './pointerEncoding';

export type CfiSectionName = '.debug_frame' | '.eh_frame';

/** One call frame section and what its pointers are relative to. */
export interface CfiSection {
  readonly name: CfiSectionName;
  readonly bytes: Uint8Array;
  readonly littleEndian: boolean;
  /** Size of a target address; .debug_frame v4 CIEs may override it. */
  readonly addressSize: 4 | 8;
  /** sh_addr of the section, for pc-relative .eh_frame pointers. */
  readonly address?: number;
  readonly textAddress?: number;
  readonly dataAddress?: number;
  /**
   * ARM: clear bit 0 of FDE initial locations. An FDE of a Thumb assembler function is relocated
   * against the symbol, Thumb bit included, while its advance_loc deltas count from the real start.
   */
  readonly clearThumbBit?: boolean;
}

/** A Common Information Entry (DWARF5 6.4.1): what the FDEs of one kind share. */
export interface CommonInformationEntry {
  readonly section: CfiSectionName;
  /** Offset of the entry's length field in its section. */
  readonly offset: number;
  readonly format: 32 | 64;
  readonly version: number;
  readonly augmentation: string;
  readonly addressSize: 4 | 8;
  readonly segmentSelectorSize: number;
  readonly codeAlignmentFactor: number;
  readonly dataAlignmentFactor: number;
  readonly returnAddressRegister: number;
  /** 'R' augmentation: how FDE addresses are encoded (DW_EH_PE_absptr otherwise). */
  readonly fdePointerEncoding: number;
  /** 'L' augmentation: how FDE LSDA pointers are encoded. */
  readonly lsdaEncoding?: number;
  /** 'P' augmentation: the personality routine (not used for unwinding). */
  readonly personality?: number;
  /** 'S' augmentation: the FDEs describe signal frames. */
  readonly isSignalFrame: boolean;
  readonly initialInstructions: Uint8Array;
  /** Section offset of initialInstructions[0], for error messages. */
  readonly instructionsOffset: number;
}

/** A Frame Description Entry (DWARF5 6.4.1): the unwind program of one address range. */
export interface FrameDescriptionEntry {
  readonly section: CfiSectionName;
  readonly offset: number;
  readonly cie: CommonInformationEntry;
  readonly initialLocation: number;
  readonly addressRange: number;
  readonly lsda?: number;
  readonly instructions: Uint8Array;
  readonly instructionsOffset: number;
}

/** Everything one section holds, plus what could not be read (warnings, never exceptions). */
export interface CallFrameEntries {
  readonly cies: CommonInformationEntry[];
  readonly fdes: FrameDescriptionEntry[];
  readonly warnings: DwarfFormatError[];
}

/** Parses every entry of `section`. Bad entries are skipped with a warning naming their offset. */
export function parseCallFrameEntries(section: CfiSection): CallFrameEntries {
  const reader = new ByteReader(section.bytes, section.littleEndian);
  const cies = new Map<number, CommonInformationEntry | DwarfFormatError>();
  const fdes: FrameDescriptionEntry[] = [];
  const warnings: DwarfFormatError[] = [];
  const isEh = section.name === '.eh_frame';
  const cieAt = (offset: number): CommonInformationEntry | DwarfFormatError => {
    const known = cies.get(offset);
    if (known) return known;
    // No resolver passed down: an FDE found here is an error, so CIE pointers cannot loop.
    const cie = readEntryAt(section, offset, undefined);
    cies.set(offset, cie);
    return cie;
  };

  while (!reader.atEnd) {
    const offset = reader.offset;
    let length: number;
    try {
      length = reader.u32();
      if (length === 0xffff_ffff) length = reader.u64Number();
    } catch {
      warnings.push(new DwarfFormatError('truncated entry length', section.name, offset));
      break;
    }
    // .eh_frame ends at a zero terminator (LSB 10.6.1); .debug_frame may hold zero padding words.
    if (length === 0) {
      if (isEh) break;
      continue;
    }
    if (length > reader.remaining) {
      warnings.push(new DwarfFormatError(`entry length ${length} passes the end of the section`, section.name, offset));
      break;
    }
    reader.skip(length);
    const entry = readEntryAt(section, offset, cieAt);
    if (entry instanceof DwarfFormatError) {
      warnings.push(entry);
    } else if ('augmentation' in entry) {
      if (!cies.has(offset)) cies.set(offset, entry);
    } else {
      fdes.push(entry);
    }
  }
  const cieList = [...cies.values()].filter((cie): cie is CommonInformationEntry => !(cie instanceof DwarfFormatError));
  return { cies: cieList.sort((a, b) => a.offset - b.offset), fdes, warnings };
}

type CieResolver = (offset: number) => CommonInformationEntry | DwarfFormatError;

/**
 * Reads the entry whose length field is at `offset`; errors come back as values. Without a CIE
 * resolver only a CIE is acceptable there.
 */
function readEntryAt(section: CfiSection, offset: number, cieAt: undefined): CommonInformationEntry | DwarfFormatError;
function readEntryAt(section: CfiSection, offset: number, cieAt: CieResolver): CommonInformationEntry | FrameDescriptionEntry | DwarfFormatError;
function readEntryAt(
  section: CfiSection,
  offset: number,
  cieAt: CieResolver | undefined,
): CommonInformationEntry | FrameDescriptionEntry | DwarfFormatError {
  try {
    const outer = new ByteReader(section.bytes, section.littleEndian, offset);
    let length = outer.u32();
    const format = length === 0xffff_ffff ? 64 : 32;
    if (format === 64) length = outer.u64Number();
    const r = outer.sub(length);
    const idOffset = r.offset;
    const id = format === 64 ? r.u64() : BigInt(r.u32());
    const isEh = section.name === '.eh_frame';
    const isCie = isEh ? id === 0n : id === (format === 64 ? 0xffff_ffff_ffff_ffffn : 0xffff_ffffn);
    if (isCie) return readCie(section, offset, format, r);
    // .eh_frame: CIE pointer counts back from the field itself; .debug_frame: a section offset.
    const cieOffset = isEh ? idOffset - Number(id) : Number(id);
    if (!cieAt) return new DwarfFormatError('an FDE where a CIE was expected', section.name, offset);
    // ByteReader does not reject negative starts, so bound the pointer before following it.
    if (!(cieOffset >= 0 && cieOffset < section.bytes.length)) {
      return new DwarfFormatError(`CIE pointer 0x${id.toString(16)} leads outside the section`, section.name, offset);
    }
    const cie = cieAt(cieOffset);
    if (cie instanceof DwarfFormatError) {
      return new DwarfFormatError(`FDE refers to an unreadable CIE at 0x${cieOffset.toString(16)}: ${cie.message}`, section.name, offset);
    }
    return readFde(section, offset, cie, r);
  } catch (error) {
    if (error instanceof ByteReaderOverrun) return new DwarfFormatError('entry ends inside its fields', section.name, offset);
    if (error instanceof PointerEncodingError) return new DwarfFormatError(error.message, section.name, offset);
    if (error instanceof DwarfFormatError) return error;
    throw error;
  }
}

function readCie(section: CfiSection, offset: number, format: 32 | 64, r: ByteReader): CommonInformationEntry {
  const version = r.u8();
  const known = section.name === '.eh_frame' ? [1, 3] : [1, 3, 4];
  if (!known.includes(version)) throw new DwarfFormatError(`CIE version ${version} is not supported`, section.name, offset);
  const augmentation = r.cString();
  let addressSize = section.addressSize;
  let segmentSelectorSize = 0;
  if (version >= 4) {
    const size = r.u8();
    if (size !== 4 && size !== 8) throw new DwarfFormatError(`CIE address size ${size}`, section.name, offset);
    addressSize = size;
    segmentSelectorSize = r.u8();
  }
  // GCC's pre-'z' augmentation "eh" carries one address-sized EH data pointer (LSB 10.6.1.1).
  if (augmentation.includes('eh')) r.skip(addressSize);
  const codeAlignmentFactor = r.uleb128();
  const dataAlignmentFactor = r.sleb128();
  const returnAddressRegister = version === 1 ? r.u8() : r.uleb128();
  let fdePointerEncoding = DW_EH_PE_absptr;
  let lsdaEncoding: number | undefined;
  let personality: number | undefined;
  let isSignalFrame = false;
  if (augmentation.startsWith('z')) {
    const data = r.sub(r.uleb128());
    const bases: PointerBases = { addressSize, sectionAddress: section.address, textAddress: section.textAddress, dataAddress: section.dataAddress };
    for (const letter of augmentation.slice(1)) {
      if (letter === 'R') fdePointerEncoding = data.u8();
      else if (letter === 'L') lsdaEncoding = data.u8();
      else if (letter === 'P') personality = readEncodedPointer(data, data.u8(), bases)?.value;
      else if (letter === 'S') isSignalFrame = true;
      // 'B' (AArch64 BTI) and unknown letters: the length prefix lets us skip their data.
    }
  } else if (augmentation !== '' && augmentation !== 'eh') {
    throw new DwarfFormatError(`CIE augmentation '${augmentation}' is not understood`, section.name, offset);
  }
  const instructionsOffset = r.offset;
  return {
    section: section.name, offset, format, version, augmentation, addressSize, segmentSelectorSize, codeAlignmentFactor,
    dataAlignmentFactor, returnAddressRegister, fdePointerEncoding, lsdaEncoding, personality, isSignalFrame,
    initialInstructions: r.bytesView(r.remaining), instructionsOffset,
  };
}

function readFde(section: CfiSection, offset: number, cie: CommonInformationEntry, r: ByteReader): FrameDescriptionEntry {
  const bases: PointerBases = { addressSize: cie.addressSize, sectionAddress: section.address, textAddress: section.textAddress, dataAddress: section.dataAddress };
  r.skip(cie.segmentSelectorSize);
  const start = readEncodedPointer(r, cie.fdePointerEncoding, bases);
  const range = readEncodedPointer(r, cie.fdePointerEncoding, bases, true);
  if (!start || !range) throw new DwarfFormatError('FDE address encoding is DW_EH_PE_omit', section.name, offset);
  if (start.indirect) throw new DwarfFormatError('FDE initial location is DW_EH_PE_indirect', section.name, offset);
  let lsda: number | undefined;
  if (cie.augmentation.startsWith('z')) {
    const data = r.sub(r.uleb128());
    if (cie.lsdaEncoding !== undefined && cie.lsdaEncoding !== DW_EH_PE_omit) {
      lsda = readEncodedPointer(data, cie.lsdaEncoding, { ...bases, functionAddress: start.value })?.value;
    }
  }
  const instructionsOffset = r.offset;
  const initialLocation = section.clearThumbBit ? start.value - (start.value % 2) : start.value;
  return {
    section: section.name, offset, cie, initialLocation, addressRange: range.value, lsda,
    instructions: r.bytesView(r.remaining), instructionsOffset,
  };
}
