import { App } from "../../src/app.ts";
import { search } from "../../src/search/search.ts";
import { testSettings } from "../cache_check.ts";
const app = new App(testSettings("/tmp/c100k", "http://127.0.0.1:9"));
const ctx = {
  store: app.store,
  now: new Date(),
  freshness: {
    last_sync_finished_at: null,
    age_minutes: null,
    stale: false,
    max_sync_age_minutes: 5,
    sync_running: false,
    last_sync_error: null,
  },
  conversationUrl: () => null,
};
const qs = [
  "kerfuffle",
  "billing",
  '"password reset"',
  "webho*",
  "refund invoice",
  "customer was charged twice for their subscription",
  "locked out after switching to a new phone with two-factor",
  "the invoice shows the wrong company address",
  "billing refund invoice customer",
];
for (const q of qs) {
  for (let i = 0; i < 3; i++) search(ctx, { query: q });
  const xs: number[] = [];
  let r;
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    r = search(ctx, { query: q });
    xs.push(performance.now() - t);
  }
  xs.sort((a, b) => a - b);
  console.log(q.padEnd(60), "p50", xs[7].toFixed(1), "max", xs[14].toFixed(1), "total", r!.total);
}
