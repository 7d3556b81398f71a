// Fuzz of the launch.json check: random values of every JSON type (and odd strings: NUL, newlines,
// nasty Tcl, paths that exist) in every attribute, on a real directory. The result is settings or
// a UserError whose every line names an attribute, and every wrongly typed attribute is named.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { UserError } from '../../src/common';
import { launchAttributes, validateSessionConfig } from '../../src/adapter/launchConfig';
import { makeLaunchConfigDir } from '../adapter/launchConfigDir';
import { NASTY_STRINGS } from '../openocd/nastyStrings';
import { fuzzCases, fuzzPrng, replayHint, type Prng } from './prng';

const GOOD_STRINGS = ['build/app.elf', 'cfg/board.cfg', 'chip.svd', 'cfg', '.', 'main', 'openocd', '127.0.0.1'];

/** A right value of every attribute, in the directory the suite makes. */
const GOOD_VALUES: Readonly<Record<string, unknown>> = {
  executable: 'build/app.elf', cwd: '.', openocdPath: 'openocd', configFiles: ['cfg/board.cfg', 'target/stm32f0x.cfg'], searchDir: ['cfg'],
  openocdCommands: ['init'], host: '127.0.0.1', tclPort: 6666, load: false, verifyBeforeFlashing: false, runToEntryPoint: 'main', stopAtEntry: false, svdFile: 'chip.svd',
  sourceFileMap: { '/src': '.' }, openocdLogInConsole: true, semihosting: true, rtt: { enabled: true, address: '0x20000000', channels: [0] },
};

/** A random JSON value: every type, nested a little, with strings that matter here. */
function jsonValue(random: Prng, depth = 0): unknown {
  switch (random.int(depth > 1 ? 5 : 7)) {
    case 0: return null;
    case 1: return random.chance(0.5);
    case 2: return random.pick([0, 1, -1, 6666, 65535, 65536, 1.5, 1e21, -0, Number.MAX_SAFE_INTEGER]);
    case 3: case 4: return random.chance(0.5) ? random.pick(GOOD_STRINGS) : random.pick(NASTY_STRINGS);
    case 5: return Array.from({ length: random.int(4) }, () => (random.chance(0.7) ? random.pick([...GOOD_STRINGS, ...NASTY_STRINGS]) : jsonValue(random, depth + 1)));
    default: return Object.fromEntries(Array.from({ length: random.int(3) }, () => [random.pick(['/src', '', 'a', '__proto__', 'x y', 'enabled', 'address', 'searchSize', 'channels']), jsonValue(random, depth + 1)]));
  }
}

/** True when `value` has the JSON type launchAttributes declares for `name`. */
function typeFits(name: string, value: unknown): boolean {
  const description = launchAttributes[name];
  switch (description.type) {
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
    case 'array': return (name === 'searchDir' && typeof value === 'string') || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
    // An object of named members (rtt) names each wrong member itself ("rtt.address").
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value) && (!description.additionalProperties || Object.values(value).every((item) => typeof item === 'string'));
  }
}

describe('fuzzed launch.json', () => {
  let dir: string;
  before(() => {
    dir = makeLaunchConfigDir('launch-fuzz-');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const request of ['launch', 'attach'] as const) {
    it(`${request}: ${fuzzCases(600)} random configurations give settings or a UserError naming each wrong attribute`, () => {
      const random = fuzzPrng(request === 'launch' ? 0x1a0 : 0x1a1);
      const names = [...Object.keys(launchAttributes), 'gdbPath', 'type', 'name', '__configurationTarget'];
      const outcomes = { settings: 0, errors: 0 };
      for (let i = 0; i < fuzzCases(600); i++) {
        // Some configurations are right but for one or two values, others wrong everywhere.
        const wrongRate = random.pick([0, 0.04, 0.1, 0.4]);
        const args: Record<string, unknown> = {};
        for (const name of names) {
          if (random.chance(wrongRate)) args[name] = jsonValue(random);
          else if (name in GOOD_VALUES && launchAttributes[name].requests.includes(request) && random.chance(0.5)) args[name] = GOOD_VALUES[name];
        }
        if (!('executable' in args) && random.chance(0.9)) args.executable = GOOD_VALUES.executable;
        if (request === 'launch' && !('configFiles' in args) && random.chance(0.9)) args.configFiles = GOOD_VALUES.configFiles;
        const hint = `${replayHint(random, i)} ${JSON.stringify(args)}`;
        let message: string;
        try {
          const settings = validateSessionConfig(request, args, { workspaceFolder: dir });
          assert.ok(settings.executable.startsWith(dir), hint);
          outcomes.settings++;
          continue;
        } catch (error) {
          assert.ok(error instanceof UserError, `${hint}: ${error instanceof Error ? error.stack : String(error)}`);
          message = error.message;
        }
        outcomes.errors++;
        const named = new Set<string>();
        for (const line of message.split('\n')) {
          const match = /^launch\.json: "([^"]+)"/.exec(line);
          assert.ok(match, `${hint}: a line that names no attribute: ${line}`);
          named.add(match[1].split('.')[0]);
        }
        for (const [name, value] of Object.entries(args)) {
          if (name in launchAttributes && launchAttributes[name].requests.includes(request) && !typeFits(name, value)) {
            assert.ok(named.has(name), `${hint}: "${name}" = ${JSON.stringify(value)} is wrong but not named in:\n${message}`);
          }
        }
      }
      assert.ok(outcomes.settings > 0 && outcomes.errors > 0, JSON.stringify(outcomes));
    });
  }
});
