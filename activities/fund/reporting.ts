// The writes of a sub-fund's reporting duties: a report awaited becomes the guidance fund's
// task on its reminder day, is flagged once its due day has passed, and closes when the
// sub-fund's manager files it. Keyed by the duty, so a retried activity writes nothing twice.
import type { FileReportInput } from '../../domain/contracts/fund.ts';
import { subFundLifecycle } from '../../domain/fund/lifecycle.ts';
import type { ReportingDuty } from '../../domain/fund/reporting.ts';
import type { Db } from '../../prisma/client.ts';
import { recordSubFundEvent } from '../../prisma/lifecycles.ts';

export function createReportingActivities({ db }: { db: Db }) {
  return {
    async openReportTask(input: {
      subFundId: string;
      duty: ReportingDuty;
      dueAt: string;
      at: string;
    }) {
      const { subFundId, duty } = input;
      await db.$transaction((tx) =>
        recordSubFundEvent(tx, {
          subjectId: subFundId,
          event: 'report_due',
          at: new Date(input.at),
          occurrence: duty.key,
          data: { ...duty },
          open: [
            {
              kind: 'REPORT',
              qualifier: duty.key,
              dueAt: new Date(input.dueAt),
              detail: { ...duty },
            },
          ],
        }),
      );
    },

    async flagReportOverdue(input: { subFundId: string; duty: ReportingDuty; at: string }) {
      const { subFundId, duty } = input;
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.task.updateMany({
          where: {
            key: subFundLifecycle.taskKey(subFundId, 'REPORT', duty.key),
            escalatedAt: null,
          },
          data: { escalatedAt: at },
        });
        await recordSubFundEvent(tx, {
          subjectId: subFundId,
          event: 'report_overdue',
          at,
          occurrence: duty.key,
          data: { ...duty },
        });
      });
    },

    async recordReport(input: { subFundId: string; report: FileReportInput; at: string }) {
      const { subFundId, report } = input;
      await db.$transaction((tx) =>
        recordSubFundEvent(tx, {
          subjectId: subFundId,
          event: 'report_filed',
          at: new Date(input.at),
          actor: report.actor,
          occurrence: report.key,
          data: { key: report.key, reference: report.reference },
          close: [
            { kind: 'REPORT', qualifier: report.key, outcome: 'DONE', byId: report.actor.userId },
          ],
        }),
      );
    },
  };
}
