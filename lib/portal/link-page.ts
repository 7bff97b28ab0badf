import { createHash } from "node:crypto";
import { PORTAL_ICON } from "./icon";

const STYLE = `
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 24px;
    font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
    background: #f8fafc; color: #0f172a; -webkit-font-smoothing: antialiased; }
  main { width: 100%; max-width: 440px; background: #fff; border: 1px solid #e2e8f0; border-radius: 12px;
    padding: 32px; box-shadow: 0 1px 2px rgb(15 23 42 / 0.05); }
  .icon { width: 44px; height: 44px; border-radius: 999px; background: #fef3c7; color: #b45309; display: grid; place-items: center; }
  .icon.go { background: #e0e7ff; color: #4338ca; }
  h1 { font-size: 20px; line-height: 28px; margin: 20px 0 8px; }
  p { margin: 0 0 12px; color: #475569; line-height: 1.6; font-size: 15px; }
  .hint { margin-top: 20px; padding-top: 16px; border-top: 1px solid #f1f5f9; font-size: 13px; color: #64748b; }
  button { margin-top: 8px; font: inherit; font-size: 15px; font-weight: 600; color: #fff; background: #4f46e5; border: 0;
    border-radius: 8px; padding: 10px 16px; cursor: pointer; }
  button:hover { background: #4338ca; }
  button:focus-visible { outline: 2px solid #6366f1; outline-offset: 2px; }
`;

/**
 * Submits the form once the page is really shown to someone: a prerendered page (speculation
 * rules, prefetch) waits until it is activated. Scanners that do not run scripts or submit
 * forms never get past the GET, which consumes nothing.
 */
const SCRIPT = `(function(){var f=document.getElementById("continue");if(!f)return;function go(){f.submit()}if(document.prerendering){document.addEventListener("prerenderingchange",go,{once:true})}else{go()}})();`;

const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/**
 * These pages are plain HTML from a route handler, with their own strict policy: nothing loads
 * but the inline style and the one script above, identified by their hashes.
 */
export function linkPageCsp(frameAncestors = "frame-ancestors 'none'"): string {
  return [
    "default-src 'none'",
    `style-src ${hash(STYLE)}`,
    `script-src ${hash(SCRIPT)}`,
    "img-src data:",
    "form-action 'self'",
    "base-uri 'none'",
    // Who may frame the link: the embedding settings of the workspace (lib/portal/framing.ts).
    frameAncestors,
  ].join("; ");
}

function shell(title: string, main: string, script: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · Developer Portal</title>
<link rel="icon" href="${PORTAL_ICON}">
<style>${STYLE}</style>
</head>
<body>
<main role="main">
${main}
</main>
${script ? `<script>${SCRIPT}</script>\n` : ""}</body>
</html>`;
}

/**
 * What GET /s/{code} answers for a usable link: a form that POSTs back to the same URL (the POST
 * is what uses the code up), submitted by the script at once, or by the button without scripts.
 * `autoSubmit` is off for prefetches, which must not lead anywhere.
 */
export function continueLinkHtml(autoSubmit: boolean): string {
  return shell(
    "Opening the Developer Portal",
    `  <div class="icon go" aria-hidden="true">
    <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M5 12h14"/><path d="m12 5 7 7-7 7"/></svg>
  </div>
  <h1>Opening the Developer Portal…</h1>
  <p>If nothing happens, continue with the button below. The link works once.</p>
  <form id="continue" method="post">
    <button type="submit">Continue to the Developer Portal</button>
  </form>`,
    autoSubmit,
  );
}

/**
 * The page a customer sees when a portal link cannot be opened. It is served by the /s route
 * handler itself (so it carries a real 4xx status) and has no dynamic content at all: nothing
 * about the code, the application or why exactly it failed.
 */
export function invalidLinkHtml(): string {
  return shell(
    "This link has expired",
    `  <div class="icon" aria-hidden="true">
    <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><circle cx="12" cy="12" r="10"/><path d="M12 6v6l4 2"/></svg>
  </div>
  <h1>This link has expired or was already used</h1>
  <p>Developer Portal links work once and only for a few minutes, to keep your account safe.</p>
  <p>Go back to the application that sent you here and open the Developer Portal again to get a fresh link.</p>
  <p class="hint">If this keeps happening, contact the application's support team.</p>`,
    false,
  );
}
