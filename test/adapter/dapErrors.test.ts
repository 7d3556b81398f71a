// How a failed request reads: a UserError as written, our other errors with their class, anything
// else as an internal error with its type.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TargetNotHaltedError, UserError } from '../../src/common';
import { DAP_ERROR_ID, errorMessage } from '../../src/adapter/dapErrors';

describe('errorMessage', () => {
  it('shows a UserError as written', () => {
    assert.deepEqual(errorMessage(new UserError('launch.json: "load" must be true or false; got 1')), { id: DAP_ERROR_ID.user, format: 'launch.json: "load" must be true or false; got 1', showUser: true });
  });

  it('names the class of the debugger errors a user can act on', () => {
    const message = errorMessage(new TargetNotHaltedError('stm32f0x.cpu', 'read registers'));
    assert.equal(message.id, DAP_ERROR_ID.debugger);
    assert.match(message.format, /^TargetNotHaltedError: .*stm32f0x\.cpu/);
  });

  it('marks anything else as internal, with its type', () => {
    assert.equal(errorMessage(new TypeError('x is undefined')).format, 'internal error (TypeError): x is undefined');
    assert.equal(errorMessage('boom').format, 'internal error: boom');
  });
});
