// What a hit on user breakpoints does (issue 15): each breakpoint's C condition, then its hit count,
// then its log message decide whether the thread stops or resumes, as GDB's bpstat checks do
// (breakpoint.c: condition, then ignore count). Pure: the caller evaluates the C expressions.
import { DebuggerError, TclConnectionError } from '../../common';
import { hitConditionMet, parseHitCondition, type HitCondition } from './hitCondition';
import { formatLogMessage, parseLogMessage, type LogMessagePart } from './logMessage';

/** What a user wrote on a breakpoint besides its place (DAP SourceBreakpoint). */
export interface HitOptions {
  /** C expression: the hit counts only when it is non-zero. */
  readonly condition?: string;
  /** DAP hitCondition (`5`, `>= 5`, `% 5`...), see parseHitCondition. */
  readonly hitCondition?: string;
  /** Logpoint template: a hit that counts prints it and resumes instead of stopping. */
  readonly logMessage?: string;
}

/** HitOptions parsed when the breakpoint is set. */
export interface HitActions {
  readonly condition?: string;
  readonly hitCondition?: HitCondition;
  readonly log?: readonly LogMessagePart[];
}

/** The C evaluation a hit needs, in the innermost frame of the stopped thread. */
export interface HitEvaluator {
  /** True when the expression is non-zero; throws when it cannot be evaluated. */
  condition(expression: string): Promise<boolean>;
  /** The value as the Variables view shows it (GDB's `print`). */
  value(expression: string): Promise<string>;
}

/** What a hit tells the user besides stopping: a logpoint's message, or a condition that failed (the thread stops). */
export type HitNote =
  | { readonly kind: 'log'; readonly key: string; readonly message: string }
  | { readonly kind: 'conditionError'; readonly key: string; readonly condition: string; readonly message: string };

export interface HitOutcome {
  readonly stop: boolean;
  readonly notes: readonly HitNote[];
}

/** Parses the options once (undefined when there are none); a UserError names the wrong hit count or log message. */
export function parseHitActions(options: HitOptions): HitActions | undefined {
  const condition = options.condition?.trim() || undefined;
  const hitCondition = options.hitCondition?.trim() ? parseHitCondition(options.hitCondition) : undefined;
  const log = options.logMessage !== undefined && options.logMessage !== '' ? parseLogMessage(options.logMessage) : undefined;
  return condition || hitCondition || log ? { condition, hitCondition, log } : undefined;
}

/**
 * Decides a hit on the user breakpoints at one address: it stops when one of them wants to stop
 * (a plain one always does; a condition that cannot be evaluated does, saying why). `counts`
 * holds each breakpoint's hits (only hits whose condition held count, as GDB counts them).
 */
export async function decideHit(
  breakpoints: readonly { readonly key: string; readonly actions: HitActions | undefined }[],
  counts: Map<string, number>,
  evaluator: HitEvaluator,
): Promise<HitOutcome> {
  let stop = false;
  const notes: HitNote[] = [];
  for (const { key, actions } of breakpoints) {
    if (actions?.condition !== undefined) {
      try {
        if (!(await evaluator.condition(actions.condition))) continue;
      } catch (error) {
        if (error instanceof TclConnectionError || !(error instanceof DebuggerError)) throw error;
        notes.push({ kind: 'conditionError', key, condition: actions.condition, message: error.message });
        stop = true;
        continue;
      }
    }
    const hits = (counts.get(key) ?? 0) + 1;
    counts.set(key, hits);
    if (actions?.hitCondition && !hitConditionMet(actions.hitCondition, hits)) continue;
    if (actions?.log) notes.push({ kind: 'log', key, message: await formatLogMessage(actions.log, (expression) => evaluator.value(expression)) });
    else stop = true;
  }
  return { stop, notes };
}
