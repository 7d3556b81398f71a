// Reads and writes the registers a Peripherals view shows on one debug session, through the SVD
// custom requests: the watch (the union of expanded peripherals), one svdRead per refresh, forced
// reads of registers with a read hazard, and writes with their read-back. No UI.
import type * as vscode from 'vscode';
import type { SvdReadResponseBody } from '../../adapter/api';
import { refreshPaths, shownValues, type PeripheralModel } from './peripheralModel';
import type { ShownValue } from './peripheralMessages';
import { svdRead, svdWatch, svdWrite } from './peripheralRequests';
import { parseValueInput } from './valueInput';

/** What one read gave: shown values by path (registers and their fields), errors by path. */
export interface ReadValues {
  readonly values: Record<string, ShownValue>;
  readonly errors: Record<string, string>;
  readonly running: boolean;
}

export class PeripheralReader {
  constructor(
    readonly session: vscode.DebugSession,
    private readonly model: PeripheralModel,
  ) {}

  /** Makes every stop read the registers of the expanded peripherals in its own request (openocd.svdWatch). */
  async watch(expanded: ReadonlySet<string>): Promise<void> {
    const peripherals = this.model.peripherals.filter((peripheral) => expanded.has(peripheral.path)).map((peripheral) => peripheral.path);
    await svdWatch(this.session, peripherals);
  }

  /**
   * One svdRead of the expanded peripherals' registers (or of `peripheral`'s alone), leaving out
   * those with a read hazard. Right after a stop the session answers it from the stop's batch.
   */
  async refresh(expanded: ReadonlySet<string>, peripheral?: string): Promise<ReadValues | undefined> {
    const paths = refreshPaths(this.model, peripheral === undefined ? expanded : new Set([peripheral]));
    return paths.length === 0 ? undefined : this.shown(await svdRead(this.session, { paths }));
  }

  /** A register with a read hazard, read because the user asked (`force`). */
  async forceRead(path: string): Promise<ReadValues> {
    return this.shown(await svdRead(this.session, { paths: [path], force: [path] }));
  }

  /** Writes what the user typed to a register or field, then gives the register as read back. */
  async write(path: string, text: string): Promise<ReadValues> {
    const field = this.model.fields.get(path);
    const registerPath = field ? path.slice(0, path.lastIndexOf('.')) : path;
    const register = this.model.registers.get(registerPath);
    if (!register) return { values: {}, errors: { [path]: `${path} is not a register or field of ${this.model.device.name}` }, running: false };
    const written = await svdWrite(this.session, path, parseValueInput({ register, field }, text));
    if (field === undefined && written.value !== undefined) return { values: shownValues(register, written.value), errors: {}, running: false };
    if (written.value === undefined) return { values: shownValues(register, written.written), errors: {}, running: false };
    return this.shown(await svdRead(this.session, { paths: [registerPath] }));
  }

  private shown(body: SvdReadResponseBody): ReadValues {
    const values: Record<string, ShownValue> = {};
    for (const [path, value] of Object.entries(body.values)) {
      const register = this.model.registers.get(path);
      Object.assign(values, register ? shownValues(register, value) : { [path]: { value } });
    }
    return { values, errors: { ...body.errors }, running: body.running };
  }
}
