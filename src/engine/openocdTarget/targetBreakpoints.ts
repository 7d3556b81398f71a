// One target's breakpoints and watchpoints as OpenOCD holds them (`bp`/`rbp`, `wp`/`rwp`): which
// kind each breakpoint got, software ones in RAM other cores share (sharedBreakpoints.ts), the
// comparator budget, the refusals worded for the user, and how a step gets past each (`liftAt`).
import { hex32, TclCommandError, UserError, type TclResult } from '../../common';
import type { BreakpointKind, ComparatorBudget, WatchpointAccess } from '../target';
import type { SharedBreakpoints } from './sharedBreakpoints';
import { parseSharedBreakpoint, TargetScripts, type LiftedBreakpoint } from './targetScripts';

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
  /** The software breakpoints of every core, when there are several (one table per OpenOCD). */
  readonly shared: SharedBreakpoints;
  /**
   * Whether a resume or step from its own breakpoint must lift it first: riscv, where OpenOCD 0.12
   * fires it again (a trigger matches before the instruction, an ebreak re-executes; riscv.c
   * resume_prep steps with triggers off only after a watchpoint). cortex_m steps over its own
   * breakpoints (cortex_m_resume, cortex_m_step).
   */
  readonly liftsOwnBreakpoints: boolean;
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

  /**
   * How a resume or step from `address` gets past a breakpoint there, when it must do it itself: a
   * software breakpoint another core owns (liftSharedBreakpoint), or on riscv its own.
   */
  liftAt(address: number): LiftedBreakpoint | undefined {
    const { target } = this;
    const shared = target.shared.at(address);
    if (shared && shared.owner !== target.name) return target.scripts.liftSharedBreakpoint(address, shared.original, shared.code);
    // The owner of a shared breakpoint it no longer wants still holds it in OpenOCD's table.
    const kind = this.breakpoints.get(address) ?? (shared && 'software');
    return kind && target.liftsOwnBreakpoints ? target.scripts.liftOwnBreakpoint(address, target.breakpointByteSize, kind === 'hardware') : undefined;
  }

  /**
   * Whether a software breakpoint of another core sits at `address` and this core wants no stop
   * there (another core's step or run-to; a user breakpoint is set on every core): its hit is
   * stepped over unseen, as GDB resumes a thread that hits another thread's breakpoint.
   */
  foreignAt(address: number): boolean {
    const shared = this.target.shared.at(address);
    return shared !== undefined && !shared.users.has(this.target.name);
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
    if (actual === 'software' && target.otherCores().length > 0) {
      await this.addShared(address);
      this.breakpoints.set(address, actual);
      return actual;
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
    if (kind === 'software' && this.target.shared.at(address)) {
      // The last core that wants it: its owner's `rbp` writes the replaced instruction back, once.
      const unused = this.target.shared.leave(address, this.target.name);
      if (unused) await this.commands.run(new TargetScripts(unused.owner).removeBreakpoint(address, false));
      return;
    }
    await this.commands.run(this.target.scripts.removeBreakpoint(address, kind === 'hardware'));
  }

  /**
   * A software breakpoint in RAM the cores share: the first core that wants it writes it (`bp`, and
   * owns it); the others only join (see sharedBreakpoints.ts for why one owner).
   */
  private async addShared(address: number): Promise<void> {
    const { target } = this;
    const shared = target.shared.at(address);
    if (shared) {
      shared.users.add(target.name);
      return;
    }
    const { original, code } = parseSharedBreakpoint(await this.commands.run(target.scripts.addSharedBreakpoint(address, target.breakpointByteSize)));
    target.shared.written(address, target.name, original, code);
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
