// Turns what a person typed into an FTS5 query that means only "find these words". Every
// word is quoted, so FTS5 operators (AND, OR, NOT, NEAR, -, ^, :, parentheses) are text, and
// no input can make the query fail to parse.

/** A query can hold at most this many terms: more is never a real search, only cost. */
export const MAX_TERMS = 32;

export interface ParsedQuery {
  /** The FTS5 MATCH expression, or null when the text holds no searchable word. */
  match: string | null;
  /** The terms as understood, for showing back ("refund", "invoice*", "\"reset link\""). */
  terms: string[];
}

const WORD = /[\p{L}\p{N}\p{M}_]+/gu;

/**
 * `"quoted words"` are a phrase; a chunk ending in `*` is a prefix; any other chunk of
 * non-space characters is a phrase of its words ("e-mail" is "e mail", an address its parts).
 * Terms are all required.
 */
export function parseQuery(text: string): ParsedQuery {
  const terms: string[] = [];
  const parts: string[] = [];
  const chunks = text.match(/"[^"]*"?|[^\s"]+/g) ?? [];
  for (const chunk of chunks) {
    if (parts.length >= MAX_TERMS) break;
    const quoted = chunk.startsWith('"');
    const prefix = !quoted && chunk.endsWith("*");
    const words = chunk.match(WORD);
    if (!words) continue;
    const phrase = words.join(" ");
    parts.push(`"${phrase}"${prefix ? "*" : ""}`);
    terms.push(
      quoted || words.length > 1
        ? `"${phrase}"${prefix ? "*" : ""}`
        : `${phrase}${prefix ? "*" : ""}`,
    );
  }
  return { match: parts.length ? parts.join(" AND ") : null, terms };
}
