/**
 * Stream keys: every random stream of a run is seeded by a 64-bit key derived by integer hashing from the run's
 * root key and the integers that name the stream — path, vehicle, purpose, deal — so path i's numbers depend only
 * on (seed, i, …), never on thread count, block size or the order of work (MODEL.md §9). 64 bits keep keys apart:
 * at 10⁷ paths the chance of any two colliding is ~3·10⁻⁶ (a 32-bit key would give ~12,000 colliding pairs).
 *
 * Derivation hashes the parent's two words and the tag with two MurmurHash3-style 32-bit lanes; the second lane
 * also absorbs the first lane's output, so a collision needs both lanes to collide at once. The user's seed (any
 * number) becomes the root key through seedrandom's Alea seeding, which turns any value's text into well-mixed words.
 */
import seedrandom from "seedrandom";

/** A 64-bit key as two unsigned 32-bit words. */
export interface Key {
  readonly hi: number;
  readonly lo: number;
}

/** MurmurHash3's 32-bit finaliser: a bijection of the 32-bit integers with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One MurmurHash3 body round: absorbs word `k` into hash state `h`. */
function absorb(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** First word of the key derived from (hi, lo) and `tag`. */
export function deriveHi(hi: number, lo: number, tag: number): number {
  return fmix32(absorb(absorb(absorb(0x243f6a88, hi), lo), tag) ^ 12);
}

/** Second word of the key derived from (hi, lo) and `tag`, given its first word `dhi`. */
export function deriveLo(hi: number, lo: number, tag: number, dhi: number): number {
  return fmix32(absorb(absorb(absorb(absorb(0x85a308d3, tag), lo), hi), dhi) ^ 16);
}

/** The child key of `parent` named by the 32-bit integer `tag` (a path number, a deal number, a purpose). */
export function deriveKey(parent: Key, tag: number): Key {
  const hi = deriveHi(parent.hi, parent.lo, tag);
  return { hi, lo: deriveLo(parent.hi, parent.lo, tag, hi) };
}

/** A label (a vehicle id, "macro") as a 32-bit tag: MurmurHash3 of its UTF-16 code units, computed once per run. */
export function labelTag(label: string): number {
  let h = 0x3c6ef372;
  for (let i = 0; i < label.length; i++) h = absorb(h, label.charCodeAt(i));
  return fmix32(h ^ label.length);
}

/** Purposes: sub-streams of one path and vehicle that must not share numbers. */
export const PURPOSE = {
  /** A risk pool's default draws (apart from origination, so granting fewer loans leaves defaults unchanged). */
  defaults: 0x64656601,
  /** A risk pool's loss-given-default draws. */
  lgd: 0x6c676401,
} as const;

let lastSeed: number | undefined;
let lastRoot: Key = { hi: 0, lo: 0 };

/** The root key of a run seeded with `seed` (seedrandom's Alea seeding of the seed's text; cached for the last seed). */
export function rootKey(seed: number): Key {
  if (seed === lastSeed) return lastRoot;
  const alea = seedrandom.alea(String(seed));
  lastRoot = { hi: alea.int32() >>> 0, lo: alea.int32() >>> 0 };
  lastSeed = seed;
  return lastRoot;
}

/** The key of path `path` in a run seeded with `seed`. */
export function pathKey(seed: number, path: number): Key {
  return deriveKey(rootKey(seed), path);
}
