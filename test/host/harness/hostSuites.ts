// The workspace each mocha suite of test/host/suites runs in: its files and user settings, one
// window per suite. Read by both runners outside the extension host (the code-server harness in
// npm test, and test-electron in npm run test:electron); no vscode import.
import { join } from 'node:path';
import { documentedEntry } from '../suites/cortexDebugSnippet';

/** The mocha runner index (test/host/suites/index.ts) as scripts/build.mjs bundles it, beside the suites. */
export const hostSuitesIndex = join(__dirname, '..', '..', '..', 'out', 'test', 'host', 'suites', 'index.js');

/** What one suite's window opens. */
export interface HostSuiteWorkspace {
  /** How the suite's run is named in the test output. */
  readonly title: string;
  /** Workspace files, relative path to content, written into a fresh temporary folder. */
  readonly files: Readonly<Record<string, string | Uint8Array>>;
  /** User settings on top of the clean-window defaults. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

const cortexDebugLaunchJson = `{
  // Cortex-Debug's snippet "Cortex Debug: OpenOCD" as VS Code inserts it.
  "version": "0.2.0",
  "configurations": [
    ${JSON.stringify(documentedEntry, null, 2).replace(/\n/g, '\n    ')},
    { "type": "node", "request": "launch", "name": "Node script", "program": "\${workspaceFolder}/a.js" }, // not Cortex-Debug
  ],
}
`;

/** By suite name: `extension` is test/host/suites/extension.test.ts. */
export const hostSuites: Readonly<Record<string, HostSuiteWorkspace>> = {
  extension: {
    title: 'the extension in the VS Code extension host',
    files: {
      'openocd/board.cfg': '# Board file\nsource [find interface/remote_bitbang.cfg]\n',
      'openocd.cfg': 'source [find openocd/board.cfg]\ninit\n',
      'scripts/flash.openocd.tcl': 'program firmware.elf verify reset exit\n',
      'other/settings.cfg': 'key = value\n',
    },
  },
  debugConfiguration: {
    title: 'openocd debug configurations in the VS Code extension host',
    files: {
      'build/app.elf': Uint8Array.of(0x7f, 0x45, 0x4c, 0x46),
      'openocd.cfg': 'source [find interface/stlink.cfg]\nsource [find target/stm32f0x.cfg]\n',
    },
  },
  cortexDebugImport: {
    title: 'Cortex-Debug import in the VS Code extension host',
    // A JSONC launch.json, and a user-settings launch entry the import must leave alone.
    files: { '.vscode/launch.json': cortexDebugLaunchJson },
    settings: {
      launch: { configurations: [{ type: 'cortex-debug', request: 'launch', servertype: 'openocd', name: 'User board', executable: 'u.elf', configFiles: ['u.cfg'] }] },
    },
  },
};
