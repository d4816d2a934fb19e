/** Number formatting for the terminal summary. */

export function fmtMoney(x: number | null): string {
  if (x === null) return "—";
  const a = Math.abs(x);
  if (a >= 1e9) return `¥${(x / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `¥${(x / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `¥${(x / 1e3).toFixed(1)}k`;
  return `¥${x.toFixed(0)}`;
}

export function fmtNum(x: number | null): string {
  if (x === null) return "—";
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(2);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(3);
}

/** Left-aligned first `left` columns (default 1), right-aligned others; CJK characters count two cells. */
export function table(header: string[], rows: string[][], left = 1): string {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const cols = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const pad = (s: string, w: number, left: boolean) =>
    left ? s + " ".repeat(w - width(s)) : " ".repeat(w - width(s)) + s;
  const line = (r: string[]) => r.map((c, i) => pad(c, cols[i]!, i < left)).join("  ");
  return [line(header), cols.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
