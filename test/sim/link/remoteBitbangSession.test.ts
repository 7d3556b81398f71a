// Unit tests of the remote_bitbang decoder on byte strings: edges, reads, reset lines, quit, errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BitbangPins, RemoteBitbangProtocolError, RemoteBitbangSession } from './remoteBitbangSession';

class RecordingPins implements BitbangPins {
  readonly events: string[] = [];
  tdo = 0;
  clock(tms: number, tdi: number): void {
    this.events.push(`clock tms=${tms} tdi=${tdi}`);
  }
  setResetLines(trst: boolean, srst: boolean): void {
    this.events.push(`reset trst=${trst} srst=${srst}`);
  }
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

describe('RemoteBitbangSession', () => {
  it('clocks the TAP on rising TCK edges only, with the TMS and TDI of that byte', () => {
    const pins = new RecordingPins();
    const session = new RemoteBitbangSession(pins);
    // '0'+tck<<2|tms<<1|tdi: low with tms=1 tdi=1, rising edge (7), still high (6), low, rising (4).
    session.receive(bytes('3760' + '4'));
    assert.deepEqual(pins.events, ['clock tms=1 tdi=1', 'clock tms=0 tdi=0']);
  });

  it('keeps the TCK level between chunks', () => {
    const pins = new RecordingPins();
    const session = new RemoteBitbangSession(pins);
    session.receive(bytes('05'));
    session.receive(bytes('5'));
    session.receive(bytes('0'));
    session.receive(bytes('6'));
    assert.deepEqual(pins.events, ['clock tms=0 tdi=1', 'clock tms=1 tdi=0']);
  });

  it("answers each 'R' with TDO as ASCII '0' or '1', all in one reply per chunk", () => {
    const pins = new RecordingPins();
    const session = new RemoteBitbangSession(pins);
    const levels = [1, 0, 1];
    const clockPin = pins.clock.bind(pins);
    pins.clock = (tms, tdi) => {
      clockPin(tms, tdi);
      pins.tdo = levels.shift() ?? 0;
    };
    pins.tdo = 0;
    const { reply, quit } = session.receive(bytes('R04R04R04R'));
    assert.equal(text(reply), '0101');
    assert.equal(quit, false);
  });

  it("maps 'r'..'u' to TRST and SRST, and ignores the LED", () => {
    const pins = new RecordingPins();
    const session = new RemoteBitbangSession(pins);
    assert.equal(session.receive(bytes('rsBtub')).reply.length, 0);
    assert.deepEqual(pins.events, [
      'reset trst=false srst=false',
      'reset trst=false srst=true',
      'reset trst=true srst=false',
      'reset trst=true srst=true',
    ]);
  });

  it("stops at 'Q' and ignores what follows", () => {
    const pins = new RecordingPins();
    const session = new RemoteBitbangSession(pins);
    const result = session.receive(bytes('04Q04R'));
    assert.equal(result.quit, true);
    assert.equal(result.reply.length, 0);
    assert.equal(pins.events.length, 1);
  });

  it('rejects an unknown byte, naming it and its offset in the stream', () => {
    const session = new RemoteBitbangSession(new RecordingPins());
    session.receive(bytes('0404'));
    assert.throws(
      () => session.receive(bytes('04Z')),
      (error: unknown) =>
        error instanceof RemoteBitbangProtocolError && error.byte === 0x5a && error.offset === 6 &&
        /0x5a \("Z"\) at offset 6/.test(error.message),
    );
  });
});
