/** The portal's tab icon, inline so no extra request (and no 404 for /favicon.ico) is needed. */
export const PORTAL_ICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4f46e5"/><path d="M11 21a4 4 0 1 1 3.5-6L17 10m4 11h-6m3-11a4 4 0 1 1 2.2 7.3" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round"/></svg>`,
  );
