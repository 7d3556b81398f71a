// What a user typed in the Peripherals view's edit box, as the number to write: 0x/0b/decimal
// numbers, or for a field one of its enumerated value names. Refuses what the SVD forbids
// (src/svd checkRegisterWrite/checkFieldWrite) before any request is sent.
import { UserError } from '../../common';
import { checkFieldWrite, checkRegisterWrite, type SvdField, type SvdRegister } from '../../svd';

function parseNumber(text: string): bigint | undefined {
  const trimmed = text.trim().replaceAll('_', '');
  if (/^0x[0-9a-f]+$/i.test(trimmed) || /^0b[01]+$/i.test(trimmed) || /^\d+$/.test(trimmed)) return BigInt(trimmed);
  return undefined;
}

/** SVD: enumeratedValue of a field whose usage allows writes, by name (any case). */
function enumValue(field: SvdField, text: string): bigint | undefined {
  const name = text.trim().toLowerCase();
  return field.enumeratedValues
    .filter((set) => set.usage !== 'read')
    .flatMap((set) => set.values)
    .find((entry) => entry.value !== undefined && entry.name.toLowerCase() === name)?.value;
}

/** The value to write to a register, or to a field (unshifted, from bit 0), for `text`. */
export function parseValueInput(target: { readonly register: SvdRegister; readonly field?: SvdField }, text: string): number {
  const { register, field } = target;
  const path = field?.path ?? register.path;
  const value = parseNumber(text) ?? (field && enumValue(field, text));
  if (value === undefined) throw new UserError(`"${text.slice(0, 40)}" is not a number (0x1F, 0b101, 31)${field ? ` or a value name of ${path}` : ''}`);
  if (field) {
    if (register.access === 'read-only') throw new UserError(`${path} is read-only`);
    checkFieldWrite(field, value);
  } else checkRegisterWrite(register, value);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new UserError(`${path}: values above 2^53 - 1 cannot be written`);
  return Number(value);
}
