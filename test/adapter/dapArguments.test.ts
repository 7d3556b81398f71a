// Tests of the DAP argument shapes: a wrong or missing member is a UserError naming it by path,
// a right one passes, and requests without a shape need only an object.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../src/common';
import { checkDapArguments } from '../../src/adapter/dapArguments';

const refusal = (command: string, args: unknown): string => {
  try {
    checkDapArguments(command, args);
  } catch (error) {
    assert.ok(error instanceof UserError, String(error));
    return error.message;
  }
  assert.fail(`${command} ${JSON.stringify(args)} passed`);
};

describe('checkDapArguments', () => {
  it('names the wrong member by its path, with the value given', () => {
    assert.equal(refusal('setBreakpoints', { source: { path: 'a.c' }, breakpoints: [{ line: 3 }, { line: 'x' }] }), 'setBreakpoints: "breakpoints[1].line" must be an integer; got "x"');
    assert.equal(refusal('setBreakpoints', { source: null }), 'setBreakpoints: "source" must be an object; got null');
    assert.equal(refusal('evaluate', { context: 'watch' }), 'evaluate: "expression" is required');
    assert.equal(refusal('setExceptionBreakpoints', { filters: 'hardfault' }), 'setExceptionBreakpoints: "filters" must be an array; got "hardfault"');
    assert.equal(refusal('readMemory', { memoryReference: '0x0', count: 1.5 }), 'readMemory: "count" must be an integer; got 1.5');
    assert.equal(refusal('threads', 'x'), 'threads: the arguments must be an object; got "x"');
  });

  it('passes what the DAP specification allows, optional members absent', () => {
    checkDapArguments('setBreakpoints', { source: { path: 'a.c' } });
    checkDapArguments('setBreakpoints', { source: { name: 'a.c' }, breakpoints: [{ line: 1, condition: 'x > 1' }], lines: [1] });
    checkDapArguments('evaluate', { expression: 'x', frameId: 1000, context: 'hover', format: { hex: true } });
    checkDapArguments('openocd.svdRead', { paths: 3 }); // custom requests check their own members
    checkDapArguments('configurationDone', {});
  });
});
