// session/imageFile and imageWriter.destination: the checks made before any Tcl is sent — the
// image's type by extension or content, the BIN address rule, and flash versus RAM.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { imageFile } from '../../src/session/imageFile';
import { destination } from '../../src/session/imageWriter';
import type { FlashBank } from '../../src/openocd';

const dir = mkdtempSync(join(tmpdir(), 'openocd-debug-image-'));
const file = (name: string, content: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const flash: FlashBank = { number: 0, name: 'f', driver: 'stm32f1x', base: 0x0800_0000, byteSize: 0x1_0000, busWidth: 0, chipWidth: 0 };

describe('image files', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('knows the type from the extension, or from the first bytes as OpenOCD does', () => {
    assert.equal(imageFile(file('a.hex', ':00000001FF\n'), undefined).type, 'ihex');
    assert.equal(imageFile(file('a.srec', 'S00F000068656C6C6F\n'), undefined).type, 's19');
    assert.equal(imageFile(file('noext', Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 1)), undefined).type, 'elf');
    assert.equal(imageFile(file('firmware.img', ':00000001FF\n'), undefined).type, 'ihex');
    assert.deepEqual(imageFile(file('raw.dat', Uint8Array.of(1, 2, 3)), 0x0800_8000), { path: join(dir, 'raw.dat'), type: 'bin', address: 0x0800_8000, byteSize: 3 });
  });

  it('names the file and the rule that was broken', () => {
    assert.throws(() => imageFile(join(dir, 'none.elf'), undefined), { message: `file not found: ${join(dir, 'none.elf')}` });
    assert.throws(() => imageFile(dir, undefined), { message: `${dir} is not a file` });
    assert.throws(() => imageFile(file('b.bin', 'xx'), undefined), /b\.bin is a raw binary: give the address/);
    assert.throws(() => imageFile(file('c.hex', ':00000001FF\n'), 0x100), /"address" applies only to a raw binary \(\.bin\); .*c\.hex is an Intel HEX file/);
    assert.throws(() => imageFile(file('d.bin', 'xxxx'), 0xffff_fffe), /does not fit 4 bytes into the 32-bit address space/);
    assert.throws(() => imageFile(file('e.dat', 'plain'), undefined), /cannot tell what kind of image .*e\.dat is/);
  });

  it('goes to flash when every block is in a bank, to RAM when none touches one', () => {
    const image = imageFile(file('f.bin', 'x'), 0);
    assert.equal(destination(image, [{ address: 0x0800_0000, byteLength: 0x100 }, { address: 0x0800_ff00, byteLength: 0x100 }], [flash]), 'flash');
    assert.equal(destination(image, [{ address: 0x2000_0000, byteLength: 0x1000 }], [flash]), 'RAM');
    assert.equal(destination(image, undefined, [flash]), 'flash', 'HEX and S-records: OpenOCD decides, as `program` does');
    assert.throws(() => destination(image, [{ address: 0x0800_ff00, byteLength: 0x200 }], [flash]), /the block at 0x0800ff00 \(512 bytes\) lies partly in flash/);
  });
});
