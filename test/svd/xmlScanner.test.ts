// The SVD layer's XML scanner: well-formedness errors with line numbers, entities, lazy text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SvdFormatError } from '../../src/common';
import { parseXml } from '../../src/svd/xmlScanner';

function xmlError(text: string, pattern: RegExp): void {
  assert.throws(() => parseXml(text), (e: unknown) => e instanceof SvdFormatError && pattern.test(e.message));
}

describe('parseXml', () => {
  it('builds the element tree with attributes and leaf text', () => {
    const root = parseXml(`\uFEFF<?xml version="1.0"?>
<!DOCTYPE device [ <!ENTITY x "y"> ]>
<!-- a comment with <tags> -->
<device a="1" b='two'>
  <name>DEV</name>
  <empty/>
  <empty2 c = "3" />
  <list><item>1</item><item>2</item></list>
</device>
<!-- trailing comment -->`);
    assert.equal(root.name, 'device');
    assert.deepEqual(root.attrs, { a: '1', b: 'two' });
    assert.deepEqual(root.children.map((c) => c.name), ['name', 'empty', 'empty2', 'list']);
    assert.equal(root.childText('name'), 'DEV');
    assert.equal(root.child('empty')?.text, '');
    assert.deepEqual(root.child('empty2')?.attrs, { c: '3' });
    assert.deepEqual(root.child('list')?.children.map((c) => c.text), ['1', '2']);
    assert.equal(root.text, '', 'an element with children keeps no text');
  });

  it('decodes entities and character references, keeps CDATA as text, and keeps a stray & as written', () => {
    const root = parseXml('<r><a>x &amp; y &lt;&gt; &quot;&apos; &#65;&#x42;</a><b><![CDATA[<raw> & stuff]]></b><c>R&D &unknown;</c><d>one<!-- c -->two</d></r>');
    assert.deepEqual(root.children.map((c) => c.text), ['x & y <> "\' AB', '<raw> & stuff', 'R&D &unknown;', 'onetwo']);
  });

  it('refuses malformed XML with the line of the problem', () => {
    xmlError('<a>\n<b></a>', /line 2: end tag <\/a> does not match <b>/);
    xmlError('<a></a>\n<b></b>', /line 2: a second root element <b> after <a>/);
    xmlError('<a x="1" x="2"></a>', /attribute x repeated in <a>/);
    xmlError('<a x=1></a>', /attribute x of <a> has no quoted value/);
    xmlError('<a><!-- never closed </a>', /unexpected end of file inside a comment/);
    xmlError('<a><![CDATA[ open </a>', /unexpected end of file inside a CDATA section/);
    xmlError('<a b="open></a>', /unexpected end of file inside <a>/);
    xmlError('</a>', /end tag <\/a> without a start tag/);
    xmlError('< a></a>', /"<" not followed by an element name/);
    xmlError('{"json": true}', /line 1: text outside the root element: this is not an XML file/);
    xmlError('<a></a> trailing', /text outside the root element/);
  });

  it('parses deferred elements on demand, again after release, and reports their errors then', () => {
    const text = '<r><f a="1"><x>1</x><y>a &amp; b</y></f><g><!-- c --><z/></g><f>\n<x>2</bad></f></r>';
    const root = parseXml(text, { deferredTags: new Set(['f', 'g']) });
    const [first, withComment, broken] = root.children;
    assert.equal(first.isDeferred, true);
    assert.deepEqual(first.attrs, { a: '1' });
    assert.deepEqual(first.children.map((c) => [c.name, c.text]), [['x', '1'], ['y', 'a & b']]);
    assert.equal(first.isDeferred, false);
    first.release();
    assert.equal(first.isDeferred, true);
    assert.equal(first.childText('y'), 'a & b');
    assert.equal(withComment.isDeferred, false, 'content with a comment is parsed at once');
    assert.deepEqual(withComment.children.map((c) => c.name), ['z']);
    assert.throws(() => broken.children, (e: unknown) => e instanceof SvdFormatError && /line 2: end tag <\/bad> does not match <x>/.test(e.message));
  });

  it('parses a large document in linear time', () => {
    // 200k elements with text: a quadratic scan would take minutes, a linear one milliseconds.
    const text = `<r>${'<v>1</v>'.repeat(200_000)}<last>a&amp;b</last></r>`;
    const root = parseXml(text);
    assert.equal(root.children.length, 200_001);
    assert.equal(root.childText('last'), 'a&b');
  });
});
