/** Text colour with the better WCAG contrast against a #rrggbb background. */
export function readableOn(hex: string): "#ffffff" | "#111827" {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (0.0194 + 0.05); // #111827
  return onWhite >= onDark ? "#ffffff" : "#111827";
}
