import type { StartupSmeScorecard } from './startup-sme.ts';

/** 科技型中小企业创业投资引导基金管理暂行办法, 财企〔2007〕128号, in force from 2007-07-06. */
export const startupSme2007: StartupSmeScorecard = {
  model: 'startup-sme',
  version: '2007.1',
  effectiveFrom: '2007-07-06',
  source: '财企〔2007〕128号',
  maxYearsOld: 5,
  maxEmployees: 300,
  minStStaffPercent: '30',
  minRdStaffPercent: '10',
  maxSalesYuan: '30000000',
  maxNetAssetsYuan: '20000000',
  minRdOfSalesPercent: '5',
};
