/**
 * Blank scenarios to build from, one per vehicle kind: the smallest valid scenario of that kind (one stage, one
 * bank, one loan segment), so a user starts from something that runs and adds stages, banks, segments, targets,
 * stress years and rule changes in the form. Values are placeholders to be changed, not calibrated assumptions.
 */

const STAGE = {
  name: "seed",
  years: 2,
  advance: 0.3,
  exit: 0.1,
  post_money: 20_000_000,
  round_size: 0.2,
  exit_multiple: 1.5,
  exit_value: { dist: "lognormal", median: 200_000_000, sigma: 1 },
};

export const BLANK = {
  transformation_fund: {
    name: "my-fund",
    description: "",
    horizon_years: 12,
    vehicles: [
      {
        id: "fund",
        kind: "transformation_fund",
        size: 500_000_000,
        investment_years: 4,
        term_years: 10,
        deal_flow: { per_year: 10, entry_mix: { seed: 1 } },
        tickets: { seed: { amount: 5_000_000, instrument: "equity" } },
        lifecycle: { stages: [STAGE] },
      },
    ],
    targets: [],
  },
  angel_fof: {
    name: "my-angel-fof",
    description: "",
    horizon_years: 12,
    vehicles: [
      {
        id: "angel",
        kind: "angel_fof",
        commitment: 200_000_000,
        subfunds: {
          count: 4,
          size: 100_000_000,
          share: 0.3,
          investment_years: 4,
          term_years: 10,
          companies: 15,
          entry_stage: "seed",
          tickets: { amount: 3_000_000 },
          lifecycle: { stages: [STAGE] },
        },
      },
    ],
    targets: [],
  },
  risk_pool: {
    name: "my-pool",
    description: "",
    horizon_years: 5,
    vehicles: [
      {
        id: "pool",
        kind: "risk_pool",
        pool: 100_000_000,
        leverage: 10,
        banks: [
          {
            id: "bank-1",
            loans: [
              {
                per_year: 100,
                amount: 3_000_000,
                tenor_years: 1,
                pd: 0.02,
                rho: 0.1,
                lgd: 0.6,
                rate: 0.05,
                type: "credit",
              },
            ],
          },
        ],
        compensation: { pool_share: 0.5 },
      },
    ],
    targets: [],
  },
};

/** A fresh copy of the blank scenario of a kind. */
export function blankScenario(kind) {
  return structuredClone(BLANK[kind]);
}
