// Turns Intercom's JSON into the domain model. Intercom's types drift (ids arrive as numbers or
// strings, unassigned as 0 or null, many fields null instead of absent), so every read here is
// defensive, and a shape that cannot be a conversation is a ResponseShapeError, never a crash.

import type {
  Admin,
  Attachment,
  Author,
  Company,
  ContactProfile,
  Conversation,
  ConversationStub,
  Handling,
  Part,
  Tag,
  Team,
} from "../model.ts";
import { plain } from "./html.ts";

export class ResponseShapeError extends Error {
  override name = "ResponseShapeError";
}

type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): Json {
  return isObject(v) ? v : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** An id that may come as a string or a number; 0, "0", "" and null mean none. */
export function optionalId(v: unknown): string | null {
  if (typeof v === "number" && Number.isFinite(v)) return v === 0 ? null : String(v);
  if (typeof v === "string") return v === "" || v === "0" ? null : v;
  return null;
}

export function requiredId(v: unknown, what: string): string {
  const id = optionalId(v);
  if (id === null) throw new ResponseShapeError(`${what} has no id (got ${JSON.stringify(v)})`);
  return id;
}

export function str(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return null;
}

/** Beyond this many seconds from 1970 a JavaScript Date is invalid, and toISOString() throws. */
const MAX_SECONDS = 8.64e12;

/**
 * Unix seconds; Intercom sends integers, but a numeric string is taken too. A number no date
 * can hold (1e308, a 400-digit string) is none: stored, it would break every answer showing it.
 */
export function seconds(v: unknown): number | null {
  let n = Number.NaN;
  if (typeof v === "number") n = Math.floor(v);
  else if (typeof v === "string" && /^\d+$/.test(v)) n = Number(v);
  return Number.isSafeInteger(n) && Math.abs(n) <= MAX_SECONDS ? n : null;
}

/** Who wrote a part or opened a thread. */
export function author(v: unknown): Author {
  const a = obj(v);
  return {
    type: str(a.type) ?? "unknown",
    id: optionalId(a.id),
    name: str(a.name) || null,
    email: str(a.email) || null,
  };
}

function attachments(v: unknown): Attachment[] {
  return arr(v).filter(isObject).map((a) => ({
    name: str(a.name),
    url: str(a.url),
    contentType: str(a.content_type),
  }));
}

function part(v: unknown, conversationId: string): Part {
  const p = obj(v);
  const id = requiredId(p.id, `a part of conversation ${conversationId}`);
  const created = seconds(p.created_at) ?? 0;
  const assigned = obj(p.assigned_to);
  const assignedId = optionalId(assigned.id);
  return {
    id,
    partType: str(p.part_type) ?? "unknown",
    body: typeof p.body === "string" ? plain(p.body) : null,
    createdAt: created,
    updatedAt: seconds(p.updated_at) ?? created,
    author: author(p.author),
    assignedTo: assignedId === null
      ? null
      : { type: str(assigned.type) ?? "unknown", id: assignedId },
    redacted: p.redacted === true,
    attachments: attachments(p.attachments),
  };
}

export function tags(v: unknown): Tag[] {
  const list = isObject(v) ? v.tags : v;
  return arr(list).filter(isObject).flatMap((t) => {
    const id = optionalId(t.id);
    return id === null ? [] : [{ id, name: str(t.name) ?? id }];
  });
}

/** `GET /conversations/{id}`: a conversation with the parts Intercom returned (at most 500). */
export function parseConversation(v: unknown): Conversation {
  if (!isObject(v)) throw new ResponseShapeError("a conversation was expected, got no object");
  const id = requiredId(v.id, "a conversation");
  const updatedAt = seconds(v.updated_at);
  if (updatedAt === null) {
    throw new ResponseShapeError(`conversation ${id} has no updated_at`);
  }
  const source = obj(v.source);
  const partList = obj(v.conversation_parts);
  const parts = arr(partList.conversation_parts).map((p) => part(p, id));
  const statistics = obj(v.statistics);
  const total = Math.max(
    parts.length,
    seconds(statistics.count_conversation_parts) ?? 0,
    seconds(partList.total_count) ?? 0,
  );
  const state = str(v.state) ?? (v.open === true ? "open" : "closed");
  return {
    id,
    createdAt: seconds(v.created_at) ?? updatedAt,
    updatedAt,
    title: str(v.title) || null,
    state,
    read: v.read === true,
    priority: normalisePriority(v.priority),
    adminAssigneeId: optionalId(v.admin_assignee_id),
    teamAssigneeId: optionalId(v.team_assignee_id),
    tags: tags(v.tags),
    source: {
      type: str(source.type),
      subject: plain(str(source.subject) ?? ""),
      body: plain(str(source.body) ?? ""),
      url: str(source.url) || null,
      author: author(source.author),
    },
    contactIds: arr(obj(v.contacts).contacts).flatMap((c) => {
      const cid = optionalId(obj(c).id);
      return cid === null ? [] : [cid];
    }),
    partsTotal: total,
    parts,
    handling: handling(v, source, statistics),
  };
}

/** Intercom's figures as sent, with nothing computed: the stats decide what to trust. */
function statisticsOf(v: unknown): Handling["statistics"] {
  if (!isObject(v)) return null;
  const out: Record<string, number | string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === "type") continue;
    // An admin id, which arrives as a number though the description says string.
    const id = k === "last_closed_by_id" ? optionalId(x) : null;
    const n = seconds(x);
    if (id !== null) out[k] = id;
    else if (n !== null && k !== "last_closed_by_id") out[k] = n;
  }
  return out;
}

/** A 1–5 rating; anything else is none. */
function rating(v: unknown): number | null {
  const n = seconds(v);
  return n !== null && n >= 1 && n <= 5 ? n : null;
}

function handling(v: Json, source: Json, statistics: Json): Handling {
  const r = obj(v.conversation_rating);
  const stars = rating(r.rating);
  const ai = isObject(v.ai_agent) ? v.ai_agent : null;
  const sla = isObject(v.sla_applied) ? v.sla_applied : null;
  return {
    deliveredAs: str(source.delivered_as) || null,
    waitingSince: seconds(v.waiting_since),
    snoozedUntil: seconds(v.snoozed_until),
    statistics: isObject(v.statistics) ? statisticsOf(statistics) : null,
    rating: stars === null ? null : {
      rating: stars,
      remark: str(r.remark) || null,
      createdAt: seconds(r.created_at),
      teammateId: optionalId(obj(r.teammate).id),
    },
    aiAgentParticipated: v.ai_agent_participated === true || ai !== null,
    aiAgent: ai === null ? null : {
      sourceType: str(ai.source_type) || null,
      sourceTitle: str(ai.source_title) || null,
      lastAnswerType: str(ai.last_answer_type) || null,
      resolutionState: str(ai.resolution_state) || null,
      rating: rating(ai.rating),
      ratingRemark: str(ai.rating_remark) || null,
    },
    sla: sla === null ? null : { name: str(sla.sla_name), status: str(sla.sla_status) },
    customAttributes: obj(v.custom_attributes),
  };
}

/** 2.16 says none|low|medium|high|urgent; older versions said priority|not_priority. */
function normalisePriority(v: unknown): string {
  const p = str(v);
  if (p === "priority") return "high";
  if (p === null || p === "not_priority") return "none";
  return p;
}

export interface SearchPage {
  stubs: ConversationStub[];
  totalCount: number | null;
  nextCursor: string | null;
}

/** `POST /conversations/search`: stubs of one page and the cursor of the next. */
export function parseSearchPage(v: unknown): SearchPage {
  if (!isObject(v) || !Array.isArray(v.conversations)) {
    throw new ResponseShapeError("a conversation.list with a conversations array was expected");
  }
  const stubs = v.conversations.map((c) => {
    const o = obj(c);
    const id = requiredId(o.id, "a listed conversation");
    const updatedAt = seconds(o.updated_at);
    if (updatedAt === null) {
      throw new ResponseShapeError(`listed conversation ${id} has no updated_at`);
    }
    return { id, updatedAt };
  });
  const next = obj(obj(v.pages).next);
  return {
    stubs,
    totalCount: seconds(v.total_count),
    nextCursor: str(next.starting_after) || null,
  };
}

export interface DeletedPage {
  deleted: { id: string; deletedAt: number }[];
  hasNext: boolean;
}

/** `GET /conversations/deleted`: here `pages.next` is a URL string, not an object. */
export function parseDeletedPage(v: unknown): DeletedPage {
  if (!isObject(v) || !Array.isArray(v.conversations)) {
    throw new ResponseShapeError("a list of deleted conversations was expected");
  }
  const deleted = v.conversations.map((c) => {
    const o = obj(c);
    return {
      id: requiredId(o.id, "a deleted conversation"),
      deletedAt: seconds(o.deleted_at) ?? 0,
    };
  });
  const next = obj(v.pages).next;
  return { deleted, hasNext: (typeof next === "string" && next !== "") || isObject(next) };
}

export function parseAdmins(v: unknown): Admin[] {
  return arr(obj(v).admins).filter(isObject).flatMap((a) => {
    const id = optionalId(a.id);
    return id === null ? [] : [{ id, name: str(a.name) ?? id, email: str(a.email) || null }];
  });
}

export function parseTeams(v: unknown): Team[] {
  return arr(obj(v).teams).filter(isObject).flatMap((t) => {
    const id = optionalId(t.id);
    return id === null ? [] : [{ id, name: str(t.name) ?? id }];
  });
}

export function parseTags(v: unknown): Tag[] {
  return tags(obj(v).data ?? obj(v).tags);
}

/** `POST /contacts/search`: a `list` of whole contacts in `data`, paged by cursor. */
export function parseContactList(
  v: unknown,
): { contacts: ContactProfile[]; nextCursor: string | null } {
  if (!isObject(v) || !Array.isArray(v.data)) {
    throw new ResponseShapeError("a list of contacts with a data array was expected");
  }
  return {
    contacts: v.data.filter((c) => optionalId(obj(c).id) !== null).map(parseContactProfile),
    nextCursor: str(obj(obj(v.pages).next).starting_after) || null,
  };
}

export interface Me {
  adminId: string;
  name: string | null;
  email: string | null;
  app: {
    idCode: string | null;
    name: string | null;
    region: string | null;
    timezone: string | null;
  };
}

export function parseMe(v: unknown): Me {
  const m = obj(v);
  const app = obj(m.app);
  return {
    adminId: requiredId(m.id, "the token's admin"),
    name: str(m.name),
    email: str(m.email),
    app: {
      idCode: str(app.id_code),
      name: str(app.name),
      region: str(app.region),
      timezone: str(app.timezone),
    },
  };
}

/** Ids in a list stub (`{data: [{id}]}`), as contacts name their tags and companies. */
function stubIds(v: unknown): string[] {
  return arr(obj(v).data).flatMap((x) => optionalId(obj(x).id) ?? []);
}

function number(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** A contact with every field a support person reads (`GET /contacts/{id}`, or a search's). */
export function parseContactProfile(v: unknown): ContactProfile {
  const c = obj(v);
  const id = requiredId(c.id, "a contact");
  const location = obj(c.location);
  return {
    id,
    externalId: str(c.external_id) || null,
    role: str(c.role) || null,
    name: str(c.name) || null,
    email: str(c.email)?.toLowerCase() || null,
    phone: str(c.phone) || null,
    location: {
      country: str(location.country) || null,
      region: str(location.region) || null,
      city: str(location.city) || null,
    },
    createdAt: seconds(c.created_at),
    updatedAt: seconds(c.updated_at) ?? seconds(c.created_at) ?? 0,
    lastSeenAt: seconds(c.last_seen_at),
    customAttributes: obj(c.custom_attributes),
    tagIds: stubIds(c.tags),
    companyIds: stubIds(c.companies),
  };
}

export function parseCompany(v: unknown): Company {
  const c = obj(v);
  const id = requiredId(c.id, "a company");
  return {
    id,
    companyId: str(c.company_id) || null,
    name: str(c.name) || id,
    plan: str(obj(c.plan).name) || null,
    size: number(c.size),
    monthlySpend: number(c.monthly_spend),
    industry: str(c.industry) || null,
    website: str(c.website) || null,
    userCount: number(c.user_count),
    customAttributes: obj(c.custom_attributes),
    updatedAt: seconds(c.updated_at),
  };
}
