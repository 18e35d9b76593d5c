// The panel page's markup and CSP, without the vscode module: the host fills it from the webview (panelHtml in
// html.ts), and the browser tests' stand-in host serves the very same page from 127.0.0.1.

export interface PageParts {
  /** The origin the webview may load styles, fonts and images from (webview.cspSource). */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  /** Stylesheets in order (the host: media/panel.css). */
  styleUris: readonly string[];
  /** Inline scripts run before the panel's (the tests' stand-in acquireVsCodeApi); each carries the nonce. */
  inlineScripts?: readonly string[];
  bodyClass?: string;
}

export function panelCsp(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `img-src ${cspSource} data:`, `style-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

export function pageHtml(parts: PageParts): string {
  const styles = parts.styleUris.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n');
  const inline = (parts.inlineScripts ?? []).map((code) => `<script nonce="${parts.nonce}">${code}</script>\n`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${panelCsp(parts.cspSource, parts.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
<title>Footprint What-If</title>
</head>
<body${parts.bodyClass ? ` class="${parts.bodyClass}"` : ''}>
<main id="app"></main>
${inline}<script nonce="${parts.nonce}" src="${parts.scriptUri}"></script>
</body>
</html>`;
}
