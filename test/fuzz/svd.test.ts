// Mutated copies of real SVD files (ARM's sample, CMSDK_CM3, STM32F030): every load ends with a
// model that can be walked, decoded and planned, or a SvdFormatError naming the element path or
// the XML line; never another exception or a hang. Seeded, so a failure can be replayed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SvdFormatError } from '../../src/common';
import { decodeRegister, parseSvd, planRegisterReads, registerValuesFromReads, type SvdDevice } from '../../src/svd';
import { fuzzCases, fuzzPrng, replayHint, type Prng } from './prng';
import { mutateText } from './textMutations';

const svdDir = join(__dirname, '..', '..', '..', 'shared', 'svd');
const read = (name: string): string => readFileSync(join(svdDir, name), 'utf8');

/** Everything a session does with a device: every register's fields decoded, a read plan, values from reads. */
function use(device: SvdDevice, hint: string): void {
  for (const warning of device.warnings) assert.equal(typeof warning.message, 'string', hint);
  for (const peripheral of device.peripherals) {
    assert.ok(Number.isFinite(peripheral.baseAddress), `${hint}: ${peripheral.path} base ${peripheral.baseAddress}`);
    for (const register of peripheral.registers) {
      assert.ok(Number.isFinite(register.address), `${hint}: ${register.path} address ${register.address}`);
      decodeRegister(register, register.resetValue);
    }
    const plan = planRegisterReads(device, peripheral.registers);
    registerValuesFromReads(plan, plan.reads.map((r) => new Array<number>(r.count).fill(0xffffffff)));
  }
}

/** Loads `mutated`: the device, or undefined after a SvdFormatError that says where; fails on anything else. */
function load(mutated: string, hint: string): SvdDevice | undefined {
  let device: SvdDevice;
  try {
    device = parseSvd(mutated);
  } catch (e) {
    assert.ok(e instanceof SvdFormatError, `${hint}: ${e instanceof Error ? e.stack : String(e)}`);
    assert.ok(e.path !== '' || /line \d+|not an SVD file/.test(e.message), `${hint}: an error naming no element and no line: ${e.message}`);
    return undefined;
  }
  use(device, hint);
  return device;
}

/** Cut, inserted and duplicated text anywhere (XML structure and values alike). */
function structural(random: Prng, text: string): string {
  let t = text;
  for (let k = 0; k < 3; k++) {
    const p = random.int(t.length);
    const op = random.next();
    if (op < 0.4) t = t.slice(0, p) + t.slice(p + random.int(50));
    else if (op < 0.7) t = t.slice(0, p) + random.pick([...'<>/="x&#']) + t.slice(p);
    else t = t.slice(0, p) + t.slice(p, p + 40) + t.slice(p);
  }
  return t;
}

const ODD_VALUES = ['', '-1', '99999999999999999999', '0x', '#2', '%s', '[%s]', '5-1', 'TIMER0', 'TIMER0.CR', 'CR', '1e9', '4096', '[3:9]', '[99:0]', '65', '0xFFFFFFFFFF', '#1x0x', 'read-write', 'A,B,,C', '0-'];

/** Odd values in leaf elements, and derivedFrom attributes naming odd things. */
function values(random: Prng, text: string): string {
  const leaves = [...text.matchAll(/>([^<>\n]*)</g)].map((m) => m.index + 1);
  let t = text;
  for (const p of Array.from({ length: 4 }, () => random.pick(leaves)).sort((a, b) => b - a)) t = t.slice(0, p) + random.pick(ODD_VALUES) + t.slice(t.indexOf('<', p));
  for (const tag of ['peripheral', 'register', 'cluster', 'field', 'enumeratedValues']) {
    if (random.chance(0.2)) t = t.replace(`<${tag}>`, `<${tag} derivedFrom="${random.pick(ODD_VALUES)}">`);
  }
  return t;
}

describe('parseSvd on mutated SVD files', () => {
  const files: [string, number][] = [['ARM_Sample.svd', 80], ['CMSDK_CM3.svd', 25], ['STM32F030.svd', 5]];
  for (const [file, base] of files) {
    const text = read(file);
    for (const [kind, mutate] of [['structure', structural], ['values', values], ['characters', (r: Prng, t: string) => mutateText(r, t, 6)]] as const) {
      it(`${file}: ${fuzzCases(base)} mutants (${kind}) give a usable model or a SvdFormatError saying where`, () => {
        use(parseSvd(text), `${file} unmutated`);
        const random = fuzzPrng(0x5d0 + file.length * 7 + kind.length);
        const outcomes = { ok: 0, error: 0, warned: 0 };
        for (let i = 0; i < fuzzCases(base); i++) {
          const device = load(mutate(random, text), `${file} ${replayHint(random, i)}`);
          if (device === undefined) outcomes.error++;
          else {
            outcomes.ok++;
            if (device.warnings.length > 0) outcomes.warned++;
          }
        }
        // On the small sample both outcomes happen, so the mutations reach past the XML into the model.
        if (file === 'ARM_Sample.svd') assert.ok(outcomes.ok > 0 && outcomes.error > 0, JSON.stringify(outcomes));
      });
    }
  }
});
