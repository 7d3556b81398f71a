// `node dist/cli/dwarfdump.js FILE.elf OPTION...`: a developer's view of what the ELF/DWARF
// readers see in a program, in stable text (see USAGE). Only this file reads files and exits.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { DebuggerError } from '../common';
import { ElfFile } from '../elf';
import {
  addressReport, breakReport, DwarfdumpContext, framesReport, functionsReport, linesReport, sourcesReport, statsReport,
  typesReport, varsReport,
} from './dwarfdumpReport';

const USAGE = `usage: dwarfdump FILE.elf OPTION...
  --lines         every row of every line table: "  ADDRESS LINE:COLUMN FLAGS PATH", one unit header line each
  --sources       every source file path named by the line tables, sorted
  --stats         builds the full line index: "line programs N, rows N, sequences of linked code N, source files N"
  --functions     "LOW-HIGH NAME entry ADDRESS PATH:LINE" for each function symbol (entry = past the prologue)
  --break SPEC    FILE:LINE or FUNCTION as a breakpoint: "break SPEC: N location(s) [moved to line L]", then locations
  --addr ADDR     source location, inline chain and function of an address
  --frames        every FDE's unwind table: "  ADDRESS cfa=RULE rN=RULE..."
  --vars ADDR     variables in scope at ADDR, frame by frame, then file statics and globals
  --types         named file-level types of each compile unit, "NAME = DEFINITION"
Options may repeat; reports print in the order given. Exit code 0, 1 on malformed input, 2 on usage errors.`;

type Step = (context: DwarfdumpContext) => Iterable<string>;

function parseAddress(text: string | undefined): number {
  const value = text === undefined ? NaN : Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new UsageError(`not an address: ${text ?? '(missing)'}`);
  return value;
}

class UsageError extends Error {}

function parseArgs(args: readonly string[]): { file: string; steps: Step[] } {
  let file: string | undefined;
  const steps: Step[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    switch (arg) {
      case '--lines': steps.push(linesReport); break;
      case '--sources': steps.push(sourcesReport); break;
      case '--stats': steps.push(statsReport); break;
      case '--functions': steps.push(functionsReport); break;
      case '--frames': steps.push(framesReport); break;
      case '--types': steps.push(typesReport); break;
      case '--break': {
        const spec = args[++i];
        if (!spec) throw new UsageError('--break needs FILE:LINE or a function name');
        steps.push((context) => breakReport(context, spec));
        break;
      }
      case '--addr': {
        const address = parseAddress(args[++i]);
        steps.push((context) => addressReport(context, address));
        break;
      }
      case '--vars': {
        const address = parseAddress(args[++i]);
        steps.push((context) => varsReport(context, address));
        break;
      }
      default:
        if (arg.startsWith('-') || file !== undefined) throw new UsageError(`unexpected argument: ${arg}`);
        file = arg;
    }
  }
  if (file === undefined || steps.length === 0) throw new UsageError('need FILE.elf and at least one option');
  return { file, steps };
}

function main(args: readonly string[]): number {
  let parsed: { file: string; steps: Step[] };
  try {
    parsed = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`dwarfdump: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  let fd: number | undefined;
  try {
    fd = openSync(parsed.file, 'r');
    const context = new DwarfdumpContext(openElf(fd));
    for (const step of parsed.steps) {
      // One write per report keeps big dumps fast without holding more than one report.
      writeOut(`${[...step(context)].join('\n')}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof DebuggerError) {
      process.stderr.write(`dwarfdump: ${parsed.file}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('E')) {
      process.stderr.write(`dwarfdump: cannot read ${parsed.file}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The ELF file open on `fd`, read on demand (ElfParseOptions.load): the headers, then only the
 * sections, and strings, that the reports touch. Two breakpoints in a 17 MB program read 7 MB.
 */
function openElf(fd: number): ElfFile {
  const bytes = new Uint8Array(fstatSync(fd).size);
  return ElfFile.parse(bytes, {
    load: (offset, length) => {
      for (let done = 0; done < length;) {
        const count = readSync(fd, bytes, offset + done, length - done, offset + done);
        if (count === 0) throw Object.assign(new Error(`the file ended at 0x${(offset + done).toString(16)} while being read`), { code: 'EIO' });
        done += count;
      }
    },
  });
}

/**
 * Writes `text` to fd 1 synchronously. Not through process.stdout: creating that stream loads
 * Node's stream modules, 2-5 ms of every run's start-up.
 */
function writeOut(text: string): void {
  const bytes = Buffer.from(text);
  for (let done = 0; done < bytes.length;) {
    try {
      done += writeSync(1, bytes, done);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A non-blocking pipe that is full: write again once the reader has taken some.
      if (code === 'EAGAIN') continue;
      // `dwarfdump FILE --lines | head` closes the pipe early; that is the reader's choice, not a failure.
      if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    }
  }
}

process.exitCode = main(process.argv.slice(2));
