// Tests of the command wrappers and their reply parsers on strings. That real OpenOCD runs the
// wrappers as intended is checked in openocdProcess.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TclInvalidResponseError } from '../../src/common';
import { parseBatchReply, parseCommandReply, succeeded, unmarkReply, wrapBatch, wrapCommand } from '../../src/openocd';

/** A reply as OpenOCD sends it for our wrappers: between \x02 and \x03 (the result markers). */
const m = (text: string): string => `\x02${text}\x03`;
const MARK = 'format "\\x02%s\\x03" [string map [list \\x10 \\x10\\x10 \\x00 \\x10N \\x02 \\x10S \\x03 \\x10T]';

describe('wrapCommand', () => {
  it('passes the script to catch as one literal word, even with unbalanced braces', () => {
    assert.equal(wrapCommand('version', 'plain'), `set rc [catch version out]; ${MARK} [format "%d %s" $rc $out]]`);
    assert.equal(wrapCommand('echo }{', 'plain'), `set rc [catch echo\\ \\}\\{ out]; ${MARK} [format "%d %s" $rc $out]]`);
    assert.equal(wrapCommand('halt', 'logOnError'), `set log [capture {set rc [catch halt out]}]; ${MARK} [list $rc $out $log]]`);
    assert.doesNotMatch(wrapCommand('x', 'capture'), /\breturn\b/);
  });

  it('refuses 0x1a inside the script', () => {
    assert.throws(() => wrapCommand('a\x1a', 'plain'), /0x1a/);
  });
});

describe('parseCommandReply', () => {
  it('splits "<rc> <out>" and keeps the output verbatim', () => {
    assert.deepEqual(parseCommandReply('c', 'r', m('0 a b\n'), 'plain'), { retcode: 0, cmd: 'c', rawCmd: 'r', out: 'a b\n' });
    assert.deepEqual(parseCommandReply('c', 'r', m('1'), 'plain').out, '');
    assert.equal(parseCommandReply('c', 'r', m('-304 '), 'plain').out, 'OpenOCD error -304 (ERROR_TARGET_NOT_HALTED)');
  });

  it('rejects a reply without return code', () => {
    assert.throws(() => parseCommandReply('c', 'r', m('Open On-Chip Debugger'), 'plain'), TclInvalidResponseError);
    assert.throws(() => parseCommandReply('c', 'r', m('12abc'), 'plain'), TclInvalidResponseError);
  });

  it('puts the log into a failure and drops it on success', () => {
    assert.equal(parseCommandReply('c', 'r', m('0 {result} {Info : noise\n}'), 'logOnError').out, 'result');
    assert.equal(
      parseCommandReply('c', 'r', m('-308 {} {Failure setting watchpoints\n}'), 'logOnError').out,
      'Failure setting watchpoints\nOpenOCD error -308 (ERROR_TARGET_RESOURCE_NOT_AVAILABLE)',
    );
    assert.throws(() => parseCommandReply('c', 'r', m('0 only-two'), 'logOnError'), TclInvalidResponseError);
  });
});

describe('unmarkReply', () => {
  it('undoes the escapes of NUL and of the control characters the markers use', () => {
    assert.equal(unmarkReply('r', m('0 nul\x10Nin \x10S\x10T\x10\x10 x\nline2')), '0 nul\0in \x02\x03\x10 x\nline2');
  });

  it('rejects a reply without both markers or with a broken escape', () => {
    for (const reply of ['0 a b', '\x020 a b', '0 a b\x03', '\x02', m('0 \x10q'), m('0 \x10')]) {
      assert.throws(() => unmarkReply('r', reply), TclInvalidResponseError, JSON.stringify(reply));
    }
  });
});

describe('batch', () => {
  it('wraps every script and parses one result each', () => {
    const scripts = ['version', 'error {a b}', 'sleep x'];
    const rawCmd = wrapBatch(scripts);
    assert.match(rawCmd, /^set results \{\}; foreach script \{version \{error \{a b\}\} \{sleep x\}\} /);
    const results = parseBatchReply(scripts, rawCmd, m('0 {Open On-Chip Debugger 0.12.0} 1 {a b} -603 {}'));
    assert.deepEqual(results.map((r) => [r.cmd, r.retcode, r.out]), [
      ['version', 0, 'Open On-Chip Debugger 0.12.0'],
      ['error {a b}', 1, 'a b'],
      ['sleep x', -603, 'OpenOCD error -603 (ERROR_COMMAND_ARGUMENT_INVALID)'],
    ]);
  });

  it('rejects a reply of the wrong shape', () => {
    assert.throws(() => parseBatchReply(['a', 'b'], 'r', m('0 x')), /does not hold 2 results/);
    assert.throws(() => parseBatchReply(['a'], 'r', m('x y')), /does not hold 1 results/);
    assert.throws(() => parseBatchReply(['a'], 'r', m('0 {x')), /not a Tcl list/);
  });
});

describe('succeeded', () => {
  it('counts ok and top-level return as success', () => {
    const codes = [0, 1, 2, 3, 4, -4].map((retcode) => succeeded({ retcode, cmd: '', rawCmd: '', out: '' }));
    assert.deepEqual(codes, [true, false, true, false, false, false]);
  });
});
