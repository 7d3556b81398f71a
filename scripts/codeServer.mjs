// Installs code-server (VS Code for the browser) and its Node 24 into a per-version cache outside
// the repo, and starts it for the host tests; knows nothing of Playwright. CLI: `node scripts/
// codeServer.mjs install` (ahead of time) or `start [workspace]` (a window with our extension).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** code-server 4.139.1 is VS Code 1.139.1; its package.json requires Node 24 (`engines.node`). */
export const codeServerVersion = '4.139.1';
/** The npm package `node@24` installs this platform package: the Node binary plus its C headers. */
export const nodeVersion = '24.9.0';

const installTimeoutMs = 30 * 60_000;
const startTimeoutMs = 90_000;
const stopTimeoutMs = 15_000;
const installExtensionTimeoutMs = 60_000;

/** Settings that keep a fresh window clean (no welcome page, chat, trust prompt or tips). */
export const cleanWindowSettings = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'remote.autoForwardPorts': false,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Writes `<userDataDir>/User/settings.json`: `cleanWindowSettings` with `settings` over them.
 * Shared with the test-electron runner, whose desktop VS Code reads the same file.
 * @param {string} userDataDir
 * @param {Readonly<Record<string, unknown>>} settings
 */
export function writeUserSettings(userDataDir, settings = {}) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...cleanWindowSettings, ...settings }, null, 2));
}

/** Where the install lives: $OPENOCD_DEBUG_CACHE, else $XDG_CACHE_HOME/openocd-debug, else ~/.cache. */
export function codeServerInstallDir() {
  const root = process.env.OPENOCD_DEBUG_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'openocd-debug');
  return join(root, `code-server-${codeServerVersion}`);
}

function installPaths(dir = codeServerInstallDir()) {
  const nodeHome = join(dir, 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
  return {
    dir,
    nodeHome,
    nodePath: join(nodeHome, 'bin', 'node'),
    entryPath: join(dir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    markerPath: join(dir, 'installed.json'),
    logPath: join(dir, 'install.log'),
  };
}

/** The marker is written last, so its presence (with matching versions) means a complete install. */
function isComplete(paths) {
  if (!existsSync(paths.markerPath) || !existsSync(paths.nodePath) || !existsSync(paths.entryPath)) return false;
  try {
    const marker = JSON.parse(readFileSync(paths.markerPath, 'utf8'));
    return marker.codeServerVersion === codeServerVersion && marker.nodeVersion === nodeVersion;
  } catch {
    return false;
  }
}

function lastLines(text, count = 25) {
  return text.trim().split('\n').slice(-count).join('\n');
}

function runLogged(command, args, options, logPath) {
  writeFileSync(logPath, `\n$ ${command} ${args.join(' ')}\n`, { flag: 'a' });
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: installTimeoutMs });
  writeFileSync(logPath, `${result.stdout ?? ''}${result.stderr ?? ''}`, { flag: 'a' });
  if (result.error !== undefined || result.status !== 0) {
    const why = result.error?.message ?? `exit ${result.status}`;
    throw new Error(`'${command} ${args.join(' ')}' failed (${why}); log ${logPath}:\n${lastLines(readFileSync(logPath, 'utf8'))}`);
  }
  return result.stdout;
}

/**
 * The environment of the nested `npm install`s. When `npm test` or `npm run demo` is the caller,
 * the outer npm (under Node 20) has exported its configuration as `npm_config_*` and `npm_*`
 * variables, and a nested npm inherits them rather than replacing them: code-server's
 * postinstall.sh reads the Node major version from `$npm_config_user_agent` ("... node/v20 ...")
 * and refuses to install. So every `npm_*` variable (any case: npm reads NPM_CONFIG_* too) is
 * dropped, Node 24 goes first on PATH (npm's `#!/usr/bin/env node` then runs under it) and
 * node-gyp takes that Node's headers through npm_config_nodedir (a user `nodedir` in ~/.npmrc
 * would otherwise point at Node 20's headers).
 * @param {NodeJS.ProcessEnv} outer the caller's environment
 * @param {string} nodeHome the Node 24 install (bin/node, include/node)
 * @returns {NodeJS.ProcessEnv}
 */
export function installEnv(outer, nodeHome) {
  const env = Object.fromEntries(Object.entries(outer).filter(([name]) => !/^npm_/i.test(name)));
  const pathName = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
  env[pathName] = [join(nodeHome, 'bin'), env[pathName]].filter((part) => part !== undefined && part !== '').join(delimiter);
  env.npm_config_nodedir = nodeHome;
  return env;
}

/**
 * Installs Node 24 and code-server from the npm registry (nothing else is reached). Runs under
 * the install lock only. code-server's postinstall rejects any Node but 24 and builds native
 * modules (kerberos, spdlog, sqlite3, node-pty...) with node-gyp: both installs run in
 * `installEnv`, the first one too (so no outer npm setting, such as a prefix, redirects it).
 */
function install(paths) {
  if (isComplete(paths)) return;
  rmSync(paths.dir, { recursive: true, force: true });
  mkdirSync(paths.dir, { recursive: true });
  const npmArgs = ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix'];
  const nodePackage = `node-${process.platform}-${process.arch}@${nodeVersion}`;
  console.error(`code-server: installing ${nodePackage} and code-server@${codeServerVersion} into ${paths.dir} (log: ${paths.logPath})`);
  const env = installEnv(process.env, paths.nodeHome);
  runLogged('npm', [...npmArgs, join(paths.dir, 'node'), nodePackage], { env }, paths.logPath);
  runLogged('npm', [...npmArgs, join(paths.dir, 'code-server'), `code-server@${codeServerVersion}`], { env }, paths.logPath);
  // The postinstall installs VS Code's own dependencies; a future npm that skips install scripts
  // would leave a code-server that starts but cannot open a window.
  const vscodeModules = join(paths.entryPath, '..', '..', '..', 'lib', 'vscode', 'node_modules');
  if (!existsSync(vscodeModules)) {
    throw new Error(`code-server's postinstall did not run (no ${vscodeModules}): npm must run its install scripts; log ${paths.logPath}`);
  }
  const version = runLogged(paths.nodePath, [paths.entryPath, '--version'], { env }, paths.logPath);
  if (!version.includes(codeServerVersion)) {
    throw new Error(`code-server --version printed '${version.trim()}', expected ${codeServerVersion}; log ${paths.logPath}`);
  }
  const markerTemp = `${paths.markerPath}.tmp`;
  writeFileSync(markerTemp, JSON.stringify({ codeServerVersion, nodeVersion, installedAt: new Date().toISOString() }));
  renameSync(markerTemp, paths.markerPath);
}

/**
 * Makes sure code-server is installed and returns the Node 24 binary and code-server's entry.
 * Concurrent callers (test files run in parallel) are serialised by flock(1) on a lock file
 * beside the install; the kernel drops the lock if its holder dies, so no lock goes stale.
 * @returns {Promise<{nodePath: string, entryPath: string, dir: string}>}
 */
export async function ensureCodeServer() {
  const paths = installPaths();
  if (!isComplete(paths)) {
    const root = join(paths.dir, '..');
    mkdirSync(root, { recursive: true });
    const lockPath = join(root, `code-server-${codeServerVersion}.lock`);
    const args = ['-w', String(installTimeoutMs / 1000), lockPath, process.execPath, fileURLToPath(import.meta.url), 'install'];
    const exitCode = await new Promise((resolve, reject) => {
      const child = spawn('flock', args, { stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('error', (error) => reject(new Error(`could not run flock(1) to install code-server: ${error.message}`)));
      child.on('exit', (code, signal) => resolve(code ?? signal));
    });
    if (exitCode !== 0 || !isComplete(paths)) {
      const log = existsSync(paths.logPath) ? lastLines(readFileSync(paths.logPath, 'utf8')) : '(no log)';
      throw new Error(`installing code-server ${codeServerVersion} failed (${exitCode}); log ${paths.logPath}:\n${log}`);
    }
  }
  return { nodePath: paths.nodePath, entryPath: paths.entryPath, dir: paths.dir };
}

/** True while any process of the group is alive (zombies waiting for a reaper do not count). */
export function processGroupAlive(pgid) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after "(comm)": state ppid pgrp ... (proc(5)); comm may hold spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}

/**
 * The group leader is a shell that starts code-server and then blocks reading its stdin, a pipe
 * from us. When we close it (stop) or die (the kernel closes it), `read` returns and the shell
 * SIGKILLs its whole process group: code-server, its extension hosts, pty host and file watchers.
 */
const watchdogScript = '"$@" </dev/null & read -r _; kill -KILL 0';

/**
 * Installs packed extensions into `dirArgs`' extensions folder with code-server's own command
 * line (`--install-extension`), as a user does. The command runs in a process group of its own,
 * killed whole if it outlives `installExtensionTimeoutMs`.
 * @param {string} nodePath @param {string[]} dirArgs code-server's entry, --config and folder options
 * @param {string[]} vsixPaths @param {NodeJS.ProcessEnv} env
 */
async function installExtensions(nodePath, dirArgs, vsixPaths, env) {
  const args = [...dirArgs, ...vsixPaths.flatMap((path) => ['--install-extension', path])];
  const child = spawn(nodePath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
  const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), installExtensionTimeoutMs);
  const code = await new Promise((resolve) => child.on('close', (exitCode, signal) => resolve(exitCode ?? signal)));
  clearTimeout(timer);
  // Exit 1 on a broken package; the line checked is what VS Code prints on success.
  if (code !== 0 || !/was successfully installed/.test(output)) {
    throw new Error(`code-server --install-extension ${vsixPaths.join(' ')} failed (${code}):\n${lastLines(output)}`);
  }
}

/**
 * Starts code-server on a free loopback port with a fresh user-data and extensions dir, and
 * resolves once it answers HTTP. Our extension comes one of two ways:
 * - `vsix`: packed extensions installed first into the fresh extensions dir with
 *   `--install-extension`, as a user installs them; the window is a plain one, with toasts;
 * - `extensionDevelopmentPath`: loaded from source. The smoke-test driver is then on, so that the
 *   workbench honours the `payload` URL parameter (a built VS Code ignores it otherwise); that
 *   mode hides notification toasts. `extensionTestsPath` (a bundled CommonJS file exporting
 *   `run()`) makes the window run it in the extension host and call
 *   `window.codeAutomationExit(code)` when it settles.
 * `env` reaches the extension host, which inherits code-server's environment.
 * @param {{workspace: string, extensionDevelopmentPath?: string, extensionTestsPath?: string, vsix?: string[], settings?: Record<string, unknown>, env?: Record<string, string>}} options
 * @returns {Promise<{url: string, origin: string, port: number, pgid: number, userDataDir: string, extensionsDir: string, output: () => string, stop: () => Promise<void>}>}
 */
export async function startCodeServer({ workspace, extensionDevelopmentPath, extensionTestsPath, vsix = [], settings = {}, env: extraEnv = {} }) {
  const { nodePath, entryPath } = await ensureCodeServer();
  const runDir = mkdtempSync(join(tmpdir(), 'openocd-debug-code-server-'));
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  writeUserSettings(userDataDir, settings);
  mkdirSync(extensionsDir);
  writeFileSync(join(runDir, 'config.yaml'), 'auth: none\n');
  const dirArgs = [entryPath, '--config', join(runDir, 'config.yaml'), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const args = [
    ...dirArgs, '--auth', 'none', '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--reconnection-grace-time', '5',
    ...(extensionDevelopmentPath === undefined ? [] : ['--vscode-option', 'enable-smoke-test-driver']),
    workspace,
  ];
  // code-server writes its default config and state under the XDG folders: keep them in runDir.
  // NODE_OPTIONS (e.g. `--import tsx`) and node:test's NODE_TEST_CONTEXT are meant for our Node
  // 20 test process, not for code-server's Node 24 and the extension host it forks.
  const { NODE_OPTIONS: _options, NODE_TEST_CONTEXT: _testContext, ...inherited } = process.env;
  const env = { ...inherited, ...extraEnv, XDG_CONFIG_HOME: join(runDir, 'config'), XDG_DATA_HOME: join(runDir, 'data') };
  if (vsix.length > 0) {
    try {
      await installExtensions(nodePath, dirArgs, vsix, env);
    } catch (error) {
      rmSync(runDir, { recursive: true, force: true });
      throw error;
    }
  }
  const leader = spawn('sh', ['-c', watchdogScript, 'code-server-watchdog', nodePath, ...args], {
    detached: true, stdio: ['pipe', 'pipe', 'pipe'], env,
  });
  let output = '';
  const exited = new Promise((resolve) => leader.on('exit', resolve));
  const stop = async () => {
    leader.stdin.end();
    await exited;
    const deadline = Date.now() + stopTimeoutMs;
    while (processGroupAlive(leader.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (processGroupAlive(leader.pid)) throw new Error(`code-server process group ${leader.pid} still alive ${stopTimeoutMs} ms after SIGKILL`);
    rmSync(runDir, { recursive: true, force: true });
  };
  try {
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not listen within ${startTimeoutMs} ms:\n${lastLines(output)}`)), startTimeoutMs);
      const onData = (chunk) => {
        output = (output + chunk).slice(-200_000);
        const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      leader.stdout.setEncoding('utf8').on('data', onData);
      leader.stderr.setEncoding('utf8').on('data', onData);
      exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code}) before listening:\n${lastLines(output)}`));
      });
    });
    const origin = `http://127.0.0.1:${port}`;
    const health = await fetch(`${origin}/healthz`);
    if (!health.ok) throw new Error(`code-server answered ${health.status} on /healthz`);
    const query = new URLSearchParams({ folder: workspace });
    if (extensionDevelopmentPath !== undefined) {
      // The payload's URIs must name the address the page is opened at (VSCODE-TESTING.md).
      const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
      const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
      if (extensionTestsPath !== undefined) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      query.set('payload', JSON.stringify(payload));
    }
    return { url: `${origin}/?${query}`, origin, port, pgid: leader.pid, userDataDir, extensionsDir, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain && process.argv[2] === 'install') {
  try {
    install(installPaths());
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
} else if (isMain && process.argv[2] === 'start') {
  const repoRoot = join(fileURLToPath(import.meta.url), '..', '..');
  startCodeServer({ workspace: process.argv[3] ?? process.cwd(), extensionDevelopmentPath: repoRoot }).then((server) => {
    console.log(`code-server ${codeServerVersion} at ${server.url} (Ctrl+C stops it)`);
    process.on('SIGINT', () => server.stop().then(() => process.exit(0)));
  });
} else if (isMain) {
  console.error('usage: node scripts/codeServer.mjs install | start [workspace]');
  process.exit(2);
}
