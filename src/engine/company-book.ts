/**
 * The fund's book of companies for one path, as parallel typed arrays reused across paths (no object per company).
 * Capacity grows by doubling when a path lands more deals than any before it.
 */
import { Tranches } from "./lifecycle.ts";

export const GRANT_NONE = 0;
export const GRANT_PENDING = 1;
export const GRANT_CONVERTED = 2;
export const GRANT_LAPSED = 3;

export class CompanyBook {
  count = 0;
  capacity: number;
  stage: Int32Array;
  stageEnd: Int32Array;
  entry: Int32Array;
  alive: Uint8Array;
  /** Current post-money valuation. */
  value: Float64Array;
  /** Fund's ownership (equity, including converted grants). */
  own: Float64Array;
  /** Fund's invested cost still held (equity and converted grants). */
  cost: Float64Array;
  /** All fund money put into the company (for the single-project limit). */
  money: Float64Array;
  grant: Float64Array;
  grantYear: Int32Array;
  grantState: Uint8Array;
  /** 1 when the grant was counted as invested cost when paid (容错 `count_grants` in force that year). */
  grantCounted: Uint8Array;
  convYear: Int32Array;
  /** Ownership bought by the converted grant and still subject to buy-back (0 when none). */
  buybackOwn: Float64Array;
  readonly tranches: Tranches;

  constructor(capacity: number, stagesCount: number) {
    this.capacity = capacity;
    this.stage = new Int32Array(capacity);
    this.stageEnd = new Int32Array(capacity);
    this.entry = new Int32Array(capacity);
    this.alive = new Uint8Array(capacity);
    this.value = new Float64Array(capacity);
    this.own = new Float64Array(capacity);
    this.cost = new Float64Array(capacity);
    this.money = new Float64Array(capacity);
    this.grant = new Float64Array(capacity);
    this.grantYear = new Int32Array(capacity);
    this.grantState = new Uint8Array(capacity);
    this.grantCounted = new Uint8Array(capacity);
    this.convYear = new Int32Array(capacity);
    this.buybackOwn = new Float64Array(capacity);
    this.tranches = new Tranches(capacity, stagesCount + 1);
  }

  /** Adds a company and returns its index; all its fields start at zero. */
  add(): number {
    if (this.count === this.capacity) this.grow();
    const c = this.count++;
    this.alive[c] = 1;
    this.own[c] = 0;
    this.cost[c] = 0;
    this.money[c] = 0;
    this.grant[c] = 0;
    this.grantState[c] = GRANT_NONE;
    this.grantCounted[c] = 0;
    this.buybackOwn[c] = 0;
    this.tranches.reset(c);
    return c;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.stage = g(this.stage, (n) => new Int32Array(n));
    this.stageEnd = g(this.stageEnd, (n) => new Int32Array(n));
    this.entry = g(this.entry, (n) => new Int32Array(n));
    this.alive = g(this.alive, (n) => new Uint8Array(n));
    this.value = g(this.value, (n) => new Float64Array(n));
    this.own = g(this.own, (n) => new Float64Array(n));
    this.cost = g(this.cost, (n) => new Float64Array(n));
    this.money = g(this.money, (n) => new Float64Array(n));
    this.grant = g(this.grant, (n) => new Float64Array(n));
    this.grantYear = g(this.grantYear, (n) => new Int32Array(n));
    this.grantState = g(this.grantState, (n) => new Uint8Array(n));
    this.grantCounted = g(this.grantCounted, (n) => new Uint8Array(n));
    this.convYear = g(this.convYear, (n) => new Int32Array(n));
    this.buybackOwn = g(this.buybackOwn, (n) => new Float64Array(n));
    this.tranches.ensure(cap);
    this.capacity = cap;
  }
}
