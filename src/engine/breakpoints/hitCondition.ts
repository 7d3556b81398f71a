// DAP hit conditions (`hitCondition` of a source, function or instruction breakpoint): the text
// parsed once when the breakpoint is set, and the test of a hit count against it. Pure.
import { UserError } from '../../common';

/** When a breakpoint whose hits are counted stops: at hit `count`, from it on, after it, or every `count` hits. */
export interface HitCondition {
  readonly operator: '==' | '>=' | '>' | '%';
  readonly count: number;
}

const FORMS = "N or '== N' (stop at hit N), '>= N', '> N' or '% N' (every Nth hit), N a positive integer";

/**
 * `5`, `== 5`, `>= 5`, `> 5`, `% 5` (spaces optional), as GDB's `ignore` and VS Code's hit count
 * editor mean them. Anything else is a UserError naming the text and the accepted forms.
 */
export function parseHitCondition(text: string): HitCondition {
  const match = /^\s*(==|>=|>|%)?\s*(\d+)\s*$/.exec(text);
  if (!match) throw new UserError(`hit count '${text}' is not understood: write ${FORMS}`);
  const count = Number(match[2]);
  const operator = (match[1] ?? '==') as HitCondition['operator'];
  if (!Number.isSafeInteger(count) || (count === 0 && operator !== '>')) throw new UserError(`hit count '${text}' is not understood: write ${FORMS}`);
  return { operator, count };
}

/** Whether the `hits`-th hit (counted from 1) stops. */
export function hitConditionMet(condition: HitCondition, hits: number): boolean {
  switch (condition.operator) {
    case '==':
      return hits === condition.count;
    case '>=':
      return hits >= condition.count;
    case '>':
      return hits > condition.count;
    case '%':
      return hits % condition.count === 0;
  }
}
