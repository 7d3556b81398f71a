// Cortex-Debug's documented OpenOCD launch.json entry and its import, shared by the unit tests of the import, the
// host test that writes it into a workspace and the suite that checks its import. No vscode import.

/**
 * Cortex-Debug's own OpenOCD example: the "Cortex Debug: OpenOCD" configuration snippet of its
 * package.json (github.com/Marus/cortex-debug, contributes.debuggers[0].configurationSnippets,
 * version 1.13.0-pre10, commit 428af021), as VS Code's "Add Configuration..." inserts it:
 *
 *   "body": {
 *     "cwd": "^\"\\${workspaceRoot}\"",
 *     "executable": "${1:./bin/executable.elf}",
 *     "name": "${6:Debug with OpenOCD}",
 *     "request": "launch",
 *     "type": "cortex-debug",
 *     "servertype": "openocd",
 *     "configFiles": [],
 *     "searchDir": [],
 *     "runToEntryPoint": "main",
 *     "showDevDebugOutput": "none"
 *   }
 *
 * (`^` inserts the value as written; `${1:x}` inserts x.) Its README and debug_attributes.md show
 * no OpenOCD launch.json, and its wiki is not part of the repository.
 */
export const documentedEntry = {
  cwd: '${workspaceRoot}',
  executable: './bin/executable.elf',
  name: 'Debug with OpenOCD',
  request: 'launch',
  type: 'cortex-debug',
  servertype: 'openocd',
  configFiles: [],
  searchDir: [],
  runToEntryPoint: 'main',
  showDevDebugOutput: 'none',
};

/** What the import makes of `documentedEntry`: written out by hand, so both tests check the converter against it. */
export const importedEntry = {
  type: 'openocd',
  request: 'launch',
  name: 'Debug with OpenOCD (OpenOCD Debug)',
  cwd: '${workspaceRoot}',
  executable: './bin/executable.elf',
  configFiles: [],
  runToEntryPoint: 'main',
  searchDir: ['${workspaceRoot}'],
};
