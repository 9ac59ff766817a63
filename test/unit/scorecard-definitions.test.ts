import { describe, expect, it } from 'vitest';
import {
  publicationOf,
  scorecardOf,
  scorecardPublication,
} from '../../domain/scorecards/definitions.ts';
import { highTech2016 } from '../../domain/scorecards/high-tech.data.ts';
import { innovationPoints2024 } from '../../domain/scorecards/innovation-points.data.ts';
import { knowledgeValue2025 } from '../../domain/scorecards/knowledge-value.data.ts';
import { listingReserve2024 } from '../../domain/scorecards/listing-reserve.data.ts';
import {
  createScorecardCatalogue,
  shippedScorecards,
  type Scorecard,
} from '../../domain/scorecards/catalogue.ts';
import { startupSme2007 } from '../../domain/scorecards/startup-sme.data.ts';
import { techSme2017 } from '../../domain/scorecards/tech-sme.data.ts';
import { strongIndicators } from '../support/fixtures.ts';

// Definitions are edited as JSON: the tests edit a deep copy of a shipped card the same way.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function edited(card: Scorecard, edit: (definition: Json, publication: Json) => void): Json {
  const publication = structuredClone(publicationOf(card)) as Json;
  edit(publication.definition, publication);
  return publication;
}

/** The fields a refused publication names, as the API reports them (dotted paths). */
function refusedFields(publication: unknown): string[] {
  const parsed = scorecardPublication.safeParse(publication);
  expect(parsed.success, 'expected the publication to be refused').toBe(false);
  return parsed.error!.issues.map((issue) => issue.path.join('.')).sort();
}

function messageAt(publication: unknown, field: string): string {
  const issue = scorecardPublication
    .safeParse(publication)
    .error?.issues.find((i) => i.path.join('.') === field);
  expect(issue, `an issue at ${field}`).toBeDefined();
  return issue!.message;
}

describe('scorecard definitions', () => {
  it('accept every shipped card and give it back unchanged', () => {
    for (const card of shippedScorecards) {
      const parsed = scorecardPublication.parse(publicationOf(card));
      expect(scorecardOf(parsed)).toEqual(card);
    }
  });

  it('accept a new tech-SME version with other tiers, which then scores differently', () => {
    const stricter = edited(techSme2017, (d, p) => {
      p.version = '2026.1';
      p.effectiveFrom = '2026-11-27';
      d.stStaff.tiers[0].atLeast = '40';
      d.stStaff.tiers[1].atLeast = '30';
    });
    const card = scorecardOf(scorecardPublication.parse(stricter));
    const catalogue = createScorecardCatalogue([techSme2017, card]);
    const score = (version: string) =>
      catalogue.evaluate('tech-sme', version, strongIndicators).indicators[0]!.points;
    // The strong firm has 33% S&T staff: the top tier in 2017, the second from 2026.
    expect(score('2017.1')).toBe(20);
    expect(score('2026.1')).toBe(16);
  });

  it('refuse tiers whose bounds do not fall or whose points rise', () => {
    const unordered = edited(techSme2017, (d) => {
      d.stStaff.tiers[1].atLeast = '35';
      d.rdInput.ofSales.tiers[2].points = 45;
      d.ip.classII.below = 8;
    });
    expect(refusedFields(unordered)).toEqual([
      'definition.ip.classII.below',
      'definition.rdInput.ofSales.tiers.2.points',
      'definition.stStaff.tiers.1',
    ]);
    expect(messageAt(unordered, 'definition.stStaff.tiers.1')).toMatch(/fall strictly/);
  });

  it('refuse points off the 100-point scale, and a pass mark above the maximum', () => {
    const over = edited(techSme2017, (d) => {
      d.stStaff.tiers[0].points = 25;
      d.passPoints = 110;
    });
    expect(refusedFields(over)).toEqual(['definition', 'definition.passPoints']);
    expect(messageAt(over, 'definition')).toMatch(/add up to 105; the scale is 100/);
  });

  it('refuse the wrong unit, fractional counts, unknown keys and repeated routes', () => {
    const sloppy = edited(techSme2017, (d) => {
      d.stStaff.unit = 'count';
      d.ip.classI.tiers[0].atLeast = '1.5';
      d.passMark = 60;
      d.directRoutes.push('nationalAward');
    });
    expect(refusedFields(sloppy)).toEqual([
      'definition',
      'definition.directRoutes',
      'definition.ip.classI.tiers.0.atLeast',
      'definition.stStaff.unit',
    ]);
  });

  it('refuse a bad version id, an impossible date and an unknown model', () => {
    const bad = edited(techSme2017, (_d, p) => {
      p.version = '2026';
      p.effectiveFrom = '2026-02-30';
    });
    expect(refusedFields(bad)).toEqual(['effectiveFrom', 'version']);
    expect(refusedFields({ ...publicationOf(techSme2017), model: 'credit-score' })).toEqual([
      'model',
    ]);
  });

  it('refuse high-tech R&D bands that leave revenue without a band or do not rise', () => {
    const noOpenBand = edited(highTech2016, (d) => {
      d.rdIntensity[2].revenueUpToYuan = '900000000';
    });
    expect(refusedFields(noOpenBand)).toEqual(['definition.rdIntensity.2.revenueUpToYuan']);
    const falling = edited(highTech2016, (d) => {
      d.rdIntensity[1].revenueUpToYuan = '40000000';
    });
    expect(messageAt(falling, 'definition.rdIntensity.1.revenueUpToYuan')).toMatch(/rise/);
  });

  // A rule runs only over well-formed parts, so each is broken on its own: a range upside down
  // would also stop the checks of the IP group and the scale that contain it.
  it('refuse high-tech ranges upside down, an unreachable IP group and a score off 100', () => {
    const upsideDown = edited(highTech2016, (d) => {
      d.score.organisation[0] = [6, 0];
    });
    expect(refusedFields(upsideDown)).toEqual(['definition.score.organisation.0']);
    const unreachable = edited(highTech2016, (d) => {
      d.score.ip.groupMax = 40;
    });
    expect(refusedFields(unreachable)).toEqual(['definition.score.ip.groupMax']);
    const offScale = edited(highTech2016, (d) => {
      d.score.organisation[0] = [0, 7];
    });
    expect(refusedFields(offScale)).toEqual(['definition']);
    expect(messageAt(offScale, 'definition')).toMatch(/add up to 101; the scale is 100 points/);
    const both = edited(highTech2016, (d) => {
      d.score.organisation[0] = [6, 0];
      d.score.ip.groupMax = 40;
    });
    expect(refusedFields(both)).toEqual(['definition.score.organisation.0']);
  });

  it('refuse percentages above 100 by their pattern, and grade ceilings that rise as the grade falls', () => {
    const startup = edited(startupSme2007, (d) => {
      d.minStStaffPercent = '130';
    });
    expect(refusedFields(startup)).toEqual(['definition.minStStaffPercent']);
    expect(messageAt(startup, 'definition.minStStaffPercent')).toMatch(
      /^expected a percentage from 0 to 100 as a string/,
    );
    const ceilings = edited(knowledgeValue2025, (d) => {
      d.ceilingFen.C = 900_000_000;
    });
    expect(refusedFields(ceilings)).toEqual(['definition.ceilingFen.C']);
  });

  it('refuse a listing board given twice and an unknown metric', () => {
    const twice = edited(listingReserve2024, (d) => {
      d.boards.push(structuredClone(d.boards[0]));
    });
    expect(refusedFields(twice)).toEqual(['definition.boards']);
    const unknown = edited(listingReserve2024, (d) => {
      d.boards[1].routes[0].allOf[0][0].metric = 'ebitda';
    });
    expect(refusedFields(unknown)).toEqual(['definition.boards.1.routes.0.allOf.0.0']);
  });

  it('refuse innovation-point weights off 100% and a last stage with limits', () => {
    const weights = edited(innovationPoints2024, (d) => {
      d.weights.growth['rd-expense'] += 1;
      d.stages[2].maxRevenueYuan = '900000000';
    });
    expect(refusedFields(weights)).toEqual(['definition.stages.2', 'definition.weights.growth']);
    expect(messageAt(weights, 'definition.weights.growth')).toMatch(/10000 basis points/);
  });
});
