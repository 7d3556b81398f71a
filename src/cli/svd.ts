// `node dist/cli/svd.js FILE.svd [--json]`: loads an SVD file with the SVD layer and prints the
// resolved model (or the error), its warnings and a summary line. Exit code 1 on an error.
// Only this file reads files; the model and its formatting stay pure.

import { readFileSync } from 'node:fs';
import { DebuggerError } from '../common';
import { parseSvd, type SvdDevice } from '../svd';
import { countSvd, formatSvdJson, formatSvdText, summaryLine } from './svdFormat';

const usage = 'usage: svd FILE.svd [--json]';

function main(args: readonly string[]): number {
  const json = args.includes('--json');
  const files = args.filter((a) => a !== '--json');
  if (files.length !== 1 || files[0].startsWith('-')) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const file = files[0];
  let device: SvdDevice | undefined;
  let error: string | undefined;
  try {
    device = parseSvd(readFileSync(file, 'utf8'));
  } catch (e) {
    if (e instanceof DebuggerError) error = e.message;
    else if (e instanceof Error && 'code' in e) error = `cannot read ${file}: ${e.message}`;
    else throw e;
  }
  const counts = countSvd(device, error === undefined ? 0 : 1);
  if (json) {
    if (device !== undefined) process.stdout.write(`${formatSvdJson(device, counts)}\n`);
  } else if (device !== undefined) {
    process.stdout.write(`${formatSvdText(device).join('\n')}\n`);
    for (const w of device.warnings) process.stdout.write(`warning: ${w.path ? `${w.path}: ` : ''}${w.message}\n`);
  }
  if (error !== undefined) process.stderr.write(`error: ${error}\n`);
  // With --json, stdout stays one JSON document; the summary line goes to stderr.
  (json ? process.stderr : process.stdout).write(`${file}: ${summaryLine(counts)}\n`);
  return error === undefined ? 0 : 1;
}

// `svd FILE | head` closes the pipe early; that is the reader's choice, not a failure.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = main(process.argv.slice(2));
