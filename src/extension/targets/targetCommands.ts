// The run-control commands of the palette and the Targets view: reset (halt, init, run), halt,
// resume, and a raw OpenOCD command. Each acts on one session through DAP; none keeps state.
import * as vscode from 'vscode';
import type { ResetMode } from '../../adapter/api';
import { registerReportingCommand } from '../commandRunner';
import type { OpenocdSessions } from '../debugSessions/openocdSessions';
import * as requests from '../debugSessions/openocdRequests';
import type { TargetsNode, TargetsView } from './targetsView';

const RESET_COMMANDS: readonly [string, string, ResetMode][] = [
  ['openocd-debug.resetHalt', 'Reset and halt', 'halt'],
  ['openocd-debug.resetRun', 'Reset and run', 'run'],
  ['openocd-debug.resetInit', 'Reset init', 'init'],
];

/** The session and thread a command acts on: the view row it was invoked on, else the picked session. */
async function chosen(sessions: OpenocdSessions, node: unknown, action: string): Promise<{ session: vscode.DebugSession; threadId?: number } | undefined> {
  const row = node as TargetsNode | undefined;
  if (row?.kind === 'target') return { session: row.session, threadId: row.target.threadId };
  if (row?.kind === 'session') return { session: row.session };
  const session = await sessions.pick(action);
  return session && { session };
}

/** Threads of `session` whose target is in `state`: the one asked for, else all of them. */
function threadsIn(view: TargetsView, session: vscode.DebugSession, threadId: number | undefined, states: readonly string[]): number[] {
  if (threadId !== undefined) return [threadId];
  return view.of(session).filter((target) => target.threadId !== undefined && states.includes(target.state)).map((target) => target.threadId!);
}

export function registerTargetCommands(sessions: OpenocdSessions, view: TargetsView, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    ...RESET_COMMANDS.map(([id, title, mode]) =>
      registerReportingCommand(id, title, async (node) => {
        const target = await chosen(sessions, node, title.toLowerCase());
        if (target) await requests.reset(target.session, mode, target.threadId);
      }),
    ),
    registerReportingCommand('openocd-debug.halt', 'Halt', async (node) => {
      const target = await chosen(sessions, node, 'halt');
      if (!target) return;
      for (const threadId of threadsIn(view, target.session, target.threadId, ['running', 'debug-running'])) await requests.pause(target.session, threadId);
    }),
    registerReportingCommand('openocd-debug.resume', 'Resume', async (node) => {
      const target = await chosen(sessions, node, 'resume');
      if (!target) return;
      for (const threadId of threadsIn(view, target.session, target.threadId, ['halted'])) await requests.resume(target.session, threadId);
    }),
    registerReportingCommand('openocd-debug.sendCommand', 'Send OpenOCD command', async (node, text) => {
      const target = await chosen(sessions, node, 'run an OpenOCD command');
      if (!target) return undefined;
      const command = typeof text === 'string' ? text : await vscode.window.showInputBox({ title: 'Send OpenOCD command', prompt: 'A raw OpenOCD command, e.g. "flash banks" or "mdw 0x20000000 4"', ignoreFocusOut: true });
      if (!command) return undefined;
      const output = await requests.command(target.session, command, target.threadId);
      log.info(`> ${command}`);
      for (const line of output.split(/\r?\n/)) if (line !== '') log.info(line);
      log.show(true);
      return output;
    }),
  ];
}
