// Where the Peripherals view's SVD file comes from (launch.json `svdFile`, else the
// `openocd-debug.svdFile` setting) and reading it into the view model. Reads files; no UI.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';
import { SvdFormatError, UserError } from '../../common';
import { parseSvd } from '../../svd';
import { buildPeripheralModel, type PeripheralModel } from './peripheralModel';

/** The SVD file a session uses, and whether the session loaded it itself (launch.json `svdFile`). */
export interface SessionSvd {
  readonly file: string;
  readonly loadedBySession: boolean;
}

function absolute(file: string, base: string | undefined): string {
  return isAbsolute(file) || base === undefined ? file : resolve(base, file);
}

/** launch.json `svdFile` (relative to the session's `cwd`), else the setting (relative to the workspace folder). */
export function sessionSvd(session: vscode.DebugSession): SessionSvd | undefined {
  const folder = session.workspaceFolder?.uri.fsPath;
  const { svdFile, cwd } = session.configuration as { svdFile?: unknown; cwd?: unknown };
  if (typeof svdFile === 'string' && svdFile !== '') {
    return { file: absolute(svdFile, typeof cwd === 'string' ? cwd : folder), loadedBySession: true };
  }
  const setting = vscode.workspace.getConfiguration('openocd-debug', session.workspaceFolder).get<string>('svdFile', '');
  return setting === '' ? undefined : { file: absolute(setting, folder), loadedBySession: false };
}

/**
 * Reads and parses an SVD file. A malformed one is a UserError naming the file and the element,
 * worded as the session's `openocd.svdLoad` refusal.
 */
export async function readSvdModel(file: string): Promise<PeripheralModel> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read the SVD file ${file}: ${(error as Error).message}`);
  }
  try {
    return buildPeripheralModel(parseSvd(text), file);
  } catch (error) {
    if (error instanceof SvdFormatError) throw new UserError(`${file} is not a usable SVD file: ${error.message}`);
    throw error;
  }
}
