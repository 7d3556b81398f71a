// One target's breakpoints and watchpoints as OpenOCD holds them (`bp`/`rbp`, `wp`/`rwp`): which
// kind each breakpoint got, the comparator budget, and the refusals worded for the user. Run control
// (lifting a breakpoint to step over it) stays in OpenocdTarget, which asks `kindAt`.
import { hex32, TclCommandError, UserError, type TclResult } from '../../common';
import type { BreakpointKind, ComparatorBudget, WatchpointAccess } from '../target';
import type { TargetScripts } from './targetScripts';

/** How the table reaches OpenOCD: OpenocdTarget's guarded commands. */
export interface BreakpointCommands {
  /** A command whose failure throws TclCommandError. */
  run(script: string): Promise<string>;
  /** A command whose failure is returned, with OpenOCD's log in `out`. */
  cmd(script: string): Promise<TclResult>;
}

/** What the table needs to know of its target. */
export interface BreakpointTarget {
  readonly name: string;
  readonly scripts: TargetScripts;
  readonly budget: ComparatorBudget;
  readonly breakpointByteSize: number;
  isFlash(address: number): boolean;
  /** The other cores debugged with this one (they share its RAM); asked each time, as they are set after creation. */
  otherCores(): readonly string[];
}

const ACCESS_LETTER = { read: 'r', write: 'w', access: 'a' } as const;
/** ERROR_TARGET_RESOURCE_NOT_AVAILABLE (target/target.h): no free comparator. */
const RESOURCE_NOT_AVAILABLE = -308;

export class TargetBreakpoints {
  private readonly breakpoints = new Map<number, 'hardware' | 'software'>();
  private readonly watchpoints = new Set<number>();

  constructor(
    private readonly target: BreakpointTarget,
    private readonly commands: BreakpointCommands,
  ) {}

  /** The kind of our breakpoint at `address`, if any. */
  kindAt(address: number): 'hardware' | 'software' | undefined {
    return this.breakpoints.get(address);
  }

  /** Every breakpoint address of ours. */
  addresses(): number[] {
    return [...this.breakpoints.keys()];
  }

  async add(address: number, kind: BreakpointKind): Promise<'hardware' | 'software'> {
    const { target } = this;
    if (this.breakpoints.has(address)) throw new UserError(`there is already a breakpoint at ${hex32(address)}`);
    const inFlash = target.isFlash(address);
    const actual = kind === 'auto' ? (inFlash ? 'hardware' : 'software') : kind;
    if (actual === 'software' && inFlash) throw new UserError(`a software breakpoint cannot be written into flash at ${hex32(address)}: use a hardware breakpoint`);
    // OpenOCD keeps a software breakpoint's saved instruction per target: a second core setting
    // the same BKPT would save the BKPT itself and write it back on removal, and a core that hits
    // another core's BKPT cannot step over it (cortex_m_resume finds no breakpoint of its own).
    if (actual === 'software' && target.otherCores().length > 0) {
      throw new UserError(`no breakpoint at ${hex32(address)} on ${target.name}: a software breakpoint in RAM shared with ${target.otherCores().join(', ')} is not supported (OpenOCD keeps its saved instruction per core); the FPB's hardware breakpoints cover code in flash`);
    }
    const used = [...this.breakpoints.values()].filter((k) => k === 'hardware').length;
    if (actual === 'hardware' && used >= target.budget.hardwareBreakpoints) {
      throw new UserError(`no hardware breakpoint left for ${hex32(address)}: all ${target.budget.hardwareBreakpoints} FPB comparators of ${target.name} are in use`);
    }
    const result = await this.commands.cmd(target.scripts.addBreakpoint(address, target.breakpointByteSize, actual === 'hardware'));
    if (result.retcode === RESOURCE_NOT_AVAILABLE || /resource not available|Can not find free/i.test(result.out)) {
      throw new UserError(`OpenOCD has no ${actual} breakpoint resource left for ${hex32(address)}: ${oneLine(result.out)}`);
    }
    if (result.retcode !== 0) throw new TclCommandError(result);
    this.breakpoints.set(address, actual);
    return actual;
  }

  async remove(address: number): Promise<void> {
    const kind = this.breakpoints.get(address);
    if (!kind) return;
    this.breakpoints.delete(address);
    await this.commands.run(this.target.scripts.removeBreakpoint(address, kind === 'hardware'));
  }

  async addWatchpoint(address: number, byteLength: number, access: WatchpointAccess): Promise<void> {
    const { target } = this;
    if (this.watchpoints.has(address)) throw new UserError(`there is already a watchpoint at ${hex32(address)}`);
    if (this.watchpoints.size >= target.budget.watchpoints) {
      throw new UserError(`no watchpoint left for ${hex32(address)}: all ${target.budget.watchpoints} DWT comparators of ${target.name} are in use`);
    }
    const result = await this.commands.cmd(target.scripts.addWatchpoint(address, byteLength, ACCESS_LETTER[access]));
    if (result.retcode !== 0) {
      const hint = /resource not available/i.test(result.out) ? ' (a DWT comparator needs a power-of-two length and an address aligned to it)' : '';
      throw new UserError(`OpenOCD refused a ${byteLength}-byte watchpoint at ${hex32(address)}${hint}: ${oneLine(result.out)}`);
    }
    this.watchpoints.add(address);
  }

  async removeWatchpoint(address: number): Promise<void> {
    if (!this.watchpoints.delete(address)) return;
    await this.commands.run(this.target.scripts.removeWatchpoint(address));
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
