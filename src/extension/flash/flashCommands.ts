// The flash commands of the palette and the Flash banks view: program a file (ELF, HEX, S-record,
// BIN at an address asked for) with a progress notification, erase a bank or sectors only after a
// modal confirmation, verify a file. Each acts on one session through DAP.
import { basename, extname } from 'node:path';
import * as vscode from 'vscode';
import { hex32 } from '../../common';
import type { FlashBankInfo, ProgramArguments } from '../../adapter/api';
import { registerReportingCommand } from '../commandRunner';
import { byteSize } from '../format';
import type { OpenocdSessions } from '../debugSessions/openocdSessions';
import * as requests from '../debugSessions/openocdRequests';
import type { FlashBanksView, FlashNode } from './flashBanksView';

const IMAGE_FILTERS = { 'Firmware images': ['elf', 'axf', 'out', 'hex', 'ihex', 's19', 'srec', 'mot', 'bin'], 'All files': ['*'] };

/** `0x08008000` or `134250496`; undefined when it is neither. */
export function parseAddress(text: string): number | undefined {
  const trimmed = text.trim();
  const value = /^0x[0-9a-f]+$/i.test(trimmed) || /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  return Number.isSafeInteger(value) && value <= 0xffff_ffff ? value : undefined;
}

/** An image to program or verify: given as `{ path, address }` (keybindings, tests), else asked for. */
async function askImage(given: unknown, title: string, defaultAddress: number | undefined): Promise<{ path: string; address?: number } | undefined> {
  const fromArgs = given as Partial<ProgramArguments> | undefined;
  if (typeof fromArgs?.path === 'string') return { path: fromArgs.path, address: fromArgs.address };
  const [uri] = (await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: IMAGE_FILTERS, openLabel: title })) ?? [];
  if (!uri) return undefined;
  if (extname(uri.fsPath).toLowerCase() !== '.bin') return { path: uri.fsPath };
  const text = await vscode.window.showInputBox({
    title: `${basename(uri.fsPath)} is a raw binary: where does it go?`,
    prompt: 'Address, e.g. 0x08000000',
    value: defaultAddress === undefined ? undefined : hex32(defaultAddress),
    validateInput: (value) => (parseAddress(value) === undefined ? 'an address: 0x followed by hex digits, or decimal' : undefined),
    ignoreFocusOut: true,
  });
  return text === undefined ? undefined : { path: uri.fsPath, address: parseAddress(text) };
}

/** What to erase: the row's bank or sectors, else a bank and its sectors picked by the user. */
async function askErase(view: FlashBanksView, session: vscode.DebugSession, node: FlashNode | undefined, selected: readonly FlashNode[] | undefined): Promise<{ bank: FlashBankInfo; first: number; last: number } | undefined> {
  const rows = selected && selected.length > 0 ? selected : node ? [node] : [];
  const sectorRows = rows.filter((row): row is Extract<FlashNode, { kind: 'sector' }> => row.kind === 'sector');
  if (rows.length > 0 && rows[0].kind === 'bank') return { bank: rows[0].bank, first: 0, last: rows[0].bank.sectors.length - 1 };
  if (sectorRows.length > 0) {
    const indexes = sectorRows.map((row) => row.sector.index);
    return { bank: sectorRows[0].bank, first: Math.min(...indexes), last: Math.max(...indexes) };
  }
  if (view.of(session).length === 0) await view.refresh(session);
  const banks = view.of(session);
  const bank = banks.length === 1 ? banks[0] : (await vscode.window.showQuickPick(banks.map((b) => ({ label: b.name, description: `${hex32(b.base)} · ${byteSize(b.size)}`, bank: b })), { title: 'Erase which flash bank?' }))?.bank;
  if (!bank) return undefined;
  const whole: vscode.QuickPickItem & { index?: number } = { label: 'The whole bank', description: `${bank.sectors.length} sectors, ${byteSize(bank.size)}` };
  const picks = await vscode.window.showQuickPick(
    [whole, ...bank.sectors.map((sector): vscode.QuickPickItem & { index?: number } => ({ label: `#${sector.index}`, description: `${hex32(bank.base + sector.offset)} · ${byteSize(sector.size)}`, index: sector.index }))],
    { title: `Erase which sectors of ${bank.name}?`, canPickMany: true },
  );
  if (!picks || picks.length === 0) return undefined;
  if (picks.includes(whole)) return { bank, first: 0, last: bank.sectors.length - 1 };
  const indexes = picks.flatMap((pick) => (pick.index === undefined ? [] : [pick.index]));
  return { bank, first: Math.min(...indexes), last: Math.max(...indexes) };
}

export function registerFlashCommands(sessions: OpenocdSessions, view: FlashBanksView): vscode.Disposable[] {
  const sessionOf = async (node: unknown, action: string): Promise<vscode.DebugSession | undefined> => (node as FlashNode | undefined)?.session ?? sessions.pick(action);
  /**
   * The session and the image of Program and Verify. `node` is a view row (then `given` may hold
   * `{ path, address }`), an argument object `{ path, address }` itself, or nothing (the palette);
   * a BIN's address box suggests the row's bank base, else the first bank's.
   */
  const sessionAndImage = async (node: unknown, given: unknown, action: string, title: string): Promise<{ session: vscode.DebugSession; image: { path: string; address?: number } } | undefined> => {
    const session = await sessionOf(node, action);
    if (!session) return undefined;
    const row = (node as FlashNode | undefined)?.kind ? (node as FlashNode) : undefined;
    const image = await askImage(row ? given : node, title, (row?.bank ?? view.of(session)[0])?.base);
    return image && { session, image };
  };
  return [
    registerReportingCommand('openocd-debug.program', 'Program flash', async (node, given) => {
      const chosen = await sessionAndImage(node, given, 'program flash', 'Program flash');
      if (!chosen) return undefined;
      const { session, image } = chosen;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Programming ${basename(image.path)}` }, async (progress) => {
        let reported = 0;
        const updates = sessions.onDidProgress((event) => {
          if (event.session !== session || event.done) return;
          const increment = event.percentage === undefined ? undefined : Math.max(0, event.percentage - reported);
          if (event.percentage !== undefined) reported = Math.max(reported, event.percentage);
          progress.report({ message: event.message, increment });
        });
        try {
          return await requests.program(session, { path: image.path, address: image.address, verify: true });
        } finally {
          updates.dispose();
        }
      });
      void vscode.window.showInformationMessage(`Programmed ${basename(image.path)}: ${result.bytes} bytes, verified.`);
      return result;
    }),
    registerReportingCommand('openocd-debug.erase', 'Erase flash', async (node, selected) => {
      const session = await sessionOf(node, 'erase flash');
      if (!session) return false;
      const what = await askErase(view, session, node as FlashNode | undefined, Array.isArray(selected) ? (selected as FlashNode[]) : undefined);
      if (!what) return false;
      const { bank, first, last } = what;
      const start = bank.base + bank.sectors[first].offset;
      const end = bank.base + bank.sectors[last].offset + bank.sectors[last].size;
      const scope = first === 0 && last === bank.sectors.length - 1 ? `all of ${bank.name}` : first === last ? `sector ${first} of ${bank.name}` : `sectors ${first}-${last} of ${bank.name}`;
      const answer = await vscode.window.showWarningMessage(
        `Erase ${scope}?`,
        { modal: true, detail: `${byteSize(end - start)} at ${hex32(start)}-${hex32(end - 1)} will read 0xFF; what is stored there is lost.` },
        'Erase',
      );
      if (answer !== 'Erase') return false;
      await requests.erase(session, { bank: bank.index, firstSector: first, lastSector: last });
      void vscode.window.showInformationMessage(`Erased ${scope}.`);
      return true;
    }),
    registerReportingCommand('openocd-debug.verify', 'Verify flash', async (node, given) => {
      const chosen = await sessionAndImage(node, given, 'verify flash', 'Verify flash');
      if (!chosen) return undefined;
      const { session, image } = chosen;
      const result = await requests.verify(session, image);
      if (result.matches) void vscode.window.showInformationMessage(`${basename(image.path)} matches the target.`);
      else {
        const { address, expected, actual } = result.firstMismatch!;
        void vscode.window.showWarningMessage(`${basename(image.path)} differs from the target: first at ${hex32(address)} (file 0x${expected.toString(16).padStart(2, '0')}, target 0x${actual.toString(16).padStart(2, '0')}).`);
      }
      return result;
    }),
  ];
}
