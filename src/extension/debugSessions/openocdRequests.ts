// Typed calls of the adapter's custom DAP requests (src/adapter/customRequestTypes.ts) on a VS Code
// debug session: the only way the extension reaches OpenOCD. No state, no UI.
import type * as vscode from 'vscode';
import {
  CUSTOM_REQUESTS,
  type CommandResponseBody,
  type EraseArguments,
  type FlashBankInfo,
  type FlashBanksResponseBody,
  type ProgramArguments,
  type ProgramResponseBody,
  type ResetMode,
  type TargetInfo,
  type TargetsResponseBody,
  type VerifyArguments,
  type VerifyResponseBody,
} from '../../adapter/api';

export async function targets(session: vscode.DebugSession): Promise<readonly TargetInfo[]> {
  return ((await session.customRequest(CUSTOM_REQUESTS.targets)) as TargetsResponseBody).targets;
}

export async function reset(session: vscode.DebugSession, mode: ResetMode, threadId?: number): Promise<void> {
  await session.customRequest(CUSTOM_REQUESTS.reset, { mode, threadId });
}

export async function flashBanks(session: vscode.DebugSession): Promise<readonly FlashBankInfo[]> {
  return ((await session.customRequest(CUSTOM_REQUESTS.flashBanks)) as FlashBanksResponseBody).banks;
}

export async function program(session: vscode.DebugSession, args: ProgramArguments): Promise<ProgramResponseBody> {
  return (await session.customRequest(CUSTOM_REQUESTS.program, args)) as ProgramResponseBody;
}

export async function erase(session: vscode.DebugSession, args: EraseArguments): Promise<void> {
  await session.customRequest(CUSTOM_REQUESTS.erase, args);
}

export async function verify(session: vscode.DebugSession, args: VerifyArguments): Promise<VerifyResponseBody> {
  return (await session.customRequest(CUSTOM_REQUESTS.verify, args)) as VerifyResponseBody;
}

export async function command(session: vscode.DebugSession, text: string, threadId?: number): Promise<string> {
  return ((await session.customRequest(CUSTOM_REQUESTS.command, { command: text, threadId })) as CommandResponseBody).output;
}

/** DAP `pause` and `continue` of one thread, as the debug toolbar sends them. */
export async function pause(session: vscode.DebugSession, threadId: number): Promise<void> {
  await session.customRequest('pause', { threadId });
}

export async function resume(session: vscode.DebugSession, threadId: number): Promise<void> {
  await session.customRequest('continue', { threadId });
}
