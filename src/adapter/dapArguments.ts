// The shape of each standard DAP request's arguments (the DAP specification's required and typed
// members that the handlers read), checked once before any handler runs, so a wrong or missing
// argument is a UserError naming it instead of a TypeError deep inside. Custom requests check theirs.
import { UserError } from '../common';

/** A member's type; `?` marks an optional one. Arrays give the shape of their elements. */
type Member = 'string' | 'string?' | 'integer' | 'integer?' | 'boolean?' | 'object?' | Shape | ArrayOf;
interface Shape {
  readonly [member: string]: Member;
}
interface ArrayOf {
  readonly optional?: true;
  readonly items: Shape | 'string' | 'integer';
}

const source: Shape = { path: 'string?', name: 'string?', sourceReference: 'integer?' };
const conditions: Shape = { condition: 'string?', hitCondition: 'string?' };
const thread: Shape = { threadId: 'integer', granularity: 'string?' };
const format: Member = 'object?';

/** DAP specification, "Requests": the members our handlers rely on. */
const SHAPES: Readonly<Record<string, Shape>> = {
  setBreakpoints: { source, breakpoints: { optional: true, items: { line: 'integer', column: 'integer?', logMessage: 'string?', ...conditions } }, lines: { optional: true, items: 'integer' } },
  setFunctionBreakpoints: { breakpoints: { items: { name: 'string', ...conditions } } },
  setInstructionBreakpoints: { breakpoints: { items: { instructionReference: 'string', offset: 'integer?', ...conditions } } },
  dataBreakpointInfo: { variablesReference: 'integer?', name: 'string', frameId: 'integer?', bytes: 'integer?', asAddress: 'boolean?' },
  setDataBreakpoints: { breakpoints: { items: { dataId: 'string', accessType: 'string?', ...conditions } } },
  setExceptionBreakpoints: { filters: { items: 'string' }, filterOptions: { optional: true, items: { filterId: 'string', condition: 'string?' } } },
  exceptionInfo: { threadId: 'integer' },
  continue: thread,
  pause: { threadId: 'integer' },
  next: thread,
  stepIn: thread,
  stepOut: thread,
  stackTrace: { threadId: 'integer', startFrame: 'integer?', levels: 'integer?', format },
  scopes: { frameId: 'integer' },
  variables: { variablesReference: 'integer', filter: 'string?', start: 'integer?', count: 'integer?', format },
  setVariable: { variablesReference: 'integer', name: 'string', value: 'string', format },
  setExpression: { expression: 'string', value: 'string', frameId: 'integer?', format },
  readMemory: { memoryReference: 'string', offset: 'integer?', count: 'integer' },
  writeMemory: { memoryReference: 'string', offset: 'integer?', allowPartial: 'boolean?', data: 'string' },
  disassemble: { memoryReference: 'string', offset: 'integer?', instructionOffset: 'integer?', instructionCount: 'integer', resolveSymbols: 'boolean?' },
  evaluate: { expression: 'string', frameId: 'integer?', context: 'string?', format },
  disconnect: { restart: 'boolean?', terminateDebuggee: 'boolean?', suspendDebuggee: 'boolean?' },
};

/**
 * Throws a UserError naming the first wrong member (`setBreakpoints: "breakpoints[0].line" must be
 * an integer; got "x"`). Every request's arguments must be an object; those above must fit their shape.
 */
export function checkDapArguments(command: string, args: unknown): void {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw wrong(command, 'arguments', 'an object', args, true);
  const shape = SHAPES[command];
  if (shape) checkShape(command, shape, args as Record<string, unknown>, '');
}

function checkShape(command: string, shape: Shape, value: Record<string, unknown>, prefix: string): void {
  for (const [name, member] of Object.entries(shape)) {
    const path = `${prefix}${name}`;
    const item = value[name];
    if (typeof member === 'string') checkValue(command, member, item, path);
    else if (isArrayOf(member)) checkArray(command, member, item, path);
    else if (typeof item !== 'object' || item === null || Array.isArray(item)) throw wrong(command, path, 'an object', item);
    else checkShape(command, member, item as Record<string, unknown>, `${path}.`);
  }
}

/** A member of a plain type; `?` lets it be absent. */
function checkValue(command: string, member: string, item: unknown, path: string): void {
  if (item === undefined) {
    if (member.endsWith('?')) return;
    throw new UserError(`${command}: "${path}" is required`);
  }
  const type = member.replace('?', '');
  if (type === 'integer' ? Number.isSafeInteger(item) : type === 'object' ? typeof item === 'object' && item !== null && !Array.isArray(item) : typeof item === type) return;
  throw wrong(command, path, type === 'integer' ? 'an integer' : type === 'object' ? 'an object' : `a ${type}`, item);
}

function checkArray(command: string, member: ArrayOf, value: unknown, path: string): void {
  if (value === undefined && member.optional) return;
  if (!Array.isArray(value)) throw wrong(command, path, 'an array', value);
  value.forEach((element: unknown, k) => {
    if (typeof member.items === 'string') checkValue(command, member.items, element, `${path}[${k}]`);
    else if (typeof element !== 'object' || element === null || Array.isArray(element)) throw wrong(command, `${path}[${k}]`, 'an object', element);
    else checkShape(command, member.items, element as Record<string, unknown>, `${path}[${k}].`);
  });
}

function isArrayOf(member: Shape | ArrayOf): member is ArrayOf {
  return 'items' in member;
}

function wrong(command: string, path: string, expected: string, value: unknown, whole = false): UserError {
  const shown = JSON.stringify(value) ?? 'nothing';
  return new UserError(`${command}: ${whole ? 'the arguments' : `"${path}"`} must be ${expected}; got ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`);
}
