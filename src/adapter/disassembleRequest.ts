// DAP disassemble: the engine's Disassembler over target memory (the ELF's bytes where the target
// cannot be read), turned into DAP instructions with symbols and source lines. Decoding is the
// engine's; this file only maps its lines to the protocol.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Source } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Disassembler, InstructionDecoder, type Debugger, type DisassemblyLine, type InstructionSet, type Program } from '../engine';
import { parseMemoryReference } from './memoryRequests';
import { hex32 } from '../common';
import type { ClientNumbering } from './stopView';

/**
 * Capstone's WASM: next to the bundled adapter (dist/capstone.wasm) when the build put it there,
 * else the package's own copy. Bundled, Capstone's loader would look only next to dist/adapter.js.
 */
function wasmPath(): string | undefined {
  const bundled = join(__dirname, 'capstone.wasm');
  if (existsSync(bundled)) return bundled;
  try {
    return require.resolve('@alexaltea/capstone-js/dist/capstone.wasm');
  } catch {
    return undefined;
  }
}

/** A decoder for the core's instruction set (Architecture.instructionSet), for the disassembly view and for stepping. */
export function instructionDecoder(instructionSet: InstructionSet): Promise<InstructionDecoder> {
  return InstructionDecoder.create(instructionSet, { wasmPath: wasmPath() });
}

/** Answers disassemble requests for one session; the Capstone handle is opened on first use. */
export class DisassembleRequests {
  private disassembler: Promise<Disassembler> | undefined;

  constructor(
    private readonly debug: Debugger,
    private readonly program: Program,
    private readonly decoder: () => Promise<InstructionDecoder>,
    private readonly numbering: () => ClientNumbering,
  ) {}

  async disassemble(args: DebugProtocol.DisassembleArguments): Promise<DebugProtocol.DisassembleResponse['body']> {
    const address = parseMemoryReference(args.memoryReference, args.offset ?? 0);
    this.disassembler ??= this.decoder().then((decoder) => new Disassembler(decoder, (at, byteLength) => this.readCode(at, byteLength), this.program));
    const lines = await (await this.disassembler).disassemble(address, args.instructionOffset ?? 0, args.instructionCount);
    return { instructions: lines.map((line) => this.instruction(line)) };
  }

  /** Target memory first (what runs), the ELF's bytes when the target cannot be read there. */
  private async readCode(address: number, byteLength: number): Promise<Uint8Array | undefined> {
    const [result] = await this.debug.readMemory(this.debug.threads[0].id, [{ address, byteLength }]);
    return result instanceof Uint8Array ? result : this.program.bytesAt(address, byteLength);
  }

  private instruction(line: DisassemblyLine): DebugProtocol.DisassembledInstruction {
    const lineBase = this.numbering().linesStartAt1 ? 0 : 1;
    const target = line.branchTargetSymbol ? ` ${line.branchTargetSymbol}` : '';
    return {
      address: hex32(line.address),
      instructionBytes: line.unreadable ? undefined : [...line.bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(' '),
      instruction: line.unreadable ? '??' : `${line.mnemonic} ${line.operands}`.trim() + target,
      symbol: line.symbol,
      location: line.source ? new Source(basename(line.source.path), line.source.path) : undefined,
      line: line.source ? line.source.line - lineBase : undefined,
      presentationHint: line.unreadable || line.invalid ? 'invalid' : 'normal',
    };
  }
}
