// An investment's figures, folded from its events in order (DOMAIN.md §6): the cost put in
// (entry and follow-ons), what exits returned, the losses used against the tolerances (write-
// offs, and the shortfall of an exit sold below the cost of its part), the cost and units still
// held, and their latest valuation: the last mark since the holding last changed, its cost
// otherwise.
export interface InvestmentEventRecord {
  kind: 'ENTRY' | 'FOLLOW_ON' | 'MARK' | 'EXIT' | 'WRITE_OFF';
  amountFen: number;
  units: number | null;
  /** An exit's cost of the part sold. */
  costOfPartFen?: number;
}

export interface InvestmentFigures {
  investedFen: number;
  returnedFen: number;
  writtenOffFen: number;
  costHeldFen: number;
  unitsHeld: number;
  markFen: number;
}

export function investmentFigures(events: readonly InvestmentEventRecord[]): InvestmentFigures {
  const f = { investedFen: 0, returnedFen: 0, writtenOffFen: 0, costHeldFen: 0, unitsHeld: 0 };
  let mark: number | null = null;
  for (const e of events) {
    if (e.kind === 'MARK') {
      mark = e.amountFen;
      continue;
    }
    mark = null;
    if (e.kind === 'ENTRY' || e.kind === 'FOLLOW_ON') {
      f.investedFen += e.amountFen;
      f.costHeldFen += e.amountFen;
      f.unitsHeld += e.units ?? 0;
    } else if (e.kind === 'EXIT') {
      const cost = e.costOfPartFen ?? 0;
      f.returnedFen += e.amountFen;
      f.costHeldFen -= cost;
      f.unitsHeld -= e.units ?? 0;
      f.writtenOffFen += Math.max(0, cost - e.amountFen);
    } else {
      f.writtenOffFen += e.amountFen;
      f.costHeldFen -= e.amountFen;
    }
  }
  return { ...f, markFen: mark ?? f.costHeldFen };
}
