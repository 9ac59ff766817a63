// Personal information under PIPL (DOMAIN.md §9). What is personal here: people's names (staff,
// legal representatives), and whatever identifies a person that someone types into free text: a
// resident ID number, a mobile number, an e-mail address, a bank card or account number. A firm's
// name, credit code and figures are not: they identify a legal entity. Names are masked on
// letters and lists; identifiers are masked wherever free text is shown or logged; free text is
// kept out of the append-only trail (see prisma/audit-trail.ts).

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

const keep = (text: string, head: number, tail: number) =>
  text.slice(0, head) + '*'.repeat(text.length - head - tail) + text.slice(text.length - tail);

/** Identifiers of a person, each with how much of it stays readable. Digits never touch digits. */
const identifiers: readonly [RegExp, (found: string) => string][] = [
  // Resident ID: 18 characters, the last a digit or X.
  [/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, (id) => keep(id, 4, 4)],
  // Bank card or account: 12–19 digits, maybe grouped by spaces or hyphens.
  [/(?<!\d)\d{4}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?(?!\d)/g, (card) => keep(card, 4, 4)],
  // Mainland mobile number, maybe grouped 3-4-4, but not part of an amount.
  [/(?<![\d.])1[3-9]\d(?:[ -]?\d{4}){2}(?!\.?\d)/g, (mobile) => keep(mobile, 3, 4)],
  // E-mail: the first character of the mailbox stays.
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, (mail) => mail[0] + '***' + mail.slice(mail.indexOf('@'))],
];

/** Free text with the identifiers of people masked: "电话13912345678" → "电话139****5678". */
export function maskPersonalData(text: string): string {
  return identifiers.reduce((masked, [pattern, mask]) => masked.replace(pattern, mask), text);
}
