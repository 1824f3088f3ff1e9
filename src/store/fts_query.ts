// Turns what a person or an assistant typed into search terms, each an FTS5 expression that
// means only "find this". Every word is quoted, so FTS5 operators (AND, OR, NOT, NEAR, -, ^, :,
// parentheses) are text, and no input can make a query fail to parse.

import { isStopword } from "./stopwords.ts";

/** A query can hold at most this many terms: more is never a real search, only cost. */
export const MAX_TERMS = 24;

export interface Term {
  /** As shown back: `refund`, `invoice*`, `"reset link"`. */
  text: string;
  /** The FTS5 expression for this term alone. */
  fts: string;
  /** Written `+word` (or the search asked for every word): a match must hold it. */
  required: boolean;
}

export interface ParsedQuery {
  /** The terms that decide a match, at most MAX_TERMS; empty when the text holds no word. */
  terms: Term[];
  /** English function words left out ("the", "for"): shown back, never matched. */
  ignored: string[];
}

const WORD = /[\p{L}\p{N}\p{M}_]+/gu;
/** An English contraction or possessive ending: "customer's", "can't", "we've". */
const CONTRACTION = /['’](?:s|t|re|ve|ll|d|m)$/iu;

/**
 * `"quoted words"` are a phrase; a chunk ending in `*` is a prefix; `+chunk` is required; any
 * other chunk of non-space characters is a phrase of its words ("two-factor" is "two factor").
 * English function words left alone ("the", "after") do not count, unless nothing else is left.
 */
export function parseQuery(text: string, opts: { requireAll?: boolean } = {}): ParsedQuery {
  const all: (Term & { stop: boolean })[] = [];
  const seen = new Set<string>();
  for (const raw of text.match(/[+]?"[^"]*"?|[^\s"]+/g) ?? []) {
    const required = opts.requireAll === true || raw.startsWith("+");
    const chunk = raw.replace(/^\+/, "");
    const quoted = chunk.startsWith('"');
    const prefix = !quoted && chunk.endsWith("*");
    const words = (quoted ? chunk : chunk.replace(/\*+$/, "").replace(CONTRACTION, "")).match(WORD);
    if (!words) continue;
    const phrase = words.join(" ");
    const key = `${phrase.toLowerCase()}${prefix ? "*" : ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    all.push({
      text: quoted || words.length > 1 ? `"${phrase}"${prefix ? "*" : ""}` : key,
      fts: `"${phrase}"${prefix ? "*" : ""}`,
      required,
      // A phrase the person quoted or required means what it says; a loose word may be filler.
      stop: !quoted && !required && !prefix && words.every(isStopword),
    });
  }
  const meaningful = all.filter((t) => !t.stop);
  const kept = (meaningful.length ? meaningful : all).slice(0, MAX_TERMS);
  return {
    terms: kept.map(({ stop: _, ...t }) => t),
    ignored: meaningful.length ? all.filter((t) => t.stop).map((t) => t.text) : [],
  };
}
