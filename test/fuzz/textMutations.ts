// Mutations of text for the fuzz suites: character flips toward characters that matter to Tcl,
// XML and OpenOCD's formats, cuts, duplications, truncations, line swaps and random text.
import type { Prng } from './prng';

/** Characters that change the meaning of Tcl lists, OpenOCD listings, our markers and XML. */
export const SPECIAL_CHARACTERS = ' \t\n\r{}[]"\\$;#:,()/*<>=&\0\x1a\x02\x03\x10\x0e\x0f0x9afFA-+.|é€😀';

/** Up to `maxEdits` random edits of `text`, each one of the kinds listed above. */
export function mutateText(random: Prng, text: string, maxEdits = 4): string {
  let out = text;
  const edits = 1 + random.int(maxEdits);
  for (let k = 0; k < edits; k++) {
    const at = random.int(out.length + 1);
    switch (random.int(8)) {
      case 0: // replace one character
        out = out.slice(0, at) + random.pick([...SPECIAL_CHARACTERS]) + out.slice(at + 1);
        break;
      case 1: // insert a few
        out = out.slice(0, at) + random.string(1 + random.int(4), SPECIAL_CHARACTERS) + out.slice(at);
        break;
      case 2: // cut a span
        out = out.slice(0, at) + out.slice(at + 1 + random.int(20));
        break;
      case 3: // duplicate a span
        out = out.slice(0, at) + out.slice(at, at + 1 + random.int(40)) + out.slice(at);
        break;
      case 4: // truncate
        out = out.slice(0, at);
        break;
      case 5: { // swap two lines
        const lines = out.split('\n');
        const a = random.int(lines.length);
        const b = random.int(lines.length);
        [lines[a], lines[b]] = [lines[b], lines[a]];
        out = lines.join('\n');
        break;
      }
      case 6: // a digit run made huge
        out = out.replace(/\d+/, () => random.pick(['99999999999999999999999', '-1', '0', '4294967296', '1e400', '']));
        break;
      default: // random text from scratch
        out = random.string(random.int(60), SPECIAL_CHARACTERS + 'abcdefghijklmnop');
    }
  }
  return out;
}
