// Calendar arithmetic on ISO dates (YYYY-MM-DD) without a clock: Date.UTC is only used as a
// pure day counter, which Temporal's sandbox allows.

const MS_PER_DAY = 86_400_000;

function parts(iso: string): [year: number, month: number, day: number] {
  const [year = NaN, month = NaN, day = NaN] = iso.split('-').map(Number);
  return [year, month, day];
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The same day `years` later; 29 February lands on 1 March in a common year. */
export function addYears(iso: string, years: number): string {
  const [year, month, day] = parts(iso);
  const target = year + years;
  const leapDayLost = month === 2 && day === 29 && !isLeap(target);
  const [m, d] = leapDayLost ? [3, 1] : [month, day];
  return `${String(target).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Calendar days from `from` to `to`, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const day = (iso: string) => {
    const [year, month, d] = parts(iso);
    return Date.UTC(year, month - 1, d) / MS_PER_DAY;
  };
  return day(to) - day(from);
}
