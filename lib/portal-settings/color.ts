/**
 * Colour arithmetic for portal branding: WCAG 2 relative luminance and contrast ratio, so the
 * server can pick readable text for an operator's colour before the page is sent.
 */

export type Rgb = readonly [number, number, number];

export const HEX_COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/** `#abc` / `#AABBCC` → `#aabbcc`. Callers validate with HEX_COLOR first. */
export function normalizeHex(hex: string): string {
  const h = hex.slice(1).toLowerCase();
  return `#${h.length === 3 ? [...h].map((c) => c + c).join("") : h}`;
}

export function hexToRgb(hex: string): Rgb {
  const h = normalizeHex(hex).slice(1);
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as unknown as Rgb;
}

export function rgbToHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, "0")).join("")}`;
}

/** WCAG 2.x relative luminance of an sRGB colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = hexToRgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** WCAG AA for normal text: button labels and links are 14–16 px. */
export const MIN_TEXT_CONTRAST = 4.5;

/**
 * The label colour for a button filled with `background`: white when it reads well (what
 * brands usually expect), otherwise whichever of white and black contrasts more.
 */
export function readableTextOn(background: string): "#ffffff" | "#000000" {
  const white = contrastRatio("#ffffff", background);
  if (white >= MIN_TEXT_CONTRAST) return "#ffffff";
  return white >= contrastRatio("#000000", background) ? "#ffffff" : "#000000";
}

/**
 * `color` as text on `surface`: unchanged when readable, else moved step by step towards black
 * (light surfaces) or white (dark ones) until it is — links keep the brand's hue.
 */
export function readableAccentOn(color: string, surface: string): string {
  const towards: Rgb = relativeLuminance(surface) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  const start = hexToRgb(color);
  for (let step = 0; step <= 20; step++) {
    const t = step / 20;
    const candidate = rgbToHex(start.map((c, i) => c + (towards[i] - c) * t) as unknown as Rgb);
    if (contrastRatio(candidate, surface) >= MIN_TEXT_CONTRAST) return candidate;
  }
  return rgbToHex(towards);
}
