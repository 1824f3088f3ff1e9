// Every number conversation_stats gives, held to the same number computed here straight from
// the double's workspace (Intercom's JSON), for every grouping, every metric, with and without
// a timeframe, filters and the previous period. The expected side never calls the program.

import { assert, assertEquals, assertThrows } from "./assert.ts";
import { App } from "../src/app.ts";
import { conversationStats, GROUPINGS, type StatsInput } from "../src/stats/stats.ts";
import type { Metrics, StatsOutput } from "../src/stats/schema.ts";
import { SearchInputError } from "../src/search/search.ts";
import { tempDir, testSettings, TOKEN } from "./cache_check.ts";
import { startDouble } from "./double/server.ts";
import {
  type ConversationRecord,
  createConversation,
  customerEmail,
  generateWorkspace,
} from "./double/workspace.ts";

const DAY = 86400;
// Three weeks either side of the end of daylight saving time in New York (2026-11-01).
const NOW = Date.UTC(2026, 10, 12, 15, 0, 0) / 1000;
const ZONE = "America/New_York";

const ws = generateWorkspace({ seed: 11, conversations: 260, days: 40, now: NOW });
for (let i = 0; i < 3; i++) {
  ws.clock = () => NOW - (i + 1) * 3600;
  createConversation(ws, { body: `<p>The wombat export ${i} fails.</p>` });
}
const dir = tempDir();
{
  const double = await startDouble({ workspace: ws, token: TOKEN });
  const app = new App(testSettings(dir, double.url, { initialSyncDays: 3650 }));
  try {
    await app.syncer.sync();
  } finally {
    app.close();
    await double.close();
  }
}
const app = new App(testSettings(dir, "http://127.0.0.1:9"), { now: () => NOW });
globalThis.addEventListener("unload", () => {
  app.close();
  Deno.removeSync(dir, { recursive: true });
});

function ask(input: StatsInput): StatsOutput {
  return conversationStats({
    store: app.store,
    now: new Date(NOW * 1000),
    freshness: {
      last_sync_finished_at: null,
      age_minutes: null,
      stale: true,
      max_sync_age_minutes: 5,
      sync_running: false,
      last_sync_error: null,
    },
  }, { timezone: ZONE, limit: 500, ...input });
}

// ---------------------------------------------------------------------------------------------
// The expected side: Intercom's JSON read directly.

const CUSTOMER = new Set(["user", "lead", "contact"]);

function firstResponse(c: ConversationRecord): [number, "intercom" | "computed"] | null {
  const s = c.statistics;
  if (s.time_to_admin_reply !== undefined) return [s.time_to_admin_reply, "intercom"];
  // A thread cut to its newest 500 parts cannot tell.
  if (s.count_conversation_parts > 500) return null;
  let opening = CUSTOMER.has(c.source.author.type) ? c.created_at : null;
  for (const p of c.conversation_parts.conversation_parts) {
    if (p.part_type !== "comment") continue;
    if (opening === null && CUSTOMER.has(p.author.type)) opening = p.created_at;
    else if (opening !== null && p.author.type === "admin") {
      return [p.created_at - opening, "computed"];
    }
  }
  return null;
}

function timeToClose(c: ConversationRecord): [number, "intercom" | "computed"] | null {
  if (c.state !== "closed") return null;
  if (c.statistics.time_to_last_close !== undefined) {
    return [c.statistics.time_to_last_close, "intercom"];
  }
  const closes = c.conversation_parts.conversation_parts.filter((p) => p.part_type === "close");
  if (!closes.length) return null;
  return [Math.max(0, closes[closes.length - 1].created_at - c.created_at), "computed"];
}

function finOutcome(c: ConversationRecord): string {
  if (!c.ai_agent_participated) return "not involved";
  return c.ai_agent?.resolution_state ?? "no answer";
}

function quantile(xs: number[], p: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const rank = p * (s.length - 1);
  const below = s[Math.floor(rank)];
  const above = s[Math.ceil(rank)];
  return below + (above - below) * (rank - Math.floor(rank));
}

function expected(list: ConversationRecord[]): Metrics {
  const fr = list.map(firstResponse).filter((x) => x !== null);
  const ttc = list.map(timeToClose).filter((x) => x !== null);
  const closedOnce = list.filter((c) =>
    c.statistics.first_close_at !== undefined || c.state === "closed" ||
    c.conversation_parts.conversation_parts.some((p) => p.part_type === "close")
  );
  const reopened = closedOnce.filter((c) => c.statistics.count_reopens > 0);
  const ratings = list.flatMap((c) => c.conversation_rating ? [c.conversation_rating.rating] : []);
  const fin = list.filter((c) => c.ai_agent_participated);
  const resolved = fin.filter((c) =>
    ["assumed_resolution", "confirmed_resolution"].includes(finOutcome(c))
  );
  const share = (a: number, b: number) => (b ? a / b : null);
  return {
    conversations: list.length,
    with_handling_data: list.length,
    first_response_count: fr.length,
    first_response_median_seconds: quantile(fr.map((x) => x[0]), 0.5),
    first_response_p90_seconds: quantile(fr.map((x) => x[0]), 0.9),
    first_response_from_intercom: fr.filter((x) => x[1] === "intercom").length,
    first_response_computed: fr.filter((x) => x[1] === "computed").length,
    closed_count: ttc.length,
    time_to_close_median_seconds: quantile(ttc.map((x) => x[0]), 0.5),
    time_to_close_p90_seconds: quantile(ttc.map((x) => x[0]), 0.9),
    time_to_close_from_intercom: ttc.filter((x) => x[1] === "intercom").length,
    time_to_close_computed: ttc.filter((x) => x[1] === "computed").length,
    closed_once: closedOnce.length,
    reopened: reopened.length,
    reopen_rate: share(reopened.length, closedOnce.length),
    rated: ratings.length,
    csat_average: share(ratings.reduce((a, b) => a + b, 0), ratings.length),
    csat_satisfied_share: share(ratings.filter((r) => r >= 4).length, ratings.length),
    fin_involved: fin.length,
    fin_involvement_rate: share(fin.length, list.length),
    fin_resolved: resolved.length,
    fin_resolution_rate: share(resolved.length, fin.length),
  };
}

/** The customer's email: the opening's when a customer wrote it, else their contact record's. */
function customerOf(c: ConversationRecord): string {
  if (c.source.author.type === "admin") {
    let contact = ws.contacts.get(c.contacts.contacts[0].id);
    for (let hops = 0; contact?.merged_into && hops < 3; hops++) {
      contact = ws.contacts.get(contact.merged_into);
    }
    return contact?.email?.toLowerCase() ?? "";
  }
  return customerEmail(ws, c.id)?.toLowerCase() ?? "";
}

const localDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The group labels (time groupings) or keys (the rest) a conversation belongs to. */
function groupsOf(c: ConversationRecord, by: string): string[] {
  const id = (n: number) => (n ? String(n) : "");
  switch (by) {
    case "state":
      return [c.state];
    case "priority":
      return [c.priority];
    case "channel":
      return [c.source.type];
    case "team":
      return [id(c.team_assignee_id)];
    case "assignee":
      return [id(c.admin_assignee_id)];
    case "customer":
      return [customerOf(c)];
    case "tag":
      return c.tags.tags.length ? c.tags.tags.map((t) => t.id) : [""];
    case "rating":
      return [c.conversation_rating ? String(c.conversation_rating.rating) : ""];
    case "fin_outcome":
      return [finOutcome(c)];
  }
  const day = localDate.format(new Date(c.created_at * 1000));
  if (by === "day") return [day];
  if (by === "month") return [day.slice(0, 7)];
  // The Monday the week starts on.
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return [d.toISOString().slice(0, 10)];
}

function assertMetrics(actual: Metrics, want: Metrics, what: string): void {
  for (const [name, value] of Object.entries(want)) {
    const got = actual[name as keyof Metrics];
    if (value === null || got === null) assertEquals(got, value, `${what}: ${name}`);
    else assert(Math.abs(got - value) < 1e-9, `${what}: ${name} is ${got}, expected ${value}`);
  }
}

function inRange(start: string, end: string) {
  const a = Date.parse(start) / 1000;
  const b = Date.parse(end) / 1000;
  return (c: ConversationRecord) => c.created_at >= a && c.created_at < b;
}

function assertAnswer(r: StatsOutput, pick: (c: ConversationRecord) => boolean): void {
  const all = [...ws.conversations.values()].filter(pick);
  const within = r.timeframe ? all.filter(inRange(r.timeframe.start, r.timeframe.end)) : all;
  assertMetrics(r.totals, expected(within), "totals");
  if (r.previous_period) {
    const before = all.filter(inRange(r.previous_period.start, r.previous_period.end));
    assertMetrics(r.previous_totals!, expected(before), "previous totals");
    assertEquals(r.change!.conversations, within.length - before.length);
  }
  if (!r.group_by) return;
  const time = ["day", "week", "month"].includes(r.group_by);
  const groups = new Map<string, ConversationRecord[]>();
  for (const c of within) {
    for (const g of groupsOf(c, r.group_by)) groups.set(g, [...(groups.get(g) ?? []), c]);
  }
  const shown = r.groups.filter((g) => !time || g.metrics.conversations > 0);
  assertEquals(
    new Set(shown.map((g) => (time ? g.label : g.key))),
    new Set(groups.keys()),
    `the groups of ${r.group_by}`,
  );
  for (const g of r.groups) {
    const key = time ? g.label : g.key;
    assertMetrics(g.metrics, expected(groups.get(key) ?? []), `${r.group_by} ${g.label}`);
    if (g.previous && r.previous_period) {
      const before = all.filter(inRange(r.previous_period.start, r.previous_period.end))
        .filter((c) => groupsOf(c, r.group_by!).includes(key));
      assertMetrics(g.previous, expected(before), `${r.group_by} ${g.label} before`);
    }
  }
}

// ---------------------------------------------------------------------------------------------

Deno.test("the workspace holds every case the stats tell apart", () => {
  const all = [...ws.conversations.values()];
  const sources = all.map(firstResponse).filter((x) => x !== null).map((x) => x[1]);
  assert(sources.includes("intercom") && sources.includes("computed"));
  assert(all.some((c) => c.statistics.count_conversation_parts > 500), "a cut thread");
  assert(all.some((c) => c.statistics.count_reopens > 0), "a reopened conversation");
  for (const outcome of ["not involved", "no answer", "assumed_resolution", "escalated"]) {
    assert(all.some((c) => finOutcome(c) === outcome), `Fin outcome ${outcome}`);
  }
  assert(new Set(all.flatMap((c) => c.conversation_rating?.rating ?? [])).size >= 4);
  assert(new Set(all.map((c) => c.source.type)).size >= 2);
});

Deno.test("conversation_stats over the whole cache equals the workspace, for every grouping", () => {
  assertAnswer(ask({}), () => true);
  for (const group_by of GROUPINGS.filter((g) => g !== "day")) {
    assertAnswer(ask({ group_by }), () => true);
  }
});

Deno.test("with a timeframe and compare, every grouping and the previous period equal the workspace", () => {
  for (const group_by of [undefined, ...GROUPINGS]) {
    const r = ask({ timeframe: "2026-10-20 to 2026-11-11", compare: true, group_by });
    assert(r.previous_period, "the previous period is given");
    const length = Date.parse(r.timeframe!.end) - Date.parse(r.timeframe!.start);
    assertEquals(Date.parse(r.previous_period.end), Date.parse(r.timeframe!.start));
    assertEquals(Date.parse(r.previous_period.end) - Date.parse(r.previous_period.start), length);
    assertAnswer(r, () => true);
  }
});

Deno.test("days across the end of daylight saving time are cut at local midnight, empty ones shown", () => {
  const r = ask({ timeframe: "2026-10-25 to 2026-11-05", group_by: "day" });
  const labels = r.groups.map((g) => g.label);
  assertEquals(labels[0] <= "2026-10-25", true);
  assert(labels.includes("2026-11-01") && labels.includes("2026-11-02"));
  for (let i = 1; i < labels.length; i++) {
    assertEquals(Date.parse(labels[i]) - Date.parse(labels[i - 1]), DAY * 1000, "no day skipped");
  }
  assertAnswer(r, () => true);
});

Deno.test("filters narrow the count exactly as search's do, and the channel filter is stats' own", () => {
  const team = ws.teams[1];
  const tag = ws.tags.find((t) => t.name === "billing")!;
  const cases: [StatsInput, (c: ConversationRecord) => boolean][] = [
    [{ state: "closed", group_by: "team" }, (c) => c.state === "closed"],
    [{ team: team.name }, (c) => String(c.team_assignee_id) === team.id],
    [{ tag: "billing", group_by: "fin_outcome" }, (c) => c.tags.tags.some((t) => t.id === tag.id)],
    [{ assignee: "unassigned", group_by: "rating" }, (c) => c.admin_assignee_id === 0],
    [{ priority: "urgent" }, (c) => c.priority === "urgent"],
    [{ channel: "email", group_by: "assignee" }, (c) => c.source.type === "email"],
    [{ query: "wombat" }, (c) => c.source.body.includes("wombat")],
  ];
  for (const [input, pick] of cases) {
    const r = ask(input);
    assert(r.totals.conversations > 0, `${JSON.stringify(input)} matches some`);
    assertAnswer(r, pick);
  }
  const email = customerOf([...ws.conversations.values()][5]);
  assertAnswer(ask({ customer_email: email.toUpperCase() }), (c) => customerOf(c) === email);
});

Deno.test("a bad question is a clear error: an unknown grouping names the valid ones", () => {
  let message = "";
  try {
    ask({ group_by: "weather" });
  } catch (e) {
    assert(e instanceof SearchInputError);
    message = e.message;
  }
  assert(message.includes("weather"), message);
  for (const g of GROUPINGS) assert(message.includes(g), `the error names ${g}: ${message}`);
  assertThrows(() => ask({ compare: true }), /compare needs a timeframe/);
  assertThrows(() => ask({ timezone: "Mars/Olympus" }), /time zone "Mars\/Olympus".*IANA/);
  assertThrows(() => ask({ channel: "carrier pigeon" }), /channel must be one of/);
  assertThrows(() => ask({ group_by: "day", timeframe: "2023-01-01 to 2026-11-01" }), /more than/);
  assertThrows(() => ask({ team: "Nobody's team" }), /no team matches/);
});
