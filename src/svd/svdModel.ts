// The resolved SVD model: what a peripheral view needs after derivedFrom, dim and property
// inheritance are applied. Plain data only; building it is svdParser's job.
//
// Number policy: addresses, offsets and bit positions are JS numbers (exact below 2^53, which
// covers 32- and 64-bit address maps in practice). Register and field values, reset values,
// masks and enumerated values are bigint, so 64-bit registers are exact.
// Descriptions are as written in the file, trimmed (line breaks kept; views collapse them).

import type { SvdAccess, SvdEnumUsage, SvdModifiedWriteValues, SvdProtection, SvdReadAction } from './svdValues';

/** A message about something the parser tolerated; `path` is like `GPIOA/MODER/MODE0`. */
export interface SvdWarning {
  readonly path: string;
  readonly message: string;
}

/** SVD: cpu. Only the elements present in the file are set. */
export interface SvdCpu {
  readonly name?: string;
  readonly revision?: string;
  readonly endian: 'little' | 'big' | 'selectable' | 'other';
  readonly mpuPresent?: boolean;
  readonly fpuPresent?: boolean;
  readonly fpuDP?: boolean;
  readonly dspPresent?: boolean;
  readonly icachePresent?: boolean;
  readonly dcachePresent?: boolean;
  readonly itcmPresent?: boolean;
  readonly dtcmPresent?: boolean;
  readonly vtorPresent?: boolean;
  readonly nvicPrioBits?: number;
  readonly vendorSystickConfig?: boolean;
  readonly deviceNumInterrupts?: number;
  readonly sauNumRegions?: number;
}

/** SVD: registerPropertiesGroup, after inheritance (device -> peripheral -> cluster -> register). */
export interface SvdRegisterProperties {
  /** Bits. */
  readonly size: number;
  readonly access: SvdAccess;
  readonly protection?: SvdProtection;
  readonly resetValue: bigint;
  readonly resetMask: bigint;
}

/** SVD: writeConstraint. */
export type SvdWriteConstraint =
  | { readonly kind: 'writeAsRead' }
  | { readonly kind: 'useEnumeratedValues' }
  | { readonly kind: 'range'; readonly minimum: bigint; readonly maximum: bigint };

/** SVD: enumeratedValue. `isDefault` ones have no value and match what nothing else matches. */
export interface SvdEnumeratedValue {
  readonly name: string;
  readonly description?: string;
  readonly value?: bigint;
  /** Bits of `value` that match anything (SVD `#1x0` form); 0n when all bits count. */
  readonly dontCareMask: bigint;
  readonly isDefault: boolean;
}

/** SVD: enumeratedValues (one per usage at most; `read-write` when usage is absent). */
export interface SvdEnumeratedValues {
  readonly name?: string;
  readonly headerEnumName?: string;
  readonly usage: SvdEnumUsage;
  readonly values: readonly SvdEnumeratedValue[];
}

/** SVD: field, resolved. Bit positions are within the register. */
export interface SvdField {
  readonly name: string;
  /** `PERIPH/REG/FIELD` (clusters included). */
  readonly path: string;
  readonly description?: string;
  /** Absolute address of the register holding the field. */
  readonly address: number;
  /** lsb. */
  readonly bitOffset: number;
  readonly bitWidth: number;
  /** Inherited from the register when the field has none. */
  readonly access: SvdAccess;
  /** The field's own, else the register's (SVD 1.3: register-level modifiedWriteValues). */
  readonly modifiedWriteValues?: SvdModifiedWriteValues;
  readonly writeConstraint?: SvdWriteConstraint;
  readonly readAction?: SvdReadAction;
  readonly enumeratedValues: readonly SvdEnumeratedValues[];
  /** Index string of a dim-expanded field (SVD: dimIndex). */
  readonly dimIndex?: string;
}

/** SVD: register, resolved and expanded (one object per dim element). */
export interface SvdRegister extends SvdRegisterProperties {
  readonly kind: 'register';
  readonly name: string;
  /** `PERIPH/REG` or `PERIPH/CLUSTER/REG`. */
  readonly path: string;
  readonly peripheralName: string;
  readonly displayName?: string;
  readonly description?: string;
  /** Absolute address. */
  readonly address: number;
  /** Offset from the peripheral's baseAddress (clusters included). */
  readonly addressOffset: number;
  readonly alternateGroup?: string;
  readonly alternateRegister?: string;
  readonly dataType?: string;
  readonly modifiedWriteValues?: SvdModifiedWriteValues;
  readonly writeConstraint?: SvdWriteConstraint;
  readonly readAction?: SvdReadAction;
  readonly fields: readonly SvdField[];
  readonly dimIndex?: string;
}

/** SVD: cluster, resolved and expanded. */
export interface SvdCluster {
  readonly kind: 'cluster';
  readonly name: string;
  readonly path: string;
  readonly description?: string;
  readonly alternateCluster?: string;
  readonly headerStructName?: string;
  /** Absolute address. */
  readonly address: number;
  /** Offset from the peripheral's baseAddress. */
  readonly addressOffset: number;
  readonly children: readonly (SvdCluster | SvdRegister)[];
  readonly dimIndex?: string;
}

/** SVD: addressBlock, with its absolute start. */
export interface SvdAddressBlock {
  readonly offset: number;
  /** baseAddress + offset. */
  readonly address: number;
  readonly byteSize: number;
  readonly usage: string;
  readonly protection?: SvdProtection;
  /** True when the file had no addressBlock and the parser derived one from the registers. */
  readonly synthesized: boolean;
}

/** SVD: interrupt. */
export interface SvdInterrupt {
  readonly name: string;
  readonly description?: string;
  readonly value: number;
}

/** SVD: peripheral, resolved and expanded. */
export interface SvdPeripheral {
  readonly name: string;
  readonly path: string;
  readonly description?: string;
  readonly version?: string;
  readonly groupName?: string;
  readonly headerStructName?: string;
  readonly alternatePeripheral?: string;
  readonly prependToName?: string;
  readonly appendToName?: string;
  readonly disableCondition?: string;
  /** The name given in the file's derivedFrom, if any (already applied). */
  readonly derivedFrom?: string;
  readonly baseAddress: number;
  readonly addressBlocks: readonly SvdAddressBlock[];
  /** Its own interrupts only: a derived peripheral does not take its base's. */
  readonly interrupts: readonly SvdInterrupt[];
  /** Top-level registers and clusters in file order. */
  readonly children: readonly (SvdCluster | SvdRegister)[];
  /** Every register of the peripheral, clusters flattened, in address order. */
  readonly registers: readonly SvdRegister[];
  readonly dimIndex?: string;
}

/** SVD: device, resolved. */
export interface SvdDevice {
  /** The schemaVersion attribute (1.0 ... 1.3). */
  readonly schemaVersion: string;
  readonly name: string;
  readonly vendor?: string;
  readonly vendorID?: string;
  readonly series?: string;
  readonly version?: string;
  readonly description?: string;
  readonly cpu?: SvdCpu;
  readonly addressUnitBits: number;
  /** Bus width in bits. */
  readonly width: number;
  /** Device-level defaults that registers inherit. */
  readonly defaults: SvdRegisterProperties;
  readonly peripherals: readonly SvdPeripheral[];
  readonly warnings: readonly SvdWarning[];
}
