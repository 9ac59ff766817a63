// Mainland China's official working-day arrangements, as published each November by the
// General Office of the State Council (国务院办公厅关于20xx年部分节假日安排的通知).
// Holidays list every day off of each arrangement, weekends inside it included;
// make-up workdays (调休上班) are the weekend days worked in exchange.
// Add a year by adding its dates, widening `covers`, dropping its provisional lunar dates and
// bumping `version`.
import type { WorkingDayCalendar } from './calendar.ts';

export const CN_CALENDAR: WorkingDayCalendar = {
  version: 'cn-2025-2026-v3',
  covers: [2025, 2026],
  // 《全国年节及纪念日放假办法》 as revised in 2024 (from 2025): 元旦 1 Jan, 劳动节 1–2 May,
  // 国庆节 1–3 Oct. The other statutory holidays follow the lunar calendar.
  fixedHolidays: ['01-01', '05-01', '05-02', '10-01', '10-02', '10-03'],
  holidays: [
    // 2025
    '2025-01-01', // 元旦
    '2025-01-28', // 春节 1/28–2/4
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-02-01',
    '2025-02-02',
    '2025-02-03',
    '2025-02-04',
    '2025-04-04', // 清明 4/4–4/6
    '2025-04-05',
    '2025-04-06',
    '2025-05-01', // 劳动节 5/1–5/5
    '2025-05-02',
    '2025-05-03',
    '2025-05-04',
    '2025-05-05',
    '2025-05-31', // 端午 5/31–6/2
    '2025-06-01',
    '2025-06-02',
    '2025-10-01', // 国庆 + 中秋 10/1–10/8
    '2025-10-02',
    '2025-10-03',
    '2025-10-04',
    '2025-10-05',
    '2025-10-06',
    '2025-10-07',
    '2025-10-08',
    // 2026
    '2026-01-01', // 元旦 1/1–1/3
    '2026-01-02',
    '2026-01-03',
    '2026-02-15', // 春节 2/15–2/23
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
    '2026-04-04', // 清明 4/4–4/6
    '2026-04-05',
    '2026-04-06',
    '2026-05-01', // 劳动节 5/1–5/5
    '2026-05-02',
    '2026-05-03',
    '2026-05-04',
    '2026-05-05',
    '2026-06-19', // 端午 6/19–6/21
    '2026-06-20',
    '2026-06-21',
    '2026-09-25', // 中秋 9/25–9/27
    '2026-09-26',
    '2026-09-27',
    '2026-10-01', // 国庆 10/1–10/7
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  makeUpWorkdays: [
    '2025-01-26', // Sun, for 春节
    '2025-02-08', // Sat, for 春节
    '2025-04-27', // Sun, for 劳动节
    '2025-09-28', // Sun, for 国庆
    '2025-10-11', // Sat, for 国庆
    '2026-01-04', // Sun, for 元旦
    '2026-02-14', // Sat, for 春节
    '2026-02-28', // Sat, for 春节
    '2026-05-09', // Sat, for 劳动节
    '2026-09-20', // Sun, for 国庆
    '2026-10-10', // Sat, for 国庆
  ],
  // Until a year's notice is out, its days off are provisional: the statutory days of the
  // 2025 rules from these lunar dates (春节 除夕 to 正月初三, 清明, 端午, 中秋) and the fixed
  // ones, each that falls on a weekend given back on the next working day (补假), with no
  // bridging days and no make-ups. The dates are astronomical (a test recomputes them), and
  // run as far as the longest loan can: 60 months from today, due dates moved on included.
  lunarDates: {
    2027: {
      springFestivalEve: '2027-02-05',
      qingming: '2027-04-05',
      dragonBoat: '2027-06-09',
      midAutumn: '2027-09-15',
    },
    2028: {
      springFestivalEve: '2028-01-25',
      qingming: '2028-04-04',
      dragonBoat: '2028-05-28',
      midAutumn: '2028-10-03',
    },
    2029: {
      springFestivalEve: '2029-02-12',
      qingming: '2029-04-04',
      dragonBoat: '2029-06-16',
      midAutumn: '2029-09-22',
    },
    2030: {
      springFestivalEve: '2030-02-02',
      qingming: '2030-04-05',
      dragonBoat: '2030-06-05',
      midAutumn: '2030-09-12',
    },
    2031: {
      springFestivalEve: '2031-01-22',
      qingming: '2031-04-05',
      dragonBoat: '2031-06-24',
      midAutumn: '2031-10-01',
    },
    2032: {
      springFestivalEve: '2032-02-10',
      qingming: '2032-04-04',
      dragonBoat: '2032-06-12',
      midAutumn: '2032-09-19',
    },
  },
};
