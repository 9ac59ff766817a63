// Personal names on letters and lists are masked (PIPL, DOMAIN.md §9): enough to recognise
// a colleague, not enough to identify a stranger.

/** Keeps the first character of each word and masks the rest: 张三丰 → 张**, Wei Li → W** L*. */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((word) => {
      const [first = '', ...rest] = [...word];
      return first + '*'.repeat(Math.max(rest.length, 1));
    })
    .join(' ');
}
