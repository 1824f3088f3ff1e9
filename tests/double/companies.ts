// The companies behind the test double's contacts, in Intercom's JSON shapes (API 2.16), and
// what a support person reads on a contact beside them: custom attributes, tags, last seen.
// Made from the workspace's seed on first use and written into its contact records.

import { between, makeRng, pick } from "./text.ts";
import type { ContactRecord, Workspace } from "./workspace.ts";

const DAY = 86400;

/** A company as `GET /companies/{id}` returns it (the description's `company`). */
export interface CompanyRecord {
  type: "company";
  id: string;
  company_id: string;
  app_id: string;
  name: string;
  remote_created_at: number;
  created_at: number;
  updated_at: number;
  last_request_at: number;
  monthly_spend: number;
  session_count: number;
  user_count: number;
  size: number;
  website: string;
  industry: string;
  plan: { type: "plan"; id: string; name: string };
  custom_attributes: Record<string, string>;
  tags: { type: "tag.list"; tags: never[] };
  segments: { type: "segment.list"; segments: never[] };
}

const NAMES = [
  "Acme Logistics",
  "Borealis Health",
  "Cobalt Labs",
  "Dunmore Foods",
  "Everpine Studio",
  "Fjord Analytics",
  "Granite Bank",
  "Harbor & Vine",
  "Ionic Robotics",
  "Juniper Schools",
  "Kestrel Air",
  "Lumen Retail",
];
const PLANS = ["Starter", "Pro", "Enterprise"];
const INDUSTRIES = ["Logistics", "Healthcare", "Software", "Food", "Finance", "Education"];

const made = new WeakMap<Workspace, Map<string, CompanyRecord>>();

/**
 * The workspace's companies. The first call also gives most contacts a company (a few two),
 * a plan tier, a tag and a last-seen time, as a real workspace's contacts carry.
 */
export function companiesOf(ws: Workspace): Map<string, CompanyRecord> {
  let companies = made.get(ws);
  if (companies) return companies;
  companies = new Map();
  made.set(ws, companies);
  const rng = makeRng((ws.app.created_at % 9973) + 17);
  const now = ws.clock();
  NAMES.forEach((name, i) => {
    const id = `6762f0${(0x7f1bb69 + i).toString(16)}9f2193ba${String(i).padStart(2, "0")}`;
    const created = now - between(rng, 100, 900) * DAY;
    companies!.set(id, {
      type: "company",
      id,
      company_id: `cmp-${1000 + i}`,
      app_id: ws.app.id_code,
      name,
      remote_created_at: created,
      created_at: created,
      updated_at: created + between(rng, 1, 90) * DAY,
      last_request_at: now - between(rng, 1, 30) * DAY,
      monthly_spend: pick(rng, [49, 199, 990, 4900]),
      session_count: between(rng, 10, 5000),
      user_count: 0,
      size: pick(rng, [8, 40, 250, 1200]),
      website: `https://${name.toLowerCase().replace(/[^a-z]+/g, "")}.example`,
      industry: pick(rng, INDUSTRIES),
      plan: { type: "plan", id: String(300 + (i % 3)), name: PLANS[i % 3] },
      custom_attributes: { account_manager: pick(rng, ["Rosa", "Idris", "Mei"]) },
      tags: { type: "tag.list", tags: [] },
      segments: { type: "segment.list", segments: [] },
    });
  });
  const list = [...companies.values()];
  for (const c of ws.contacts.values()) {
    const u = rng();
    const mine = u < 0.15 ? [] : u < 0.9 ? [pick(rng, list)] : [list[0], pick(rng, list.slice(1))];
    setCompanies(c, mine);
    c.custom_attributes = { plan_tier: pick(rng, ["free", "team", "business"]) };
    c.last_seen_at = now - between(rng, 1, 60) * DAY;
    if (rng() < 0.3) {
      const tag = pick(rng, ws.tags);
      (c.tags as unknown as { data: unknown[]; total_count: number }).data = [
        { type: "tag", id: tag.id, url: `/tags/${tag.id}` },
      ];
      (c.tags as unknown as { total_count: number }).total_count = 1;
    }
  }
  ws.revision++;
  return companies;
}

function setCompanies(c: ContactRecord, companies: CompanyRecord[]): void {
  for (const co of companies) co.user_count++;
  const stub = c.companies as unknown as { data: unknown[]; total_count: number };
  stub.data = companies.map((co) => ({ type: "company", id: co.id, url: `/companies/${co.id}` }));
  stub.total_count = companies.length;
}

/** A contact edited in Intercom: new fields, a new updated_at. */
export function updateContact(
  ws: Workspace,
  id: string,
  changes: Partial<Pick<ContactRecord, "name" | "email" | "phone">> & {
    company?: string;
    plan_tier?: string;
  },
): void {
  const c = ws.contacts.get(id);
  if (!c) throw new Error(`no contact ${id} in the workspace`);
  const { company, plan_tier, ...fields } = changes;
  Object.assign(c, fields);
  if (plan_tier) c.custom_attributes = { ...c.custom_attributes, plan_tier };
  if (company) setCompanies(c, [companiesOf(ws).get(company)!]);
  c.updated_at = ws.clock();
  ws.revision++;
}

/** The company names of a contact, as the workspace holds them. */
export function companyNamesOf(ws: Workspace, c: ContactRecord): string[] {
  const stub = c.companies as unknown as { data: { id: string }[] };
  return stub.data.map((d) => companiesOf(ws).get(d.id)!.name);
}
