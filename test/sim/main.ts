// `npm run sim -- [options]`: a simulated board (the STM32F030 by default) as a standalone
// remote_bitbang server for OpenOCD. Parses arguments and handles signals only; startSim.ts builds and loads the board.
import { parseArgs } from 'node:util';
import { DebuggerError } from '../../src/common';
import { defaultCyclesPerSecond } from './simulator';
import { type BoardKind, boardKinds, simTargetConfig, startSim } from './startSim';

const usage = `usage: npm run sim -- [--board KIND] [--port N] [--firmware FILE.elf|FILE.bin] [--uart FILE] [--speed CYCLES_PER_S]
  --board KIND      ${boardKinds.join(' or ')} (default stm32f030): dual-m0 has two Cortex-M0 cores on one JTAG chain,
                    rv32 a GD32VF103-like RV32IMC hart behind a RISC-V 0.13 DTM and Debug Module
  --port N          remote_bitbang TCP port on 127.0.0.1 (default 0: a free port, printed)
  --firmware FILE   preload flash: an ELF's load segments, or a raw .bin at 0x08000000
  --uart FILE       append every byte USART1 (USART0 on rv32) transmits to FILE
  --speed N         virtual core cycles per wall-clock second (default ${defaultCyclesPerSecond})
  --exit-with-stdin exit when stdin closes (used by tests that start this as a child process)`;

function fail(message: string, exitCode: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(exitCode);
}

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) fail(`--${name}: expected an integer from ${min} to ${max}, got '${text}'\n${usage}`, 2);
  return value;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        board: { type: 'string' },
        port: { type: 'string' },
        firmware: { type: 'string' },
        uart: { type: 'string' },
        speed: { type: 'string' },
        'exit-with-stdin': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`, 2);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const board = values.board ?? 'stm32f030';
  if (!(boardKinds as readonly string[]).includes(board)) fail(`--board: expected ${boardKinds.join(' or ')}, got '${board}'\n${usage}`, 2);
  const sim = await startSim({
    board: board as BoardKind,
    port: integer('port', values.port, 0, 65535),
    cyclesPerSecond: integer('speed', values.speed, 1, Number.MAX_SAFE_INTEGER),
    firmwarePath: values.firmware,
    uartPath: values.uart,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (values['exit-with-stdin']) {
    process.stdin.on('end', stop).resume();
  }
  process.stdout.write(
    `remote_bitbang listening on 127.0.0.1:${sim.port}\n` +
      `connect OpenOCD with: openocd -s test/sim/openocd -c 'set SIM_PORT ${sim.port}' ` +
      `-f interface/sim-remote-bitbang.cfg -f ${simTargetConfig(board as BoardKind)}\n`,
  );
}

main().catch((error: unknown) => {
  fail(error instanceof DebuggerError ? error.message : String((error as Error).stack ?? error), 1);
});
