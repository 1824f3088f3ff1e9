// "More like this": the words that set one conversation apart from the rest of the cache, as
// search terms, so that the usual ranking finds the conversations most like it.

import type { Term } from "../store/fts_query.ts";
import { conversationCount, documentFrequency, indexedText } from "../store/ranking.ts";
import { isStopword } from "../store/stopwords.ts";
import type { Store } from "../store/store.ts";
import { SearchInputError } from "./errors.ts";

/** Terms a "more like this" search ranks by. */
const TERMS = 10;
/** Candidate words looked up in the index: a conversation's most frequent ones. */
const CANDIDATES = 60;

export function similarTerms(store: Store, id: string): Term[] {
  const text = indexedText(store, id);
  if (text === null) {
    throw new SearchInputError(
      `conversation ${id.slice(0, 80)} is not in the cache; search for it or run a sync first`,
    );
  }
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []) {
    if (word.length < 3 || /^\d+$/.test(word) || isStopword(word)) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const candidates = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, CANDIDATES);
  const all = conversationCount(store);
  const scored = candidates.flatMap(([word, tf]) => {
    const holding = documentFrequency(store, `"${word}"`);
    // A word no other conversation holds finds nothing; one most hold tells nothing apart.
    if (holding < 2 || holding > all / 2) return [];
    return [{ word, score: (1 + Math.log(tf)) * Math.log(all / holding) }];
  });
  return scored.sort((a, b) => b.score - a.score || a.word.localeCompare(b.word)).slice(0, TERMS)
    .map(({ word }) => ({ text: word, fts: `"${word}"`, required: false }));
}
