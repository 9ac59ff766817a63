import { PDFParse } from 'pdf-parse';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatPercent, shanghaiDate } from '../../templates/format.ts';
import type { LetterData, LetterKind, LetterLanguage } from '../../templates/letter-data.ts';
import { renderLetter } from '../../templates/render-letter.ts';
import { LETTER_STRINGS } from '../../templates/strings.ts';

const MAX_LETTER_BYTES = 150 * 1024;

const zhAssessment: LetterData['assessment'] = {
  model: 'tech-sme',
  version: '2017.1',
  points: 74,
  max: 100,
  eligible: true,
  indicators: [
    {
      id: 'st-staff',
      label: '科技人员占比',
      value: '27.5%',
      points: 16,
      max: 20,
      rule: '[25%,30%) 得16分',
    },
    {
      id: 'rd-input',
      label: '研发投入占比',
      value: '5.2%',
      points: 40,
      max: 50,
      rule: '[5%,6%) 得40分',
    },
    { id: 'ip', value: 'Ⅱ类 3 项', points: 18, max: 30, rule: 'Ⅱ类知识产权3项 得18分' },
  ],
};

// 18:30 UTC on the 26th is already the 27th in Shanghai: the letter must say the 27th.
const base = {
  reference: 'DG-2026-000123',
  issuedAt: '2026-11-26T18:30:00Z',
  amountFen: 100_000_000,
  annualRate: '0.0435',
  termMonths: 36,
  enterprise: { name: '武汉光芯微电子科技有限公司', uscc: '91420100MA4KXXXX0X' },
};

const zh = {
  ...base,
  language: 'zh',
  institution: { name: '湖北科创银行股份有限公司光谷科技支行' },
  product: '知识价值信用贷款',
  reasons: ['科技人员占比低于10%，科技人员指标得分为零。', '研发投入占销售收入比例不足2%。'],
  assessment: zhAssessment,
  decidedBy: [
    { role: '审查人', name: '李*华' },
    { role: '审批人', name: '王*' },
  ],
} satisfies Omit<LetterData, 'kind'>;

const en = {
  ...base,
  language: 'en',
  institution: { name: 'Hubei Science & Technology Bank, Optics Valley Branch' },
  enterprise: { name: 'Wuhan Guangxin Microelectronics Co., Ltd.', uscc: base.enterprise.uscc },
  product: 'knowledge-value credit loan',
  reasons: ['S&T staff share below 10%.', 'R&D input below 2% of sales.'],
  assessment: {
    ...zhAssessment,
    points: 38,
    eligible: false,
    indicators: zhAssessment.indicators.map((indicator) => ({
      ...indicator,
      label: `Indicator ${indicator.id}`,
    })),
  },
  decidedBy: [
    { role: 'Reviewer', name: 'Li *hua' },
    { role: 'Approver', name: 'Wang *' },
  ],
} satisfies Omit<LetterData, 'kind'>;

function letter(kind: LetterKind, language: LetterLanguage): LetterData {
  return { ...(language === 'zh' ? zh : en), kind };
}

async function textOf(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: pdf });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

const cases = [
  ['approval', 'zh'],
  ['approval', 'en'],
  ['rejection', 'zh'],
  ['rejection', 'en'],
] as const;
const pdfs = new Map<string, Buffer>();
const texts = new Map<string, string>();
const key = (kind: LetterKind, language: LetterLanguage) => `${kind}-${language}`;

beforeAll(async () => {
  for (const [kind, language] of cases) {
    const pdf = await renderLetter(letter(kind, language));
    pdfs.set(key(kind, language), pdf);
    texts.set(key(kind, language), await textOf(pdf));
  }
});

describe('renderLetter', () => {
  it('writes the approval terms in Chinese, with the amount in capitals', () => {
    const text = texts.get('approval-zh');
    expect(text).toContain('贷款批准通知书');
    expect(text).toContain('湖北科创银行股份有限公司光谷科技支行');
    expect(text).toContain('致：武汉光芯微电子科技有限公司');
    expect(text).toContain('统一社会信用代码 91420100MA4KXXXX0X');
    expect(text).toContain('编号 DG-2026-000123');
    expect(text).toContain('日期 2026年11月27日');
    expect(text).toContain('¥1,000,000.00');
    expect(text).toContain('大写金额 壹佰万元整');
    expect(text).toContain('年利率 4.35%');
    expect(text).toContain('期限 36个月');
    expect(text).toContain('第 1 / 1 页');
  });

  it('writes the approval terms in English, without Chinese capitals', () => {
    const text = texts.get('approval-en');
    expect(text).toContain('Loan Approval Letter');
    expect(text).toContain('To: Wuhan Guangxin Microelectronics Co., Ltd.');
    expect(text).toContain('Unified social credit code 91420100MA4KXXXX0X');
    expect(text).toContain('Reference DG-2026-000123');
    expect(text).toContain('Date 27 November 2026');
    expect(text).toContain('Amount CNY 1,000,000.00');
    expect(text).not.toContain('壹佰万');
    expect(text).toContain('Annual interest rate 4.35%');
    expect(text).toContain('Term 36 months');
    expect(text).toContain('Page 1 / 1');
  });

  it.each(['zh', 'en'] as const)('numbers the reasons of a %s rejection', (language) => {
    const text = texts.get(key('rejection', language));
    const [first, second] = letter('rejection', language).reasons ?? [];
    expect(text).toContain(`1. ${first}`);
    expect(text).toContain(`2. ${second}`);
    expect(text).toContain('DG-2026-000123');
    expect(text).not.toContain('1,000,000.00');
  });

  it.each(cases)('cites the assessment and who decided (%s, %s)', (kind, language) => {
    const text = texts.get(key(kind, language));
    const { assessment, decidedBy } = letter(kind, language);
    expect(text).toContain(assessment.model);
    expect(text).toContain(assessment.version);
    const names = LETTER_STRINGS[language].names.indicators;
    for (const indicator of assessment.indicators) {
      const label = indicator.label ?? names[indicator.id] ?? indicator.id;
      expect(text).toContain(`${label} ${indicator.value}`);
      expect(text).toContain(`${indicator.points} / ${indicator.max} ${indicator.rule}`);
    }
    expect(text).toContain(`${assessment.points} / ${assessment.max}`);
    const roles = LETTER_STRINGS[language].names.roles;
    for (const { role, name } of decidedBy) {
      expect(text).toContain(`${roles[role] ?? role} ${name}`);
    }
  });

  it.each(cases)('embeds a subset of Noto Sans SC and stays small (%s, %s)', (kind, language) => {
    const pdf = pdfs.get(key(kind, language)) ?? Buffer.alloc(0);
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    // Every font in the file is embedded: no reference to a viewer-supplied standard font.
    expect(raw).not.toMatch(/\/Subtype \/Type1/);
    expect(pdf.length).toBeLessThan(MAX_LETTER_BYTES);
  });

  it('prints the names of the codes the record holds, in the letter language', async () => {
    const record: LetterData = {
      ...letter('approval', 'zh'),
      product: 'credit',
      decidedBy: [{ role: 'APPROVER', name: '王**' }],
    };
    const zhText = await textOf(await renderLetter(record));
    expect(zhText).toContain('科技信用贷款');
    expect(zhText).toContain('审批人');
    expect(zhText).toContain('科技型中小企业评价');
    expect(zhText).not.toContain('APPROVER');
    const enText = await textOf(await renderLetter({ ...record, language: 'en' }));
    expect(enText).toContain('a technology credit loan');
    expect(enText).toContain('Approver');
  });

  it('renders the same data to the same bytes', async () => {
    for (const [kind, language] of cases) {
      const again = await renderLetter(letter(kind, language));
      expect(again.equals(pdfs.get(key(kind, language)) ?? Buffer.alloc(0))).toBe(true);
    }
  });

  it('gives different letters different document ids', () => {
    const ids = [...pdfs.values()].map(
      (pdf) => /\/ID \[<([0-9a-f]+)>/.exec(pdf.toString('latin1'))?.[1],
    );
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('numbers every page when the letter runs long', async () => {
    const reasons = Array.from(
      { length: 40 },
      (_, i) => `第${i + 1}项原因：研发费用归集不规范，无法认定研发投入指标的真实性。`,
    );
    const text = await textOf(await renderLetter({ ...letter('rejection', 'zh'), reasons }));
    const pages = Number(/第 1 \/ (\d+) 页/.exec(text)?.[1]);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++) expect(text).toContain(`第 ${page} / ${pages} 页`);
  });

  it('refuses letters missing their kind-specific facts', async () => {
    await expect(
      renderLetter({ ...letter('approval', 'zh'), amountFen: undefined }),
    ).rejects.toThrow(/amountFen/);
    await expect(renderLetter({ ...letter('approval', 'en'), amountFen: -100 })).rejects.toThrow(
      RangeError,
    );
    await expect(renderLetter({ ...letter('rejection', 'en'), reasons: [] })).rejects.toThrow(
      /reason/,
    );
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

  it('writes rates as percentages without float rounding', () => {
    expect(formatPercent('0.0435')).toBe('4.35%');
    expect(formatPercent('0.04')).toBe('4.00%');
    expect(formatPercent('0.04355')).toBe('4.355%');
    expect(formatPercent('0.0001')).toBe('0.01%');
  });
});
