"use client";

import { useEffect, useRef, useState } from "react";

/**
 * The operator's logo, or the brand's initial on a primary tile: when there is no logo, and when
 * the logo cannot be loaded (a moved file, a blocked host), so a broken image never leaves an
 * empty gap beside the application's name. The server renders the <img>; an error that happens
 * before hydration is caught on mount (complete with no pixels).
 */
export function BrandMark({ logoUrl, initial }: { logoUrl?: string | null; initial: string }) {
  const [broken, setBroken] = useState(false);
  const img = useRef<HTMLImageElement>(null);
  useEffect(() => {
    const el = img.current;
    if (el && el.complete && el.naturalWidth === 0) setBroken(true);
  }, [logoUrl]);

  if (logoUrl && !broken) {
    return (
      // A plain <img>, not next/image: its optimiser would fetch the operator's URL server-side.
      <img
        ref={img}
        src={logoUrl}
        alt=""
        referrerPolicy="no-referrer"
        data-testid="brand-logo"
        onError={() => setBroken(true)}
        className="h-9 w-auto max-w-20 shrink-0 object-contain sm:max-w-32"
      />
    );
  }
  return (
    <div className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-primary text-sm font-semibold text-on-primary" aria-hidden="true" data-testid="brand-initial">
      {initial}
    </div>
  );
}
