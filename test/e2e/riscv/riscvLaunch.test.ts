// The RISC-V board through the adapter (issue 19): launch to main under OpenOCD 0.12's riscv
// target, the stack, the Registers scope under the psABI names, and the disassembly view against
// riscv64-unknown-elf-objdump (-M no-aliases: Capstone prints compressed instructions as c.*).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { RiscvBoard } from '../../sim/riscv/riscvBoard';
import { DapSession, E2E_TIMEOUT_MS } from '../dapSession';

/** objdump's lines `addr:\tbytes\tmnemonic\toperands` of [start, stop). */
function objdump(elfPath: string, start: number, stop: number): { address: number; mnemonic: string; target: string | undefined }[] {
  const text = execFileSync('riscv64-unknown-elf-objdump', ['-d', '-M', 'no-aliases', `--start-address=${start}`, `--stop-address=${stop}`, elfPath], { encoding: 'utf8' });
  return text.split('\n').flatMap((line) => {
    const match = /^\s*([0-9a-f]+):\t[0-9a-f ]+\t(\S+)\s*(.*)$/.exec(line);
    if (!match) return [];
    // A direct jump's or branch's target: `8000116 <uart_puts>` (not a `# comment` on an address constant).
    const target = /^(?:[^#]*,)?[0-9a-f]+ <([^>]+)>$/.exec(match[3].trim());
    return [{ address: parseInt(match[1], 16), mnemonic: match[2], target: target?.[1] }];
  });
}

/** dpc (Debug Spec 0.13.2 4.8.2): the halted hart's pc (core.pc is the program buffer's while OpenOCD uses it). */
const DPC = 0x7b1;

const ABI_NAMES = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 'fp', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7',
  's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6', 'pc'];

describe('RISC-V board: launch to main, registers, disassembly', { timeout: E2E_TIMEOUT_MS }, () => {
  let dap: DapSession<RiscvBoard>;
  before(async () => {
    dap = await DapSession.startRv32('O0');
  });
  after(async () => {
    await dap?.close();
  });

  it('launch with runToEntryPoint main stops in main, the only frame (GDB: backtrace past-main off)', async () => {
    const stopped = await dap.launch({ runToEntryPoint: 'main' });
    assert.equal(stopped.body.threadId, 1);
    const frames = await dap.frames();
    assert.deepEqual(frames.map((frame) => frame.name), ['main']);
    assert.equal(frames[0].source?.name, 'board-main.c');
    assert.equal(frames[0].line, 29);
    assert.equal(Number(frames[0].instructionPointerReference), dap.sim.board.hart.readRegister(DPC));
  });

  it('the Registers scope lists x0-x31 under their psABI names, then pc and the trap CSRs, with the hart\'s values', async () => {
    const [frame] = await dap.frames();
    const { scopes } = (await dap.client.scopesRequest({ frameId: frame.id })).body;
    const registers = scopes.find((scope) => scope.name === 'Registers');
    assert.ok(registers);
    const rows = (await dap.client.variablesRequest({ variablesReference: registers.variablesReference })).body.variables;
    assert.deepEqual(rows.slice(0, 33).map((row) => row.name), ABI_NAMES);
    assert.deepEqual(rows.slice(33).map((row) => row.name), ['mstatus', 'mtvec', 'mepc', 'mcause', 'mtval', 'dcsr']);
    const core = dap.sim.board.hart.core;
    // fp and s1 are OpenOCD's scratch registers for program-buffer memory accesses (riscv-013.c):
    // the hart holds scratch values, OpenOCD the program's, written back at the resume.
    for (let k = 0; k < 32; k++) if (k !== 8 && k !== 9) assert.equal(Number(rows[k].value), core.x[k] >>> 0, ABI_NAMES[k]);
    assert.equal(Number(rows[32].value), dap.sim.board.hart.readRegister(DPC));
  });

  it('the disassembly of main, round_once, scale and add_offset equals objdump\'s: addresses, mnemonics, branch targets', async () => {
    for (const name of ['main', 'round_once', 'scale', 'add_offset']) {
      const symbol = dap.elf.symbolByName(name)!;
      const expected = objdump(dap.elfPath, symbol.address, symbol.address + symbol.size);
      const body = (await dap.client.disassembleRequest({ memoryReference: `0x${symbol.address.toString(16)}`, instructionCount: expected.length })).body!;
      const actual = body.instructions.map((line) => {
        const mnemonic = line.instruction.split(' ')[0];
        // 0x0001 is C.NOP in the RVC tables (Unpriv. 16.5); objdump's no-aliases prints its expansion.
        return [Number(line.address), mnemonic === 'c.nop' ? 'c.addi' : mnemonic, expected.find((e) => e.address === Number(line.address))?.target === undefined ? undefined : line.instruction.split(' ').pop()];
      });
      assert.deepEqual(actual, expected.map((line) => [line.address, line.mnemonic, line.target]), name);
    }
  });
});
