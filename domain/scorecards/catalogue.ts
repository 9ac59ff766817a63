import { z } from 'zod';
import { enterpriseIndicators, type EnterpriseIndicators } from './indicators.ts';
import {
  evaluateHighTech,
  type HighTechAssessment,
  type HighTechResult,
  type HighTechScorecard,
} from './high-tech.ts';
import {
  evaluateInnovationPoints,
  type InnovationCohorts,
  type InnovationPointsResult,
  type InnovationPointsScorecard,
} from './innovation-points.ts';
import type { KnowledgeValueScorecard } from './knowledge-value.ts';
import {
  evaluateListingReserve,
  type ListingFinancials,
  type ListingReserveResult,
  type ListingReserveScorecard,
} from './listing-reserve.ts';
import {
  evaluateStartupSme,
  type StartupFacts,
  type StartupSmeResult,
  type StartupSmeScorecard,
} from './startup-sme.ts';
import { evaluateTechSme, type TechSmeResult, type TechSmeScorecard } from './tech-sme.ts';
import { highTech2016 } from './high-tech.data.ts';
import { innovationPoints2024 } from './innovation-points.data.ts';
import { knowledgeValue2025 } from './knowledge-value.data.ts';
import { listingReserve2024 } from './listing-reserve.data.ts';
import { startupSme2007 } from './startup-sme.data.ts';
import {
  evaluateTaxStartup,
  type TaxStartupResult,
  type TaxStartupScorecard,
} from './tax-startup.ts';
import { taxStartup2018 } from './tax-startup.data.ts';
import { techSme2017 } from './tech-sme.data.ts';

export type Scorecard =
  | TechSmeScorecard
  | HighTechScorecard
  | StartupSmeScorecard
  | TaxStartupScorecard
  | ListingReserveScorecard
  | KnowledgeValueScorecard
  | InnovationPointsScorecard;
export type ModelId = Scorecard['model'];
export type ScorecardOf<M extends ModelId> = Extract<Scorecard, { model: M }>;

/** Every scorecard version the platform knows. Old versions stay here forever. */
export const shippedScorecards: readonly Scorecard[] = [
  techSme2017,
  highTech2016,
  startupSme2007,
  taxStartup2018,
  listingReserve2024,
  knowledgeValue2025,
  innovationPoints2024,
];

/**
 * Models scored from enterprise indicators, with what each needs beyond them. The
 * knowledge-value card maps a grade to a ceiling instead (see knowledge-value.ts).
 */
interface Evaluations {
  'tech-sme': { extra: []; result: TechSmeResult };
  'high-tech': { extra: [assessment: HighTechAssessment]; result: HighTechResult };
  'startup-sme': { extra: [facts: StartupFacts]; result: StartupSmeResult };
  'tax-startup': { extra: [facts: StartupFacts]; result: TaxStartupResult };
  'listing-reserve': { extra: [financials: ListingFinancials]; result: ListingReserveResult };
  /** The firm is ranked against a cohort built with buildCohorts for the same version. */
  'innovation-points': { extra: [cohorts: InnovationCohorts]; result: InnovationPointsResult };
}
export type EvaluableModel = keyof Evaluations & ModelId;
export type ExtraInputOf<M extends EvaluableModel> = Evaluations[M]['extra'];
export type ResultOf<M extends EvaluableModel> = Evaluations[M]['result'];
export type ScorecardResult = ResultOf<EvaluableModel>;

type Evaluator<M extends EvaluableModel> = (
  card: ScorecardOf<M>,
  indicators: EnterpriseIndicators,
  ...extra: ExtraInputOf<M>
) => ResultOf<M>;

const evaluators: { [M in EvaluableModel]: Evaluator<M> } = {
  'tech-sme': evaluateTechSme,
  'high-tech': evaluateHighTech,
  'startup-sme': evaluateStartupSme,
  'tax-startup': evaluateTaxStartup,
  'listing-reserve': evaluateListingReserve,
  'innovation-points': evaluateInnovationPoints,
};

export class UnknownScorecardError extends Error {
  constructor(
    readonly model: string,
    readonly version: string,
  ) {
    super(`no scorecard ${model}@${version} to evaluate`);
    this.name = 'UnknownScorecardError';
  }
}

export interface ScorecardCatalogue {
  /** The latest version of each model whose effectiveFrom ≤ asOf, ordered by model id. */
  scorecardsInForce(asOf: string): Scorecard[];
  /** A specific version, however old; undefined when it never existed. */
  findScorecard<M extends ModelId>(model: M, version: string): ScorecardOf<M> | undefined;
  /**
   * Scores with exactly the version given (the one the application pinned). Indicators and extra
   * inputs are validated here, so stored JSON can be passed as it is.
   */
  evaluate<M extends EvaluableModel>(
    model: M,
    version: string,
    indicators: unknown,
    ...extra: ExtraInputOf<M>
  ): ResultOf<M>;
  /** The same for a model id only known at run time, e.g. read from an application. */
  evaluate(
    model: string,
    version: string,
    indicators: unknown,
    ...extra: unknown[]
  ): ScorecardResult;
}

export function createScorecardCatalogue(cards: readonly Scorecard[]): ScorecardCatalogue {
  assertUnambiguous(cards);

  const findScorecard = <M extends ModelId>(model: M, version: string) =>
    cards.find((card): card is ScorecardOf<M> => card.model === model && card.version === version);

  function evaluate(
    model: string,
    version: string,
    indicators: unknown,
    ...extra: unknown[]
  ): ScorecardResult {
    const card = cards.find((c) => c.model === model && c.version === version);
    if (!card || !(card.model in evaluators)) throw new UnknownScorecardError(model, version);
    // Each evaluator parses its own extra input, so the loose types here stay safe.
    const evaluator = evaluators[card.model as EvaluableModel] as (
      card: Scorecard,
      indicators: unknown,
      ...extra: unknown[]
    ) => ScorecardResult;
    return evaluator(card, enterpriseIndicators.parse(indicators), ...extra);
  }

  return {
    scorecardsInForce(asOf) {
      const date = z.iso.date().parse(asOf);
      const latest = new Map<ModelId, Scorecard>();
      for (const card of cards) {
        const current = latest.get(card.model);
        if (
          card.effectiveFrom <= date &&
          (!current || card.effectiveFrom > current.effectiveFrom)
        ) {
          latest.set(card.model, card);
        }
      }
      return [...latest.values()].sort((a, b) => a.model.localeCompare(b.model));
    },
    findScorecard,
    evaluate: evaluate as ScorecardCatalogue['evaluate'],
  };
}

/** Two cards for one model@version, or two versions starting the same day, have no answer. */
function assertUnambiguous(cards: readonly Scorecard[]): void {
  const seen = new Set<string>();
  for (const card of cards) {
    z.iso.date().parse(card.effectiveFrom);
    for (const key of [
      `${card.model}@${card.version}`,
      `${card.model} from ${card.effectiveFrom}`,
    ]) {
      if (seen.has(key)) throw new RangeError(`duplicate scorecard ${key}`);
      seen.add(key);
    }
  }
}

/** The catalogue of the shipped versions. */
export const scorecardCatalogue = createScorecardCatalogue(shippedScorecards);
export const { scorecardsInForce, findScorecard, evaluate } = scorecardCatalogue;
