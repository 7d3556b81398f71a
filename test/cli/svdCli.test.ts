// The `svd` CLI run as a user runs it (a real process through tsx) on a real SVD file and on
// broken ones: the listing, the summary line, the error and the exit code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { scanSvd, scannedCounts } from '../svd/rawSvdScan';

const root = join(__dirname, '..', '..');
const stm32f030 = join(root, '..', 'shared', 'svd', 'STM32F030.svd');
const scratch = mkdtempSync(join(tmpdir(), 'svd-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function runCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'svd.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function lastLine(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines[lines.length - 1];
}

describe('svd CLI', () => {
  it('lists STM32F030.svd with absolute addresses, then a summary matching the raw XML', () => {
    const { status, stdout, stderr } = runCli(stm32f030);
    assert.equal(stderr, '');
    assert.equal(status, 0);
    const counts = scannedCounts(scanSvd(readFileSync(stm32f030, 'utf8')));
    assert.equal(
      lastLine(stdout),
      `${stm32f030}: ${counts.peripherals} peripherals, ${counts.registers} registers, ${counts.fields} fields, 0 warnings, 0 errors`,
    );
    assert.match(stdout, /^USART1 @ 0x40013800 group USART blocks 0x40013800\+0x400 /m);
    assert.match(stdout, /^ {2}ISR @ 0x4001381C 32 bits read-only reset 0x000000C0$/m);
    assert.match(stdout, /^ {2}KEYR @ 0x40022004 32 bits write-only reset 0x00000000$/m);
    assert.match(stdout, /^ {4}\[31:30\] MODER15 read-write$/m);
  });

  it('prints the model as JSON with --json and keeps the summary on stderr', () => {
    const { status, stdout, stderr } = runCli(stm32f030, '--json');
    assert.equal(status, 0);
    const parsed = JSON.parse(stdout) as {
      device: { peripherals: { name: string; children: { name: string; address: number; resetValue: string; fields: { name: string }[] }[] }[] };
      summary: { registers: number; errors: number };
    };
    const usart1 = parsed.device.peripherals.find((p) => p.name === 'USART1');
    const tdr = usart1?.children.find((r) => r.name === 'TDR');
    assert.equal(tdr?.address, 0x40013828);
    assert.equal(tdr?.resetValue, '0x0');
    assert.deepEqual(tdr?.fields.map((f) => f.name), ['TDR']);
    assert.equal(parsed.summary.errors, 0);
    assert.match(stderr, /: 31 peripherals, \d+ registers, \d+ fields, 0 warnings, 0 errors\n$/);
  });

  it('reports a truncated file as an error with its line, and exits 1', () => {
    const broken = join(scratch, 'truncated.svd');
    const text = readFileSync(stm32f030, 'utf8');
    writeFileSync(broken, text.slice(0, text.indexOf('<name>USART1</name>')));
    const { status, stdout, stderr } = runCli(broken);
    assert.equal(status, 1);
    assert.match(stderr, /^error: XML error at line \d+: unexpected end of file: <peripheral> is not closed \(truncated file\?\)$/m);
    assert.equal(lastLine(stdout), `${broken}: 0 peripherals, 0 registers, 0 fields, 0 warnings, 1 error`);
  });

  it('reports a derivedFrom cycle with the peripheral path', () => {
    const cyclic = join(scratch, 'cycle.svd');
    writeFileSync(
      cyclic,
      `<device schemaVersion="1.3"><name>X</name><peripherals>
        <peripheral derivedFrom="B"><name>A</name><baseAddress>0</baseAddress></peripheral>
        <peripheral derivedFrom="A"><name>B</name><baseAddress>4</baseAddress></peripheral></peripherals></device>`,
    );
    const { status, stderr } = runCli(cyclic);
    assert.equal(status, 1);
    assert.match(stderr, /^error: A: derivedFrom cycle through "B"$/m);
  });

  it('prints warnings before the summary and still exits 0', () => {
    const odd = join(scratch, 'odd.svd');
    writeFileSync(
      odd,
      `<device schemaVersion="1.1"><name>X</name><peripherals><peripheral><name>P</name><baseAddress>0x100</baseAddress>
        <registers><register><name>R</name><addressOffset>0</addressOffset></register></registers></peripheral></peripherals></device>`,
    );
    const { status, stdout } = runCli(odd);
    assert.equal(status, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines[lines.length - 2], 'warning: P: no addressBlock; assumed offset 0x0 size 0x4 from the registers');
    assert.equal(lines[lines.length - 1], `${odd}: 1 peripheral, 1 register, 0 fields, 1 warning, 0 errors`);
  });

  it('fails clearly on a missing file and on bad usage', () => {
    const missing = runCli(join(scratch, 'nope.svd'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^error: cannot read .*nope\.svd: ENOENT/m);
    const usage = runCli();
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /^usage: svd FILE\.svd \[--json\]$/m);
  });
});
