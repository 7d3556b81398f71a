// An in-memory Target for unit tests of engine logic (breakpoint sharing, stop cache): flash and
// RAM byte arrays, a comparator budget, counted calls. A protocol stand-in, not a simulator.
import { TypedEvent, UserError } from '../../src/common';
import { cortexMArchitecture, type BreakpointKind, type MemoryRange, type MemoryReadResult, type RegisterValues, type Target, type TargetStop, type WatchpointAccess } from '../../src/engine';

export const FLASH_BASE = 0x08000000;
export const RAM_BASE = 0x20000000;

export class FakeTarget implements Target {
  readonly architecture = cortexMArchitecture('armv6m');
  readonly stopped = new TypedEvent<TargetStop>();
  readonly resumed = new TypedEvent<void>();
  readonly terminated = new TypedEvent<Error>();
  /** Breakpoints as the "backend" holds them. */
  readonly installed = new Map<number, 'hardware' | 'software'>();
  readonly ram = new Uint8Array(0x1000);
  readonly calls: string[] = [];
  currentStop: TargetStop | undefined;
  stackWindowByteSize = 512;
  stopReads: readonly MemoryRange[] = [];
  /** Absent unless a test gives it (Target.readStackWindow is optional). */
  readStackWindow: ((sp: number, byteSize?: number) => Promise<{ address: number; bytes: Uint8Array }>) | undefined;

  constructor(
    readonly budget = { hardwareBreakpoints: 2, watchpoints: 1 },
    readonly name = 'fake.cpu',
  ) {}

  state = async (): Promise<'halted' | 'running'> => (this.currentStop ? 'halted' : 'running');
  halt = async (): Promise<TargetStop> => this.currentStop!;
  resume = async (): Promise<void> => undefined;
  stepInstruction = async (): Promise<TargetStop> => this.currentStop!;
  reset = async (): Promise<undefined> => undefined;

  async readRegisters(names: readonly string[] = ['pc']): Promise<RegisterValues> {
    this.calls.push(`readRegisters ${names.join(',')}`);
    return new Map(names.map((name, k) => [name, BigInt(k + 100)]));
  }

  async writeRegister(name: string): Promise<void> {
    this.calls.push(`writeRegister ${name}`);
  }

  async readMemory(ranges: readonly MemoryRange[]): Promise<MemoryReadResult[]> {
    this.calls.push(`readMemory ${ranges.length}`);
    return ranges.map((range) => {
      const offset = range.address - RAM_BASE;
      if (offset < 0 || offset + range.byteLength > this.ram.length) return { error: `unmapped 0x${range.address.toString(16)}` };
      return this.ram.slice(offset, offset + range.byteLength);
    });
  }

  async writeMemory(address: number, data: Uint8Array): Promise<void> {
    this.calls.push('writeMemory');
    this.ram.set(data, address - RAM_BASE);
  }

  async addBreakpoint(address: number, kind: BreakpointKind): Promise<'hardware' | 'software'> {
    this.calls.push(`add 0x${address.toString(16)}`);
    if (this.installed.has(address)) throw new Error(`duplicate breakpoint at 0x${address.toString(16)}`);
    const actual = kind === 'auto' ? (address < RAM_BASE ? 'hardware' : 'software') : kind;
    const used = [...this.installed.values()].filter((k) => k === 'hardware').length;
    if (actual === 'hardware' && used >= this.budget.hardwareBreakpoints) throw new UserError(`all ${this.budget.hardwareBreakpoints} comparators in use`);
    this.installed.set(address, actual);
    return actual;
  }

  async removeBreakpoint(address: number): Promise<void> {
    this.calls.push(`remove 0x${address.toString(16)}`);
    this.installed.delete(address);
  }

  async addWatchpoint(_address: number, _byteLength: number, _access: WatchpointAccess): Promise<void> {}
  async removeWatchpoint(): Promise<void> {}
  async rawCommand(command: string): Promise<string> {
    return command;
  }
  dispose(): void {}
}

/** A stop with a snapshot of `registers` and a stack window of `window` bytes at `windowAddress`. */
export function fakeStop(registers: Record<string, bigint>, windowAddress: number, window: Uint8Array): TargetStop {
  return {
    target: 'fake.cpu',
    reason: 'pause',
    pc: Number(registers.pc ?? 0n),
    debugReason: 'debug-request',
    snapshot: { registers: new Map(Object.entries(registers)), stackWindow: { address: windowAddress, bytes: window } },
  };
}
