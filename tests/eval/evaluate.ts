// Runs the search evaluation: each question of ./questions.ts asked of a cache filled from a
// generated workspace, judged by the topic each returned conversation is about, for this
// program's search and, side by side, for plain FTS5 rankings over the same index.

import type { App } from "../../src/app.ts";
import { search } from "../../src/search/search.ts";
import { TOPIC_OF, type Workspace } from "../double/workspace.ts";
import { QUESTIONS } from "./questions.ts";
import { FRESH } from "../fill.ts";

export const AT = 10;

export interface RankerResult {
  ranker: string;
  /** Mean over the questions of (relevant results in the top 10) / 10. */
  precisionAt10: number;
  /** Questions that got no result at all. */
  empty: number;
  perQuestion: { question: string; relevant: number; returned: number }[];
}

/** The words of a question, each quoted: what a plain full-text ranking is given. */
function plainWords(question: string): string[] {
  return (question.match(/[\p{L}\p{N}_]+/gu) ?? []).map((w) => `"${w}"`);
}

export function evaluate(app: App, ws: Workspace): RankerResult[] {
  const topicOf = (id: string) => {
    const record = ws.conversations.get(id);
    return record ? TOPIC_OF.get(record) : undefined;
  };
  const ctx = { store: app.store, now: new Date(), freshness: FRESH, conversationUrl: () => null };
  const plain = (operator: string) => {
    const stmt = app.store.db.prepare(
      `SELECT c.id FROM search_index JOIN conversations c ON c.rowid = search_index.rowid
       WHERE search_index MATCH ? ORDER BY bm25(search_index) LIMIT ${AT}`,
    );
    return (question: string) =>
      (stmt.all(plainWords(question).join(` ${operator} `)) as { id: string }[]).map((r) => r.id);
  };
  const rankers: [string, (question: string) => string[]][] = [
    ["this program", (q) => search(ctx, { query: q, limit: AT }).conversations.map((c) => c.id)],
    ["plain FTS5 BM25, any word", plain("OR")],
    ["plain FTS5 BM25, all words", plain("AND")],
  ];
  return rankers.map(([ranker, ask]) => {
    const perQuestion = QUESTIONS.map(({ question, topics }) => {
      const ids = ask(question);
      const relevant = ids.filter((id) => topics.includes(topicOf(id)!)).length;
      return { question, relevant, returned: ids.length };
    });
    return {
      ranker,
      precisionAt10: perQuestion.reduce((s, q) => s + q.relevant / AT, 0) / perQuestion.length,
      empty: perQuestion.filter((q) => q.returned === 0).length,
      perQuestion,
    };
  });
}
