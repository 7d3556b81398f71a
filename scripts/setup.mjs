// Installs what `npm test` needs on a fresh Debian machine with only Node and npm: Debian packages
// through apt-get (sudo when not root), npm packages through `npm ci` when node_modules is stale.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Command on PATH -> Debian package that provides it. */
export const debianTools = {
  openocd: 'openocd',
  'arm-none-eabi-gcc': 'gcc-arm-none-eabi',
  'arm-none-eabi-objdump': 'binutils-arm-none-eabi',
  'riscv64-unknown-elf-gcc': 'gcc-riscv64-unknown-elf',
  'gdb-multiarch': 'gdb-multiarch',
  clang: 'clang',
  chromium: 'chromium',
  // code-server's native modules (scripts/codeServer.mjs) build with node-gyp: make, a C++
  // compiler and python3; kerberos needs pkg-config and the MIT Kerberos headers.
  make: 'make',
  'g++': 'g++',
  python3: 'python3',
  'pkg-config': 'pkg-config',
  'krb5-config': 'libkrb5-dev',
};
/** Extra Debian packages that install no command we can test for. */
const debianFiles = {
  '/usr/lib/arm-none-eabi/newlib/libc.a': 'libnewlib-arm-none-eabi',
};

/** True when `command` is found on PATH (POSIX `command -v`). */
export function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function missingDebianPackages() {
  const packages = new Set();
  for (const [command, pkg] of Object.entries(debianTools)) if (!onPath(command)) packages.add(pkg);
  for (const [file, pkg] of Object.entries(debianFiles)) if (!existsSync(file)) packages.add(pkg);
  return [...packages];
}

function aptGet(packages) {
  const isRoot = process.getuid?.() === 0;
  const prefix = isRoot ? [] : onPath('sudo') ? ['sudo', '-n'] : null;
  if (prefix === null) {
    throw new Error(
      `Missing Debian packages: ${packages.join(' ')}. Not root and no sudo: install them with ` +
        `'apt-get install ${packages.join(' ')}' as root, then run npm test again.`,
    );
  }
  const run = (args) => {
    const [cmd, ...rest] = [...prefix, ...args];
    const result = spawnSync(cmd, rest, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0) {
      throw new Error(`'${[cmd, ...rest].join(' ')}' failed (exit ${result.status}). Install ${packages.join(' ')} by hand.`);
    }
  };
  console.log(`setup: installing Debian packages: ${packages.join(' ')}`);
  run(['apt-get', 'update', '-q']);
  run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...packages]);
}

function npmIsStale(root) {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return true;
  return statSync(join(root, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs &&
    readFileSync(join(root, 'package-lock.json'), 'utf8').length !== 0 &&
    !sameDependencies(root);
}

function sameDependencies(root) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
  const installed = JSON.parse(readFileSync(join(root, 'node_modules', '.package-lock.json'), 'utf8')).packages ?? {};
  return Object.entries(lock).every(([path, info]) => path === '' || installed[path]?.version === info.version);
}

/** Installs whatever is missing; throws with a message that says what to do when it cannot. */
export function setup(root) {
  const packages = missingDebianPackages();
  if (packages.length > 0) aptGet(packages);
  if (npmIsStale(root)) {
    console.log('setup: node_modules missing or stale: npm ci');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  }
  // The real-VS-Code tests (test/host) need code-server; installing it here shows its progress
  // before the tests start instead of inside a test's before hook.
  execFileSync(process.execPath, [join(root, 'scripts', 'codeServer.mjs'), 'install'], { cwd: root, stdio: 'inherit' });
}
