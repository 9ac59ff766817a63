// Every kind of letter in both languages, read back: the facts of the record are in the
// text, the font is embedded and subset, the size stays small, the QR code scans to the
// verification address, and the same facts give the same bytes.
import { beforeAll, describe, expect, it } from 'vitest';
import { unitsText } from '../../domain/equity/cap-table.ts';
import { chineseCapitalAmount, formatYuan } from '../../domain/money.ts';
import {
  calendarDate,
  formatPercent,
  formatShare,
  groupedCode,
  shanghaiDate,
} from '../../templates/format.ts';
import type { LetterData } from '../../templates/letter-data.ts';
import type { LetterKind, LetterLanguage } from '../../domain/letter-kinds.ts';
import { renderLetter } from '../../templates/render-letter.ts';
import { evaluate } from '../../domain/scorecards/catalogue.ts';
import { LETTER_STRINGS, ruleIn } from '../../templates/strings.ts';
import { strongIndicators } from '../support/fixtures.ts';
import { pageCount, pageTexts, qrCodeOnFirstPage, textOf } from './pdf.ts';
import { allKinds, sampleIssue, sampleLetter } from '../../templates/samples.ts';

const MAX_LETTER_BYTES = 150 * 1024;
const languages = ['zh', 'en'] as const;
const cases = allKinds.flatMap((kind) => languages.map((language) => [kind, language] as const));
const key = (kind: LetterKind, language: LetterLanguage) => `${kind}-${language}`;

const pdfs = new Map<string, Buffer>();
const texts = new Map<string, string>();

beforeAll(async () => {
  for (const [kind, language] of cases) {
    const pdf = await renderLetter(sampleLetter(kind, language), sampleIssue);
    pdfs.set(key(kind, language), pdf);
    texts.set(key(kind, language), await textOf(pdf));
  }
});

const textFor = (kind: LetterKind, language: LetterLanguage) => texts.get(key(kind, language))!;
const pdfFor = (kind: LetterKind, language: LetterLanguage) => pdfs.get(key(kind, language))!;

/** Each amount as a figure and, on Chinese letters, in capitals. */
function amounts(data: LetterData, ...fens: number[]): string[] {
  return fens.flatMap((fen) => [
    formatYuan(fen, data.language),
    ...(data.language === 'zh' ? [chineseCapitalAmount(fen)] : []),
  ]);
}

/** What the record says that the letter of this kind must print. */
function factsOf(data: LetterData): string[] {
  const s = LETTER_STRINGS[data.language];
  const date = (iso: string) => s.date(calendarDate(iso));
  switch (data.kind) {
    case 'approval':
    case 'conditional_approval':
    case 'offer_expiry': {
      const { terms } = data;
      const facts = [
        ...amounts(data, terms.amountFen),
        formatPercent(terms.annualRate),
        s.term(terms.termMonths),
        s.names.repaymentMethods[terms.repaymentMethod]!,
      ];
      if (terms.repayment) {
        const r = terms.repayment;
        facts.push(date(r.firstDueOn), date(r.lastDueOn), ...amounts(data, r.totalInterestFen));
      }
      if (data.kind === 'conditional_approval') {
        facts.push(...data.conditions, date(data.conditionsDueOn));
      }
      if (data.kind === 'approval') facts.push(date(data.acceptBy));
      if (data.kind === 'offer_expiry') facts.push(date(data.offeredOn), date(data.expiredOn));
      return facts;
    }
    case 'rejection':
      return data.reasons.map((reason, index) => `${index + 1}. ${reason}`);
    case 'information_request':
      return [
        ...data.items.map((item, index) => `${index + 1}. ${item}`),
        date(data.dueOn),
        { zh: `补充次数 第${data.round}次`, en: `Request number ${data.round}` }[data.language],
      ];
    case 'file_expiry':
      return [
        ...data.missingDocuments.map((name, index) => `${index + 1}. ${name}`),
        date(data.dueOn),
      ];
    case 'guarantee_confirmation': {
      const g = data.guarantee;
      return [
        g.lender,
        g.contractNumber,
        ...amounts(data, g.loanAmountFen, g.guaranteedFen),
        formatPercent(g.feeRate),
        ...g.shares.map((share) => `${share.party} ${formatShare(share.shareBp)}`),
      ];
    }
    case 'compensation_notice': {
      const c = data.compensation;
      return [
        c.lender,
        date(c.defaultedOn),
        ...amounts(data, c.lossFen),
        ...c.shares.flatMap((share) => [
          `${share.party} ${formatShare(share.shareBp)}`,
          ...amounts(data, share.amountFen),
        ]),
      ];
    }
    case 'pledge_registration': {
      const p = data.pledge;
      return [
        p.registrationNumber,
        date(p.registeredOn),
        s.names.registries[p.registry]!,
        ...amounts(data, p.securedAmountFen),
        ...p.rights.map((r) => `${s.names.ipRights[r.type]} ${r.number} ${r.title}`),
      ];
    }
    case 'pledge_release': {
      const p = data.pledge;
      return [
        p.registrationNumber,
        date(p.registeredOn),
        date(p.releasedOn),
        s.names.registries[p.registry]!,
        ...p.rights.map((r) => `${s.names.ipRights[r.type]} ${r.number} ${r.title}`),
      ];
    }
    case 'warrant_exercise':
    case 'warrant_expiry': {
      const w = data.warrant;
      const facts = [
        w.affiliate,
        date(w.grantedOn),
        ...amounts(data, w.subscriptionFen),
        formatShare(w.equityBp),
      ];
      if (data.kind === 'warrant_expiry') return [...facts, date(data.warrant.expiresOn)];
      const { loanContract, exercisedOn, capitalUnit, unitsIssued } = data.warrant;
      return [...facts, loanContract!, date(exercisedOn), unitsText(capitalUnit, unitsIssued)];
    }
  }
}

describe('every kind of letter, in both languages', () => {
  it.each(cases)('%s (%s) prints the facts of the record', (kind, language) => {
    const text = textFor(kind, language);
    for (const fact of factsOf(sampleLetter(kind, language))) expect(text).toContain(fact);
  });

  it.each(cases)('%s (%s) carries the frame every letter shares', (kind, language) => {
    const data = sampleLetter(kind, language);
    const s = LETTER_STRINGS[language];
    const text = textFor(kind, language);
    const date = s.date(shanghaiDate(data.issuedAt));
    expect(text).toContain(data.institution.name);
    expect(text).toContain(s.addressee(data.enterprise.name));
    expect(text).toContain(`${s.usccLabel} ${data.enterprise.uscc}`);
    expect(text).toContain(`${s.referenceLabel} ${data.reference}`);
    expect(text).toContain(`${s.dateLabel} ${date}`);
    expect(text).toContain(data.policyVersions.join(', '));
    for (const { role, name } of data.decidedBy) {
      const roleName = s.names.roles[role] ?? role;
      expect(text).toContain(name ? `${roleName} ${name}` : roleName);
    }
    expect(text).toContain(
      `${s.verificationCodeLabel} ${groupedCode(sampleIssue.verificationCode)}`,
    );
    const pages = pageCount(pdfFor(kind, language));
    for (let page = 1; page <= pages; page++) expect(text).toContain(s.page(page, pages));
  });

  it.each(cases)('%s (%s) embeds a subset of Noto Sans SC and stays small', (kind, language) => {
    const pdf = pdfFor(kind, language);
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    // Every font is embedded (no viewer-supplied Type1) and the QR code is vector paths.
    expect(raw).not.toMatch(/\/Subtype \/Type1/);
    expect(raw).not.toMatch(/\/Subtype \/Image/);
    expect(pdf.length).toBeLessThan(MAX_LETTER_BYTES);
  });

  it('writes Chinese dates and amounts the Chinese way and English ones the English way', () => {
    const zh = textFor('approval', 'zh');
    expect(zh).toContain('日期 2026年11月27日');
    expect(zh).toContain('金额 ¥1,000,000.00 大写金额 壹佰万元整');
    expect(zh).toContain('年利率 4.35%');
    expect(zh).toContain('期限 36个月');
    expect(zh).toContain('首期还款日 2026年12月27日');
    const en = textFor('approval', 'en');
    expect(en).toContain('Date 27 November 2026');
    expect(en).toContain('Amount CNY 1,000,000.00');
    expect(en).not.toContain('壹佰万');
    expect(en).toContain('Term 36 months');
    expect(textFor('offer_expiry', 'zh')).toContain('伍拾万元零伍分');
  });

  it('shows the gap to each scorecard condition a rejected firm missed', () => {
    expect(textFor('rejection', 'zh')).toContain(
      '科技人员指标得分不为零所需占比 8.00% ≥ 10% 2.00%',
    );
    expect(textFor('rejection', 'zh')).toContain('列入经营异常名录或严重违法失信名单 是 否 —');
    expect(textFor('rejection', 'en')).toContain('Evaluation points 38 ≥ 60 22');
    expect(textFor('approval', 'zh')).not.toContain('未满足的条件');
  });

  it('names the committee that decided as a body, and no one when a deadline closed the case', () => {
    expect(textFor('conditional_approval', 'zh')).toContain(
      '审批人员 信贷审查人 李*华 信贷审批委员会',
    );
    expect(textFor('conditional_approval', 'en')).toContain('Credit committee');
    for (const language of languages) {
      const { people } = LETTER_STRINGS[language];
      const text = textFor('file_expiry', language);
      expect(text).not.toContain(people.handled);
      expect(text).not.toContain(people.decided);
      expect(text).toContain(sampleLetter('file_expiry', language).institution.name);
    }
  });

  it('tells a firm whose file expired what was missing and by when it was due', () => {
    expect(textFor('file_expiry', 'zh')).toContain(
      '本机构已通知贵公司于2026年11月20日前补齐下列材料，截至该日仍未收到，该申请已终止办理。',
    );
    expect(textFor('file_expiry', 'zh')).toContain('未补齐的材料 1. 最近三年经审计的财务报告');
    expect(textFor('file_expiry', 'en')).toContain(
      'The documents below were to be supplied by 20 November 2026',
    );
  });

  it('cites the model, its version and every indicator in decision letters', () => {
    const rules = {
      zh: [
        '科技人员占比 ≥ 25% → 得分16',
        '研发投入占销售收入比例 ≥ 5% → 得分40',
        'Ⅱ类知识产权 = 3 → 得分18',
      ],
      en: ['S&T staff ≥ 25% → 16', 'R&D / sales ≥ 5% → 40', 'Class II IP = 3 → 18'],
    };
    for (const language of languages) {
      const { assessment } = sampleLetter('approval', language);
      const text = textFor('approval', language);
      const names = LETTER_STRINGS[language].names;
      expect(text).toContain(`${names.models[assessment.model]} (${assessment.model})`);
      expect(text).toContain(assessment.version);
      assessment.indicators.forEach((i, n) => {
        expect(text).toContain(
          `${names.indicators[i.id]} ${i.value} ${i.points} / ${i.max} ${rules[language][n]}`,
        );
      });
      expect(text).toContain(`${assessment.points} / ${assessment.max}`);
    }
  });

  it('writes the rules of the Chinese letter in Chinese, for every rule the card can give', () => {
    // Every tier of every tech-SME ladder, from a firm with nothing to one above every bound.
    const firms = [0, 1, 3, 6, 12, 25, 40].map((k) => ({
      ...strongIndicators,
      stStaff: k * 3,
      rdExpense: `${k * 300_000}.00`,
      ip: { classI: k > 6 ? 1 : 0, classII: k },
    }));
    for (const firm of firms) {
      const result = evaluate('tech-sme', '2017.1', firm);
      for (const { rule } of result.indicators) {
        expect(ruleIn(LETTER_STRINGS.zh, rule), rule).not.toMatch(/[A-Za-z]/);
      }
    }
  });

  it('encodes the verification address in a QR code a phone can read', async () => {
    expect(await qrCodeOnFirstPage(pdfFor('approval', 'zh'))).toBe(sampleIssue.verificationUrl);
    // A long production address still fits a code the reader decodes.
    const verificationUrl = `https://credit-letters.hubei-sci-tech-bank.example.com.cn/v1/letters/verify/${sampleIssue.verificationCode}`;
    const pdf = await renderLetter(sampleLetter('rejection', 'en'), {
      ...sampleIssue,
      verificationUrl,
    });
    expect(await qrCodeOnFirstPage(pdf)).toBe(verificationUrl);
  });

  it.each(languages)(
    'signs an approval (%s) on its first page; the assessment follows as its annex',
    async (language) => {
      const s = LETTER_STRINGS[language];
      const [first, second, ...more] = await pageTexts(pdfFor('approval', language));
      expect(more).toEqual([]);
      expect(first).toContain(s.people.decided);
      expect(first).toContain(sampleLetter('approval', language).institution.name);
      expect(second!.startsWith(s.assessmentHeading)).toBe(true);
    },
  );

  it.each(languages)(
    'moves the failed conditions of a rejection (%s) to the next page whole, never a row alone',
    async (language) => {
      const s = LETTER_STRINGS[language];
      const pages = await pageTexts(pdfFor('rejection', language));
      const gates = pages.findIndex((page) => page.includes(s.failedGatesHeading));
      const { failedGates } = sampleLetter('rejection', language).assessment;
      expect(failedGates.length).toBeGreaterThan(1);
      const table = pages[gates]!.slice(pages[gates]!.indexOf(s.failedGatesHeading));
      for (const gate of failedGates) expect(table).toContain(s.names.gates[gate.gate]!);
    },
  );

  it('keeps a two-page approval letter under the size budget', () => {
    const pdf = pdfFor('approval', 'zh');
    expect(pageCount(pdf)).toBe(2);
    expect(pdf.length).toBeLessThan(MAX_LETTER_BYTES);
  });
});

describe('reproducible and distinct output', () => {
  it('renders the same facts and the same issue to the same bytes', async () => {
    for (const [kind, language] of cases) {
      const again = await renderLetter(sampleLetter(kind, language), sampleIssue);
      expect(again.equals(pdfFor(kind, language)), key(kind, language)).toBe(true);
    }
  });

  it('gives different letters, and the same letter under another code, different ids', async () => {
    const otherCode = await renderLetter(sampleLetter('approval', 'zh'), {
      ...sampleIssue,
      verificationCode: 'ZZZZYYYYXXXXWWWW',
    });
    const ids = [...pdfs.values(), otherCode].map(
      (pdf) => /\/ID \[<([0-9a-f]+)>/.exec(pdf.toString('latin1'))?.[1],
    );
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('corrections', () => {
  it('name the letter they replace, its date and why', async () => {
    const replaced = { verificationCode: 'QRSTUVWXYZ234567', issuedAt: '2026-11-20T02:00:00Z' };
    const issue = {
      ...sampleIssue,
      revision: 2,
      replaces: { ...replaced, reason: '企业名称有误' },
    };
    const text = await textOf(await renderLetter(sampleLetter('approval', 'zh'), issue));
    expect(text).toContain('版次 2');
    expect(text).toContain('更正并取代 验证码 QRST-UVWX-YZ23-4567（2026年11月20日出具的原函');
    expect(text).toContain('更正原因 企业名称有误');
    const en = await textOf(
      await renderLetter(sampleLetter('approval', 'en'), {
        ...issue,
        replaces: { ...replaced, reason: 'Wrong company name' },
      }),
    );
    expect(en).toContain('Revision 2');
    expect(en).toContain(
      'Replaces Verification code QRST-UVWX-YZ23-4567, the letter of 20 November 2026',
    );
    expect(en).toContain('Reason for correction Wrong company name');
    expect(textFor('approval', 'en')).not.toContain('Revision');
  });
});

describe('long letters', () => {
  it('numbers every page', async () => {
    const reasons = Array.from(
      { length: 40 },
      (_, i) => `第${i + 1}项原因：研发费用归集不规范，无法认定研发投入指标的真实性。`,
    );
    const pdf = await renderLetter({ ...sampleLetter('rejection', 'zh'), reasons }, sampleIssue);
    const text = await textOf(pdf);
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(2);
    for (let page = 1; page <= pages; page++) expect(text).toContain(`第 ${page} / ${pages} 页`);
  });
});

describe('refusing letters whose facts are wrong', () => {
  const render = (data: LetterData) => renderLetter(data, sampleIssue);
  const approvalZh = sampleLetter('approval', 'zh');
  const guarantee = sampleLetter('guarantee_confirmation', 'en');
  const compensation = sampleLetter('compensation_notice', 'en');

  it.each([
    [
      'a negative amount',
      { ...approvalZh, terms: { ...approvalZh.terms, amountFen: -100 } },
      /amountFen/,
    ],
    [
      'a term of 0 months',
      { ...approvalZh, terms: { ...approvalZh.terms, termMonths: 0 } },
      /termMonths/,
    ],
    ['no reasons', { ...sampleLetter('rejection', 'en'), reasons: [] }, /reasons/],
    [
      'no conditions',
      { ...sampleLetter('conditional_approval', 'zh'), conditions: [] },
      /conditions/,
    ],
    ['no items', { ...sampleLetter('information_request', 'en'), items: [] }, /items/],
    ['a request round 0', { ...sampleLetter('information_request', 'zh'), round: 0 }, /round/],
    [
      'an expired file missing nothing',
      { ...sampleLetter('file_expiry', 'en'), missingDocuments: [] },
      /missingDocuments/,
    ],
    [
      'a date that does not exist',
      { ...sampleLetter('information_request', 'zh'), dueOn: '2026-02-30' },
      /ISO date/,
    ],
    [
      'an offer expiring before it was made',
      { ...sampleLetter('offer_expiry', 'en'), expiredOn: '2026-10-01' },
      /expire/,
    ],
    [
      'shares not summing to 100%',
      {
        ...guarantee,
        guarantee: { ...guarantee.guarantee, shares: [{ party: 'Guarantor', shareBp: 9000 }] },
      },
      /10000/,
    ],
    [
      'a guarantee above the loan',
      {
        ...guarantee,
        guarantee: { ...guarantee.guarantee, guaranteedFen: guarantee.guarantee.loanAmountFen + 1 },
      },
      /exceed/,
    ],
    [
      'compensation not adding up to the loss',
      {
        ...compensation,
        compensation: {
          ...compensation.compensation,
          lossFen: compensation.compensation.lossFen + 1,
        },
      },
      /sum/,
    ],
    [
      'a pledge of no rights',
      {
        ...sampleLetter('pledge_registration', 'zh'),
        pledge: { ...sampleLetter('pledge_registration', 'zh').pledge, rights: [] },
      },
      /rights/,
    ],
  ] as Array<[string, LetterData, RegExp]>)('refuses %s', async (_case, data, message) => {
    await expect(render(data)).rejects.toThrow(message);
  });
});

describe('letter formatting', () => {
  it('dates the letter in Asia/Shanghai and insists on an explicit offset', () => {
    expect(shanghaiDate('2026-11-26T15:59:59Z')).toEqual({ year: 2026, month: 11, day: 26 });
    expect(shanghaiDate('2026-11-26T16:00:00Z')).toEqual({ year: 2026, month: 11, day: 27 });
    expect(shanghaiDate('2026-12-31T23:00:00+08:00')).toEqual({ year: 2026, month: 12, day: 31 });
    expect(() => shanghaiDate('2026-11-26T16:00:00')).toThrow(RangeError);
    expect(() => shanghaiDate('27 Nov 2026')).toThrow(RangeError);
  });

  it('reads only real calendar dates', () => {
    expect(calendarDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    for (const bad of ['2027-02-29', '2026-04-31', '2026-13-01', '2026-1-5', '20261105', '']) {
      expect(() => calendarDate(bad), bad).toThrow(RangeError);
    }
  });

  it('writes rates and shares as percentages without float rounding', () => {
    expect(formatPercent('0.0435')).toBe('4.35%');
    expect(formatPercent('0.04')).toBe('4.00%');
    expect(formatPercent('0.04355')).toBe('4.355%');
    expect(formatPercent('0.0001')).toBe('0.01%');
    expect(formatShare(4000)).toBe('40.00%');
    expect(formatShare(3333)).toBe('33.33%');
    expect(formatShare(1)).toBe('0.01%');
  });

  it('groups a verification code in fours', () => {
    expect(groupedCode('ABCDEFGHJKLMNPQR')).toBe('ABCD-EFGH-JKLM-NPQR');
  });
});
