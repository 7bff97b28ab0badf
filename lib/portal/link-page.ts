import { PORTAL_ICON } from "./icon";

/**
 * The page a customer sees when a portal link cannot be opened. It is served by the /s route
 * handler itself (so it carries a real 4xx status) and has no dynamic content at all: nothing
 * about the code, the application or why exactly it failed.
 */
export function invalidLinkHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>This link has expired · Developer Portal</title>
<link rel="icon" href="${PORTAL_ICON}">
<style>
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 24px;
    font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
    background: #f8fafc; color: #0f172a; -webkit-font-smoothing: antialiased; }
  main { width: 100%; max-width: 440px; background: #fff; border: 1px solid #e2e8f0; border-radius: 12px;
    padding: 32px; box-shadow: 0 1px 2px rgb(15 23 42 / 0.05); }
  .icon { width: 44px; height: 44px; border-radius: 999px; background: #fef3c7; color: #b45309; display: grid; place-items: center; }
  h1 { font-size: 20px; line-height: 28px; margin: 20px 0 8px; }
  p { margin: 0 0 12px; color: #475569; line-height: 1.6; font-size: 15px; }
  .hint { margin-top: 20px; padding-top: 16px; border-top: 1px solid #f1f5f9; font-size: 13px; color: #64748b; }
</style>
</head>
<body>
<main role="main">
  <div class="icon" aria-hidden="true">
    <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><circle cx="12" cy="12" r="10"/><path d="M12 6v6l4 2"/></svg>
  </div>
  <h1>This link has expired or was already used</h1>
  <p>Developer Portal links work once and only for a few minutes, to keep your account safe.</p>
  <p>Go back to the application that sent you here and open the Developer Portal again to get a fresh link.</p>
  <p class="hint">If this keeps happening, contact the application's support team.</p>
</main>
</body>
</html>`;
}
