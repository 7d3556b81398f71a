// Runs test/host/suites/extension.ts inside a real VS Code extension host (code-server) with the
// extension loaded from this repository; each host test shows up as a subtest.
import { extensionHostTest } from './harness/extensionHostSuite';

extensionHostTest('extension in the VS Code extension host', {
  scenario: 'extension-host',
  suite: 'test/host/suites/extension.ts',
  files: {
    'openocd/board.cfg': '# Board file\nsource [find interface/remote_bitbang.cfg]\n',
    'openocd.cfg': 'source [find openocd/board.cfg]\ninit\n',
    'scripts/flash.openocd.tcl': 'program firmware.elf verify reset exit\n',
    'other/settings.cfg': 'key = value\n',
  },
});
