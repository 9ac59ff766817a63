// The one-year rate as published: the PBoC's one-year benchmark lending rate until the LPR
// reform, then each change of the one-year LPR (National Interbank Funding Center, the 20th of
// the month or the next working day). Add a fixing whenever the published rate changes.
import type { OneYearRate } from './lpr.ts';

export const oneYearRates: readonly OneYearRate[] = [
  // The benchmark's last change, in force until the LPR took over.
  { version: 'benchmark-1y@2015-10-24', effectiveFrom: '2015-10-24', rateBp: 435 },
  { version: 'lpr-1y@2019-08-20', effectiveFrom: '2019-08-20', rateBp: 425 },
  { version: 'lpr-1y@2019-09-20', effectiveFrom: '2019-09-20', rateBp: 420 },
  { version: 'lpr-1y@2019-11-20', effectiveFrom: '2019-11-20', rateBp: 415 },
  { version: 'lpr-1y@2020-02-20', effectiveFrom: '2020-02-20', rateBp: 405 },
  { version: 'lpr-1y@2020-04-20', effectiveFrom: '2020-04-20', rateBp: 385 },
  { version: 'lpr-1y@2021-12-20', effectiveFrom: '2021-12-20', rateBp: 380 },
  { version: 'lpr-1y@2022-01-20', effectiveFrom: '2022-01-20', rateBp: 370 },
  { version: 'lpr-1y@2022-08-22', effectiveFrom: '2022-08-22', rateBp: 365 },
  { version: 'lpr-1y@2023-06-20', effectiveFrom: '2023-06-20', rateBp: 355 },
  { version: 'lpr-1y@2023-08-21', effectiveFrom: '2023-08-21', rateBp: 345 },
  { version: 'lpr-1y@2024-07-22', effectiveFrom: '2024-07-22', rateBp: 335 },
  { version: 'lpr-1y@2024-10-21', effectiveFrom: '2024-10-21', rateBp: 310 },
  { version: 'lpr-1y@2025-05-20', effectiveFrom: '2025-05-20', rateBp: 300 },
];
