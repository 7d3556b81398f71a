// ElfFile on byte-built ELF32/64 images: headers, sections, segments, symbols and format errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ElfFormatError } from '../../src/common';
import { ElfFile, EM_ARM, EM_RISCV, PT_LOAD, SHF_ALLOC, SHF_EXECINSTR, SHT_NOBITS, SHT_PROGBITS, SHT_STRTAB, SHT_SYMTAB } from '../../src/elf';
import { ByteBuilder } from '../helpers/byteBuilder';

interface Sym { name: string; value: number; size: number; info: number; shndx: number }

/**
 * A small ELF with .text (4 bytes at 0x08000000), .bss (NOBITS), .symtab, .strtab, .shstrtab and
 * one PT_LOAD whose paddr differs from vaddr, in either class and byte order.
 */
function buildElf(elfClass: 32 | 64, littleEndian: boolean, machine: number, symbols: Sym[]): Uint8Array {
  const is64 = elfClass === 64;
  const b = new ByteBuilder(littleEndian);
  const word = (v: number): ByteBuilder => (is64 ? b.u64(v) : b.u32(v));
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const shentsize = is64 ? 64 : 40;
  b.u8(0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, littleEndian ? 1 : 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  b.u16(2).u16(machine).u32(1);
  word(0x08000001); // e_entry
  word(ehsize); // e_phoff
  const shoffAt = b.length;
  word(0); // e_shoff patched below
  b.u32(0x05000200).u16(ehsize).u16(phentsize).u16(1).u16(shentsize).u16(6).u16(5);
  // Program header: .text loaded at paddr 0x00000000, run at 0x08000000.
  const textOffset = ehsize + phentsize;
  if (is64) b.u32(PT_LOAD).u32(5).u64(textOffset).u64(0x08000000).u64(0).u64(4).u64(8).u64(4);
  else b.u32(PT_LOAD).u32(textOffset).u32(0x08000000).u32(0).u32(4).u32(8).u32(5).u32(4);
  b.u8(0xde, 0xad, 0xbe, 0xef);
  const strtab = new ByteBuilder().u8(0);
  const nameOffsets = symbols.map((s) => {
    const at = strtab.length;
    strtab.cString(s.name);
    return at;
  });
  const strtabBytes = strtab.build();
  const symtabOffset = b.length;
  const entsize = is64 ? 24 : 16;
  b.raw(new Uint8Array(entsize));
  symbols.forEach((s, i) => {
    if (is64) b.u32(nameOffsets[i]).u8(s.info, 0).u16(s.shndx).u64(s.value).u64(s.size);
    else b.u32(nameOffsets[i]).u32(s.value).u32(s.size).u8(s.info, 0).u16(s.shndx);
  });
  const strtabOffset = b.length;
  b.raw(strtabBytes);
  const shstr = ['', '.text', '.bss', '.symtab', '.strtab', '.shstrtab'];
  const shstrOffsets: number[] = [];
  const shstrtabOffset = b.length;
  for (const name of shstr) {
    shstrOffsets.push(b.length - shstrtabOffset);
    b.cString(name);
  }
  const shstrtabSize = b.length - shstrtabOffset;
  while (b.length % 8) b.u8(0);
  const shoff = b.length;
  const section = (name: number, type: number, flags: number, addr: number, offset: number, size: number, link = 0, info = 0, ent = 0): void => {
    b.u32(shstrOffsets[name]).u32(type);
    word(flags);
    word(addr);
    word(offset);
    word(size);
    b.u32(link).u32(info);
    word(4);
    word(ent);
  };
  b.raw(new Uint8Array(shentsize));
  section(1, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0x08000000, textOffset, 4);
  section(2, SHT_NOBITS, SHF_ALLOC | 1, 0x20000000, 0, 0x100);
  section(3, SHT_SYMTAB, 0, 0, symtabOffset, entsize * (symbols.length + 1), 4, 1, entsize);
  section(4, SHT_STRTAB, 0, 0, strtabOffset, strtabBytes.length);
  section(5, SHT_STRTAB, 0, 0, shstrtabOffset, shstrtabSize);
  const bytes = b.build();
  const view = new DataView(bytes.buffer);
  if (is64) view.setBigUint64(shoffAt, BigInt(shoff), littleEndian);
  else view.setUint32(shoffAt, shoff, littleEndian);
  return bytes;
}

const symbols: Sym[] = [
  { name: 'main', value: 0x08000001, size: 4, info: 0x12, shndx: 1 }, // GLOBAL FUNC, Thumb
  { name: 'buffer', value: 0x20000000, size: 0x100, info: 0x11, shndx: 2 }, // GLOBAL OBJECT
  { name: 'helper', value: 0x08000002, size: 2, info: 0x02, shndx: 1 }, // LOCAL FUNC, even address
];

describe('ElfFile', () => {
  for (const [elfClass, littleEndian] of [[32, true], [64, true], [32, false]] as const) {
    it(`reads header, sections, segments and symbols of ELF${elfClass} ${littleEndian ? 'LE' : 'BE'}`, () => {
      const elf = ElfFile.parse(buildElf(elfClass, littleEndian, EM_ARM, symbols));
      assert.deepEqual(elf.header, { elfClass, endianness: littleEndian ? 'little' : 'big', type: 2, machine: EM_ARM, entry: 0x08000001, flags: 0x05000200 });
      assert.deepEqual(elf.sections.map((s) => s.name), ['', '.text', '.bss', '.symtab', '.strtab', '.shstrtab']);
      assert.deepEqual(elf.sectionData('.text'), Uint8Array.from([0xde, 0xad, 0xbe, 0xef]));
      assert.equal(elf.sectionData('.bss'), undefined, 'NOBITS has no file bytes');
      assert.equal(elf.sectionData('.nothere'), undefined);
      assert.equal(elf.section('.bss')?.size, 0x100);
      const [load] = elf.loadSegments();
      assert.deepEqual({ ...load, data: [...load.data] }, { paddr: 0, vaddr: 0x08000000, memsz: 8, data: [0xde, 0xad, 0xbe, 0xef] });
      const main = elf.symbolByName('main');
      assert.deepEqual([main?.thumb, main?.address, main?.value, main?.type, main?.binding], [true, 0x08000000, 0x08000001, 'FUNC', 'GLOBAL']);
      const helper = elf.symbolByName('helper');
      assert.deepEqual([helper?.thumb, helper?.address, helper?.binding], [false, 0x08000002, 'LOCAL']);
      assert.equal(elf.symbolAt(0x08000003)?.name, 'helper');
      assert.equal(elf.symbolAt(0x08000001)?.name, 'main');
      assert.equal(elf.symbolAt(0x200000ff)?.name, 'buffer');
      assert.equal(elf.symbolAt(0x20000100), undefined);
    });
  }

  it('parses a file loaded on demand, reading each byte at most once', () => {
    const file = buildElf(32, true, EM_ARM, symbols);
    const sparse = new Uint8Array(file.length);
    const reads: [number, number][] = [];
    const elf = ElfFile.parse(sparse, {
      load: (offset, length) => {
        reads.push([offset, length]);
        sparse.set(file.subarray(offset, offset + length), offset);
      },
    });
    const text = elf.section('.text');
    assert.ok(text);
    assert.ok(!reads.some(([offset, length]) => offset < text.offset + text.size && text.offset < offset + length), 'parsing reads no section contents');
    assert.deepEqual(elf.sectionData('.text'), Uint8Array.from([0xde, 0xad, 0xbe, 0xef]));
    assert.deepEqual(elf.sectionData('.text'), Uint8Array.from([0xde, 0xad, 0xbe, 0xef]));
    assert.equal(elf.symbolByName('helper')?.address, 0x08000002);
    assert.deepEqual(elf.bytes, file);
    const perByte = new Uint8Array(file.length);
    for (const [offset, length] of reads) for (let i = offset; i < offset + length; i++) perByte[i]++;
    assert.ok(perByte.every((count) => count === 1), 'every byte read exactly once');
  });

  it('keeps bit 0 of function symbols on non-Arm machines', () => {
    const elf = ElfFile.parse(buildElf(32, true, EM_RISCV, symbols));
    assert.deepEqual([elf.symbolByName('main')?.thumb, elf.symbolByName('main')?.address], [false, 0x08000001]);
  });

  it('rejects what is not ELF, naming the offset', () => {
    assert.throws(() => ElfFile.parse(new TextEncoder().encode('#!/bin/sh\necho hi\n')), (e: unknown) => e instanceof ElfFormatError && e.offset === 0 && /magic/.test(e.message));
    const bad = buildElf(32, true, EM_ARM, symbols);
    bad[4] = 3;
    assert.throws(() => ElfFile.parse(bad), (e: unknown) => e instanceof ElfFormatError && e.offset === 4);
  });

  it('reports truncation instead of reading past the end', () => {
    const full = buildElf(32, true, EM_ARM, symbols);
    for (const length of [20, 52, 100, full.length - 10]) {
      assert.throws(() => ElfFile.parse(full.subarray(0, length)), ElfFormatError, `length ${length}`);
    }
  });

  it('rejects a section whose bytes pass the end of the file', () => {
    const bytes = buildElf(32, true, EM_ARM, symbols);
    const view = new DataView(bytes.buffer);
    const shoff = view.getUint32(32, true);
    view.setUint32(shoff + 40 + 20, 0x10000, true); // .text sh_size
    assert.throws(() => ElfFile.parse(bytes), (e: unknown) => e instanceof ElfFormatError && e.offset === shoff + 40 && /section 1/.test(e.message));
  });
});
