// Typed calls of the adapter's SVD custom requests (openocd.svdLoad/svdWatch/svdRead/svdWrite,
// src/adapter/README.md) on a VS Code debug session. No state, no UI.
import type * as vscode from 'vscode';
import {
  CUSTOM_REQUESTS,
  type SvdLoadResponseBody,
  type SvdReadArguments,
  type SvdReadResponseBody,
  type SvdWatchResponseBody,
  type SvdWriteResponseBody,
} from '../../adapter/api';

export async function svdLoad(session: vscode.DebugSession, path: string): Promise<SvdLoadResponseBody> {
  return (await session.customRequest(CUSTOM_REQUESTS.svdLoad, { path })) as SvdLoadResponseBody;
}

export async function svdWatch(session: vscode.DebugSession, paths: readonly string[]): Promise<SvdWatchResponseBody> {
  return (await session.customRequest(CUSTOM_REQUESTS.svdWatch, { paths })) as SvdWatchResponseBody;
}

export async function svdRead(session: vscode.DebugSession, args: SvdReadArguments): Promise<SvdReadResponseBody> {
  return (await session.customRequest(CUSTOM_REQUESTS.svdRead, args)) as SvdReadResponseBody;
}

export async function svdWrite(session: vscode.DebugSession, path: string, value: number): Promise<SvdWriteResponseBody> {
  return (await session.customRequest(CUSTOM_REQUESTS.svdWrite, { path, value })) as SvdWriteResponseBody;
}
