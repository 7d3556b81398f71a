// Finding the OpenOCD executable: the Windows rules (paths, PATHEXT, quoted PATH entries, no execute
// bit) with the platform as a parameter, and the POSIX lookup on the real file system.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { OpenocdExitedError } from '../../src/common';
import { executableFileNames, findOpenocdExecutable, isExecutablePath, isRunnableFile, pathDirectories } from '../../src/openocd';

describe('findOpenocdExecutable on Windows', () => {
  const installed = new Set(['C:\\tools\\OpenOCD\\bin\\openocd.exe', 'C:\\Program Files\\xpack;openocd\\bin\\openocd.exe']);
  const search = { platform: 'win32' as const, pathExt: '.COM;.EXE;.BAT;.CMD', isRunnable: (file: string) => installed.has(file) };

  it('tells paths from names: drive letters and backslashes make a path', () => {
    for (const name of ['C:\\tools\\openocd.exe', 'c:/tools/openocd', 'C:openocd.exe', 'bin\\openocd', '\\\\server\\share\\openocd.exe']) {
      assert.equal(isExecutablePath(name, 'win32'), true, name);
    }
    for (const name of ['openocd', 'openocd.exe']) assert.equal(isExecutablePath(name, 'win32'), false, name);
    // On POSIX a backslash and a colon are ordinary file name characters.
    assert.equal(isExecutablePath('C:\\tools\\openocd.exe', 'linux'), false);
    assert.equal(isExecutablePath('bin/openocd', 'darwin'), true);
  });

  it('adds the spawnable PATHEXT extensions to a name without one, in PATHEXT order', () => {
    assert.deepEqual(executableFileNames('openocd', 'win32'), ['openocd.com', 'openocd.exe']);
    assert.deepEqual(executableFileNames('openocd', 'win32', '.EXE;.COM;.BAT'), ['openocd.exe', 'openocd.com']);
    assert.deepEqual(executableFileNames('openocd-0.12', 'win32', '.EXE'), ['openocd-0.12.exe']);
    assert.deepEqual(executableFileNames('OPENOCD.EXE', 'win32'), ['OPENOCD.EXE']);
    assert.deepEqual(executableFileNames('C:\\tools\\openocd', 'win32', '.EXE'), ['C:\\tools\\openocd.exe']);
    assert.deepEqual(executableFileNames('openocd', 'linux', '.EXE'), ['openocd']);
  });

  it('splits PATH at semicolons and unquotes quoted entries', () => {
    assert.deepEqual(pathDirectories('C:\\Windows;;"C:\\Program Files\\xpack;openocd\\bin";D:\\b', 'win32'), [
      'C:\\Windows',
      'C:\\Program Files\\xpack;openocd\\bin',
      'D:\\b',
    ]);
    assert.deepEqual(pathDirectories('/usr/bin::/opt/openocd/bin', 'linux'), ['/usr/bin', '/opt/openocd/bin']);
  });

  it('finds openocd.exe in PATH', () => {
    assert.equal(findOpenocdExecutable(undefined, { ...search, envPath: 'C:\\Windows;C:\\tools\\OpenOCD\\bin' }), 'C:\\tools\\OpenOCD\\bin\\openocd.exe');
    assert.equal(
      findOpenocdExecutable('openocd', { ...search, envPath: 'C:\\Windows;"C:\\Program Files\\xpack;openocd\\bin"' }),
      'C:\\Program Files\\xpack;openocd\\bin\\openocd.exe',
    );
  });

  it('takes a drive-letter path as given, with or without .exe, and never searches PATH for it', () => {
    const envPath = 'C:\\tools\\OpenOCD\\bin';
    assert.equal(findOpenocdExecutable('C:\\tools\\OpenOCD\\bin\\openocd.exe', { ...search, envPath }), 'C:\\tools\\OpenOCD\\bin\\openocd.exe');
    assert.equal(findOpenocdExecutable('C:/tools/OpenOCD/bin/openocd', { ...search, envPath }), 'C:\\tools\\OpenOCD\\bin\\openocd.exe');
    assert.throws(() => findOpenocdExecutable('D:\\openocd.exe', { ...search, envPath }), (error: unknown) => {
      assert.ok(error instanceof OpenocdExitedError);
      assert.match(error.message, /not found or not executable: D:\\openocd\.exe\. Install OpenOCD \(Windows: install xPack OpenOCD/);
      return true;
    });
  });

  it('says it is not in PATH, with the Windows way to install it', () => {
    assert.throws(() => findOpenocdExecutable(undefined, { ...search, envPath: 'C:\\Windows' }), /"openocd" not found in PATH\. Install OpenOCD \(Windows: /);
  });
});

describe('isRunnableFile and the POSIX lookup', () => {
  it('needs the execute bit on POSIX but only an existing file on Windows', { skip: process.platform === 'win32' && 'POSIX modes' }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openocd-exe-'));
    try {
      const file = path.join(dir, 'openocd.exe');
      fs.writeFileSync(file, '', { mode: 0o644 });
      assert.equal(isRunnableFile(file, 'linux'), false);
      assert.equal(isRunnableFile(file, 'win32'), true);
      fs.chmodSync(file, 0o755);
      assert.equal(isRunnableFile(file, 'linux'), true);
      assert.equal(isRunnableFile(dir, 'win32'), false, 'a folder is not a program');
      assert.equal(isRunnableFile(path.join(dir, 'missing.exe'), 'win32'), false);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('finds an executable openocd in PATH as an absolute path, also through a relative PATH entry', { skip: process.platform === 'win32' && 'POSIX modes' }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openocd-path-'));
    try {
      const file = path.join(dir, 'openocd');
      fs.writeFileSync(file, '', { mode: 0o644 });
      assert.throws(() => findOpenocdExecutable(undefined, { envPath: dir, platform: 'linux' }), /not found in PATH.*apt-get install openocd/s);
      fs.chmodSync(file, 0o755);
      assert.equal(findOpenocdExecutable(undefined, { envPath: `/nonexistent:${dir}`, platform: 'linux' }), file);
      assert.equal(findOpenocdExecutable(undefined, { envPath: path.relative(process.cwd(), dir), platform: 'linux' }), file);
      assert.equal(findOpenocdExecutable(file, { envPath: '', platform: 'linux' }), file);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
