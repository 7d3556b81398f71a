// The Peripherals webview view: follows the first ready OpenOCD session, loads its SVD into the
// view model, and turns session changes and webview messages into reads, writes and posts.
// The webview is untrusted: every message passes checkWebviewMessage first.
import * as vscode from 'vscode';
import type { OpenocdSessions, SessionChange } from '../debugSessions/openocdSessions';
import { PeripheralChoices } from './peripheralChoices';
import type { HostMessage, ShownValue, WebviewMessage } from './peripheralMessages';
import { checkWebviewMessage } from './peripheralMessageSchema';
import type { PeripheralModel } from './peripheralModel';
import { PeripheralReader, type ReadValues } from './peripheralReader';
import { svdLoad } from './peripheralRequests';
import { peripheralsHtml } from './peripheralsHtml';
import { readSvdModel, sessionSvd } from './svdSource';

export const PERIPHERALS_VIEW_ID = 'openocd-debug.peripherals';
export const REFRESH_SETTING = 'peripherals.refreshWhileRunningMs';

export class PeripheralsView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view?: vscode.WebviewView;
  private model?: PeripheralModel;
  private reader?: PeripheralReader;
  /** Why there is no model (no SVD yet, a malformed file). */
  private emptyReason = 'No SVD file: set "svdFile" in launch.json, the openocd-debug.svdFile setting, or run "OpenOCD: Load SVD…".';
  private values: Record<string, ShownValue> = {};
  private running = false;
  private timer?: ReturnType<typeof setInterval>;
  private readonly choices: PeripheralChoices;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly sessions: OpenocdSessions,
    memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.choices = new PeripheralChoices(memento);
    this.subscriptions = [
      sessions.onDidChange(({ session, change }) => void this.changed(session, change).catch((error: Error) => this.fail(error))),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('openocd-debug.peripherals') && this.post({ type: 'choices', choices: this.choices.choices })),
    ];
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
    view.webview.html = peripheralsHtml({
      cspSource: view.webview.cspSource,
      script: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'peripheralsView.js')).toString(),
      stylesheet: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'peripherals.css')).toString(),
      codicons: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')).toString(),
    });
    view.webview.onDidReceiveMessage((raw: unknown) => {
      const checked = checkWebviewMessage(raw);
      if ('error' in checked) this.log.warn(`Peripherals view: dropped a malformed message (${checked.error})`);
      else void this.received(checked.message).catch((error: Error) => this.fail(error));
    });
    view.onDidDispose(() => (this.view = undefined));
  }

  /** "OpenOCD: Load SVD…": a file for the view and, when a session runs, for the session too. */
  async load(file: string): Promise<void> {
    await this.setModel(file, this.reader?.session ?? this.sessions.sessions[0], false);
  }

  dispose(): void {
    this.stopTimer();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private async changed(session: vscode.DebugSession, change: SessionChange): Promise<void> {
    if (change === 'ready' && this.reader === undefined) {
      const svd = sessionSvd(session);
      if (svd) await this.setModel(svd.file, session, svd.loadedBySession);
      else if (this.model) await this.setModel(this.model.file, session, false);
      return;
    }
    if (session !== this.reader?.session) return;
    if (change === 'ended') {
      this.reader = undefined;
      this.setRunning(false);
    } else if (change === 'continued') this.setRunning(true);
    else if (change === 'stopped' || change === 'memory') {
      this.setRunning(false);
      this.show(await this.reader.refresh(this.choices.expanded), change === 'stopped');
    }
  }

  private async setModel(file: string, session: vscode.DebugSession | undefined, loadedBySession: boolean): Promise<void> {
    try {
      this.model = await readSvdModel(file);
    } catch (error) {
      this.model = undefined;
      this.emptyReason = (error as Error).message;
      this.post({ type: 'empty', message: this.emptyReason });
      throw error;
    }
    this.values = {};
    this.reader = undefined;
    this.postModel();
    if (!session) return;
    if (!loadedBySession) await svdLoad(session, file);
    this.reader = new PeripheralReader(session, this.model);
    await this.reader.watch(this.choices.expanded);
    this.show(await this.reader.refresh(this.choices.expanded), false);
  }

  private async received(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.postModel();
      case 'expand':
      case 'pin':
      case 'format': {
        const wasExpanded = this.choices.expanded.has(message.path);
        this.choices.apply(message);
        this.post({ type: 'choices', choices: this.choices.choices });
        const peripheral = this.model?.peripherals.some((p) => p.path === message.path);
        if (message.type !== 'expand' || !peripheral || !this.reader || wasExpanded === message.expanded) return;
        await this.reader.watch(this.choices.expanded);
        if (message.expanded) this.show(await this.reader.refresh(this.choices.expanded, message.path), false);
        return;
      }
      case 'read':
        if (this.reader) this.show(await this.reader.forceRead(message.path), false);
        return;
      case 'write':
        if (this.reader) this.show(await this.reader.write(message.path, message.text), false);
        else this.post({ type: 'error', message: 'No OpenOCD debug session is running: start one to write registers.' });
    }
  }

  private show(read: ReadValues | undefined, stop: boolean): void {
    if (!read) return;
    Object.assign(this.values, read.values);
    this.post({ type: 'values', values: read.values, errors: read.errors, stop });
  }

  private setRunning(running: boolean): void {
    this.running = running;
    this.post({ type: 'running', running });
    this.stopTimer();
    const periodMs = vscode.workspace.getConfiguration('openocd-debug').get<number>(REFRESH_SETTING, 0);
    if (running && periodMs > 0) {
      this.timer = setInterval(() => void this.reader?.refresh(this.choices.expanded).then((read) => this.show(read, false), (error: Error) => this.log.warn(`Peripherals refresh: ${error.message}`)), Math.max(100, periodMs));
    }
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private postModel(): void {
    if (!this.model) return this.post({ type: 'empty', message: this.emptyReason });
    const title = `${this.model.device.name} (${vscode.workspace.asRelativePath(this.model.file)})`;
    this.post({ type: 'model', title, peripherals: this.model.peripherals, choices: this.choices.choices });
    if (Object.keys(this.values).length > 0) this.post({ type: 'values', values: this.values, errors: {}, stop: false });
    if (this.running) this.post({ type: 'running', running: true });
  }

  private fail(error: Error): void {
    this.log.error(`Peripherals view: ${error.message}`);
    this.post({ type: 'error', message: error.message });
    void vscode.window.showErrorMessage(error.message);
  }

  private post(message: HostMessage): void {
    void this.view?.webview.postMessage(message);
  }
}
