// Public surface of C expressions: parser, evaluator, the frame scope, and the evaluate /
// assignment entry points for watch, hover, repl and setVariable.
export * from './expressionSyntax';
export * from './expressionParser';
export * from './expressionTypes';
export * from './expressionEvaluator';
export * from './frameScope';
export * from './cExpression';
export * from './frameInspector';
