// cortexDebug/cortexDebugImport.ts and importReport.ts: Cortex-Debug launch.json entries
// converted to `openocd` ones that the adapter accepts, with every source attribute accounted for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchAttributes, validateSessionConfig } from '../../src/adapter/api';
import {
  convertCortexDebugConfiguration, importedName, isCortexDebugOpenocd, type CortexDebugConversion,
} from '../../src/extension/cortexDebug/cortexDebugImport';
import { formatImportReport } from '../../src/extension/cortexDebug/importReport';
import { documentedEntry as documentationSnippet, importedEntry } from '../host/suites/cortexDebugSnippet';

/** The snippet once the user has filled in a board, as Cortex-Debug requires (at least one config file). */
const filledIn = { ...documentationSnippet, configFiles: ['interface/stlink.cfg', 'target/stm32f4x.cfg'] };

/**
 * Every attribute of Cortex-Debug's launch and attach schemas (its package.json
 * configurationAttributes, 1.13.0-pre10), plus the obsolete ones its config provider still reads
 * (openOCDPath, debugger_args) and the platform blocks.
 */
const cortexDebugAttributes = [
  'BMPGDBSerialPort', 'armToolchainPath', 'boardId', 'breakAfterReset', 'chainedConfigurations', 'cmsisPack', 'configFiles', 'cpu',
  'ctiOpenOCDConfig', 'cwd', 'debuggerArgs', 'device', 'executable', 'gdbInterruptMode', 'gdbPath', 'gdbTarget', 'graphConfig',
  'hardwareBreakpoints', 'hardwareWatchpoints', 'interface', 'ipAddress', 'jlinkscript', 'liveWatch', 'loadFiles', 'machine',
  'numberOfProcessors', 'objdumpPath', 'openOCDLaunchCommands', 'openOCDPreConfigLaunchCommands', 'overrideAttachCommands',
  'overrideGDBServerStartedRegex', 'overrideLaunchCommands', 'overridePreEndSessionCommands', 'overrideResetCommands',
  'overrideRestartCommands', 'postAttachCommands', 'postLaunchCommands', 'postResetCommands', 'postResetSessionCommands',
  'postRestartCommands', 'postRestartSessionCommands', 'postStartSessionCommands', 'powerOverBMP', 'preAttachCommands',
  'preLaunchCommands', 'preResetCommands', 'preRestartCommands', 'rtos', 'rttConfig', 'runToEntryPoint', 'runToMain', 'searchDir',
  'serialNumber', 'serverArgs', 'serverpath', 'servertype', 'showDevDebugOutput', 'showDevDebugTimestamps', 'stlinkPath',
  'stm32cubeprogrammer', 'svdFile', 'svdPath', 'swoConfig', 'symbolFiles', 'targetId', 'targetProcessor', 'toolchainPrefix', 'v1',
  'openOCDPath', 'debugger_args', 'windows', 'linux', 'osx',
];

/** A plausible non-empty value for each attribute (empty ones are carried as "nothing to carry"). */
function valueFor(attribute: string): unknown {
  if (['configFiles', 'searchDir', 'loadFiles', 'serverArgs'].includes(attribute)) return attribute === 'serverArgs' ? ['-c', 'gdb_port 50000'] : [`${attribute}/x`];
  if (/Commands$|Args$|args$|symbolFiles/.test(attribute)) return ['monitor reset halt'];
  if (['breakAfterReset', 'runToMain', 'v1', 'showDevDebugTimestamps'].includes(attribute)) return true;
  if (['numberOfProcessors', 'targetProcessor'].includes(attribute)) return 2;
  if (['windows', 'linux', 'osx'].includes(attribute)) return { serverpath: 'openocd-x', gdbPath: 'gdb-x' };
  if (/Config|hardware|chained|liveWatch/.test(attribute)) return { enabled: true };
  if (attribute === 'svdFile' || attribute === 'svdPath') return 'STM32F407.svd';
  if (attribute === 'servertype') return 'openocd';
  return `${attribute}-value`;
}

function everyAttribute(request: 'launch' | 'attach'): Record<string, unknown> {
  return { type: 'cortex-debug', request, name: 'all', ...Object.fromEntries(cortexDebugAttributes.map((a) => [a, valueFor(a)])) };
}

function reasonOf(conversion: CortexDebugConversion, attribute: string): string {
  const dropped = conversion.notCarried.find((entry) => entry.attribute === attribute);
  assert.ok(dropped, `${attribute} is not listed as not carried: ${JSON.stringify(conversion.carried)}`);
  return dropped.reason;
}

function carriedAs(conversion: CortexDebugConversion, attribute: string): string {
  const carried = conversion.carried.find((entry) => entry.attribute === attribute);
  assert.ok(carried, `${attribute} is not listed as carried: ${JSON.stringify(conversion.notCarried)}`);
  return carried.as;
}

/** The adapter's own launch.json check accepts the configuration (every path taken to exist). */
function assertAdapterAccepts(configuration: Record<string, unknown>): void {
  const request = configuration.request as 'launch' | 'attach';
  const settings = validateSessionConfig(request, configuration, { workspaceFolder: '/ws', files: { isFile: () => true, isDirectory: () => true } });
  assert.deepEqual(settings.unknownAttributes, [], 'attributes the adapter does not know');
}

function convert(overrides: Record<string, unknown>): CortexDebugConversion {
  return convertCortexDebugConfiguration({ ...filledIn, ...overrides });
}

describe('Cortex-Debug import', () => {
  it('converts Cortex-Debug\'s documented OpenOCD snippet, keeping its ${} variables as written', () => {
    const conversion = convertCortexDebugConfiguration(documentationSnippet);
    assert.deepEqual(conversion.configuration, importedEntry);
    assert.deepEqual(conversion.notCarried.map((entry) => entry.attribute), ['showDevDebugOutput']);
    assert.match(reasonOf(conversion, 'showDevDebugOutput'), /"OpenOCD" output channel/);
    assert.match(carriedAs(conversion, 'searchDir'), /Cortex-Debug searches cwd when searchDir is empty/);
    assert.deepEqual(conversion.notes, ['configFiles is empty (Cortex-Debug refuses that too): list your probe\'s and target\'s OpenOCD config files']);
  });

  it('converts the snippet with a board filled in into a launch the adapter accepts', () => {
    const { configuration } = convertCortexDebugConfiguration(filledIn);
    assert.deepEqual(configuration.configFiles, ['interface/stlink.cfg', 'target/stm32f4x.cfg']);
    assertAdapterAccepts(configuration);
  });

  for (const request of ['launch', 'attach'] as const) {
    it(`accounts for every Cortex-Debug attribute of a ${request} exactly once, each known to the import`, () => {
      const source = everyAttribute(request);
      const conversion = convertCortexDebugConfiguration(source);
      const accounted = [...conversion.carried, ...conversion.notCarried].map((entry) => entry.attribute).filter((a) => !a.includes('.'));
      assert.deepEqual([...accounted].sort(), Object.keys(source).sort());
      const unknown = conversion.notCarried.filter((entry) => /this import knows/.test(entry.reason)).map((entry) => entry.attribute);
      assert.deepEqual(unknown, []);
      for (const key of Object.keys(conversion.configuration)) {
        if (['type', 'request', 'name', 'windows', 'linux', 'osx'].includes(key)) continue;
        assert.ok(launchAttributes[key]?.requests.includes(request), `"${key}" is not an openocd ${request} attribute`);
      }
    });
  }

  it('names the import after the source, so both coexist, and recognises only Cortex-Debug OpenOCD entries', () => {
    assert.equal(importedName({ name: 'Debug' }), 'Debug (OpenOCD Debug)');
    assert.equal(importedName({}), 'Cortex-Debug (OpenOCD Debug)');
    assert.equal(isCortexDebugOpenocd(filledIn), true);
    assert.equal(isCortexDebugOpenocd({ ...filledIn, servertype: 'jlink' }), false);
    assert.equal(isCortexDebugOpenocd({ type: 'openocd', request: 'launch', name: 'x' }), false);
    assert.equal(isCortexDebugOpenocd(null), false);
  });

  it('carries serverpath as openocdPath, and the obsolete openOCDPath unless serverpath is given', () => {
    assert.equal(convert({ serverpath: '/opt/openocd/bin/openocd' }).configuration.openocdPath, '/opt/openocd/bin/openocd');
    assert.equal(convert({ openOCDPath: '/old/openocd' }).configuration.openocdPath, '/old/openocd');
    const both = convert({ serverpath: '/new/openocd', openOCDPath: '/old/openocd' });
    assert.equal(both.configuration.openocdPath, '/new/openocd');
    assert.match(reasonOf(both, 'openOCDPath'), /obsolete name of serverpath/);
  });

  it('carries openOCDLaunchCommands as openocdCommands, and a tcl_port command as tclPort', () => {
    const conversion = convert({ openOCDLaunchCommands: ['adapter serial 004F', 'tcl_port 50001'] });
    assert.deepEqual(conversion.configuration.openocdCommands, ['adapter serial 004F']);
    assert.equal(conversion.configuration.tclPort, 50001);
    assert.equal(carriedAs(conversion, 'openOCDLaunchCommands'), 'openocdCommands, tclPort');
    assertAdapterAccepts(conversion.configuration);
  });

  it('carries serverArgs made of -c/-f/-s pairs in Cortex-Debug\'s order, and reports any other', () => {
    const conversion = convert({
      serverArgs: ['-f', 'extra.cfg', '-s', 'scripts', '-c', 'gdb_port 50000', '-c', 'tcl_port 50001'],
      openOCDLaunchCommands: ['init'],
    });
    assert.deepEqual(conversion.configuration.configFiles, ['interface/stlink.cfg', 'target/stm32f4x.cfg', 'extra.cfg']);
    assert.deepEqual(conversion.configuration.searchDir, ['scripts']);
    assert.deepEqual(conversion.configuration.openocdCommands, ['gdb_port 50000', 'init']);
    assert.equal(conversion.configuration.tclPort, 50001);
    assert.equal(carriedAs(conversion, 'serverArgs'), 'openocdCommands, tclPort, configFiles, searchDir');

    const debugLevel = convert({ serverArgs: ['-d3'] });
    assert.match(reasonOf(debugLevel, 'serverArgs'), /only -c, -f and -s pairs .*got \["-d3"\]/);
    assert.equal(debugLevel.configuration.openocdCommands, undefined);
    const commandFirst = convert({ serverArgs: ['-c', 'set X 1', '-f', 'late.cfg'] });
    assert.match(reasonOf(commandFirst, 'serverArgs'), /no -c before a -f/);
  });

  it('reports openOCDPreConfigLaunchCommands, which must run before the config files', () => {
    const conversion = convert({ openOCDPreConfigLaunchCommands: ['set CPUTAPID 0x2ba01477'] });
    assert.match(reasonOf(conversion, 'openOCDPreConfigLaunchCommands'), /run before the config files .* openocdCommands run after them/);
    assert.equal(conversion.configuration.openocdCommands, undefined);
  });

  it('maps the deprecated runToMain to runToEntryPoint "main", unless runToEntryPoint is given', () => {
    const { runToEntryPoint: _runTo, ...withoutRunTo } = filledIn;
    assert.equal(convertCortexDebugConfiguration({ ...withoutRunTo, runToMain: true }).configuration.runToEntryPoint, 'main');
    const both = convert({ runToEntryPoint: 'app_main', runToMain: true });
    assert.equal(both.configuration.runToEntryPoint, 'app_main');
    assert.match(reasonOf(both, 'runToMain'), /runToEntryPoint is given too/);
    const off = convertCortexDebugConfiguration({ ...withoutRunTo, runToMain: false });
    assert.equal(off.configuration.runToEntryPoint, undefined);
    assert.equal(carriedAs(off, 'runToMain'), '(the default: run after reset)');
    const emptyRunTo = convert({ runToEntryPoint: ' ', runToMain: true });
    assert.equal(emptyRunTo.configuration.runToEntryPoint, 'main');
    assert.match(reasonOf(emptyRunTo, 'runToEntryPoint'), /empty: Cortex-Debug treats it as not set/);
  });

  it('maps breakAfterReset to stopAtEntry, which Cortex-Debug ignores with runToEntryPoint', () => {
    const { runToEntryPoint: _runTo, ...withoutRunTo } = filledIn;
    const stop = convertCortexDebugConfiguration({ ...withoutRunTo, breakAfterReset: true });
    assert.equal(stop.configuration.stopAtEntry, true);
    assertAdapterAccepts(stop.configuration);
    const ignored = convert({ breakAfterReset: true });
    assert.equal(ignored.configuration.stopAtEntry, undefined);
    assert.match(reasonOf(ignored, 'breakAfterReset'), /ignores it when runToEntryPoint is set/);
  });

  it('maps an empty loadFiles to load: false, and reports other files to program', () => {
    const none = convert({ loadFiles: [] });
    assert.equal(none.configuration.load, false);
    assertAdapterAccepts(none.configuration);
    const hex = convert({ loadFiles: ['build/app.hex'] });
    assert.equal(hex.configuration.load, undefined);
    assert.match(reasonOf(hex, 'loadFiles'), /programs "executable"/);
  });

  it('carries an .svd svdFile, or svdPath when svdFile is absent, and reports CMSIS-Pack references', () => {
    assert.equal(convert({ svdFile: '${workspaceFolder}/STM32F407.svd' }).configuration.svdFile, '${workspaceFolder}/STM32F407.svd');
    assert.equal(convert({ svdPath: 'STM32F407.SVD' }).configuration.svdFile, 'STM32F407.SVD');
    const both = convert({ svdFile: 'a.svd', svdPath: 'b.svd' });
    assert.equal(both.configuration.svdFile, 'a.svd');
    assert.match(reasonOf(both, 'svdPath'), /svdFile is given too/);
    assert.match(reasonOf(convert({ svdFile: 'STM32F4xx_DFP::STM32F407VG' }), 'svdFile'), /not an \.svd file/);
  });

  it('carries VS Code\'s own attributes (tasks) and reports GDB ones, pointing monitor commands to the Debug Console', () => {
    const conversion = convert({
      preLaunchTask: 'build', postDebugTask: 'cleanup', gdbPath: 'arm-none-eabi-gdb', toolchainPrefix: 'arm-none-eabi',
      preLaunchCommands: ['set mem inaccessible-by-default off', 'monitor arm semihosting enable'], postLaunchCommands: ['break main'],
    });
    assert.equal(conversion.configuration.preLaunchTask, 'build');
    assert.equal(conversion.configuration.postDebugTask, 'cleanup');
    assert.match(reasonOf(conversion, 'gdbPath'), /runs no GDB/);
    assert.match(reasonOf(conversion, 'toolchainPrefix'), /runs no GDB/);
    assert.match(reasonOf(conversion, 'preLaunchCommands'), /Debug Console runs after ">" \(e\.g\. ">arm semihosting enable"\)/);
    assert.doesNotMatch(reasonOf(conversion, 'postLaunchCommands'), /Debug Console/);
  });

  it('reports what OpenOCD Debug has no counterpart for, and carries empty or disabled ones as nothing lost', () => {
    const conversion = convert({
      rtos: 'FreeRTOS', swoConfig: { enabled: true, cpuFrequency: 8000000 }, rttConfig: { enabled: false }, device: 'STM32F407VG',
      interface: 'swd', v1: false, postRestartCommands: [], graphConfig: [],
    });
    assert.match(reasonOf(conversion, 'rtos'), /no RTOS threads/);
    assert.match(reasonOf(conversion, 'swoConfig'), /SWO is not supported/);
    assert.match(reasonOf(conversion, 'device'), /with OpenOCD the chip comes from configFiles/);
    assert.match(reasonOf(conversion, 'interface'), /Cortex-Debug ignores it with OpenOCD/);
    assert.match(reasonOf(conversion, 'v1'), /servertype stutil only/);
    for (const attribute of ['rttConfig', 'postRestartCommands', 'graphConfig']) assert.equal(carriedAs(conversion, attribute), '(empty: nothing to carry)');
    assert.match(reasonOf(convert({ sourceFileMapx: { '/build': 'src' } }), 'sourceFileMapx'), /not a Cortex-Debug attribute this import knows/);
  });

  it('converts an attach into an attach that resets nothing, with the OpenOCD command line to start by hand', () => {
    const conversion = convert({
      request: 'attach', serverpath: '/opt/xpack/openocd', searchDir: ['/opt/st scripts'],
      openOCDPreConfigLaunchCommands: ['set CPUTAPID 0'], openOCDLaunchCommands: ['tcl_port 7000'], svdFile: 'chip.svd',
    });
    assert.deepEqual(conversion.configuration, {
      type: 'openocd', request: 'attach', name: 'Debug with OpenOCD (OpenOCD Debug)',
      cwd: '${workspaceRoot}', executable: './bin/executable.elf', svdFile: 'chip.svd', tclPort: 7000,
    });
    assert.deepEqual(conversion.notes, [
      'Start OpenOCD before this attach, which resets and programs nothing: /opt/xpack/openocd -s \'/opt/st scripts\' -c \'set CPUTAPID 0\' '
        + '-f interface/stlink.cfg -f target/stm32f4x.cfg -c \'tcl_port 7000\'',
    ]);
    for (const attribute of ['serverpath', 'searchDir', 'configFiles', 'openOCDPreConfigLaunchCommands', 'openOCDLaunchCommands']) {
      assert.match(reasonOf(conversion, attribute), /connects to an OpenOCD you start yourself/);
    }
    assert.match(reasonOf(conversion, 'runToEntryPoint'), /ignores it in an attach/);
    assertAdapterAccepts(conversion.configuration);
  });

  it('tells an attach to replace VS Code variables in the command line, and defaults to Tcl port 6666', () => {
    const conversion = convertCortexDebugConfiguration({ ...filledIn, request: 'attach', runToEntryPoint: undefined });
    assert.equal(conversion.configuration.tclPort, 6666);
    assert.match(conversion.notes[0], /openocd -s \$\{workspaceRoot\} -f .* \(with VS Code's \$\{\.\.\.\} variables replaced\)$/);
  });

  it('carries plain renames inside windows/linux/osx blocks and reports the rest', () => {
    const conversion = convert({ windows: { serverpath: 'C:/openocd/bin/openocd.exe', gdbPath: 'C:/gcc/bin/arm-none-eabi-gdb.exe' } });
    assert.deepEqual(conversion.configuration.windows, { openocdPath: 'C:/openocd/bin/openocd.exe' });
    assert.equal(carriedAs(conversion, 'windows.serverpath'), 'windows.openocdPath');
    assert.match(reasonOf(conversion, 'windows.gdbPath'), /in a platform block only/);
    const gdbOnly = convert({ linux: { gdbPath: 'gdb-multiarch' } });
    assert.equal(gdbOnly.configuration.linux, undefined);
    assert.match(reasonOf(gdbOnly, 'linux'), /none of its attributes could be carried/);
  });

  it('reports an attribute of the wrong type instead of carrying it', () => {
    const conversion = convert({ configFiles: 'board.cfg', runToMain: 'yes', runToEntryPoint: undefined });
    assert.match(reasonOf(conversion, 'configFiles'), /must be an array of strings; got "board.cfg"/);
    assert.match(reasonOf(conversion, 'runToMain'), /must be true or false; got "yes"/);
  });

  it('reports per configuration what was carried, what was not and why, and what was skipped', () => {
    const launch = convertCortexDebugConfiguration(documentationSnippet);
    const attach = convertCortexDebugConfiguration({ ...filledIn, name: 'Attach', request: 'attach' });
    const text = formatImportReport('/ws/.vscode/launch.json', [launch, attach], [{ sourceName: 'Old', existingName: 'Old (OpenOCD Debug)' }]);
    const lines = text.split('\n');
    assert.equal(lines[0], 'Cortex-Debug import into /ws/.vscode/launch.json: 2 imported, 1 already imported.');
    assert.ok(lines.includes('"Debug with OpenOCD" -> "Debug with OpenOCD (OpenOCD Debug)" (launch)'), text);
    assert.ok(lines.includes('    showDevDebugOutput: ' + reasonOf(launch, 'showDevDebugOutput')), text);
    assert.ok(lines.includes(`  To do: ${attach.notes[0]}`), text);
    assert.match(text, /Carried: cwd; executable; .*runToMain|Carried: cwd; executable;/);
    assert.ok(lines.includes('"Old": not imported again, "Old (OpenOCD Debug)" exists already.'), text);
  });
});
