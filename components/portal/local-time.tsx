"use client";

import { useEffect, useState } from "react";

const FORMATS = {
  datetime: { dateStyle: "medium", timeStyle: "medium" },
  short: { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" },
  time: { hour: "2-digit", minute: "2-digit" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * A timestamp in the reader's own locale and time zone. The server renders a neutral UTC form
 * (it cannot know the reader's zone); the browser replaces it after hydration.
 */
export function LocalTime({ iso, format = "datetime", className }: { iso: string | null; format?: keyof typeof FORMATS; className?: string }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (iso) setText(new Intl.DateTimeFormat(undefined, FORMATS[format]).format(new Date(iso)));
  }, [iso, format]);
  if (!iso) return <span className={className}>—</span>;
  return (
    <time dateTime={iso} title={iso} className={className}>
      {text ?? `${iso.slice(0, 16).replace("T", " ")} UTC`}
    </time>
  );
}

/** "3 minutes ago", in the reader's language; refreshed every 30 s. */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time dateTime={iso} title={iso} className={className}>
      {now === null ? `${iso.slice(0, 16).replace("T", " ")} UTC` : relative(new Date(iso).getTime() - now)}
    </time>
  );
}

export function relative(deltaMs: number): string {
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const seconds = Math.round(deltaMs / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(0, "second");
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), "hour");
  return rtf.format(Math.round(seconds / 86_400), "day");
}
