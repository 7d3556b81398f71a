// Builds small inline SVD documents for the SVD tests: a device shell around peripheral XML,
// and lookups by path in the parsed model. Test helper only.

import type { SvdDevice, SvdField, SvdPeripheral, SvdRegister } from '../../src/svd';

/** A schema 1.3 device with 32-bit read-write defaults around `peripherals` (XML text). */
export function svdDevice(peripherals: string, deviceExtra = ''): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<device schemaVersion="1.3" xmlns:xs="http://www.w3.org/2001/XMLSchema-instance">
  <name>TESTDEV</name>
  <width>32</width>
  <size>32</size>
  <access>read-write</access>
  <resetValue>0</resetValue>
  <resetMask>0xFFFFFFFF</resetMask>
  ${deviceExtra}
  <peripherals>${peripherals}</peripherals>
</device>`;
}

export function peripheral(device: SvdDevice, name: string): SvdPeripheral {
  const found = device.peripherals.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no peripheral ${name} in ${device.peripherals.map((p) => p.name).join(', ')}`);
  return found;
}

/** The register at `path` (`PERIPH/REG` or `PERIPH/CLUSTER/REG`). */
export function register(device: SvdDevice, path: string): SvdRegister {
  const found = device.peripherals.flatMap((p) => p.registers).find((r) => r.path === path);
  if (found === undefined) throw new Error(`no register ${path}`);
  return found;
}

/** The field at `path` (`PERIPH/REG/FIELD`). */
export function field(device: SvdDevice, path: string): SvdField {
  const registerPath = path.slice(0, path.lastIndexOf('/'));
  const found = register(device, registerPath).fields.find((f) => f.path === path);
  if (found === undefined) throw new Error(`no field ${path}`);
  return found;
}

/** Warning lines `path: message`, for matching in asserts. */
export function warningLines(device: SvdDevice): string[] {
  return device.warnings.map((w) => `${w.path}: ${w.message}`);
}
