// CIE/FDE parsing of .debug_frame and .eh_frame, with every pointer encoding, built byte by byte.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteReader } from '../../../src/common';
import {
  CallFrameInfo, CfiSection, DW_CFA_def_cfa, DW_CFA_nop, DW_EH_PE_absptr, DW_EH_PE_aligned, DW_EH_PE_datarel, DW_EH_PE_funcrel,
  DW_EH_PE_indirect, DW_EH_PE_omit, DW_EH_PE_pcrel, DW_EH_PE_sdata2, DW_EH_PE_sdata4, DW_EH_PE_sdata8, DW_EH_PE_sleb128,
  DW_EH_PE_textrel, DW_EH_PE_udata2, DW_EH_PE_udata4, DW_EH_PE_udata8, DW_EH_PE_uleb128, parseCallFrameEntries,
} from '../../../src/dwarf';
import { readEncodedPointer } from '../../../src/dwarf/cfi/pointerEncoding';
import { ByteBuilder } from '../../helpers/byteBuilder';
import { CfiSectionBuilder } from './cfiSectionBuilder';

const defCfaSp = [DW_CFA_def_cfa, 13, 0];

function section(bytes: Uint8Array, name: CfiSection['name'] = '.debug_frame', extra: Partial<CfiSection> = {}): CfiSection {
  return { name, bytes, littleEndian: true, addressSize: 4, ...extra };
}

describe('.debug_frame CIEs and FDEs (DWARF5 6.4.1)', () => {
  it('reads version 1, 3 and 4 CIEs and their FDEs', () => {
    const s = new CfiSectionBuilder(false)
      .cie({ label: 'v1', version: 1, codeAlignmentFactor: 2, dataAlignmentFactor: -4, returnAddressRegister: 14, instructions: defCfaSp })
      .fde({ cie: 'v1', writeAddresses: (b) => b.u32(0x0800_0100).u32(0x20), instructions: [DW_CFA_nop] })
      .cie({ label: 'v3', version: 3, codeAlignmentFactor: 1, dataAlignmentFactor: -8, returnAddressRegister: 300 })
      .fde({ cie: 'v3', writeAddresses: (b) => b.u32(0x0800_0200).u32(0x10) })
      .cie({ label: 'v4', version: 4, addressSize: 8, segmentSelectorSize: 2, returnAddressRegister: 1 })
      .fde({ cie: 'v4', writeAddresses: (b) => b.u16(7).u64(0x1_0000_0000n).u64(0x40) });
    const entries = parseCallFrameEntries(section(s.build()));
    assert.deepEqual(entries.warnings, []);
    assert.deepEqual(entries.cies.map((c) => [c.version, c.codeAlignmentFactor, c.dataAlignmentFactor, c.returnAddressRegister, c.addressSize, c.segmentSelectorSize]),
      [[1, 2, -4, 14, 4, 0], [3, 1, -8, 300, 4, 0], [4, 2, -4, 1, 8, 2]]);
    assert.deepEqual(entries.cies[0].initialInstructions, Uint8Array.from(defCfaSp));
    assert.deepEqual(entries.fdes.map((f) => [f.cie.version, f.initialLocation, f.addressRange, f.instructions.length]),
      [[1, 0x0800_0100, 0x20, 1], [3, 0x0800_0200, 0x10, 0], [4, 0x1_0000_0000, 0x40, 0]]);
  });

  it('reads 64-bit DWARF entries (length escape 0xffffffff, 8-byte CIE id and pointer)', () => {
    const s = new CfiSectionBuilder(false, 64)
      .cie({ label: 'c', instructions: defCfaSp })
      .fde({ cie: 'c', writeAddresses: (b) => b.u32(0x100).u32(0x8) });
    const entries = parseCallFrameEntries(section(s.build()));
    assert.deepEqual(entries.warnings, []);
    assert.equal(entries.cies[0].format, 64);
    assert.deepEqual(entries.fdes.map((f) => [f.offset, f.initialLocation, f.addressRange]), [[entries.fdes[0].offset, 0x100, 8]]);
  });

  it('skips zero padding words and indexes FDEs by address, ignoring empty ranges', () => {
    const s = new CfiSectionBuilder(false).cie({ label: 'c', instructions: defCfaSp });
    s.b.u32(0);
    s.fde({ cie: 'c', writeAddresses: (b) => b.u32(0x300).u32(0x10) })
      .fde({ cie: 'c', writeAddresses: (b) => b.u32(0x100).u32(0x10) })
      .fde({ cie: 'c', writeAddresses: (b) => b.u32(0).u32(0) })
      .fde({ cie: 'c', writeAddresses: (b) => b.u32(0x200).u32(0x80) });
    const cfi = new CallFrameInfo([section(s.build())]);
    assert.equal(cfi.fdes.length, 4);
    assert.equal(cfi.findFde(0x100)?.initialLocation, 0x100);
    assert.equal(cfi.findFde(0x10f)?.initialLocation, 0x100);
    assert.equal(cfi.findFde(0x110), undefined);
    assert.equal(cfi.findFde(0x27f)?.initialLocation, 0x200);
    assert.equal(cfi.findFde(0x30c)?.initialLocation, 0x300);
    assert.equal(cfi.findFde(0), undefined);
    assert.deepEqual(cfi.unwindRowFor(0x50), { kind: 'noCfi', address: 0x50, reason: 'no call frame information covers 0x50' });
    assert.match((new CallFrameInfo([]).unwindRowFor(0) as { reason: string }).reason, /no .debug_frame or .eh_frame section/);
  });

  it('clears the Thumb bit of FDE starts when asked (ARM assembler functions)', () => {
    const s = new CfiSectionBuilder(false).cie({ label: 'c', instructions: defCfaSp })
      .fde({ cie: 'c', writeAddresses: (b) => b.u32(0x8089).u32(0x10) });
    assert.equal(parseCallFrameEntries(section(s.build(), '.debug_frame', { clearThumbBit: true })).fdes[0].initialLocation, 0x8088);
    assert.equal(parseCallFrameEntries(section(s.build())).fdes[0].initialLocation, 0x8089);
  });

  it('turns malformed entries into warnings naming section and offset, keeping the good ones', () => {
    const s = new CfiSectionBuilder(false)
      .cie({ label: 'good', instructions: defCfaSp })
      .cie({ label: 'v2', version: 2 })
      .fde({ cie: 'v2', writeAddresses: (b) => b.u32(0x10).u32(4) })
      .cie({ label: 'aug', augmentation: 'xyz' })
      .fde({ cie: 'good', writeAddresses: (b) => b.u32(0x20).u32(4) });
    s.b.label('fde');
    s.fde({ cie: 'fde', writeAddresses: (b) => b.u32(0x30).u32(4) });
    // An FDE whose pointer names a non-entry offset, then a truncated entry.
    s.b.u32(8).u32(0x3).u32(0x40);
    s.b.u32(100).u32(0xffff_ffff);
    const entries = parseCallFrameEntries(section(s.build()));
    assert.deepEqual(entries.fdes.map((f) => f.initialLocation), [0x20]);
    const messages = entries.warnings.map((w) => w.message);
    assert.equal(messages.length, 6, messages.join('\n'));
    assert.match(messages[0], /^\.debug_frame\+0x[0-9a-f]+: CIE version 2 is not supported$/);
    assert.match(messages[1], /FDE refers to an unreadable CIE at 0x[0-9a-f]+: .*CIE version 2/);
    assert.match(messages[2], /CIE augmentation 'xyz' is not understood/);
    assert.match(messages[3], /an FDE where a CIE was expected/);
    assert.match(messages[4], /unreadable CIE at 0x3/);
    assert.match(messages[5], /entry length 100 passes the end of the section/);
  });
});

describe('.eh_frame entries (LSB 5.0 10.6)', () => {
  it('reads zR CIEs with pc-relative sdata4 FDE addresses and stops at the zero terminator', () => {
    const sectionAddress = 0x0800_1000;
    const s = new CfiSectionBuilder(true)
      .cie({ label: 'c', version: 1, augmentation: 'zR', augmentationData: [DW_EH_PE_pcrel | DW_EH_PE_sdata4], codeAlignmentFactor: 1, dataAlignmentFactor: -4, returnAddressRegister: 14, instructions: defCfaSp });
    s.fde({
      cie: 'c',
      // pc-relative: the target minus the field's own address.
      writeAddresses: (b) => b.u32(0x0800_0040 - (sectionAddress + b.length)).u32(0x24),
      augmentationData: [],
      instructions: [DW_CFA_nop],
    });
    s.b.u32(0);
    s.fde({ cie: 'c', writeAddresses: (b) => b.u32(0).u32(0), augmentationData: [] });
    const entries = parseCallFrameEntries(section(s.build(), '.eh_frame', { address: sectionAddress }));
    assert.deepEqual(entries.warnings, []);
    assert.deepEqual(entries.fdes.map((f) => [f.initialLocation, f.addressRange]), [[0x0800_0040, 0x24]]);
    assert.equal(entries.cies[0].fdePointerEncoding, DW_EH_PE_pcrel | DW_EH_PE_sdata4);
  });

  it('reads zPLR CIEs: personality, LSDA encoding and each FDE\'s LSDA pointer', () => {
    const s = new CfiSectionBuilder(true).cie({
      label: 'c', version: 3, augmentation: 'zPLRS',
      augmentationData: [DW_EH_PE_udata4, 0x78, 0x56, 0x34, 0x12, DW_EH_PE_udata2, DW_EH_PE_udata4],
      instructions: defCfaSp,
    }).fde({ cie: 'c', writeAddresses: (b) => b.u32(0x4000).u32(0x100), augmentationData: [0x34, 0x12] });
    const entries = parseCallFrameEntries(section(s.build(), '.eh_frame'));
    assert.deepEqual(entries.warnings, []);
    const cie = entries.cies[0];
    assert.deepEqual([cie.personality, cie.lsdaEncoding, cie.fdePointerEncoding, cie.isSignalFrame], [0x1234_5678, DW_EH_PE_udata2, DW_EH_PE_udata4, true]);
    assert.deepEqual([entries.fdes[0].initialLocation, entries.fdes[0].addressRange, entries.fdes[0].lsda], [0x4000, 0x100, 0x1234]);
  });

  it('reads the pre-z "eh" augmentation and absptr addresses', () => {
    const s = new CfiSectionBuilder(true);
    const start = s.b.length;
    s.b.label('c').unitLength('e').u32(0).u8(1).cString('eh').u32(0xdead_beef).uleb(2).sleb(-4).u8(14).raw(defCfaSp).label('e');
    assert.equal(start, 0);
    s.fde({ cie: 'c', writeAddresses: (b) => b.u32(0x500).u32(8) });
    const entries = parseCallFrameEntries(section(s.build(), '.eh_frame'));
    assert.deepEqual(entries.warnings, []);
    assert.deepEqual(entries.cies[0].initialInstructions, Uint8Array.from(defCfaSp));
    assert.equal(entries.fdes[0].initialLocation, 0x500);
  });

  it('refuses FDEs with indirect or omitted initial locations', () => {
    const build = (encoding: number): string[] => {
      const s = new CfiSectionBuilder(true).cie({ label: 'c', augmentation: 'zR', augmentationData: [encoding] })
        .fde({ cie: 'c', writeAddresses: (b) => b.u32(0x10).u32(4), augmentationData: [] });
      return parseCallFrameEntries(section(s.build(), '.eh_frame')).warnings.map((w) => w.message);
    };
    assert.match(build(DW_EH_PE_indirect | DW_EH_PE_udata4)[0], /DW_EH_PE_indirect/);
    assert.match(build(DW_EH_PE_omit)[0], /DW_EH_PE_omit/);
    assert.match(build(0x07)[0], /unknown pointer format 0x7/);
    assert.match(build(DW_EH_PE_pcrel | DW_EH_PE_udata4)[0], /DW_EH_PE_pcrel needs the section address/);
  });
});

describe('DW_EH_PE pointer encodings', () => {
  const read = (bytes: ByteBuilder, encoding: number, offset = 0, addressSize: 4 | 8 = 4): number | undefined => {
    const reader = new ByteReader(bytes.build(), true, offset);
    return readEncodedPointer(reader, encoding, { addressSize, sectionAddress: 0x1000, textAddress: 0x8000, dataAddress: 0x2000_0000, functionAddress: 0x400 })?.value;
  };

  it('reads every value format, signed ones sign-extended', () => {
    assert.equal(read(new ByteBuilder().u32(0x1234_5678), DW_EH_PE_absptr), 0x1234_5678);
    assert.equal(read(new ByteBuilder().u64(0x1_2345_6789n), DW_EH_PE_absptr, 0, 8), 0x1_2345_6789);
    assert.equal(read(new ByteBuilder().uleb(300), DW_EH_PE_uleb128), 300);
    assert.equal(read(new ByteBuilder().u16(0xfffe), DW_EH_PE_udata2), 0xfffe);
    assert.equal(read(new ByteBuilder().u32(0xffff_fffe), DW_EH_PE_udata4), 0xffff_fffe);
    assert.equal(read(new ByteBuilder().u64(0x10n), DW_EH_PE_udata8), 0x10);
    assert.equal(read(new ByteBuilder().u8(0).sleb(-2), DW_EH_PE_sleb128 | DW_EH_PE_pcrel, 1), 0x1000 + 1 - 2);
    assert.equal(read(new ByteBuilder().u16(-16), DW_EH_PE_sdata2 | DW_EH_PE_pcrel), 0x1000 - 16);
    assert.equal(read(new ByteBuilder().u32(-4), DW_EH_PE_sdata4 | DW_EH_PE_pcrel), 0xffc);
    assert.equal(read(new ByteBuilder().u64(-8n), DW_EH_PE_sdata8 | DW_EH_PE_pcrel, 0, 8), 0xff8);
    assert.equal(read(new ByteBuilder().u16(-1), DW_EH_PE_sdata2), 0xffff_ffff);
  });

  it('adds the text, data and function bases, aligns, and omits', () => {
    assert.equal(read(new ByteBuilder().u32(0x10), DW_EH_PE_textrel | DW_EH_PE_udata4), 0x8010);
    assert.equal(read(new ByteBuilder().u32(0x10), DW_EH_PE_datarel | DW_EH_PE_udata4), 0x2000_0010);
    assert.equal(read(new ByteBuilder().u16(0x10), DW_EH_PE_funcrel | DW_EH_PE_udata2), 0x410);
    assert.equal(read(new ByteBuilder().u8(0xaa, 0xaa, 0xaa, 0xaa).u32(0x0800_0000), DW_EH_PE_aligned, 1), 0x0800_0000);
    assert.equal(read(new ByteBuilder().u32(1), DW_EH_PE_omit), undefined);
    const reader = new ByteReader(new ByteBuilder().u32(0x2000_0100).build());
    assert.deepEqual(readEncodedPointer(reader, DW_EH_PE_indirect | DW_EH_PE_udata4, { addressSize: 4 }), { value: 0x2000_0100, indirect: true });
  });
});
