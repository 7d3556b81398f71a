// `npm run demo`: builds the extension and the firmware, starts the simulated STM32F030 with it,
// and opens test/firmware (with its ready launch.json) in VS Code with the extension of this
// repository. Orchestration only: it starts processes and stops them all on Ctrl-C.
// Usage: npm run demo [-- --code-server] [--level O0|Og|O2]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startCodeServer } from './codeServer.mjs';
import { onPath } from './setup.mjs';
import { defaultVsixPath, packVsix } from './vsix.mjs';

const repoRoot = join(fileURLToPath(import.meta.url), '..', '..');
const firmwareDir = join(repoRoot, 'test', 'firmware');
/** launch.json reads SIM_PORT from this file (test/firmware/.vscode/launch.json, configFiles). */
const simPortFile = join(firmwareDir, 'build', 'sim-port.cfg');
const simStartTimeoutMs = 60_000;
const simStopTimeoutMs = 10_000;
const usage = `usage: npm run demo [-- --code-server] [--level O0|Og|O2]
  --code-server  open code-server in the browser even when the 'code' command exists
  --level L      firmware optimisation level the simulated board runs (default O0; launch.json debugs O0)`;

function fail(message) {
  console.error(`demo: ${message}`);
  process.exit(1);
}

/** Runs a build step with its output shown; a failure ends the demo naming the step. */
function run(title, command, args) {
  console.log(`demo: ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.error) fail(`${title} could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${title} failed (exit ${result.status})`);
}

/**
 * test/sim/main.ts as a child process on a free port (it prints the port). `--exit-with-stdin`
 * ends it when our end of its stdin closes, so it dies with this script even on SIGKILL.
 */
function startSimulator(firmwarePath) {
  const child = spawn(process.execPath, [
    '--import', 'tsx', join(repoRoot, 'test', 'sim', 'main.ts'),
    '--port', '0', '--firmware', firmwarePath, '--exit-with-stdin',
  ], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  const output = [];
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const port = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulated board did not listen within ${simStartTimeoutMs} ms:\n${output.join('\n')}`)), simStartTimeoutMs);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        const match = /^remote_bitbang listening on 127\.0\.0\.1:(\d+)$/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        } else if (!line.startsWith('connect OpenOCD with')) {
          console.log(`sim: ${line}`);
        }
      });
    }
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the simulated board exited (${code}) before listening:\n${output.join('\n')}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), simStopTimeoutMs);
    await exited;
    clearTimeout(timer);
  };
  return { port, exited, stop };
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({ options: { 'code-server': { type: 'boolean' }, level: { type: 'string', default: 'O0' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    fail(`${error.message}\n${usage}`);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  if (!['O0', 'Og', 'O2'].includes(values.level)) fail(`--level must be O0, Og or O2, not '${values.level}'\n${usage}`);
  if (!onPath('arm-none-eabi-gcc')) fail('arm-none-eabi-gcc is not on PATH: install Debian\'s gcc-arm-none-eabi to build the firmware');
  if (!onPath('openocd')) fail('openocd is not on PATH: install OpenOCD 0.12 (Debian package openocd); the debugger starts it');

  run('building the extension and the debug adapter', process.execPath, [join(repoRoot, 'scripts', 'build.mjs')]);
  run('building the firmware', 'make', ['-C', firmwareDir]);
  const firmwarePath = join(firmwareDir, 'build', values.level, 'firmware.elf');
  if (!existsSync(firmwarePath)) fail(`make did not produce ${firmwarePath}`);

  const sim = startSimulator(firmwarePath);
  const stoppers = [() => sim.stop()];
  let stopping = false;
  const stopAll = async (exitCode) => {
    if (stopping) return;
    stopping = true;
    console.log('\ndemo: stopping...');
    for (const stop of stoppers.reverse()) await stop().catch((error) => console.error(`demo: ${error.message}`));
    process.exit(exitCode);
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  sim.exited.then((code) => {
    if (!stopping) {
      console.error(`demo: the simulated board exited (${code})`);
      stopAll(1);
    }
  });

  let port;
  try {
    port = await sim.port;
  } catch (error) {
    console.error(`demo: ${error.message}`);
    await stopAll(1);
  }
  writeFileSync(simPortFile, `# Written by npm run demo: the simulated board it started listens on 127.0.0.1:${port}.\nset SIM_PORT ${port}\n`);
  console.log(`demo: simulated STM32F030 running ${values.level} firmware, remote_bitbang on 127.0.0.1:${port} (written to ${simPortFile})`);

  const steps = 'then Run and Debug (Ctrl+Shift+D) > "Simulated STM32F030 (npm run demo)" > Start Debugging: it stops at main.';
  if (onPath('code') && !values['code-server']) {
    run('opening VS Code', 'code', ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, firmwareDir]);
    console.log(`demo: VS Code opened test/firmware with the extension from this repository; ${steps}`);
  } else {
    console.log('demo: starting code-server (the first run installs it, a few minutes)');
    // Installed from a package as a user installs it, not loaded from source: loading from source
    // needs code-server's smoke-test driver, which hides the extension's notification toasts.
    console.log(`demo: packing the extension into ${defaultVsixPath}`);
    const server = await startCodeServer({ workspace: firmwareDir, vsix: [packVsix(defaultVsixPath)] });
    stoppers.push(() => server.stop());
    console.log(`demo: open ${server.url}\n      in a browser; ${steps}`);
  }
  console.log('demo: Ctrl-C stops the simulated board' + (stoppers.length > 1 ? ' and code-server.' : '.'));
}

main().catch((error) => fail(error.stack ?? String(error)));
