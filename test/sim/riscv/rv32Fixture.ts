// Test fixture for the RV32IMC core: a RAM bus, and test programs assembled by Debian's
// riscv64-unknown-elf-gcc (the encoding oracle) in one batch per test file. Test-only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ElfFile } from '../../../src/elf';
import { Rv32BusError, Rv32Core, type Rv32Bus } from './rv32Core';

export const RAM_BASE = 0x80000000;
export const RAM_BYTE_SIZE = 0x10000;
/** A data area well past the code, for loads and stores. */
export const DATA_BASE = RAM_BASE + 0x8000;
export const GCC = 'riscv64-unknown-elf-gcc';
/** GCC 12 follows ISA spec 20191213, where CSR instructions and FENCE.I are the separate Zicsr and Zifencei. */
export const RV32IMC_FLAGS = ['-march=rv32imc_zicsr_zifencei', '-mabi=ilp32', '-nostdlib', '-nostartfiles'];

/** RAM at `base`; any other address is a bus error (Rv32BusError). */
export class RamBus implements Rv32Bus {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(
    readonly base = RAM_BASE,
    byteSize = RAM_BYTE_SIZE,
  ) {
    this.bytes = new Uint8Array(byteSize);
    this.view = new DataView(this.bytes.buffer);
  }

  private offset(address: number, size: number): number {
    const offset = (address - this.base) >>> 0;
    if (offset + size > this.bytes.length) throw new Rv32BusError(address);
    return offset;
  }
  read8(address: number): number {
    return this.bytes[this.offset(address, 1)];
  }
  read16(address: number): number {
    return this.view.getUint16(this.offset(address, 2), true);
  }
  read32(address: number): number {
    return this.view.getUint32(this.offset(address, 4), true);
  }
  write8(address: number, value: number): void {
    this.bytes[this.offset(address, 1)] = value;
  }
  write16(address: number, value: number): void {
    this.view.setUint16(this.offset(address, 2), value, true);
  }
  write32(address: number, value: number): void {
    this.view.setUint32(this.offset(address, 4), value, true);
  }
}

/** Several RamBus regions as one bus (the test firmware's flash and SRAM); elsewhere a bus error. */
export class RegionBus implements Rv32Bus {
  constructor(readonly regions: readonly RamBus[]) {}

  private region(address: number): RamBus {
    for (const region of this.regions) if (((address - region.base) >>> 0) < region.bytes.length) return region;
    throw new Rv32BusError(address);
  }
  read8(address: number): number {
    return this.region(address).read8(address);
  }
  read16(address: number): number {
    return this.region(address).read16(address);
  }
  read32(address: number): number {
    return this.region(address).read32(address);
  }
  write8(address: number, value: number): void {
    this.region(address).write8(address, value);
  }
  write16(address: number, value: number): void {
    this.region(address).write16(address, value);
  }
  write32(address: number, value: number): void {
    this.region(address).write32(address, value);
  }

  /** Copies each loadable segment of `elf` to its load address (paddr). */
  load(elf: ElfFile): void {
    for (const segment of elf.loadSegments()) {
      const region = this.region(segment.paddr);
      region.bytes.set(segment.data, segment.paddr - region.base);
    }
  }
}

/** Runs riscv64-unknown-elf-gcc; throws naming the Debian package when it is missing, or with gcc's messages. */
export function runGcc(args: readonly string[], input?: string): void {
  const result = spawnSync(GCC, args, { input, encoding: 'utf8' });
  if (result.error !== undefined) {
    throw new Error(`${GCC} not runnable (${result.error.message}): install Debian's gcc-riscv64-unknown-elf (node scripts/setup.mjs does)`);
  }
  if (result.status !== 0) throw new Error(`${GCC} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}`);
}

/** A program of the batch: loaded into a fresh RAM bus with pc at its first instruction. */
export interface Program {
  readonly address: number;
  /** A core on a fresh copy of the image, pc at this program, x[n] = regs[n]. */
  core(regs?: Readonly<Record<number, number>>): { core: Rv32Core; bus: RamBus };
}

/**
 * Collects assembly sources when tests are declared and assembles them all with one gcc run when
 * the first test needs one. Lines starting with `c.` (after an optional label) are assembled as
 * written, compressed; every other line is kept 32-bit (`.option norvc`).
 */
export class BatchAssembler {
  private readonly sources: string[] = [];
  private image: { bytes: Uint8Array; addresses: number[] } | Error | undefined;

  add(source: string): Program {
    if (this.image !== undefined) throw new Error('BatchAssembler.add after the batch was assembled: declare programs outside the tests');
    const index = this.sources.push(source) - 1;
    const assembled = () => this.assembled();
    return {
      get address() {
        return assembled().addresses[index];
      },
      core(regs = {}) {
        const { bytes, addresses } = assembled();
        const bus = new RamBus();
        bus.bytes.set(bytes);
        const core = new Rv32Core(bus);
        core.reset(addresses[index]);
        for (const [n, value] of Object.entries(regs)) core.x[Number(n)] = value;
        return { core, bus };
      },
    };
  }

  private assembled(): { bytes: Uint8Array; addresses: number[] } {
    if (this.image === undefined) {
      try {
        this.image = this.assemble();
      } catch (error) {
        this.image = error instanceof Error ? error : new Error(String(error));
      }
    }
    if (this.image instanceof Error) throw this.image;
    return this.image;
  }

  private assemble(): { bytes: Uint8Array; addresses: number[] } {
    const lines = ['.option norelax', '.option norvc', '.text'];
    this.sources.forEach((source, index) => {
      lines.push('.balign 4', `.globl program${index}`, `program${index}:`);
      for (const line of source.split(/[\n;]/).map((l) => l.trim()).filter((l) => l !== '')) {
        lines.push(/^(\w+:\s*)?c\./.test(line) ? `.option rvc\n${line}\n.option norvc` : line);
      }
    });
    const dir = mkdtempSync(join(tmpdir(), 'rv32-batch-'));
    let elf: ElfFile;
    try {
      const elfPath = join(dir, 'batch.elf');
      runGcc([...RV32IMC_FLAGS, `-Wl,-Ttext=0x${RAM_BASE.toString(16)}`, '-Wl,--no-warn-rwx-segments', '-Wl,-e0', '-x', 'assembler', '-', '-o', elfPath], lines.join('\n') + '\n');
      elf = ElfFile.parse(new Uint8Array(readFileSync(elfPath)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const text = elf.section('.text');
    const data = elf.sectionData('.text');
    if (text === undefined || data === undefined) throw new Error('assembled batch has no .text');
    const bytes = new Uint8Array(text.addr - RAM_BASE + data.length);
    bytes.set(data, text.addr - RAM_BASE);
    const addresses = this.sources.map((_, index) => {
      const symbol = elf.symbolByName(`program${index}`);
      if (symbol === undefined) throw new Error(`assembled batch lacks program${index}`);
      return symbol.value;
    });
    return { bytes, addresses };
  }
}
