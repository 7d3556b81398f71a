// Tests of the parser of OpenOCD 0.12's `rtt channellist` (src/rtt/tcl.c jim_channel_list): up
// channels numbered in order with name and size, down channels ignored, odd names kept whole.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUpChannels } from '../../src/session/rtt';

describe('parseUpChannels', () => {
  it('reads the up channels of a listing, in order', () => {
    const listing = '{{name Terminal size 1024 flags 0} {name {Log 2} size 256 flags 2}} {{name Terminal size 32 flags 0}}';
    assert.deepEqual(parseUpChannels(listing), [
      { index: 0, name: 'Terminal', byteSize: 1024 },
      { index: 1, name: 'Log 2', byteSize: 256 },
    ]);
  });

  it('gives no channel for a block without up channels', () => {
    assert.deepEqual(parseUpChannels('{} {{name Terminal size 32 flags 0}}'), []);
  });
});
