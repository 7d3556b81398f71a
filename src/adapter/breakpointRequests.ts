// setBreakpoints, setFunctionBreakpoints and setInstructionBreakpoints: DAP breakpoints to engine
// breakpoint requests (addresses from the Program; condition, hitCondition and logMessage as
// written, the engine decides hits), engine statuses back to DAP breakpoints with the actual line
// and the reason when unverified; logpoint messages to output events at the breakpoint's line.
// Knows no Tcl; one group per DAP source/kind.
import { basename } from 'node:path';
import { BreakpointEvent, OutputEvent, Source } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { frameHitEvaluators, type BreakpointStatus, type Debugger, type DebuggerBreakpointNote, type HitOptions, type Program } from '../engine';
import { parseMemoryReference } from './memoryRequests';
import type { ClientNumbering } from './stopView';

/** One DAP breakpoint before it is set: its addresses, or why it has none. */
interface Planned {
  readonly addresses: readonly number[];
  readonly line?: number;
  readonly source?: { readonly path: string };
  readonly problem?: string;
  /** DAP condition, hitCondition and logMessage, for the engine to parse and decide. */
  readonly options?: HitOptions;
  /** For a function breakpoint, the function each address was resolved for (BreakpointRequest.functionName). */
  readonly functionNames?: readonly (string | undefined)[];
}

/** An address's status on one core. */
type ThreadStatus = BreakpointStatus & { readonly threadId: number };

/** A DAP breakpoint as last reported, with its addresses' statuses on each core (for later changes). */
interface Shown {
  breakpoint: DebugProtocol.Breakpoint;
  readonly statuses: Map<string, ThreadStatus>;
}

function statusKey(threadId: number, address: number): string {
  return `${threadId}:${address}`;
}

/** The breakpoint requests of one session; DAP ids stay stable per location. */
export class BreakpointRequests {
  private nextId = 1;
  private readonly ids = new Map<string, number>();
  private readonly shown = new Map<string, Shown[]>();

  /**
   * `send` receives a breakpoint whose state changed outside a set request (the engine verified
   * it once a comparator was freed, or lost it after a reset: DAP BreakpointEvent `changed`), and
   * the console lines of hits (logpoint messages, conditions that failed).
   */
  constructor(
    private readonly debug: Debugger,
    private readonly program: Program,
    private readonly numbering: () => ClientNumbering,
    private readonly send: (event: DebugProtocol.Event) => void,
  ) {
    debug.evaluateBreakpointsWith(frameHitEvaluators(program));
    for (const thread of debug.threads) thread.breakpoints.changed.on(({ group, status }) => this.onChanged(thread.id, group, status));
    debug.breakpointNotes.on((note) => this.send(this.noteOutput(note)));
  }

  async setSourceBreakpoints(args: DebugProtocol.SetBreakpointsArguments): Promise<DebugProtocol.SetBreakpointsResponse['body']> {
    const path = args.source.path ?? args.source.name ?? '';
    const lineBase = this.numbering().linesStartAt1 ? 0 : 1;
    const planned = (args.breakpoints ?? []).map((requested): Planned => {
      const line = requested.line + lineBase;
      try {
        const answer = this.program.resolveLine(path, line);
        if (answer.locations.length === 0) return { addresses: [], line, problem: `no code at or after line ${line} of ${basename(path)}` };
        return { addresses: answer.locations.map((location) => location.address), line: answer.line, options: requested };
      } catch (error) {
        return { addresses: [], line, problem: (error as Error).message };
      }
    });
    const group = `source:${path}`;
    const breakpoints = await this.apply(group, planned, (p) => `${path}:${p.line}`);
    return {
      breakpoints: this.remember(group, breakpoints.map((breakpoint, k) => ({ ...breakpoint, source: args.source, line: planned[k].line === undefined ? undefined : planned[k].line! - lineBase }))),
    };
  }

  async setFunctionBreakpoints(args: DebugProtocol.SetFunctionBreakpointsArguments): Promise<DebugProtocol.SetFunctionBreakpointsResponse['body']> {
    const lineBase = this.numbering().linesStartAt1 ? 0 : 1;
    const planned = args.breakpoints.map((requested): Planned => {
      const locations = this.program.resolveFunction(requested.name.trim());
      if (locations.length === 0) return { addresses: [], problem: `no function named '${requested.name}' in the executable` };
      const source = locations[0].source;
      return {
        addresses: locations.map((location) => location.address),
        functionNames: locations.map((location) => location.functionName),
        line: source?.line,
        source: source ? { path: source.path } : undefined,
        options: requested,
      };
    });
    const breakpoints = await this.apply('function', planned, (_, k) => `function:${args.breakpoints[k].name}`);
    return {
      breakpoints: this.remember(
        'function',
        breakpoints.map((breakpoint, k) => {
          const { source, line } = planned[k];
          return { ...breakpoint, source: source ? new Source(basename(source.path), source.path) : undefined, line: line === undefined ? undefined : line - lineBase };
        }),
      ),
    };
  }

  async setInstructionBreakpoints(args: DebugProtocol.SetInstructionBreakpointsArguments): Promise<DebugProtocol.SetInstructionBreakpointsResponse['body']> {
    const planned = args.breakpoints.map((requested): Planned => {
      try {
        return { addresses: [parseMemoryReference(requested.instructionReference, requested.offset ?? 0)], options: requested };
      } catch (error) {
        return { addresses: [], problem: (error as Error).message };
      }
    });
    const breakpoints = await this.apply('instruction', planned, (p) => `instruction:${p.addresses[0]}`);
    return { breakpoints: this.remember('instruction', breakpoints.map((breakpoint, k) => ({ ...breakpoint, instructionReference: args.breakpoints[k].instructionReference, offset: args.breakpoints[k].offset }))) };
  }

  /**
   * Sets the group's addresses on every thread: each core runs the same code and has its own
   * comparators. A DAP breakpoint is verified when an address of it is set on some core; the
   * message names the cores it could not be set on.
   */
  private async apply(group: string, planned: readonly Planned[], key: (p: Planned, k: number) => string): Promise<(DebugProtocol.Breakpoint & { statuses: ThreadStatus[] })[]> {
    const ids = planned.map((p, k) => this.idFor(key(p, k)));
    // Hits are counted per DAP breakpoint (its id), whichever of its addresses is hit.
    const requests = planned.flatMap((p, k) => {
      const { condition, hitCondition, logMessage } = p.options ?? {};
      return p.addresses.map((address, a) => ({ address, key: String(ids[k]), condition, hitCondition, logMessage, functionName: p.functionNames?.[a] }));
    });
    const byThread: ThreadStatus[][] = [];
    for (const thread of this.debug.threads) {
      const set = await this.debug.setBreakpoints(group, requests, thread.id);
      byThread.push(set.map((status) => ({ ...status, threadId: thread.id })));
    }
    let next = 0;
    return planned.map((p, k) => {
      const mine = byThread.flatMap((statuses) => statuses.slice(next, next + p.addresses.length));
      next += p.addresses.length;
      return { id: ids[k], ...this.summary(mine, p.problem), instructionReference: p.addresses.length > 0 ? `0x${p.addresses[0].toString(16)}` : undefined, statuses: mine };
    });
  }

  /** Verified on some core; unverified addresses' reasons, by core when there are several. */
  private summary(statuses: readonly ThreadStatus[], problem?: string): { verified: boolean; message?: string } {
    const verified = statuses.some((status) => status.verified);
    if (problem !== undefined) return { verified, message: problem };
    const failed = statuses.filter((status) => !status.verified && status.message);
    if (failed.length === 0) return { verified };
    if (this.debug.threads.length === 1) return { verified, message: verified ? undefined : failed[0].message };
    const name = (threadId: number): string => this.debug.thread(threadId).name;
    return { verified, message: [...new Set(failed.map((status) => `${verified ? 'not set on ' : ''}${name(status.threadId)}: ${status.message}`))].join('; ') };
  }

  /** Keeps what was reported for `group` and returns the DAP breakpoints (without the statuses). */
  private remember(group: string, breakpoints: readonly (DebugProtocol.Breakpoint & { statuses: ThreadStatus[] })[]): DebugProtocol.Breakpoint[] {
    const shown = breakpoints.map(({ statuses, ...breakpoint }) => ({ breakpoint, statuses: new Map(statuses.map((status) => [statusKey(status.threadId, status.address), status])) }));
    this.shown.set(group, shown);
    return shown.map((entry) => entry.breakpoint);
  }

  /** An address of a shown breakpoint changed state on a core: report the DAP breakpoint again. */
  private onChanged(threadId: number, group: string, status: BreakpointStatus): void {
    const key = statusKey(threadId, status.address);
    const entry = this.shown.get(group)?.find((candidate) => candidate.statuses.has(key));
    if (!entry) return;
    entry.statuses.set(key, { ...status, threadId });
    const summary = this.summary([...entry.statuses.values()]);
    entry.breakpoint = { ...entry.breakpoint, verified: summary.verified, message: summary.message };
    this.send(new BreakpointEvent('changed', entry.breakpoint));
  }

  /** A hit's note as console output: a logpoint's message at its breakpoint's source line (DAP OutputEvent source/line). */
  private noteOutput(note: DebuggerBreakpointNote): DebugProtocol.OutputEvent {
    if (note.kind === 'hitFailed') return new OutputEvent(`a breakpoint hit could not be decided, so the target stopped: ${note.message}\n`, 'stderr');
    if (note.kind === 'conditionError') return new OutputEvent(`the breakpoint condition '${note.condition}' cannot be evaluated, so the target stopped: ${note.message}\n`, 'stderr');
    const event: DebugProtocol.OutputEvent = new OutputEvent(`${note.message}\n`, 'console');
    const breakpoint = [...this.shown.values()].flat().find((entry) => String(entry.breakpoint.id) === note.key)?.breakpoint;
    if (breakpoint?.source) event.body.source = breakpoint.source;
    if (breakpoint?.line !== undefined) event.body.line = breakpoint.line;
    return event;
  }

  private idFor(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.nextId++));
    return id;
  }
}
