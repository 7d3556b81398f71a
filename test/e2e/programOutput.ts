// Waiting on the program's output in the DAP scenarios (semihosting, RTT): the text of every output
// event of a category, once it satisfies a condition. Event-driven, no polling.
import type { DapSession } from './dapSession';

/** Resolves with the text of every output event of `category` so far once it satisfies `done`. */
export function outputUntil(dap: DapSession, category: string, done: (text: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    const check = (): void => {
      const text = dap.output.filter((output) => output.category === category).map((output) => output.text).join('');
      if (!done(text)) return;
      dap.client.removeListener('output', check);
      resolve(text);
    };
    dap.client.on('output', check);
    check();
  });
}

/** Writes a 32-bit firmware variable through the debug console (`mww`), as a user would. */
export async function setWord(dap: DapSession, symbol: string, value: number): Promise<void> {
  await dap.tcl(`mww 0x${dap.symbol(symbol).toString(16)} ${value}`);
}
