// Runs test/host/suites/debugConfiguration.ts in a real VS Code extension host: the openocd
// debugger's contribution and configuration provider, as VS Code loads them from this repository.
import { extensionHostTest } from './harness/extensionHostSuite';

extensionHostTest('openocd debug configurations in the VS Code extension host', {
  scenario: 'debug-configuration',
  suite: 'test/host/suites/debugConfiguration.ts',
  files: {
    'build/app.elf': Uint8Array.of(0x7f, 0x45, 0x4c, 0x46),
    'openocd.cfg': 'source [find interface/stlink.cfg]\nsource [find target/stm32f0x.cfg]\n',
  },
});
