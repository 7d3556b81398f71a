// The IEEE 1149.1 TAP controller: the 16-state machine, the instruction register and the data
// register shift path. It knows no instruction's meaning; a JtagInstructionSet (the JTAG-DP) does.

/** TAP controller states (IEEE 1149.1 figure 6-1). */
export enum TapState {
  TestLogicReset,
  RunTestIdle,
  SelectDrScan,
  CaptureDr,
  ShiftDr,
  Exit1Dr,
  PauseDr,
  Exit2Dr,
  UpdateDr,
  SelectIrScan,
  CaptureIr,
  ShiftIr,
  Exit1Ir,
  PauseIr,
  Exit2Ir,
  UpdateIr,
}

/** Next state for [TMS=0, TMS=1], indexed by TapState. */
const nextState: readonly (readonly [TapState, TapState])[] = [
  [TapState.RunTestIdle, TapState.TestLogicReset],
  [TapState.RunTestIdle, TapState.SelectDrScan],
  [TapState.CaptureDr, TapState.SelectIrScan],
  [TapState.ShiftDr, TapState.Exit1Dr],
  [TapState.ShiftDr, TapState.Exit1Dr],
  [TapState.PauseDr, TapState.UpdateDr],
  [TapState.PauseDr, TapState.Exit2Dr],
  [TapState.ShiftDr, TapState.UpdateDr],
  [TapState.RunTestIdle, TapState.SelectDrScan],
  [TapState.CaptureIr, TapState.TestLogicReset],
  [TapState.ShiftIr, TapState.Exit1Ir],
  [TapState.ShiftIr, TapState.Exit1Ir],
  [TapState.PauseIr, TapState.UpdateIr],
  [TapState.PauseIr, TapState.Exit2Ir],
  [TapState.ShiftIr, TapState.UpdateIr],
  [TapState.RunTestIdle, TapState.SelectDrScan],
];

/** A data register selected by an instruction: loaded in Capture-DR, acted on in Update-DR. */
export interface JtagDataRegister {
  /** Shift length in bits (at most 53, so the value fits a number exactly). */
  readonly bitLength: number;
  capture(): number;
  update(value: number): void;
}

/** What a device behind the TAP defines: its IR geometry and the register of each instruction. */
export interface JtagInstructionSet {
  readonly irLength: number;
  /** Loaded into the IR shift stage in Capture-IR (IEEE 1149.1 7.1.1: ends in 0b01). */
  readonly irCapture: number;
  /** Selected by Test-Logic-Reset (IDCODE when the device has one). */
  readonly resetInstruction: number;
  /** The register an instruction selects; undefined selects BYPASS (1 bit, captures 0). */
  register(instruction: number): JtagDataRegister | undefined;
}

const bypass: JtagDataRegister = { bitLength: 1, capture: () => 0, update: () => undefined };

/** One TAP. `clock()` is one rising edge of TCK; `tdo` is what the TAP drives before that edge. */
export class JtagTap {
  private currentState = TapState.TestLogicReset;
  private ir: number;
  private selected: JtagDataRegister;
  private shiftValue = 0;
  private shiftLength = 0;

  constructor(private readonly device: JtagInstructionSet) {
    this.ir = device.resetInstruction;
    this.selected = this.registerFor(this.ir);
  }

  get state(): TapState {
    return this.currentState;
  }

  /** The instruction in the IR (after the last Update-IR or reset). */
  get instruction(): number {
    return this.ir;
  }

  /** TDO: the shift stage's LSB in Shift-DR/Shift-IR, 0 otherwise (really high-impedance). */
  get tdo(): number {
    const shifting = this.currentState === TapState.ShiftDr || this.currentState === TapState.ShiftIr;
    return shifting ? this.shiftValue % 2 : 0;
  }

  /** nTRST, or five TMS=1 clocks: Test-Logic-Reset selects the reset instruction. */
  reset(): void {
    this.enter(TapState.TestLogicReset);
  }

  /** A rising edge of TCK with the given TMS and TDI levels (0 or 1). */
  clock(tms: number, tdi: number): void {
    switch (this.currentState) {
      case TapState.CaptureDr:
        this.load(this.selected.bitLength, this.selected.capture());
        break;
      case TapState.CaptureIr:
        this.load(this.device.irLength, this.device.irCapture);
        break;
      case TapState.ShiftDr:
      case TapState.ShiftIr:
        this.shift(tdi);
        break;
      default:
        break;
    }
    this.enter(nextState[this.currentState][tms ? 1 : 0]);
  }

  private enter(state: TapState): void {
    this.currentState = state;
    if (state === TapState.UpdateDr) this.selected.update(this.shiftValue);
    else if (state === TapState.UpdateIr) this.select(this.shiftValue);
    else if (state === TapState.TestLogicReset) this.select(this.device.resetInstruction);
  }

  private select(instruction: number): void {
    this.ir = instruction;
    this.selected = this.registerFor(instruction);
  }

  private registerFor(instruction: number): JtagDataRegister {
    return this.device.register(instruction) ?? bypass;
  }

  private load(bitLength: number, value: number): void {
    this.shiftLength = bitLength;
    this.shiftValue = value;
  }

  /** TDI enters at the MSB, the LSB leaves on TDO (IEEE 1149.1 8.1). Arithmetic, not bitwise: 35 bits. */
  private shift(tdi: number): void {
    const out = this.shiftValue % 2;
    this.shiftValue = (this.shiftValue - out) / 2 + (tdi ? 2 ** (this.shiftLength - 1) : 0);
  }
}
