// The Peripherals webview's HTML: a strict CSP with a fresh nonce per page, the script only by
// nonce, no inline script or style, nothing but the extension's resources.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { peripheralsHtml } from '../../src/extension/peripherals/peripheralsHtml';

const page = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  script: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/peripheralsView.js',
  stylesheet: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/peripherals.css',
  codicons: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/codicons/codicon.css',
};

function csp(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'no CSP meta');
  return match[1];
}

describe('peripheralsHtml', () => {
  it('has a strict CSP: nothing by default, scripts by nonce, styles, fonts and images from the extension', () => {
    const html = peripheralsHtml(page);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp(html))?.[1];
    assert.ok(nonce && nonce.length >= 16);
    assert.equal(
      csp(html),
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${page.cspSource}; font-src ${page.cspSource}; img-src ${page.cspSource}`,
    );
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('makes a fresh nonce for each page', () => {
    const nonces = new Set(Array.from({ length: 20 }, () => /'nonce-([^']+)'/.exec(peripheralsHtml(page))?.[1]));
    assert.equal(nonces.size, 20);
  });

  it('has no inline script, no script without the nonce, no inline style', () => {
    const html = peripheralsHtml(page);
    const nonce = /'nonce-([^']+)'/.exec(html)?.[1];
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    for (const [, attributes, body] of scripts) {
      assert.equal(body.trim(), '', 'inline script');
      assert.ok(attributes.includes(`nonce="${nonce}"`), 'script without the nonce');
      assert.ok(attributes.includes(`src="${page.script}"`));
    }
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
  });

  it('loads only the extension resources it was given, codicon.css under the id vscode-icon looks for', () => {
    const html = peripheralsHtml(page);
    const urls = [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((match) => match[1]);
    assert.deepEqual(urls.sort(), [page.codicons, page.stylesheet, page.script].sort());
    assert.match(html, new RegExp(`id="vscode-codicon-stylesheet" href="${page.codicons.replace(/[.+]/g, '\\$&')}"`));
  });
});
