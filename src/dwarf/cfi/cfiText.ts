// Text forms of CFA rules, register rules and instructions, in the notation of binutils'
// `objdump --dwarf=frames(-interp)`, for dump tools and oracle comparisons. Formatting only.
import { dwOpName } from '../expr';
import { CfaInstruction, CfaRule, RegisterRule } from './cfaInstructions';
import { dwCfaName } from './dwCfaName';

const signed = (value: number): string => (value < 0 ? `${value}` : `+${value}`);

/** `r13+8`, or `exp` for a DWARF expression. */
export function formatCfaRule(rule: CfaRule | undefined): string {
  if (!rule) return 'u';
  return rule.kind === 'registerOffset' ? `r${rule.register}${signed(rule.offset)}` : 'exp';
}

/** `u` undefined, `s` same value, `c-4` saved at CFA-4, `v+8` value CFA+8, `r5`, `exp`, `vexp`. */
export function formatRegisterRule(rule: RegisterRule | undefined): string {
  if (!rule) return 'u';
  switch (rule.kind) {
    case 'undefined': return 'u';
    case 'sameValue': return 's';
    case 'offset': return `c${signed(rule.offset)}`;
    case 'valOffset': return `v${signed(rule.offset)}`;
    case 'register': return `r${rule.register}`;
    case 'expression': return 'exp';
    case 'valExpression': return 'vexp';
  }
}

function expressionText(expression: Uint8Array): string {
  return expression.length === 0 ? '(empty)' : `${dwOpName(expression[0])}${expression.length > 1 ? ` ... (${expression.length} bytes)` : ''}`;
}

/** One instruction as `DW_CFA_offset: r4 at cfa-8`; `location` is the row address before it, for advances. */
export function formatCfaInstruction(instruction: CfaInstruction, location?: number): string {
  const name = dwCfaName(instruction.opcode);
  switch (instruction.kind) {
    case 'advanceLoc': {
      const to = location === undefined ? '' : ` to ${(location + instruction.delta).toString(16).padStart(8, '0')}`;
      return `${name}: ${instruction.delta}${to}`;
    }
    case 'setLoc': return `${name}: ${instruction.address.toString(16).padStart(8, '0')}`;
    case 'defCfa': return `${name}: r${instruction.register} ofs ${instruction.cfaOffset}`;
    case 'defCfaRegister': return `${name}: r${instruction.register}`;
    case 'defCfaOffset': return `${name}: ${instruction.cfaOffset}`;
    case 'defCfaExpression': return `${name}: ${expressionText(instruction.expression)}`;
    case 'restore': return `${name}: r${instruction.register}`;
    case 'argsSize': return `${name}: ${instruction.size}`;
    case 'setRule': {
      const rule = instruction.rule;
      const target = `r${instruction.register}`;
      if (rule.kind === 'offset') return `${name}: ${target} at cfa${signed(rule.offset)}`;
      if (rule.kind === 'valOffset') return `${name}: ${target} is cfa${signed(rule.offset)}`;
      if (rule.kind === 'register') return `${name}: ${target} in r${rule.register}`;
      if (rule.kind === 'expression' || rule.kind === 'valExpression') return `${name}: ${target} (${expressionText(rule.expression)})`;
      return `${name}: ${target}`;
    }
    default: return name;
  }
}
