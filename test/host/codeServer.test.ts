// scripts/codeServer.mjs: code-server answers on loopback, refuses a broken .vsix, and neither
// stop() nor the death of the process that started it leaves any of its processes behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureCodeServer, processGroupAlive, startCodeServer } from '../../scripts/codeServer.mjs';
import { codeServerInstallTimeoutMs } from './harness/extensionHostSuite';
import { repoRoot } from './harness/vscodeWindow';

const groupExitTimeoutMs = 15_000;

/** Resolves once no process of the group is left; rejects after `groupExitTimeoutMs`. */
async function groupGone(pgid: number): Promise<void> {
  const deadline = Date.now() + groupExitTimeoutMs;
  while (processGroupAlive(pgid)) {
    if (Date.now() > deadline) throw new Error(`process group ${pgid} still alive after ${groupExitTimeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('code-server process', () => {
  let workspace: string;

  before(async () => {
    await ensureCodeServer();
    workspace = mkdtempSync(join(tmpdir(), 'openocd-debug-workspace-'));
  }, { timeout: codeServerInstallTimeoutMs });

  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('answers HTTP on 127.0.0.1, and stop() ends its whole process group', async () => {
    const server = await startCodeServer({ workspace });
    assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await fetch(`${server.origin}/healthz`)).status, 200);
    assert.ok(processGroupAlive(server.pgid));
    await server.stop();
    assert.equal(processGroupAlive(server.pgid), false);
    await assert.rejects(fetch(`${server.origin}/healthz`));
  });

  it('refuses a .vsix that is no package, with code-server\'s own reason', async () => {
    const broken = join(workspace, 'broken.vsix');
    writeFileSync(broken, 'not a zip file');
    await assert.rejects(startCodeServer({ workspace, vsix: [broken] }), /--install-extension .*broken\.vsix failed \(1\):[^]*not a zip file/);
  });

  it('dies with the process that started it, even one killed with SIGKILL', async () => {
    const script = `import('./scripts/codeServer.mjs').then(async ({ startCodeServer }) => {
      const server = await startCodeServer({ workspace: ${JSON.stringify(workspace)} });
      console.log(JSON.stringify({ pgid: server.pgid, origin: server.origin, userDataDir: server.userDataDir }));
    });`;
    const starter = spawn(process.execPath, ['-e', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      let text = '';
      starter.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('\n')) resolve(text.split('\n')[0]);
      });
      starter.on('exit', (code) => reject(new Error(`the starter exited (${code}) before code-server listened`)));
    });
    const { pgid, origin, userDataDir } = JSON.parse(line) as { pgid: number; origin: string; userDataDir: string };
    assert.equal((await fetch(`${origin}/healthz`)).status, 200);
    starter.kill('SIGKILL');
    await groupGone(pgid);
    await assert.rejects(fetch(`${origin}/healthz`));
    // Its run folder outlives it: only stop() removes that.
    rmSync(dirname(userDataDir), { recursive: true, force: true });
  });
});
