// Reads .eh_frame encoded pointers (DW_EH_PE_*, LSB 5.0 section 10.5 and the GCC unwinder's
// behaviour): value formats and pc/text/data/func-relative bases. It reads no target memory.
import { ByteReader } from '../../common';
import {
  DW_EH_PE_absptr, DW_EH_PE_aligned, DW_EH_PE_datarel, DW_EH_PE_funcrel, DW_EH_PE_indirect, DW_EH_PE_omit,
  DW_EH_PE_pcrel, DW_EH_PE_sdata2, DW_EH_PE_sdata4, DW_EH_PE_sdata8, DW_EH_PE_sleb128, DW_EH_PE_textrel,
  DW_EH_PE_udata2, DW_EH_PE_udata4, DW_EH_PE_udata8, DW_EH_PE_uleb128,
} from './dwCfa';

/** The bases relative encodings add to; unknown bases make such pointers unreadable. */
export interface PointerBases {
  readonly addressSize: 4 | 8;
  /** Run-time address of the section's first byte (sh_addr), for DW_EH_PE_pcrel. */
  readonly sectionAddress?: number;
  /** For DW_EH_PE_textrel: the .text address. */
  readonly textAddress?: number;
  /** For DW_EH_PE_datarel: the .got (or .eh_frame_hdr) address. */
  readonly dataAddress?: number;
  /** For DW_EH_PE_funcrel: the start of the function (FDE initial location). */
  readonly functionAddress?: number;
}

/** A decoded pointer; `indirect` means the value is where the pointer is stored in target memory. */
export interface EncodedPointer {
  readonly value: number;
  readonly indirect: boolean;
}

/** Raised for an encoding that cannot be read here; the parser turns it into a warning. */
export class PointerEncodingError extends Error {}

/**
 * Reads one pointer in `encoding` at the reader's cursor; the reader's bytes must be the section. Returns undefined for DW_EH_PE_omit.
 * `formatOnly` ignores the application bits, as FDE address ranges do (they are lengths).
 */
export function readEncodedPointer(
  reader: ByteReader,
  encoding: number,
  bases: PointerBases,
  formatOnly = false,
): EncodedPointer | undefined {
  if (encoding === DW_EH_PE_omit) return undefined;
  const application = formatOnly ? 0 : encoding & 0x70;
  // The reader's bytes are the whole section, so its offsets are section offsets.
  const fieldOffset = reader.offset;
  if (application === DW_EH_PE_aligned) {
    const misalign = ((bases.sectionAddress ?? 0) + fieldOffset) % bases.addressSize;
    if (misalign !== 0) reader.skip(bases.addressSize - misalign);
  }
  const raw = readFormat(reader, encoding & 0x0f, bases.addressSize);
  let base = 0;
  switch (application) {
    case 0:
    case DW_EH_PE_aligned:
      break;
    case DW_EH_PE_pcrel:
      base = need(bases.sectionAddress, 'DW_EH_PE_pcrel needs the section address') + fieldOffset;
      break;
    case DW_EH_PE_textrel:
      base = need(bases.textAddress, 'DW_EH_PE_textrel needs the .text address');
      break;
    case DW_EH_PE_datarel:
      base = need(bases.dataAddress, 'DW_EH_PE_datarel needs the data base address');
      break;
    case DW_EH_PE_funcrel:
      base = need(bases.functionAddress, 'DW_EH_PE_funcrel needs the function address');
      break;
    default:
      throw new PointerEncodingError(`unknown pointer application 0x${application.toString(16)}`);
  }
  const value = Number(BigInt.asUintN(bases.addressSize * 8, BigInt(base) + raw));
  return { value, indirect: !formatOnly && (encoding & DW_EH_PE_indirect) !== 0 };
}

function need(value: number | undefined, message: string): number {
  if (value === undefined) throw new PointerEncodingError(message);
  return value;
}

function readFormat(reader: ByteReader, format: number, addressSize: 4 | 8): bigint {
  switch (format) {
    case DW_EH_PE_absptr: return addressSize === 8 ? reader.u64() : BigInt(reader.u32());
    case DW_EH_PE_uleb128: return reader.uleb128Big();
    case DW_EH_PE_udata2: return BigInt(reader.u16());
    case DW_EH_PE_udata4: return BigInt(reader.u32());
    case DW_EH_PE_udata8: return reader.u64();
    case DW_EH_PE_sleb128: return reader.sleb128Big();
    case DW_EH_PE_sdata2: return BigInt(reader.i16());
    case DW_EH_PE_sdata4: return BigInt(reader.i32());
    case DW_EH_PE_sdata8: return reader.i64();
    default: throw new PointerEncodingError(`unknown pointer format 0x${format.toString(16)}`);
  }
}
