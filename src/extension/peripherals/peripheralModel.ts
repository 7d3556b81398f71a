// Turns a parsed SVD device (src/svd) into the rows the Peripherals webview draws, and register
// values into shown values (fields and their enum names). Pure: no vscode, no requests.
import { decodeRegister, fieldValue, readHazard, type SvdCluster, type SvdDevice, type SvdField, type SvdRegister } from '../../svd';
import type { ClusterNode, FieldNode, PeripheralNode, RegisterNode, ShownValue } from './peripheralMessages';

/** What the view knows of a loaded SVD file. */
export interface PeripheralModel {
  readonly device: SvdDevice;
  readonly file: string;
  readonly peripherals: readonly PeripheralNode[];
  /** Registers by dotted path (`GPIOA.ODR`), for decoding and for the edit checks. */
  readonly registers: ReadonlyMap<string, SvdRegister>;
  /** Fields by dotted path (`GPIOA.ODR.ODR5`). */
  readonly fields: ReadonlyMap<string, SvdField>;
}

/** SVD paths use slashes; the custom requests take dots (src/adapter/README.md). */
export function dotted(svdPath: string): string {
  return svdPath.replaceAll('/', '.');
}

const hex = (value: bigint): string => `0x${value.toString(16).toUpperCase()}`;

/** SVD descriptions keep the file's line breaks and indentation (svdModel.ts); a tooltip wants one paragraph. */
const oneLine = (text: string | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

function tooltip(...lines: (string | undefined)[]): string {
  return lines.filter((line): line is string => line !== undefined && line !== '').join('\n');
}

/** SVD: enumeratedValues, listed in the tooltip (at most 16: some fields enumerate hundreds). */
function enumLines(field: SvdField): string | undefined {
  const values = field.enumeratedValues.flatMap((set) => set.values);
  if (values.length === 0) return undefined;
  const shown = values.slice(0, 16).map((entry) => `${entry.value === undefined ? 'default' : entry.value.toString()}: ${entry.name}${entry.description ? ` (${oneLine(entry.description)})` : ''}`);
  if (values.length > shown.length) shown.push(`… ${values.length - shown.length} more`);
  return shown.join('\n');
}

function fieldNode(field: SvdField, register: SvdRegister): FieldNode {
  return {
    kind: 'field',
    name: field.name,
    path: dotted(field.path),
    bitOffset: field.bitOffset,
    bitWidth: field.bitWidth,
    access: field.access,
    tooltip: tooltip(oneLine(field.description), `Reset: ${hex(fieldValue(field, register.resetValue))}`, enumLines(field)),
  };
}

function registerNode(register: SvdRegister, fields: Map<string, SvdField>): RegisterNode {
  const hazard = readHazard(register);
  return {
    kind: 'register',
    name: register.name,
    path: dotted(register.path),
    address: register.address,
    size: register.size,
    access: register.access,
    tooltip: tooltip(oneLine(register.description), `Reset: ${hex(register.resetValue)}`, hazard && `Not read at stops: ${hazard}`),
    ...(hazard === undefined ? {} : { readHazard: hazard }),
    fields: register.fields.map((field) => {
      fields.set(dotted(field.path), field);
      return fieldNode(field, register);
    }),
  };
}

function childNodes(children: readonly (SvdCluster | SvdRegister)[], registers: Map<string, SvdRegister>, fields: Map<string, SvdField>): (ClusterNode | RegisterNode)[] {
  return children.map((child) => {
    if (child.kind === 'register') {
      registers.set(dotted(child.path), child);
      return registerNode(child, fields);
    }
    return { kind: 'cluster', name: child.name, path: dotted(child.path), address: child.address, tooltip: oneLine(child.description), children: childNodes(child.children, registers, fields) };
  });
}

/** The view model of a device: peripherals sorted by group (SVD: groupName), then by name. */
export function buildPeripheralModel(device: SvdDevice, file: string): PeripheralModel {
  const registers = new Map<string, SvdRegister>();
  const fields = new Map<string, SvdField>();
  const peripherals = device.peripherals.map((peripheral): PeripheralNode => ({
    kind: 'peripheral',
    name: peripheral.name,
    path: dotted(peripheral.path),
    group: peripheral.groupName ?? '',
    address: peripheral.baseAddress,
    tooltip: tooltip(oneLine(peripheral.description), peripheral.derivedFrom && `Derived from ${peripheral.derivedFrom}`),
    children: childNodes(peripheral.children, registers, fields),
  }));
  peripherals.sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name));
  return { device, file, peripherals, registers, fields };
}

/** The registers a refresh of these expanded peripherals reads: those without a read hazard. */
export function refreshPaths(model: PeripheralModel, expanded: ReadonlySet<string>): string[] {
  const paths: string[] = [];
  for (const [path, register] of model.registers) {
    if (expanded.has(dotted(register.peripheralName)) && readHazard(register) === undefined) paths.push(path);
  }
  return paths;
}

/** A register value as shown: the register's row and each field's row (SVD: enumeratedValue names). */
export function shownValues(register: SvdRegister, value: number): Record<string, ShownValue> {
  const shown: Record<string, ShownValue> = { [dotted(register.path)]: { value } };
  for (const decoded of decodeRegister(register, BigInt(value))) {
    shown[dotted(decoded.field.path)] = { value: Number(decoded.raw), ...(decoded.enumValue ? { enumName: decoded.enumValue.name } : {}) };
  }
  return shown;
}
