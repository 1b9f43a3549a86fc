/**
 * Deterministic names and uids. generateName suffixes use upstream's alphabet and length
 * (apiserver/pkg/storage/names/generate.go, with the alphabet of apimachinery/pkg/util/rand/rand.go: no vowels, no
 * confusable characters, 5 characters); uids are UUID-shaped hex from the seeded random source.
 */
import type { Random } from "./random.ts";

/** Upstream's rand.String alphabet: "bcdfghjklmnpqrstvwxz2456789". */
export const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
const SUFFIX_LENGTH = 5;
/** names.SimpleNameGenerator keeps the base to 63 - 5 characters. */
const MAX_BASE = 63 - SUFFIX_LENGTH;

export class NameGenerator {
  constructor(readonly random: Random) {}

  /** `web-7d9f-` -> `web-7d9f-x2k4q`. */
  generateName(base: string): string {
    let suffix = "";
    for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += NAME_ALPHABET[this.random.int(NAME_ALPHABET.length)];
    return base.slice(0, MAX_BASE) + suffix;
  }

  /** A version-4 shaped UUID (8-4-4-4-12 hex). */
  uid(): string {
    const hex = (n: number): string => {
      let s = "";
      for (let i = 0; i < n; i++) s += this.random.int(16).toString(16);
      return s;
    };
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[this.random.int(4)]}${hex(3)}-${hex(12)}`;
  }

  /** `n` hex digits, as Event name suffixes and container ids use. */
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += this.random.int(16).toString(16);
    return s;
  }
}
