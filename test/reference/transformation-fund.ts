/**
 * A plain, readable reference of the transformation fund (MODEL.md §4) for the differential test: one object per
 * company, arrays of tranches, a fresh ledger per year, and no caching or typed-array tricks. It draws from the same
 * stream in the same order as the optimised engine (`src/engine/vehicles/transformation-fund/engine.ts`) and adds money up
 * in the same order, so both must give bit-identical metrics on every path. Only the samplers (`compile`), Φ, Φ⁻¹ and
 * the IRR are shared; everything the fund does is written out again here.
 */

import { deriveKey } from "../../src/engine/keys.ts";
import { normCdf, normInv } from "../../src/engine/normal.ts";
import { type Key, keyStream, type Stream } from "../../src/engine/rng.ts";
import { compile, type Sampler } from "../../src/engine/sampler.ts";
import { DEFAULT_STAGE_TOLERANCE } from "../../src/scenario/plain.ts";
import type { TransformationFund } from "../../src/scenario/vehicles/transformation-fund.ts";
import { irr } from "../../src/stats/irr.ts";

interface RefStage {
  name: string;
  index: number;
  years: Sampler;
  pFail: number;
  failThreshold: number;
  advanceShare: number;
  exitMultiple: number;
  rho: number;
  postMoney: Sampler;
  roundSize: number;
  recovery: number;
  exitValue: Sampler | null;
  beta: number;
}

interface Tranche {
  cost: number;
  own: number;
}

interface Company {
  stage: number;
  entry: number;
  stageEnd: number;
  alive: boolean;
  value: number;
  own: number;
  cost: number;
  money: number;
  grant: number;
  grantYear: number;
  grantState: "none" | "pending" | "converted" | "lapsed";
  convYear: number;
  buybackOwn: number;
  tranches: Tranche[];
  /** Whether the grant was counted as invested cost when paid. */
  grantCounted: boolean;
  /** The company's own stream for its fate. */
  rng: Stream;
}

interface Ledger {
  calls: number;
  returned: number;
  investments: number;
  grants: number;
  fees: number;
  exits: number;
  buybacks: number;
  recoveries: number;
  termSale: number;
  distributions: number;
}

export interface ReferencePath {
  scalars: Record<string, number>;
  series: Record<string, number[]>;
}

function refStages(f: TransformationFund): RefStage[] {
  return f.lifecycle.stages.map((s, index) => {
    const pFail = Math.max(0, 1 - s.advance - s.exit);
    const survivors = s.advance + s.exit;
    return {
      name: s.name,
      index,
      years: compile(s.years),
      pFail,
      failThreshold: normInv(pFail),
      advanceShare: survivors > 0 ? s.advance / survivors : 0,
      exitMultiple: s.exit_multiple,
      rho: s.rho,
      postMoney: compile(s.post_money),
      roundSize: s.round_size,
      recovery: s.recovery,
      exitValue: s.exit_value === undefined ? null : compile(s.exit_value),
      beta: s.beta,
    };
  });
}

/** The fund's rules in force in one year. */
function yearRules(f: TransformationFund) {
  const stages = refStages(f);
  let acc = 0;
  const cum = stages.map((s) => (acc += f.deal_flow.entry_mix[s.name] ?? 0));
  return {
    f,
    stages,
    entryCum: cum.map((c) => c / acc),
    tickets: stages.map((s) => f.tickets[s.name]),
    ticketSamplers: stages.map((s) =>
      f.tickets[s.name]?.amount !== undefined ? compile(f.tickets[s.name]!.amount!) : null,
    ),
    deals: compile(f.deal_flow.per_year),
    projectLimit: Math.min(f.limits.single_project_share * f.size, f.limits.single_project_cap),
    followFixed: f.follow_on.mode === "fixed" && f.follow_on.amount !== undefined ? compile(f.follow_on.amount) : null,
    stageLimit: stages.map((s) => f.tolerance.by_stage?.[s.name] ?? DEFAULT_STAGE_TOLERANCE[s.name] ?? Number.NaN),
  };
}
type Rules = ReturnType<typeof yearRules>;

function valueFactor(beta: number, z: number): number {
  return beta === 0 ? 1 : Math.exp(beta * z - 0.5 * beta * beta);
}

function loadedValue(sampler: Sampler, beta: number, z: number, rng: Stream): number {
  const v = sampler.sample(rng);
  return beta === 0 ? v : v * Math.exp(beta * z - 0.5 * beta * beta);
}

function yearsIn(stage: RefStage, rng: Stream): number {
  return Math.max(1, Math.round(stage.years.sample(rng)));
}

/** Fail with P(fail | Z) of the one-factor copula; survivors advance or exit in the ratio advance : exit. */
function outcome(stage: RefStage, z: number, rng: Stream): "fail" | "advance" | "exit" {
  let pf: number;
  if (stage.pFail <= 0) pf = 0;
  else if (stage.pFail >= 1) pf = 1;
  else if (stage.rho === 0) pf = normCdf(stage.failThreshold);
  else pf = normCdf((stage.failThreshold - Math.sqrt(stage.rho) * z) / Math.sqrt(1 - stage.rho));
  if (rng.next() < pf) return "fail";
  return rng.next() < stage.advanceShare ? "advance" : "exit";
}

/**
 * A company's own stream, written out plainly: a stream of its own (one object per company, unlike the engine's
 * `CompanyStreams`, which moves one stream between slots of a shared state array) keyed by the path's company key
 * and the deal number.
 */
function companyStream(key: Key, deal: number): Stream {
  return keyStream(deriveKey(key, deal));
}

function bucket(multiple: number): number {
  return multiple < 1 ? 0 : multiple < 5 ? 1 : multiple < 10 ? 2 : 3;
}

/** Simulates one path of a fund whose rules in year t are `byYear[t - 1]`, given the path's macro factor z. */
export function referenceFundPath(
  byYear: TransformationFund[],
  horizon: number,
  z: Float64Array,
  rng: Stream,
): ReferencePath {
  const H = horizon;
  const rules: Rules[] = [];
  const cache = new Map<TransformationFund, Rules>();
  for (const f of byYear) {
    if (!cache.has(f)) cache.set(f, yearRules(f));
    rules.push(cache.get(f)!);
  }
  const first = rules[0]!;
  const S = first.stages.length;
  const term = first.f.term_years;
  const last = Math.min(term, H);

  const companies: Company[] = [];
  const pathKey: Key = { hi: rng.u32() >>> 0, lo: rng.u32() >>> 0 };
  let deals = 0;
  const zeros = () => new Array<number>(H + 1).fill(0);
  const calls = zeros();
  const returned = zeros();
  const dist = zeros();
  const nav = zeros();
  const idle = zeros();
  const landed = zeros();
  const lossByYear = zeros();
  const buckets = [0, 0, 0, 0];
  const reached = new Array<number>(S).fill(0);
  const investedByStage = new Array<number>(S).fill(0);
  const lossByStage = new Array<number>(S).fill(0);
  const breachByStage = new Array<number>(S).fill(0);
  const fund = {
    cash: 0,
    paidIn: 0,
    nextInstalment: 0,
    used: 0,
    initialSpent: 0,
    followSpent: 0,
    invested: 0,
    writtenOff: 0,
    recovered: 0,
    proceeds: 0,
    fees: 0,
    grantsPaid: 0,
    countedGrantsPaid: 0,
    grantsCount: 0,
    grantsConverted: 0,
    coFunding: 0,
    buybacks: 0,
    exits: 0,
    skipped: 0,
    funded: 0,
    breachYear: Number.NaN,
    breachYearAny: Number.NaN,
    stopped: false,
  };
  let y: Ledger;

  const callInstalment = (t: number, r: Rules): boolean => {
    const inst = r.f.capital_calls!.instalments;
    if (fund.nextInstalment >= inst.length) return false;
    const amount = inst[fund.nextInstalment++]! * r.f.size;
    fund.cash += amount;
    fund.paidIn += amount;
    calls[t]! += amount;
    y.calls += amount;
    return true;
  };

  const available = (t: number, r: Rules, amount: number, force: boolean): boolean => {
    if (!r.f.capital_calls) {
      if (fund.paidIn + amount > r.f.size + 1e-6) return false;
      fund.cash += amount;
      fund.paidIn += amount;
      calls[t]! += amount;
      y.calls += amount;
      return true;
    }
    while (fund.cash + 1e-9 < amount) {
      const triggered = fund.used >= r.f.capital_calls.deploy_trigger * fund.paidIn - 1e-9;
      if (!(triggered || force) || !callInstalment(t, r)) return false;
    }
    return true;
  };

  const spend = (amount: number) => {
    fund.cash -= amount;
    fund.used += amount;
  };

  const distribute = (t: number, amount: number) => {
    dist[t]! += amount;
    y.distributions += amount;
    fund.proceeds += amount;
  };

  const buyEquity = (c: Company, amount: number, value: number) => {
    const own = amount / value;
    c.own += own;
    c.cost += amount;
    c.tranches.push({ cost: amount, own });
    fund.invested += amount;
    investedByStage[c.entry]! += amount;
    y.investments += amount;
  };

  const convert = (t: number, r: Rules, c: Company, roundValue: number) => {
    const conv = r.f.conversion;
    const g = c.grant;
    const own =
      conv.basis === "fixed_ratio"
        ? conv.ratio!
        : g / Math.min(roundValue * (1 - conv.discount), conv.cap ?? Number.POSITIVE_INFINITY);
    c.grantState = "converted";
    c.convYear = t;
    c.own += own;
    c.cost += g;
    c.tranches.push({ cost: g, own });
    if (conv.exit === "buyback") c.buybackOwn = own;
    fund.grantsConverted++;
    if (!c.grantCounted) {
      fund.invested += g;
      investedByStage[c.entry]! += g;
    }
  };

  const loseGrant = (c: Company) => {
    if (c.grantState !== "pending") return;
    c.grantState = "lapsed";
    if (c.grantCounted) {
      fund.writtenOff += c.grant;
      lossByStage[c.entry]! += c.grant;
    }
  };

  /** Proceeds of a sale shared over the company's tranches by ownership, for the outcome buckets. */
  const realiseTranches = (c: Company, proceeds: number) => {
    for (const tr of c.tranches) {
      if (tr.cost <= 0) continue;
      const share = c.own > 0 ? tr.own / c.own : 0;
      buckets[bucket((proceeds * share) / tr.cost)]! += 1;
    }
    c.tranches = [];
  };

  const leave = (c: Company) => {
    loseGrant(c);
    c.alive = false;
    c.own = 0;
    c.cost = 0;
  };

  const realise = (t: number, c: Company, amount: number) => {
    realiseTranches(c, amount);
    if (amount > 0) {
      distribute(t, amount);
      y.exits += amount;
    }
    leave(c);
  };

  const fail = (t: number, c: Company, recovery: number) => {
    const cost = c.cost;
    const back = recovery * cost;
    realiseTranches(c, back);
    fund.writtenOff += cost;
    fund.recovered += back;
    lossByStage[c.entry]! += cost - back;
    if (back > 0) {
      distribute(t, back);
      y.recoveries += back;
    }
    leave(c);
  };

  const newDeals = (t: number, r: Rules, zt: number) => {
    const n = Math.round(r.deals.sample(rng));
    const initialBudget = (1 - r.f.reserves) * r.f.size;
    for (let d = 0; d < n; d++) {
      const deal = deals++;
      const u = rng.next();
      let s = 0;
      while (s < S - 1 && u >= r.entryCum[s]!) s++;
      const sampler = r.ticketSamplers[s];
      const ownership = r.tickets[s]?.ownership;
      if (!sampler && ownership === undefined) continue;
      // A ticket sized by ownership is that fraction of the round's post-money, drawn first.
      let amount = sampler ? Math.min(sampler.sample(rng), r.projectLimit) : 0;
      const stage = r.stages[s]!;
      const value = loadedValue(stage.postMoney, stage.beta, zt, rng);
      if (ownership !== undefined) amount = Math.min(ownership * value, r.projectLimit);
      const years = yearsIn(stage, rng);
      if (fund.initialSpent + amount > initialBudget + 1e-6 || !available(t, r, amount, false)) {
        fund.skipped++;
        continue;
      }
      spend(amount);
      fund.initialSpent += amount;
      const c: Company = {
        stage: s,
        entry: s,
        stageEnd: t + years - 1,
        alive: true,
        value,
        own: 0,
        cost: 0,
        money: amount,
        grant: 0,
        grantYear: 0,
        grantState: "none",
        convYear: 0,
        buybackOwn: 0,
        tranches: [],
        grantCounted: false,
        rng: companyStream(pathKey, deal),
      };
      companies.push(c);
      fund.funded++;
      landed[t]! += 1;
      reached[s]! += 1;
      if (r.tickets[s]!.instrument === "grant") {
        c.grant = amount;
        c.grantYear = t;
        c.grantState = "pending";
        fund.grantsPaid += amount;
        fund.grantsCount++;
        fund.coFunding += amount * r.f.conversion.co_funding;
        y.grants += amount;
        c.grantCounted = r.f.tolerance.count_grants; // the rule of the year it is paid, for good
        if (c.grantCounted) {
          fund.countedGrantsPaid += amount;
          fund.invested += amount;
          investedByStage[s]! += amount;
        }
        if (r.f.conversion.trigger === "immediate") convert(t, r, c, c.value);
      } else buyEquity(c, amount, value);
    }
  };

  const advance = (t: number, r: Rules, c: Company, zt: number) => {
    const rng = c.rng;
    const next = r.stages[c.stage + 1]!;
    const value = loadedValue(next.postMoney, next.beta, zt, rng);
    const years = yearsIn(next, rng);
    const dilution = 1 - next.roundSize;
    c.stage = next.index;
    c.stageEnd = t + years;
    c.value = value;
    reached[next.index]! += 1;
    const ownBefore = c.own;
    c.own = ownBefore * dilution;
    c.buybackOwn *= dilution;
    for (const tr of c.tranches) tr.own *= dilution;
    if (r.f.follow_on.stages.includes(next.name) && ownBefore > 0 && !fund.stopped) {
      const want = r.followFixed ? r.followFixed.sample(rng) : ownBefore * next.roundSize * value;
      const amount = Math.min(want, r.projectLimit - c.money);
      if (amount > 1e-6) {
        if (fund.followSpent + amount <= r.f.reserves * r.f.size + 1e-6 && available(t, r, amount, false)) {
          spend(amount);
          fund.followSpent += amount;
          c.money += amount;
          buyEquity(c, amount, value);
        } else fund.skipped++;
      }
    }
    if (
      c.grantState === "pending" &&
      r.f.conversion.trigger === "next_round" &&
      t - c.grantYear < r.f.conversion.window_years
    )
      convert(t, r, c, value);
  };

  const resolveStages = (t: number, r: Rules, zt: number) => {
    for (const c of companies) {
      if (!c.alive || c.stageEnd !== t) continue;
      const stage = r.stages[c.stage]!;
      const o = outcome(stage, zt, c.rng);
      if (o === "advance" && stage.index === S - 1) {
        const exitValue = loadedValue(stage.exitValue!, stage.beta, zt, c.rng);
        realise(t, c, c.own * exitValue);
        fund.exits++;
      } else if (o === "advance") advance(t, r, c, zt);
      else if (o === "exit") {
        realise(t, c, c.own * stage.exitMultiple * c.value * valueFactor(stage.beta, zt));
        fund.exits++;
      } else fail(t, c, stage.recovery);
    }
  };

  const buybacks = (t: number, r: Rules) => {
    const bb = r.f.conversion.buyback;
    if (r.f.conversion.exit !== "buyback" || !bb) return;
    for (const c of companies) {
      if (!c.alive || c.buybackOwn <= 0) continue;
      const k = t - c.convYear;
      if (k < 1) continue;
      if (k > bb.years) {
        c.buybackOwn = 0;
        continue;
      }
      // The converted grant is the company's first financing, so the stake is its first tranche.
      const stake = c.tranches[0];
      const stakeOwn = stake ? stake.own : 0;
      const price = c.grant * (1 + bb.rate * k);
      if (stakeOwn * c.value > price) {
        if (stake && stake.cost > 0) {
          buckets[bucket(price / stake.cost)]! += 1;
          stake.cost = 0;
          stake.own = 0;
        }
        c.own -= stakeOwn;
        c.cost -= c.grant;
        c.buybackOwn = 0;
        distribute(t, price);
        y.buybacks += price;
        fund.buybacks += price;
      }
    }
  };

  const lapseGrants = (t: number, r: Rules) => {
    for (const c of companies)
      if (c.grantState === "pending" && t - c.grantYear + 1 >= r.f.conversion.window_years) loseGrant(c);
  };

  const payFees = (t: number, r: Rules) => {
    const rate = r.f.fees.management;
    if (rate <= 0) return;
    let held = 0;
    for (const c of companies) if (c.alive) held += c.cost;
    const basis = t <= r.f.investment_years ? r.f.size : held;
    let fee = rate * basis;
    if (!available(t, r, fee, true)) {
      fee = r.f.capital_calls ? Math.max(0, fund.cash) : Math.max(0, r.f.size - fund.paidIn);
      if (!r.f.capital_calls && fee > 0) available(t, r, fee, true);
    }
    spend(fee);
    fund.fees += fee;
    y.fees += fee;
  };

  const termSale = (t: number, r: Rules, zt: number) => {
    for (const c of companies) {
      if (!c.alive) continue;
      const amount = c.own * c.value * valueFactor(r.stages[c.stage]!.beta, zt) * (1 - r.f.term_discount);
      const exitsBefore = y.exits;
      realise(t, c, amount);
      y.exits = exitsBefore;
      y.termSale += amount;
    }
    if (fund.cash > 0) {
      returned[t]! += fund.cash;
      y.returned += fund.cash;
      fund.paidIn -= fund.cash;
      fund.cash = 0;
    }
  };

  const assess = (t: number, r: Rules, final: boolean) => {
    const ratio = fund.invested > 0 ? (fund.writtenOff - fund.recovered) / fund.invested : 0;
    lossByYear[t] = ratio;
    const due = r.f.tolerance.assess === "annual" ? t >= r.f.investment_years : final;
    if (!due) return;
    const fundBreach = ratio > r.f.tolerance.fund_loss_ratio + 1e-12;
    let stageBreach = false;
    for (let s = 0; s < S; s++) {
      const limit = r.stageLimit[s]!;
      const inv = investedByStage[s]!;
      if (!Number.isNaN(limit) && inv > 0 && lossByStage[s]! / inv > limit + 1e-12) {
        breachByStage[s] = 1;
        stageBreach = true;
      }
    }
    if (fundBreach && Number.isNaN(fund.breachYear)) fund.breachYear = t;
    if ((fundBreach || stageBreach) && Number.isNaN(fund.breachYearAny)) fund.breachYearAny = t;
    const acts = fundBreach || (r.f.tolerance.breach_scope === "any" && stageBreach);
    if (r.f.tolerance.on_breach === "stop_new" && acts) fund.stopped = true;
  };

  const holdings = () => {
    let sum = 0;
    for (const c of companies) if (c.alive) sum += c.own * c.value;
    return sum;
  };

  for (let t = 1; t <= H; t++) {
    y = {
      calls: 0,
      returned: 0,
      investments: 0,
      grants: 0,
      fees: 0,
      exits: 0,
      buybacks: 0,
      recoveries: 0,
      termSale: 0,
      distributions: 0,
    };
    if (t <= last) {
      const r = rules[t - 1]!;
      if (t === 1 && r.f.capital_calls) callInstalment(t, r);
      if (t <= r.f.investment_years && !fund.stopped) newDeals(t, r, z[t]!);
      resolveStages(t, r, z[t]!);
      buybacks(t, r);
      lapseGrants(t, r);
      payFees(t, r);
      if (t === term) termSale(t, r, z[t]!);
      assess(t, r, t === last);
    }
    nav[t] = holdings() + fund.cash;
    idle[t] = fund.cash;
    if (t > last) lossByYear[t] = lossByYear[t - 1]!;
  }

  // ---- metrics -----------------------------------------------------------------------------------------------
  const gov = first.f.government_share;
  const flows: number[] = [];
  const series: Record<string, number[]> = {
    nav: [],
    gov_cash_flow: [],
    fiscal_cash_flow: [],
    projects_landed: [],
    idle_cash: [],
    calls: [],
    distributions: [],
    loss_ratio: [],
  };
  let totalDist = 0;
  for (let t = 1; t <= H; t++) {
    const f = -calls[t]! + returned[t]! + dist[t]!;
    flows.push(f + (t === H ? nav[H]! : 0));
    totalDist += dist[t]!;
    series.nav!.push(nav[t]!);
    series.gov_cash_flow!.push(gov * f);
    series.fiscal_cash_flow!.push(gov * f);
    series.projects_landed!.push(landed[t]!);
    series.idle_cash!.push(idle[t]!);
    series.calls!.push(calls[t]!);
    series.distributions!.push(dist[t]!);
    series.loss_ratio!.push(lossByYear[t]!);
  }
  const paid = fund.paidIn;
  let convertedCounted = 0;
  for (const c of companies) if (c.grantState === "converted" && c.grantCounted) convertedCounted += c.grant;
  const grossCost = fund.invested - (fund.countedGrantsPaid > 0 ? fund.countedGrantsPaid - convertedCounted : 0);
  const financings = buckets[0]! + buckets[1]! + buckets[2]! + buckets[3]!;
  const scalars: Record<string, number> = {
    tvpi: paid > 0 ? (totalDist + nav[H]!) / paid : Number.NaN,
    dpi: paid > 0 ? totalDist / paid : Number.NaN,
    irr: irr(flows, H),
    moic: grossCost > 0 ? (fund.proceeds + holdings()) / grossCost : Number.NaN,
    loss_ratio: lossByYear[last]!,
    tolerance_breach: Number.isNaN(fund.breachYear) ? 0 : 1,
    tolerance_breach_any: Number.isNaN(fund.breachYearAny) ? 0 : 1,
    breach_year: fund.breachYear,
    projects_funded: fund.funded,
    exits: fund.exits,
    grants_paid: fund.grantsPaid,
    grants_count: fund.grantsCount,
    grants_converted: fund.grantsConverted,
    deals_skipped: fund.skipped,
    deal_outcomes_lt1x: financings > 0 ? buckets[0]! / financings : Number.NaN,
    deal_outcomes_1_5x: financings > 0 ? buckets[1]! / financings : Number.NaN,
    deal_outcomes_5_10x: financings > 0 ? buckets[2]! / financings : Number.NaN,
    deal_outcomes_ge10x: financings > 0 ? buckets[3]! / financings : Number.NaN,
    paid_in: paid,
    distributions: totalDist,
    invested: fund.invested,
    fees: fund.fees,
    buybacks: fund.buybacks,
    co_funding: fund.coFunding,
    social_capital: (1 - gov) * paid,
    fiscal_in: gov * paid,
  };
  first.stages.forEach((s, k) => {
    scalars[`reached_${s.name}`] = reached[k]!;
    scalars[`loss_ratio_${s.name}`] = investedByStage[k]! > 0 ? lossByStage[k]! / investedByStage[k]! : Number.NaN;
    scalars[`tolerance_breach_${s.name}`] = Number.isNaN(first.stageLimit[k]!) ? Number.NaN : breachByStage[k]!;
  });
  return { scalars, series };
}
