// The Peripherals webview's HTML: a strict Content-Security-Policy with a fresh nonce, the bundle
// and the stylesheets as extension resources. No inline script or style, nothing remote.
import { randomBytes } from 'node:crypto';

/** The resources the page loads, as webview URIs (`webview.asWebviewUri`). */
export interface PeripheralsPage {
  /** `webview.cspSource`: the origin of the extension's resources. */
  readonly cspSource: string;
  readonly script: string;
  readonly stylesheet: string;
  /** @vscode/codicons' codicon.css: vscode-icon finds it by its id `vscode-codicon-stylesheet`. */
  readonly codicons: string;
}

const escapeAttribute = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The page, with a nonce made for it alone. @vscode-elements styles its shadow roots with
 * constructable stylesheets (adoptedStyleSheets), which style-src does not govern, so no
 * 'unsafe-inline' and no style nonce are needed; the codicon font comes from the extension.
 */
export function peripheralsHtml(page: PeripheralsPage): string {
  const nonce = randomBytes(18).toString('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${page.cspSource}`,
    `font-src ${page.cspSource}`,
    `img-src ${page.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${escapeAttribute(page.codicons)}">
<link rel="stylesheet" href="${escapeAttribute(page.stylesheet)}">
<title>OpenOCD Peripherals</title>
</head>
<body>
<div id="toolbar"></div>
<div id="status" role="status"></div>
<div id="tree" role="tree" aria-label="Peripherals"></div>
<script nonce="${nonce}" src="${escapeAttribute(page.script)}"></script>
</body>
</html>
`;
}
