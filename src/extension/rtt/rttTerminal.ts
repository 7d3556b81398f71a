// One RTT up channel as a VS Code terminal: a Pseudoterminal (no shell) showing the channel's text,
// with a line editor whose Enter writes the line to the down channel of the same number.
// Knows no DAP: it is given the text and a function that writes.
import * as vscode from 'vscode';

/** The terminal's title for an up channel. */
export function rttTerminalName(index: number, name: string): string {
  return `RTT ${index}: ${name || 'unnamed'}`;
}

/** A terminal of one channel. Text that arrives before VS Code opens it is kept until then. */
export class RttTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  private pending: string[] | undefined = [];
  private line = '';
  private ended = false;

  constructor(
    /** Writes a typed line (with its `\n`) to the down channel; a rejection is shown in the terminal. */
    private readonly send: (text: string) => Promise<void>,
  ) {}

  open(): void {
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const text of pending) this.writeEmitter.fire(text);
  }

  close(): void {
    this.writeEmitter.dispose();
  }

  /** Text from the up channel; a terminal needs CR LF where the program wrote LF. */
  show(text: string): void {
    this.emit(text.replace(/\r?\n/g, '\r\n'));
  }

  /** The session ended: typing no longer goes anywhere, and the terminal says so. */
  end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.emit(`\r\n[${reason}]\r\n`);
  }

  /** Keystrokes: printable characters are echoed and collected, Backspace edits, Enter sends the line. */
  handleInput(data: string): void {
    if (this.ended) return;
    for (const char of data) {
      if (char === '\r') {
        const line = `${this.line}\n`;
        this.line = '';
        this.emit('\r\n');
        this.send(line).catch((error: unknown) => this.emit(`[not sent: ${error instanceof Error ? error.message : String(error)}]\r\n`));
      } else if (char === '\x7f' || char === '\b') {
        if (this.line.length === 0) continue;
        this.line = [...this.line].slice(0, -1).join('');
        this.emit('\b \b');
      } else if (char >= ' ') {
        this.line += char;
        this.emit(char);
      }
    }
  }

  private emit(text: string): void {
    if (this.pending) this.pending.push(text);
    else this.writeEmitter.fire(text);
  }
}
