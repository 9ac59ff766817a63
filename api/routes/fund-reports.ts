// The guidance fund's quarterly portfolio report (DOMAIN.md §6), drawn on request as a PDF to
// read or a CSV to work with: its sub-funds' investment by stage, sector and region, the losses
// each used against its tolerance and the profit conceded at exits in the quarter. Only the
// guidance fund's managers draw it; a sub-fund's manager reads its own sub-fund instead.
import { z } from 'zod';
import { portfolioReportCsv } from '../../domain/fund/portfolio-report-csv.ts';
import { portfolioReport, QUARTER_PATTERN, quarterOf } from '../../domain/fund/portfolio-report.ts';
import type { Db } from '../../prisma/client.ts';
import { guidanceFundPortfolio } from '../../prisma/fund-report-store.ts';
import { renderPortfolioReport } from '../../templates/portfolio-report.ts';
import { AppError } from '../errors.ts';
import { fundManagerOf } from '../fund-access.ts';
import type { RouteTable } from './define.ts';

const formats = {
  pdf: { contentType: 'application/pdf' },
  csv: { contentType: 'text/csv; charset=utf-8' },
} as const;

export function fundReportRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'get',
    path: '/v1/guidance-fund/portfolio-report',
    tag: 'Guidance fund',
    summary:
      'The guidance fund’s quarterly portfolio report: stage, sector and region mix, losses against tolerance, concession due',
    roles: ['FUND_MANAGER'],
    query: z.object({
      quarter: z
        .string()
        .regex(QUARTER_PATTERN, 'a quarter like 2026Q4')
        .meta({ example: '2026Q4', description: 'Figures as of its last day' }),
      format: z.enum(['pdf', 'csv']).default('pdf'),
    }),
    responses: {
      200: {
        description:
          'The report as a download: a PDF, or with format=csv a UTF-8 CSV with a byte-order mark (text/csv)',
        schema: z.string().meta({ format: 'binary' }),
        contentType: [formats.pdf.contentType, formats.csv.contentType],
      },
      403: { description: 'Not a manager of a guidance fund' },
    },
    handler: async ({ principal, query }) => {
      const me = await fundManagerOf(db, principal);
      if (me?.kind !== 'GUIDANCE_FUND') {
        throw new AppError('forbidden', 'the portfolio report is drawn by the guidance fund');
      }
      const quarter = quarterOf(query.quarter);
      const report = portfolioReport(quarter, me.name, await guidanceFundPortfolio(db, me.id));
      const body =
        query.format === 'csv'
          ? Buffer.from(portfolioReportCsv(report), 'utf8')
          : await renderPortfolioReport(report, new Date().toISOString());
      return {
        status: 200,
        body,
        contentType: formats[query.format].contentType,
        headers: {
          'Content-Disposition': `attachment; filename="portfolio-${quarter.key}.${query.format}"`,
        },
      };
    },
  });
}
