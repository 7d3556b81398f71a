// Test helper: finds firmware source lines by their text (test/firmware/README.md: never by
// number), so tests survive edits to the firmware. Tests only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firmwareDir } from '../../helpers/firmware';

/** The 1-based line of `file` (in test/firmware) whose text contains `text`; throws if none or several. */
export function lineOf(file: string, text: string): number {
  const lines = readFileSync(join(firmwareDir, file), 'utf8').split('\n');
  const found = lines.flatMap((line, i) => (line.includes(text) ? [i + 1] : []));
  if (found.length !== 1) throw new Error(`expected one line of ${file} containing '${text}', found ${found.length}`);
  return found[0];
}
