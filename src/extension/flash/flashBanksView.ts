// The Flash banks view: each bank of the running session with driver, base and size, its sectors
// as children with offset, size and protection. Banks are read (`openocd.flashBanks`) when a session
// becomes ready and after the memory changed (program, erase); a stop does not change them.
import * as vscode from 'vscode';
import { hex32 } from '../../common';
import type { FlashBankInfo, FlashSectorInfo } from '../../adapter/api';
import { byteSize } from '../format';
import type { OpenocdSessions } from '../debugSessions/openocdSessions';
import * as requests from '../debugSessions/openocdRequests';
import { SessionTreeData } from '../debugSessions/sessionTreeData';

/** A row: a bank or one of its sectors. */
export type FlashNode =
  | { readonly kind: 'bank'; readonly session: vscode.DebugSession; readonly bank: FlashBankInfo }
  | { readonly kind: 'sector'; readonly session: vscode.DebugSession; readonly bank: FlashBankInfo; readonly sector: FlashSectorInfo };

/** The tree data of the Flash banks view: read when a session is ready and after its memory changed. */
export class FlashBanksView extends SessionTreeData<FlashBankInfo, FlashNode> {
  constructor(sessions: OpenocdSessions) {
    super(sessions, requests.flashBanks, ['ready', 'memory']);
  }

  getChildren(node?: FlashNode): FlashNode[] {
    if (node?.kind === 'sector') return [];
    if (node?.kind === 'bank') return node.bank.sectors.map((sector) => ({ kind: 'sector', session: node.session, bank: node.bank, sector }));
    return this.sessions.sessions.flatMap((session) => this.of(session).map((bank): FlashNode => ({ kind: 'bank', session, bank })));
  }

  getTreeItem(node: FlashNode): vscode.TreeItem {
    if (node.kind === 'bank') {
      const { bank } = node;
      const item = new vscode.TreeItem(bank.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${node.session.id}/${bank.index}`;
      item.description = `#${bank.index} · ${bank.driver} · ${hex32(bank.base)} · ${byteSize(bank.size)}`;
      const sessionName = this.sessions.sessions.length > 1 ? ` (${node.session.name})` : '';
      item.tooltip = `${bank.name}${sessionName}: ${bank.driver} driver, ${byteSize(bank.size)} at ${hex32(bank.base)}, ${bank.sectors.length} sectors${bank.target ? `, target ${bank.target}` : ''}`;
      item.iconPath = new vscode.ThemeIcon('chip');
      item.contextValue = 'openocdFlashBank';
      return item;
    }
    const { bank, sector } = node;
    const item = new vscode.TreeItem(`#${sector.index}`, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.session.id}/${bank.index}/${sector.index}`;
    const protection = sector.protected === undefined ? 'protection unknown' : sector.protected ? 'protected' : 'not protected';
    item.description = `+${hex32(sector.offset)} · ${byteSize(sector.size)} · ${protection}`;
    item.tooltip = `sector ${sector.index} of ${bank.name}: ${hex32(bank.base + sector.offset)}-${hex32(bank.base + sector.offset + sector.size - 1)}, ${protection}`;
    item.iconPath = new vscode.ThemeIcon(sector.protected ? 'lock' : 'circle-outline');
    item.contextValue = 'openocdFlashSector';
    return item;
  }
}
