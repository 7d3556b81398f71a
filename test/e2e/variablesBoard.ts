// Fixture of the variables/evaluate scenarios: the simulated board with the firmware preloaded,
// ONE OpenOCD 0.12 with a Tcl and a GDB port, the adapter attached to it over DAP, and GDB (the
// oracle, tests only) attached to the same OpenOCD so both look at the same halted core.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { OpenocdProcess } from '../../src/openocd';
import type { OptimizationLevel } from '../helpers/firmware';
import { gdbBlocks, gdbOnOpenocd, gdbPrints } from '../helpers/gdbOnOpenocd';
import { startOpenocdForSim } from '../sim/startSim';
import { DapSession } from './dapSession';

/** A DAP client and GDB on one halted board. Close it in `after`. */
export class VariablesBoard {
  private constructor(
    readonly dap: DapSession,
    private readonly openocd: OpenocdProcess,
  ) {}

  /** Board, OpenOCD, then a DAP attach (which halts the core where it runs). */
  static async start(level: OptimizationLevel): Promise<VariablesBoard> {
    const dap = await DapSession.start(level, { preload: true });
    let openocd: OpenocdProcess | undefined;
    try {
      openocd = await startOpenocdForSim(dap.sim.port, { gdbPort: 'auto' });
      await dap.attach(openocd.tclPort);
      return new VariablesBoard(dap, openocd);
    } catch (error) {
      await dap.close();
      await openocd?.stop();
      throw error;
    }
  }

  /** Sets one function breakpoint, continues and resolves at the stop (the breakpoint is then removed). */
  async stopAtFunction(name: string): Promise<DebugProtocol.StoppedEvent> {
    await this.dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name }] });
    const stopped = this.dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await this.dap.client.continueRequest({ threadId: 1 });
    const event = await stopped;
    await this.dap.client.setFunctionBreakpointsRequest({ breakpoints: [] });
    return event;
  }

  /** Sets one line breakpoint, continues and resolves at the stop (the breakpoint is then removed). */
  async stopAtLine(path: string, line: number): Promise<DebugProtocol.StoppedEvent> {
    await this.dap.client.setBreakpointsRequest({ source: { path }, breakpoints: [{ line }] });
    const stopped = this.dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await this.dap.client.continueRequest({ threadId: 1 });
    const event = await stopped;
    await this.dap.client.setBreakpointsRequest({ source: { path }, breakpoints: [] });
    return event;
  }

  /** GDB attached to this OpenOCD runs `commands` (stderr merged, so errors stay in order), then detaches. */
  gdb(commands: readonly string[]): Promise<string> {
    return gdbOnOpenocd({ ...this.gdbTarget, commands });
  }

  /** The output of each group of GDB commands, in one GDB run. */
  gdbBlocks(groups: readonly (readonly string[])[]): Promise<string[]> {
    return gdbBlocks(this.gdbTarget, groups);
  }

  /** GDB's answer to each `print EXPR` (in frame `frame`): the text after `$N = `, or its error message. */
  gdbPrints(expressions: readonly string[], frame = 0): Promise<string[]> {
    return gdbPrints(this.gdbTarget, expressions, frame);
  }

  private get gdbTarget(): { gdbPort: number | undefined; elfPath: string } {
    return { gdbPort: this.openocd.ports.gdb, elfPath: this.dap.elfPath };
  }

  /** Detaches the adapter, stops OpenOCD, then the DAP server and the board. */
  async close(): Promise<void> {
    await this.dap.client.disconnectRequest({}).catch(() => undefined);
    await this.openocd.stop();
    await this.dap.close();
  }
}
