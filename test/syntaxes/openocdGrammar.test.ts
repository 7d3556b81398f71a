// Tests of syntaxes/openocd.tmLanguage.json: tokenizes OpenOCD's own stm32f0x.cfg and swj-dp.tcl
// with vscode-textmate + vscode-oniguruma (the engine VS Code uses) and checks chosen scopes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import { INITIAL, IGrammar, parseRawGrammar, Registry, StateStack } from 'vscode-textmate';

const root = join(__dirname, '..', '..');
const grammarPath = join(root, 'syntaxes', 'openocd.tmLanguage.json');
const scriptsDir = '/usr/share/openocd/scripts';

interface TokenizedLine {
  readonly text: string;
  readonly tokens: readonly { startIndex: number; endIndex: number; scopes: string[] }[];
}

let grammar: IGrammar;

async function loadGrammar(): Promise<IGrammar> {
  const wasm = readFileSync(join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new OnigScanner(patterns),
      createOnigString: (text: string) => new OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.openocd' ? parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  const loaded = await registry.loadGrammar('source.openocd');
  assert.ok(loaded, 'grammar source.openocd did not load');
  return loaded;
}

function tokenize(text: string): { lines: TokenizedLine[]; endState: StateStack } {
  let state = INITIAL;
  const lines = text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return { text: line, tokens: result.tokens };
  });
  return { lines, endState: state };
}

/** The rule stack after an empty line: the state a complete script must end in. */
function topLevel(): StateStack {
  return grammar.tokenizeLine('', INITIAL).ruleStack;
}

/** Scopes of the token at the first `word` on the first line containing `lineNeedle`. */
function scopesAt(lines: readonly TokenizedLine[], lineNeedle: string, word: string): string[] {
  const line = lines.find((candidate) => candidate.text.includes(lineNeedle));
  assert.ok(line, `no line contains ${JSON.stringify(lineNeedle)}`);
  const column = line.text.indexOf(word, line.text.indexOf(lineNeedle));
  assert.ok(column >= 0, `${JSON.stringify(word)} not in ${JSON.stringify(line.text)}`);
  const token = line.tokens.find((candidate) => candidate.startIndex <= column && column < candidate.endIndex);
  assert.ok(token, `no token at column ${column} of ${JSON.stringify(line.text)}`);
  return token.scopes;
}

function assertScope(scopes: readonly string[], expected: string): void {
  assert.ok(
    scopes.some((scope) => scope === expected || scope.startsWith(`${expected}.`)),
    `expected ${expected} in [${scopes.join(', ')}]`,
  );
}

function assertNoScope(scopes: readonly string[], unexpected: string): void {
  assert.ok(!scopes.some((scope) => scope.startsWith(unexpected)), `unexpected ${unexpected} in [${scopes.join(', ')}]`);
}

before(async () => {
  grammar = await loadGrammar();
});

describe('OpenOCD grammar on target/stm32f0x.cfg', () => {
  const text = () => readFileSync(join(scriptsDir, 'target', 'stm32f0x.cfg'), 'utf8');

  it('scopes comments, including ;# after a command', () => {
    const { lines } = tokenize(text());
    assertScope(scopesAt(lines, '# script for stm32f0x family', 'script'), 'comment.line.number-sign');
    assertScope(scopesAt(lines, '# script for stm32f0x family', '#'), 'punctuation.definition.comment');
    assertScope(scopesAt(lines, 'mww 0x40021004 0x00100000', 'RCC_CFGR'), 'comment.line.number-sign');
    assertNoScope(scopesAt(lines, 'mww 0x40021004 0x00100000', 'mww'), 'comment');
  });

  it('scopes source [find target/swj-dp.tcl]', () => {
    const { lines } = tokenize(text());
    const needle = 'source [find target/swj-dp.tcl]';
    assertScope(scopesAt(lines, needle, 'source'), 'support.function');
    assertScope(scopesAt(lines, needle, '['), 'punctuation.section.brackets.begin');
    assertScope(scopesAt(lines, needle, 'find'), 'support.function');
    assertScope(scopesAt(lines, needle, 'find'), 'meta.command-substitution');
    assertScope(scopesAt(lines, needle, 'target/swj-dp.tcl'), 'string.unquoted.path');
    assertScope(scopesAt(lines, needle, ']'), 'punctuation.section.brackets.end');
  });

  it('scopes a $_TARGETNAME configure -event line', () => {
    const { lines } = tokenize(text());
    const needle = '$_TARGETNAME configure -event reset-init';
    assertScope(scopesAt(lines, needle, '_TARGETNAME'), 'variable.other');
    assertScope(scopesAt(lines, needle, '$'), 'punctuation.definition.variable');
    assertScope(scopesAt(lines, needle, 'configure'), 'support.function');
    assertScope(scopesAt(lines, needle, '-event'), 'variable.parameter.option');
    assertScope(scopesAt(lines, needle, 'reset-init'), 'constant.other.event');
    assertScope(scopesAt(lines, needle, '{'), 'punctuation.section.braces.begin');
    assertScope(scopesAt(lines, needle, 'stm32f0x_default_reset_init'), 'meta.braces');
  });

  it('scopes hex and decimal numbers, not digits inside names', () => {
    const { lines } = tokenize(text());
    assertScope(scopesAt(lines, 'set _CPUTAPID 0x0bb11477', '0x0bb11477'), 'constant.numeric.hex');
    assertScope(scopesAt(lines, 'adapter srst delay 100', '100'), 'constant.numeric.decimal');
    assertNoScope(scopesAt(lines, 'set _CHIPNAME stm32f0x', 'stm32f0x'), 'constant.numeric');
  });

  it('scopes proc definitions and OpenOCD commands', () => {
    const { lines } = tokenize(text());
    const needle = 'proc stm32f0x_default_reset_start {}';
    assertScope(scopesAt(lines, needle, 'proc'), 'keyword.control');
    assertScope(scopesAt(lines, needle, 'stm32f0x_default_reset_start'), 'entity.name.function');
    assertScope(scopesAt(lines, 'dap create $_CHIPNAME.dap', 'dap'), 'support.function');
    assertScope(scopesAt(lines, 'dap create $_CHIPNAME.dap', 'create'), 'support.function');
    assertScope(scopesAt(lines, 'target create $_TARGETNAME cortex_m', 'target'), 'support.function');
    assertScope(scopesAt(lines, 'flash bank $_FLASHNAME stm32f1x', 'bank'), 'support.function');
    assertScope(scopesAt(lines, 'reset_config srst_nogate', 'reset_config'), 'support.function');
    assertScope(scopesAt(lines, 'if { [info exists CHIPNAME] } {', 'if'), 'keyword.control');
    assertScope(scopesAt(lines, '} else {', 'else'), 'keyword.control');
  });

  it('scopes variables: $name, the name set writes, $name.suffix', () => {
    const { lines } = tokenize(text());
    assertScope(scopesAt(lines, 'set _CHIPNAME $CHIPNAME', '_CHIPNAME'), 'variable.other');
    assertScope(scopesAt(lines, 'set _CHIPNAME $CHIPNAME', 'set'), 'support.function.builtin');
    assertScope(scopesAt(lines, 'set _CHIPNAME $CHIPNAME', '$CHIPNAME'), 'variable.other');
    const suffix = scopesAt(lines, 'set _TARGETNAME $_CHIPNAME.cpu', '.cpu');
    assertNoScope(suffix, 'variable');
    assertNoScope(suffix, 'support');
  });

  it('ends the file at top level (every brace closed)', () => {
    const { lines, endState } = tokenize(`${text()}\nset after 1`);
    assert.deepEqual(lines.at(-1)!.tokens[0].scopes, ['source.openocd', 'support.function.builtin.openocd']);
    assert.ok(endState.equals(topLevel()));
  });
});

describe('OpenOCD grammar on every stock target and interface script', () => {
  it('ends each file at top level (no string, brace or bracket left open)', () => {
    const files = ['target', 'interface'].flatMap((dir) =>
      readdirSync(join(scriptsDir, dir)).filter((name) => /\.(cfg|tcl)$/.test(name)).map((name) => join(scriptsDir, dir, name)),
    );
    assert.ok(files.length > 100, `only ${files.length} scripts found`);
    const unbalanced = files.filter((file) => !tokenize(readFileSync(file, 'utf8')).endState.equals(topLevel()));
    assert.deepEqual(unbalanced, []);
  });
});

describe('OpenOCD grammar on strings and substitutions', () => {
  it('scopes a string with [cmd] substitution from target/swj-dp.tcl', () => {
    const { lines } = tokenize(readFileSync(join(scriptsDir, 'target', 'swj-dp.tcl'), 'utf8'));
    const needle = `echo "Error: transport '[ transport select ]' not supported by swj_newdap"`;
    assertScope(scopesAt(lines, needle, 'Error:'), 'string.quoted.double');
    assertNoScope(scopesAt(lines, needle, 'supported'), 'support');
    assertScope(scopesAt(lines, needle, 'transport select'), 'support.function');
    assertScope(scopesAt(lines, needle, 'transport select'), 'meta.command-substitution');
    assertScope(scopesAt(lines, 'proc swj_newdap {chip tag args}', 'chip'), 'variable.parameter');
    assertScope(scopesAt(lines, 'eval jtag newtap $chip $tag $args', 'newtap'), 'support.function');
  });

  it('scopes escapes, ${name}, $name(index) and a continued comment', () => {
    const sample = [
      'set msg "tab\\there \\"quoted\\" ${name with space} $arr($i) [adapter name]"',
      'set x $::env(HOME) ;# trailing \\',
      'still comment',
      'halt',
    ].join('\n');
    const { lines } = tokenize(sample);
    assertScope(scopesAt(lines, 'set msg', '\\t'), 'constant.character.escape');
    assertScope(scopesAt(lines, 'set msg', '\\"'), 'constant.character.escape');
    assertScope(scopesAt(lines, 'set msg', 'name with space'), 'variable.other');
    assertScope(scopesAt(lines, 'set msg', 'arr'), 'variable.other');
    assertScope(scopesAt(lines, 'set msg', '$i'), 'variable.other');
    assertScope(scopesAt(lines, 'set msg', 'name]'), 'support.function.subcommand');
    assertScope(scopesAt(lines, 'set x', '::env'), 'variable.other');
    assertScope(scopesAt(lines, 'still comment', 'still'), 'comment.line.number-sign');
    assertScope(scopesAt(lines, 'halt', 'halt'), 'support.function');
    assertNoScope(scopesAt(lines, 'halt', 'halt'), 'comment');
  });
});

describe('OpenOCD language contribution', () => {
  it('matches package.json: grammar scopeName and language configuration', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const contributed = manifest.contributes.grammars.find((entry: { language: string }) => entry.language === 'openocd');
    const language = manifest.contributes.languages.find((entry: { id: string }) => entry.id === 'openocd');
    assert.equal(JSON.parse(readFileSync(join(root, contributed.path), 'utf8')).scopeName, contributed.scopeName);
    const configuration = JSON.parse(readFileSync(join(root, language.configuration), 'utf8'));
    assert.equal(configuration.comments.lineComment, '#');
    assert.deepEqual(configuration.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
  });
});
