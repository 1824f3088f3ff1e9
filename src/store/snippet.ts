// Snippets for search results, made here rather than by FTS5's snippet(): that re-tokenises
// each whole conversation and cost more than the ranking itself. Matching is by word start,
// with diacritics and case folded and common English endings dropped, as the index stems.

export const SNIPPET_CHARS = 220;

/** Lower-cases and strips diacritics, keeping every offset that of `text`. */
function fold(text: string): string {
  const lower = text.toLowerCase();
  // A few characters change length when lower-cased (İ); keep those texts as they are.
  if (lower.length !== text.length) return text;
  return lower.replace(/[\u0080-\uffff]/g, (ch) => {
    const f = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return f.length === 1 ? f : ch;
  });
}

/** A word's stem as the porter stemmer would roughly leave it, for matching by word start. */
function stemPrefix(word: string): string {
  const w = word.toLowerCase();
  const m = w.match(/^(.{3,}?)(ing|edly|ed|es|s|ly|ment|ness|ation|ions?|ers?|ies|y)$/);
  return m ? m[1] : w;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Words of the query terms ("refund", "\"password reset\"", "webho*") as match prefixes. */
export function snippetPattern(terms: readonly string[]): RegExp | null {
  const prefixes = new Set<string>();
  for (const term of terms) {
    for (const word of fold(term).match(/[\p{L}\p{N}_]+/gu) ?? []) prefixes.add(stemPrefix(word));
  }
  if (!prefixes.size) return null;
  const alternatives = [...prefixes].sort((a, b) => b.length - a.length).map(escape).join("|");
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})[\\p{L}\\p{N}_]*`, "gu");
}

/**
 * The passage of `texts` (subject, opening message, replies) with the most distinct query
 * words close together, matches in **bold**, cut at word boundaries with "…".
 */
export function makeSnippet(texts: readonly (string | null)[], pattern: RegExp | null): string {
  const text = texts.filter((t): t is string => !!t && t.trim() !== "").join("\n").replace(
    /\s+/g,
    " ",
  );
  if (!pattern) return text.slice(0, SNIPPET_CHARS);
  const folded = fold(text);
  const matches: { start: number; end: number; word: string }[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(folded); m && matches.length < 2000; m = pattern.exec(folded)) {
    matches.push({ start: m.index, end: m.index + m[0].length, word: m[0] });
  }
  if (!matches.length) {
    return text.slice(0, SNIPPET_CHARS).trim() + (text.length > SNIPPET_CHARS ? "…" : "");
  }
  // The window starting at each match that holds the most distinct words wins; earliest on ties.
  let best = 0;
  let bestScore = -1;
  for (let i = 0; i < matches.length; i++) {
    const words = new Set<string>();
    for (
      let j = i;
      j < matches.length && matches[j].end - matches[i].start <= SNIPPET_CHARS * 0.7;
      j++
    ) {
      words.add(matches[j].word);
    }
    if (words.size > bestScore) {
      bestScore = words.size;
      best = i;
    }
  }
  let start = Math.max(0, matches[best].start - Math.floor(SNIPPET_CHARS * 0.25));
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  if (start > 0) start = text.indexOf(" ", start) + 1 || start;
  if (end < text.length) {
    end = text.lastIndexOf(" ", end) > matches[best].end ? text.lastIndexOf(" ", end) : end;
  }
  let out = "";
  let at = start;
  for (const m of matches) {
    if (m.start < start || m.end > end) continue;
    out += text.slice(at, m.start) + "**" + text.slice(m.start, m.end) + "**";
    at = m.end;
  }
  out += text.slice(at, end);
  return `${start > 0 ? "…" : ""}${out.trim()}${end < text.length ? "…" : ""}`;
}
