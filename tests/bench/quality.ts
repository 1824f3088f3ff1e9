// The benchmark's search-quality rows: the evaluation's precision at 10 and empty answers for
// this program beside plain FTS5 rankings, and a walk through every page of a common word.

import type { App } from "../../src/app.ts";
import { search } from "../../src/search/search.ts";
import type { Workspace } from "../double/workspace.ts";
import { evaluate, type RankerResult } from "../eval/evaluate.ts";
import { QUESTIONS } from "../eval/questions.ts";
import { FRESH } from "../fill.ts";

export interface QualityFigures {
  conversations: number;
  questions: number;
  rankers: Omit<RankerResult, "perQuestion">[];
  paging: {
    query: string;
    total: number;
    pages: number;
    seen: number;
    repeats: number;
    ms: number;
  };
}

export function benchQuality(app: App, ws: Workspace, pagingQuery: string): QualityFigures {
  const rankers = evaluate(app, ws).map(({ perQuestion: _, ...r }) => ({
    ...r,
    precisionAt10: Math.round(r.precisionAt10 * 1000) / 1000,
  }));
  const ctx = { store: app.store, now: new Date(), freshness: FRESH, conversationUrl: () => null };
  const started = performance.now();
  const seen = new Set<string>();
  let repeats = 0;
  let pages = 0;
  let page = search(ctx, { query: pagingQuery, limit: 150 });
  const total = page.total;
  for (;;) {
    pages++;
    for (const c of page.conversations) {
      if (seen.has(c.id)) repeats++;
      seen.add(c.id);
    }
    if (!page.next_cursor || pages > total) break;
    page = search(ctx, { query: pagingQuery, limit: 150, cursor: page.next_cursor });
  }
  return {
    conversations: ws.conversations.size,
    questions: QUESTIONS.length,
    rankers,
    paging: {
      query: pagingQuery,
      total,
      pages,
      seen: seen.size,
      repeats,
      ms: Math.round(performance.now() - started),
    },
  };
}

export function qualityRows(q: QualityFigures): string[][] {
  const [ours, ...others] = q.rankers;
  const best = Math.max(...others.map((r) => r.precisionAt10));
  return [
    [
      `search quality: precision at 10 / empty answers, ${q.questions} assistant-style questions (${q.conversations} conversations)`,
      `${ours.precisionAt10} / ${ours.empty}; ${
        others.map((r) => `${r.ranker}: ${r.precisionAt10} / ${r.empty}`).join("; ")
      }`,
      "≥ plain BM25's, 0 empty",
      ours.precisionAt10 >= best && ours.empty === 0 ? "met" : "missed",
    ],
    [
      `paging "${q.paging.query}" to the end, 150 a page (${q.paging.total} matches)`,
      `${q.paging.pages} pages, ${q.paging.seen} conversations seen, ${q.paging.repeats} repeats, ${q.paging.ms} ms in all`,
      "every match once",
      q.paging.seen === q.paging.total && q.paging.repeats === 0 ? "met" : "missed",
    ],
  ];
}
