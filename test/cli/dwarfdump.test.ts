// The dwarfdump CLI, run as a child process on ELFs built by arm-none-eabi-gcc, checked against
// readelf and GDB on the same file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildLineFixture, gdb, gdbBreakpoints, readelfRows } from '../dwarf/line/lineOracles';

const root = join(__dirname, '..', '..');

function dwarfdump(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('node', ['--import', 'tsx', join(root, 'src', 'cli', 'dwarfdump.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dwarfdump CLI', () => {
  const elf = buildLineFixture(['-O0']);
  const scratch = mkdtempSync(join(tmpdir(), 'dwarfdump-test-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('--lines prints every row readelf decodes, in order', () => {
    const { status, stdout } = dwarfdump(elf, '--lines');
    assert.equal(status, 0);
    const ours = stdout.split('\n').filter((line) => line.startsWith('  ')).map((line) => {
      const end = /^ {2}(0x[0-9a-f]+) end_sequence$/.exec(line);
      if (end) return `${Number(end[1])} -`;
      const [, address, lineColumn, flags, path] = /^ {2}(0x[0-9a-f]+) (\S+) (\S+) (.+)$/.exec(line) ?? [];
      return `${Number(address)} ${lineColumn.split(':')[0]} ${flags.split(',').includes('stmt') ? 'x' : ''} ${basename(path)}`;
    });
    const theirs = readelfRows(elf).map((row) => (row.line === undefined ? `${row.address} -` : `${row.address} ${row.line} ${row.isStmt ? 'x' : ''} ${row.file}`));
    assert.ok(ours.length > 50);
    assert.deepEqual(ours, theirs);
    assert.match(stdout, /^unit 0x00000000 version \d dwarf32 comp_dir \/.*fixtures$/m);
  });

  it('--break resolves FILE:LINE and functions to GDB\'s addresses and lines', () => {
    const specs = ['lines.c:13', 'lines.c:12', 'points.c:8', 'twice'];
    const { status, stdout } = dwarfdump(elf, ...specs.flatMap((spec) => ['--break', spec]));
    assert.equal(status, 0);
    const blocks = stdout.trim().split(/\n(?=break )/);
    const theirs = gdbBreakpoints(elf, specs);
    blocks.forEach((block, i) => {
      const [head, ...locations] = block.split('\n');
      assert.match(head, new RegExp(`^break ${specs[i]}: ${theirs[i].length} location\\(s\\)`));
      const ours = locations.map((line) => {
        const [, address, , line_] = /^ {2}(0x[0-9a-f]+) (\S+) .*:(\d+):\d+$/.exec(line) ?? [];
        return `${Number(address)}:${line_}`;
      });
      assert.deepEqual(ours, theirs[i].map((l) => `${l.address}:${l.line}`), specs[i]);
    });
    assert.match(blocks[1], /moved to line 13/);
  });

  it('--break on a function that exists only inlined lists every copy GDB lists', () => {
    const optimised = buildLineFixture(['-O2']);
    const { status, stdout } = dwarfdump(optimised, '--break', 'scale');
    assert.equal(status, 0);
    const [head, ...locations] = stdout.trim().split('\n');
    const theirs = gdbBreakpoints(optimised, ['scale'])[0].sort((a, b) => a.address - b.address);
    assert.ok(theirs.length >= 2, `GDB finds ${theirs.length} inlined copies`);
    assert.equal(head, `break scale: ${theirs.length} location(s)`);
    assert.deepEqual(locations.map((line) => {
      const [, address, line_] = /^ {2}(0x[0-9a-f]+) scale .*:(\d+):\d+$/.exec(line) ?? [];
      return `${Number(address)}:${line_}`;
    }), theirs.map((l) => `${l.address}:${l.line}`));
  });

  it('--vars lists the frame\'s variables GDB\'s info scope lists', () => {
    const entry = /^ {2}(0x[0-9a-f]+) twice /m.exec(dwarfdump(elf, '--break', 'twice').stdout)?.[1];
    assert.ok(entry);
    const { status, stdout } = dwarfdump(elf, '--vars', entry);
    assert.equal(status, 0);
    const frame = stdout.split('file statics')[0];
    assert.match(frame, /^frame 0 twice$/m);
    const ours = [...frame.matchAll(/^ {2}(?:parameter|local) .*?(\w+) @/gm)].map((m) => m[1]).sort();
    const theirs = [...gdb(elf, [`info scope *${entry}`]).matchAll(/^Symbol (\w+) is/gm)].map((m) => m[1]).sort();
    assert.deepEqual(ours, theirs);
  });

  it('--types prints struct definitions as GDB\'s ptype does', () => {
    const { stdout } = dwarfdump(elf, '--types');
    const ours = /^point = (struct point \{[^}]*\})$/m.exec(stdout)?.[1];
    const theirs = gdb(elf, ['ptype struct point']).replace(/^type = /, '').trim();
    assert.equal(ours, theirs);
  });

  it('--frames prints one table per FDE that readelf lists', () => {
    const { stdout } = dwarfdump(elf, '--frames');
    const fdes = stdout.split('\n').filter((line) => line.startsWith('fde ')).length;
    const theirs = spawnSync('arm-none-eabi-readelf', ['--debug-dump=frames', elf], { encoding: 'utf8' }).stdout.split('\n').filter((line) => / FDE /.test(line)).length;
    assert.ok(fdes > 0);
    assert.equal(fdes, theirs);
    assert.match(stdout, /^ {2}0x[0-9a-f]{8} cfa=r13\+0/m);
  });

  it('reports usage errors with exit code 2 and malformed files with exit code 1', () => {
    const usage = dwarfdump(elf);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /need FILE\.elf and at least one option\nusage: dwarfdump/);
    assert.equal(dwarfdump(elf, '--vars', 'zz').status, 2);
    const missing = dwarfdump(join(scratch, 'missing.elf'), '--lines');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read .*missing\.elf/);
    const junk = join(scratch, 'junk.elf');
    writeFileSync(junk, 'not an elf at all');
    const bad = dwarfdump(junk, '--lines');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /not an ELF file/);
  });
});
