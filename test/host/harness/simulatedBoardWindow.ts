// Fixture of the UI tests on the simulated board: the simulated STM32F030 or dual-core board (its
// own process) and a VS Code window whose workspace holds a copy of the firmware's sources, its ELF,
// the board's build/sim-port.cfg and the test's launch.json. Starts and stops both; assertions stay in tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCodeServer } from '../../../scripts/codeServer.mjs';
import { dualCoreElf, firmwareDir, firmwareElf } from '../../helpers/firmware';
import { simOpenocdDir, startSimProcess } from '../../sim/startSim';
import { VsCodeWindow } from './vscodeWindow';

/** The name of the demo's debug configuration (test/firmware/.vscode/launch.json). */
export const demoLaunchName = 'Simulated STM32F030 (npm run demo)';

/** A launch.json's content, parsed. */
export interface LaunchJson {
  version: string;
  configurations: Record<string, unknown>[];
}

/**
 * The demo's launch.json (test/firmware/.vscode/launch.json, JSON with comments) for a workspace
 * that is a copy of test/firmware: the sim's OpenOCD folder is given by absolute path (`..` from
 * the copy leads nowhere), and the ELF's compiled paths map to the copied sources. Parsed, so a
 * test may add configurations before `JSON.stringify`.
 */
export function demoLaunch(): LaunchJson {
  const text = readFileSync(join(firmwareDir, '.vscode', 'launch.json'), 'utf8');
  const launch = JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as LaunchJson;
  const [config] = launch.configurations;
  const searchDir = JSON.stringify(config.searchDir);
  if (config.name !== demoLaunchName || searchDir !== JSON.stringify(['${workspaceFolder}/../sim/openocd'])) {
    throw new Error(`test/firmware/.vscode/launch.json changed: its first configuration is ${JSON.stringify(config.name)} with searchDir ${searchDir}`);
  }
  config.searchDir = [simOpenocdDir];
  config.sourceFileMap = { [firmwareDir]: '${workspaceFolder}' };
  return launch;
}

/** The name of the dual-core board's debug configuration (dualCoreLaunch). */
export const dualCoreLaunchName = 'Simulated dual-core board';

/**
 * A launch.json for the dual-core board (`npm run sim -- --board dual-m0`, target/sim-dual-m0.cfg)
 * in a workspace that is a copy of test/firmware/dualcore: the launch programs the blank board
 * with build/dualcore.elf and runs core 0 to main.
 */
export function dualCoreLaunch(): LaunchJson {
  return {
    version: '0.2.0',
    configurations: [{
      type: 'openocd',
      request: 'launch',
      name: dualCoreLaunchName,
      executable: '${workspaceFolder}/build/dualcore.elf',
      searchDir: [simOpenocdDir],
      configFiles: ['${workspaceFolder}/build/sim-port.cfg', 'interface/sim-remote-bitbang.cfg', 'target/sim-dual-m0.cfg'],
      runToEntryPoint: 'main',
      sourceFileMap: { [join(firmwareDir, 'dualcore')]: '${workspaceFolder}' },
    }],
  };
}

/** A running simulated board and a VS Code window on its firmware. Close it in `after`. */
export class SimulatedBoardWindow {
  private constructor(
    readonly ui: VsCodeWindow,
    private readonly sim: Awaited<ReturnType<typeof startSimProcess>>,
  ) {}

  /**
   * Installs code-server if needed (call from a `before` hook with codeServerInstallTimeoutMs),
   * starts the board with the O0 firmware, then the window with `launchJson` as
   * .vscode/launch.json; screenshots go to test-artifacts/host/<scenario>/. With `vsix`, the
   * window runs the extension installed from that package instead of from source; `settings` are
   * user settings on top of the clean-window defaults. `board: 'dual-m0'` starts the dual-core
   * board blank instead (its launch programs it), the workspace a copy of test/firmware/dualcore.
   */
  static async open(scenario: string, launchJson: string, options: { vsix?: string; settings?: Readonly<Record<string, unknown>>; board?: 'dual-m0' } = {}): Promise<SimulatedBoardWindow> {
    await ensureCodeServer();
    const dual = options.board === 'dual-m0';
    const elf = dual ? dualCoreElf() : firmwareElf('O0');
    const sourceDir = dual ? join(firmwareDir, 'dualcore') : firmwareDir;
    const sim = await startSimProcess(dual ? { board: 'dual-m0' } : { firmwarePath: elf });
    try {
      const files: Record<string, string | Uint8Array> = {
        '.vscode/launch.json': launchJson,
        [dual ? 'build/dualcore.elf' : 'build/O0/firmware.elf']: readFileSync(elf),
        // What `npm run demo` writes: the port of the simulated board.
        'build/sim-port.cfg': `set SIM_PORT ${sim.port}\n`,
      };
      for (const name of readdirSync(sourceDir).filter((file) => /\.[ch]$/.test(file))) {
        files[name] = readFileSync(join(sourceDir, name), 'utf8');
      }
      return new SimulatedBoardWindow(await VsCodeWindow.open({ scenario, files, vsix: options.vsix, settings: options.settings }), sim);
    } catch (error) {
      await sim.stop();
      throw error;
    }
  }

  /** Closes the window (code-server, chromium), then stops the board, even if closing failed. */
  async close(): Promise<void> {
    try {
      await this.ui.close();
    } finally {
      await this.sim.stop();
    }
  }
}
