// Runs test/host/suites/cortexDebugImport.ts in a real VS Code extension host: the Cortex-Debug
// import command on a JSONC launch.json, with a user-settings launch entry it must leave alone.
import { extensionHostTest } from './harness/extensionHostSuite';
import { documentedEntry } from './suites/cortexDebugSnippet';

const launchJson = `{
  // Cortex-Debug's snippet "Cortex Debug: OpenOCD" as VS Code inserts it.
  "version": "0.2.0",
  "configurations": [
    ${JSON.stringify(documentedEntry, null, 2).replace(/\n/g, '\n    ')},
    { "type": "node", "request": "launch", "name": "Node script", "program": "\${workspaceFolder}/a.js" }, // not Cortex-Debug
  ],
}
`;

extensionHostTest('Cortex-Debug import in the VS Code extension host', {
  scenario: 'cortex-debug-import',
  suite: 'test/host/suites/cortexDebugImport.ts',
  files: { '.vscode/launch.json': launchJson },
  settings: {
    launch: { configurations: [{ type: 'cortex-debug', request: 'launch', servertype: 'openocd', name: 'User board', executable: 'u.elf', configFiles: ['u.cfg'] }] },
  },
});
