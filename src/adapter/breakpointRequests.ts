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

/** A DAP breakpoint as last reported, with its addresses' statuses (for later changes). */
interface Shown {
  breakpoint: DebugProtocol.Breakpoint;
  readonly statuses: Map<number, BreakpointStatus>;
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
    debug.threads[0]?.breakpoints.changed.on(({ group, status }) => this.onChanged(group, status));
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
   * Sets the group's addresses on every thread (each OpenOCD target has its own comparators) and
   * reports the first thread's statuses: a DAP breakpoint is verified when one of its addresses is.
   */
  private async apply(group: string, planned: readonly Planned[], key: (p: Planned, k: number) => string): Promise<(DebugProtocol.Breakpoint & { statuses: BreakpointStatus[] })[]> {
    const ids = planned.map((p, k) => this.idFor(key(p, k)));
    // Hits are counted per DAP breakpoint (its id), whichever of its addresses is hit.
    const requests = planned.flatMap((p, k) => {
      const { condition, hitCondition, logMessage } = p.options ?? {};
      return p.addresses.map((address, a) => ({ address, key: String(ids[k]), condition, hitCondition, logMessage, functionName: p.functionNames?.[a] }));
    });
    let statuses: BreakpointStatus[] = [];
    for (const thread of this.debug.threads) {
      const set = await this.debug.setBreakpoints(group, requests, thread.id);
      if (thread === this.debug.threads[0]) statuses = set;
    }
    let next = 0;
    return planned.map((p, k) => {
      const mine = statuses.slice(next, next + p.addresses.length);
      next += p.addresses.length;
      const verified = mine.some((status) => status.verified);
      const message = p.problem ?? (verified ? undefined : mine.find((status) => status.message)?.message);
      return { id: ids[k], verified, message, instructionReference: p.addresses.length > 0 ? `0x${p.addresses[0].toString(16)}` : undefined, statuses: mine };
    });
  }

  /** Keeps what was reported for `group` and returns the DAP breakpoints (without the statuses). */
  private remember(group: string, breakpoints: readonly (DebugProtocol.Breakpoint & { statuses: BreakpointStatus[] })[]): DebugProtocol.Breakpoint[] {
    const shown = breakpoints.map(({ statuses, ...breakpoint }) => ({ breakpoint, statuses: new Map(statuses.map((status) => [status.address, status])) }));
    this.shown.set(group, shown);
    return shown.map((entry) => entry.breakpoint);
  }

  /** An address of a shown breakpoint changed state: report the DAP breakpoint again. */
  private onChanged(group: string, status: BreakpointStatus): void {
    const entry = this.shown.get(group)?.find((candidate) => candidate.statuses.has(status.address));
    if (!entry) return;
    entry.statuses.set(status.address, status);
    const statuses = [...entry.statuses.values()];
    const verified = statuses.some((s) => s.verified);
    entry.breakpoint = { ...entry.breakpoint, verified, message: verified ? undefined : statuses.find((s) => s.message)?.message };
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
