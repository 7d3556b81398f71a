// Public surface of the DWARF expression evaluator (DWARF5 2.5, 2.6): opcodes, location types,
// the resumable evaluation and its sync/async drivers.
export * from './dwOp';
export * from './dwOpName';
export * from './location';
export { ExprEvaluation } from './exprEvaluation';
export type { ExprOptions, ExprStep } from './exprEvaluation';
export { evaluateAsync, evaluateSync } from './evaluateExpression';
export type { ExprReader, SyncExprReader } from './evaluateExpression';
