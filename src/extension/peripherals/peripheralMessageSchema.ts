// The schema of the messages the Peripherals webview sends: a hand-written check of the
// discriminated union WebviewMessage. A webview is untrusted input; nothing else parses it.
import type { NumberFormat, WebviewMessage } from './peripheralMessages';

/** Longest path or text accepted: SVD names are short; anything longer is not ours. */
export const MAX_MESSAGE_STRING = 512;

export const NUMBER_FORMATS: readonly NumberFormat[] = ['hex', 'decimal', 'binary'];

type FieldKind = 'string' | 'boolean' | 'format';

/** Each message type and its fields besides `type`: exactly these, no more, no fewer. */
const SCHEMA: Readonly<Record<WebviewMessage['type'], Readonly<Record<string, FieldKind>>>> = {
  ready: {},
  expand: { path: 'string', expanded: 'boolean' },
  pin: { path: 'string', pinned: 'boolean' },
  format: { path: 'string', format: 'format' },
  read: { path: 'string' },
  write: { path: 'string', text: 'string' },
};

function fits(kind: FieldKind, value: unknown): boolean {
  if (kind === 'boolean') return typeof value === 'boolean';
  if (typeof value !== 'string') return false;
  if (kind === 'format') return (NUMBER_FORMATS as readonly string[]).includes(value);
  return value.length <= MAX_MESSAGE_STRING;
}

/**
 * The message when `value` is one the webview may send, else why not. Only plain objects with
 * exactly the schema's own keys pass, so `__proto__` or `constructor` keys never reach the host.
 */
export function checkWebviewMessage(value: unknown): { readonly message: WebviewMessage } | { readonly error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'not an object' };
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return { error: 'not a plain object' };
  const record = value as Record<string, unknown>;
  const type = Object.prototype.hasOwnProperty.call(record, 'type') ? record.type : undefined;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(SCHEMA, type)) {
    return { error: `unknown type ${JSON.stringify(String(type).slice(0, 40))}` };
  }
  const fields = SCHEMA[type as WebviewMessage['type']];
  const keys = Reflect.ownKeys(record);
  for (const key of keys) {
    if (typeof key !== 'string' || (key !== 'type' && !Object.prototype.hasOwnProperty.call(fields, key))) {
      return { error: `${type}: unexpected key ${JSON.stringify(String(key).slice(0, 40))}` };
    }
  }
  for (const [key, kind] of Object.entries(fields)) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) return { error: `${type}: missing ${key}` };
    if (!fits(kind, record[key])) return { error: `${type}: ${key} is not a ${kind === 'string' ? `string of at most ${MAX_MESSAGE_STRING} characters` : kind}` };
  }
  return { message: { ...record } as unknown as WebviewMessage };
}
