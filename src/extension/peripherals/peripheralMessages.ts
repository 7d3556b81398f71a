// The messages between the Peripherals webview and the extension, and the view model the webview
// draws. Types only: the webview imports this module as types (its one import of ours), and the
// host checks every incoming message with peripheralMessageSchema.ts before trusting it.

/** How a value is shown. */
export type NumberFormat = 'hex' | 'decimal' | 'binary';

/** SVD access (SVD: access), as shown and as the edit box honours it. */
export type ViewAccess = 'read-only' | 'write-only' | 'read-write' | 'writeOnce' | 'read-writeOnce';

/** A field row (SVD: field). Its value is computed by the host from its register's. */
export interface FieldNode {
  readonly kind: 'field';
  readonly name: string;
  /** Dotted path, `GPIOA.ODR.ODR5` (src/adapter/README.md "Peripheral registers"). */
  readonly path: string;
  readonly bitOffset: number;
  readonly bitWidth: number;
  readonly access: ViewAccess;
  /** Description, enumerated values and reset value for the tooltip. */
  readonly tooltip: string;
}

/** A register row (SVD: register, dim-expanded). */
export interface RegisterNode {
  readonly kind: 'register';
  readonly name: string;
  readonly path: string;
  readonly address: number;
  /** Bits (SVD: size). */
  readonly size: number;
  readonly access: ViewAccess;
  readonly tooltip: string;
  /** Why a stop never reads it (SVD readAction, write-only): the row offers a read button instead. */
  readonly readHazard?: string;
  readonly fields: readonly FieldNode[];
}

/** A cluster row (SVD: cluster). */
export interface ClusterNode {
  readonly kind: 'cluster';
  readonly name: string;
  readonly path: string;
  readonly address: number;
  readonly tooltip: string;
  readonly children: readonly (ClusterNode | RegisterNode)[];
}

/** A peripheral row (SVD: peripheral), grouped in the view by `group` (SVD: groupName). */
export interface PeripheralNode {
  readonly kind: 'peripheral';
  readonly name: string;
  readonly path: string;
  readonly group: string;
  readonly address: number;
  readonly tooltip: string;
  readonly children: readonly (ClusterNode | RegisterNode)[];
}

export type ViewNode = PeripheralNode | ClusterNode | RegisterNode | FieldNode;

/** What the user chose, kept per workspace. */
export interface ViewChoices {
  readonly expanded: readonly string[];
  readonly pinned: readonly string[];
  /** Per-row formats by path; the rest use `defaultFormat`. */
  readonly formats: Readonly<Record<string, NumberFormat>>;
  readonly defaultFormat: NumberFormat;
}

/** A shown value: a register's (or a field's, shifted to bit 0) and a field's enum name. */
export interface ShownValue {
  readonly value: number;
  /** SVD: enumeratedValue name matching the field's value (read usage). */
  readonly enumName?: string;
}

/** Extension -> webview. */
export type HostMessage =
  | { readonly type: 'model'; readonly title: string; readonly peripherals: readonly PeripheralNode[]; readonly choices: ViewChoices }
  | { readonly type: 'empty'; readonly message: string }
  | { readonly type: 'choices'; readonly choices: ViewChoices }
  /** `stop`: the values of a new stop (rows that differ from the previous stop are highlighted). */
  | { readonly type: 'values'; readonly values: Readonly<Record<string, ShownValue>>; readonly errors: Readonly<Record<string, string>>; readonly stop: boolean }
  | { readonly type: 'running'; readonly running: boolean }
  | { readonly type: 'error'; readonly message: string };

/** Webview -> extension. Checked by peripheralMessageSchema.ts. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'expand'; readonly path: string; readonly expanded: boolean }
  | { readonly type: 'pin'; readonly path: string; readonly pinned: boolean }
  | { readonly type: 'format'; readonly path: string; readonly format: NumberFormat }
  | { readonly type: 'read'; readonly path: string }
  | { readonly type: 'write'; readonly path: string; readonly text: string };
