// The simulated Intercom workspace behind the test double: admins, teams, tags, contacts and
// conversations held in memory in Intercom's own JSON shapes (API 2.16), plus the mutations tests need.

import {
  between,
  botMessage,
  closingMessage,
  customerFollowUp,
  customerMessage,
  internalNote,
  makeRng,
  pick,
  pickTopic,
  plainText,
  quickReplyPrompt,
  type Rng,
  subjectLine,
  teammateReply,
  type Topic,
} from "./text.ts";

export { plainText };

export type ConversationState = "open" | "closed" | "snoozed";
export type Priority = "none" | "low" | "medium" | "high" | "urgent";
export type FinResolution =
  | "assumed_resolution"
  | "confirmed_resolution"
  | "escalated"
  | "negative_feedback"
  | "procedure_handoff";

export interface Reference {
  type: string;
  id: string | null;
}

export interface PartAuthor {
  type: "admin" | "user" | "lead" | "bot";
  id: string;
  name: string | null;
  /** `""` for a customer whose email Intercom does not know. */
  email: string;
}

export interface ConversationPart {
  type: "conversation_part";
  id: string;
  /** comment, note, assignment, open, close, snoozed, quick_reply, … */
  part_type: string;
  /** HTML; null for event parts (assignment, open, close, snoozed). */
  body: string | null;
  created_at: number;
  updated_at: number;
  notified_at: number;
  assigned_to: Reference | null;
  author: PartAuthor;
  attachments: Attachment[];
  external_id: string | null;
  redacted: boolean;
  email_message_metadata: null;
  /** The conversation's state once this part was added. */
  state: ConversationState;
  tags: Array<{ type: "tag"; id: string; name: string }>;
  event_details: null;
  app_package_code: string | null;
}

export interface Attachment {
  type: "upload";
  name: string;
  url: string;
  content_type: string;
  filesize: number;
  width: number;
  height: number;
}

export interface SourceAuthor {
  type: "user" | "lead" | "admin";
  id: string;
  name: string | null;
  /** null or "" for about one conversation in ten: the email is then only on the contact. */
  email: string | null;
}

export interface AppliedTag {
  type: "tag";
  id: string;
  name: string;
  applied_at: number;
  applied_by: Reference;
}

/**
 * Intercom's statistics object. Metrics that do not apply yet are left out, as the description
 * types them as non-nullable integers.
 */
export interface ConversationStatistics {
  type: "conversation_statistics";
  time_to_assignment?: number;
  time_to_admin_reply?: number;
  time_to_first_close?: number;
  time_to_last_close?: number;
  median_time_to_reply?: number;
  handling_time?: number;
  first_contact_reply_at?: number;
  first_assignment_at?: number;
  first_admin_reply_at?: number;
  first_close_at?: number;
  last_assignment_at?: number;
  last_contact_reply_at?: number;
  last_admin_reply_at?: number;
  last_close_at?: number;
  /** A number, as the real API sends it (the description says string). */
  last_closed_by_id?: number;
  count_reopens: number;
  count_assignments: number;
  /** The full number of parts, also when GET /conversations/{id} returns only the last 500. */
  count_conversation_parts: number;
}

/** A conversation exactly as GET /conversations/{id} would return it, with every part (uncapped). */
export interface ConversationRecord {
  type: "conversation";
  id: string;
  title: string | null;
  created_at: number;
  updated_at: number;
  waiting_since: number | null;
  snoozed_until: number | null;
  source: {
    type: "conversation" | "email";
    id: string;
    delivered_as: "customer_initiated" | "admin_initiated";
    /** Text with HTML entities; often "". */
    subject: string;
    /** HTML. */
    body: string;
    author: SourceAuthor;
    attachments: Attachment[];
    url: string | null;
    redacted: boolean;
  };
  contacts: {
    type: "contact.list";
    contacts: Array<{ type: "contact"; id: string; external_id: string | null }>;
  };
  first_contact_reply: { created_at: number; type: "conversation"; url: string | null } | null;
  /** 0 when unassigned. */
  admin_assignee_id: number;
  /** 0 when unassigned. */
  team_assignee_id: number;
  open: boolean;
  state: ConversationState;
  read: boolean;
  tags: { type: "tag.list"; tags: AppliedTag[] };
  priority: Priority;
  sla_applied: { type: "conversation_sla_summary"; sla_name: string; sla_status: string } | null;
  statistics: ConversationStatistics;
  conversation_rating: {
    rating: number;
    remark: string;
    created_at: number;
    updated_at: number;
    contact: { type: "contact"; id: string; external_id: string | null };
    teammate: Reference;
  } | null;
  teammates: { type: "admin.list"; teammates: Reference[] } | null;
  custom_attributes: Record<string, string | number>;
  topics: Record<string, never>;
  ticket: null;
  linked_objects: { type: "list"; data: never[]; total_count: 0; has_more: false };
  ai_agent: {
    source_type: "workflow";
    source_title: string;
    last_answer_type: "ai_answer" | null;
    resolution_state: FinResolution | null;
    rating: number | null;
    rating_remark: string | null;
  } | null;
  ai_agent_participated: boolean;
  conversation_parts: {
    type: "conversation_part.list";
    conversation_parts: ConversationPart[];
    total_count: number;
  };
}

interface ListStub {
  type: "list";
  data: never[];
  url: string;
  total_count: 0;
  has_more: false;
}

/** A contact as GET /contacts/{id} returns it. */
export interface Contact {
  type: "contact";
  id: string;
  workspace_id: string;
  external_id: string | null;
  role: "user" | "lead";
  email: string;
  email_domain?: string;
  phone: string | null;
  name: string | null;
  avatar: null;
  owner_id: null;
  social_profiles: { type: "list"; data: never[] };
  has_hard_bounced: boolean;
  marked_email_as_spam: boolean;
  unsubscribed_from_emails: boolean;
  created_at: number;
  updated_at: number;
  signed_up_at: number | null;
  last_seen_at: number | null;
  last_replied_at: number | null;
  last_contacted_at: number | null;
  last_email_opened_at: number | null;
  last_email_clicked_at: number | null;
  language_override: string | null;
  browser: string | null;
  browser_version: string | null;
  browser_language: string | null;
  os: string | null;
  location: {
    type: "location";
    country: string | null;
    region: string | null;
    city: string | null;
    country_code: string | null;
    continent_code: string | null;
  };
  android_app_name: null;
  android_app_version: null;
  android_device: null;
  android_os_version: null;
  android_sdk_version: null;
  android_last_seen_at: null;
  ios_app_name: null;
  ios_app_version: null;
  ios_device: null;
  ios_os_version: null;
  ios_sdk_version: null;
  ios_last_seen_at: null;
  custom_attributes: Record<string, string | number>;
  tags: ListStub;
  notes: ListStub;
  companies: ListStub;
  opted_out_subscription_types: ListStub;
  opted_in_subscription_types: ListStub;
  utm_campaign: null;
  utm_content: null;
  utm_medium: null;
  utm_source: null;
  utm_term: null;
  referrer: null;
  enabled_push_messaging: null;
}

/**
 * A contact record. `merged_into` marks a contact merged into another one: the API then
 * answers 410 `contact_merged` with a Link header to that contact. It is never sent.
 */
export type ContactRecord = Contact & { merged_into?: string };

export interface Admin {
  type: "admin";
  id: string;
  name: string;
  email: string;
  job_title: string;
  away_mode_enabled: boolean;
  away_mode_reassign: boolean;
  has_inbox_seat: boolean;
  team_ids: number[];
}

export interface Team {
  type: "team";
  id: string;
  name: string;
  admin_ids: number[];
}

export interface Tag {
  type: "tag";
  id: string;
  name: string;
}

export interface DeletedConversation {
  id: string;
  deleted_at: number;
  metrics_retained: boolean;
}

export interface Workspace {
  app: {
    id_code: string;
    name: string;
    region: "US" | "EU" | "AU";
    timezone: string;
    created_at: number;
  };
  /** The admin the access token belongs to (GET /me). */
  me: Admin;
  admins: Admin[];
  teams: Team[];
  tags: Tag[];
  contacts: Map<string, ContactRecord>;
  conversations: Map<string, ConversationRecord>;
  /** Oldest first. */
  deleted: DeletedConversation[];
  /** Unix seconds used for mutations; real time unless a test injects its own clock. */
  clock: () => number;
  /**
   * Bumped by every mutation below; the double caches search results per revision, so a test
   * that edits records by hand must bump it too.
   */
  revision: number;
}

export interface WorkspaceOptions {
  /** Default 1. */
  seed?: number;
  /** Conversations updated within the last `days` days. Default 200. */
  conversations?: number;
  /** Spread of updated_at over the last N days. Default 20. */
  days?: number;
  /** Extra conversations updated 40–90 days ago. Default 5% of `conversations`. */
  olderConversations?: number;
  /** Threads of 520–700 parts. Default 1 when conversations >= 50, else 0. */
  longThreads?: number;
  /** Groups of 5–40 conversations sharing one updated_at second. Default 3 when conversations >= 50, else 0. */
  sameSecondGroups?: number;
  /** Conversations already deleted (ids only). Default 2% of `conversations`. */
  deleted?: number;
  /** Mean parts per conversation. Default 7. */
  partsPerConversation?: number;
  /** Unix seconds. Default now. */
  now?: number;
}

const CONVERSATION_ID_BASE = 215470000000;
const PART_ID_BASE = 31200000000;
const SOURCE_ID_BASE = 403918000;
const DAY = 86400;

const ADMIN_NAMES: ReadonlyArray<[string, string]> = [
  ["Amelia Watts", "Head of Support"],
  ["Jonas Müller", "Support Engineer"],
  ["Priya Raman", "Support Specialist"],
  ["Mateo García", "Billing Specialist"],
  ["Chloé Martin", "Customer Success Manager"],
  ["Kenji Watanabe", "Support Engineer"],
  ["Fatima Al-Sayed", "Support Specialist"],
  ["Noa Levi", "Technical Account Manager"],
  ["Liam O'Brien", "Support Specialist"],
  ["Zoë Clarke", "Support Lead"],
  ["Björn Lindqvist", "Solutions Engineer"],
  ["Sofia Rossi", "Billing Specialist"],
];

const TEAM_DEFS: ReadonlyArray<[string, number[]]> = [
  ["Support Tier 1", [0, 2, 6, 8, 9]],
  ["Billing & Payments", [3, 11, 0]],
  ["Technical Escalations", [1, 5, 10]],
  ["Customer Success", [4, 7]],
];

const TAG_NAMES = [
  "billing",
  "refund",
  "bug",
  "feature-request",
  "vip",
  "sso",
  "api",
  "churn-risk",
  "urgent",
  "shipping",
  "webhooks",
  "export",
  "integration",
  "needs-eng",
  "follow-up",
  "😀 happy",
];

const FIRST_NAMES = [
  "Olivia",
  "Lucas",
  "Zoë",
  "José",
  "Björn",
  "François",
  "Siobhán",
  "Mateusz",
  "Ayşe",
  "Łukasz",
  "Hiroshi",
  "Mei",
  "Aarav",
  "Fatima",
  "Yusuf",
  "Noa",
  "Chiara",
  "Søren",
  "Ingrid",
  "Camila",
  "Thabo",
  "Ana",
  "Dmitri",
  "Emma",
  "Noah",
  "Grace",
  "Omar",
  "Leila",
];
const LAST_NAMES = [
  "García",
  "Müller",
  "O'Connor",
  "Nakamura",
  "Kowalski",
  "Dubois",
  "Søndergaard",
  "Haddad",
  "Cohen",
  "Rossi",
  "Silva",
  "Öztürk",
  "Nguyễn",
  "Chen",
  "Patel",
  "Andersson",
  "Novák",
  "Ferreira",
  "Smith",
  "Brown",
];
const NATIVE_NAMES = ["山田 太郎", "王芳", "김민준", "ليلى حداد", "דניאל כהן", "Алексей Смирнов"];
const EMAIL_DOMAINS = [
  "example.com",
  "example.org",
  "example.net",
  "mail.example",
  "acme.example",
  "globex.example",
  "initech.example",
  "umbrella.example",
  "hooli.example",
];
const LOCATIONS: ReadonlyArray<[string, string, string, string, string]> = [
  ["United States", "California", "San Francisco", "US", "NA"],
  ["Ireland", "Dublin", "Dublin", "IE", "EU"],
  ["Germany", "Berlin", "Berlin", "DE", "EU"],
  ["France", "Île-de-France", "Paris", "FR", "EU"],
  ["Japan", "Tokyo", "Tokyo", "JP", "AS"],
  ["Brazil", "São Paulo", "São Paulo", "BR", "SA"],
  ["Israel", "Tel Aviv", "Tel Aviv", "IL", "AS"],
  ["Egypt", "Cairo", "Cairo", "EG", "AF"],
];

const TOPIC_TAGS: Record<Topic, string> = {
  billing: "billing",
  refund: "refund",
  invoice: "billing",
  sso: "sso",
  password: "follow-up",
  api: "api",
  webhook: "webhooks",
  export: "export",
  integration: "integration",
  bug: "bug",
  feature: "feature-request",
  shipping: "shipping",
};

const PRIORITIES: readonly Priority[] = ["none", "none", "none", "low", "medium", "high", "urgent"];

const ATTACHMENT: Attachment = {
  type: "upload",
  name: "screenshot.png",
  url: "https://downloads.intercomcdn.example/i/o/screenshot.png",
  content_type: "image/png",
  filesize: 184_223,
  width: 1280,
  height: 800,
};

// Parts share one frozen empty array for attachments and tags: at 100k conversations a fresh
// pair per part doubles the garbage collector's work during generation.
const NONE: never[] = Object.freeze([]) as unknown as never[];

/** Counters the mutations need, kept beside the workspace rather than in its public shape. */
const nextIds = new WeakMap<Workspace, { conversation: number; part: number }>();

/** `4 * groups` hex digits, like the ids Intercom gives contacts. */
function hex(rng: Rng, groups: number): string {
  let out = "";
  for (let i = 0; i < groups; i++) {
    out += Math.floor(rng() * 0x10000).toString(16).padStart(4, "0");
  }
  return out;
}

function asciiLocal(name: string): string {
  return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, ".").replace(/^\.|\.$/g, "");
}

function listStub(contactId: string, what: string): ListStub {
  return {
    type: "list",
    data: [],
    url: `/contacts/${contactId}/${what}`,
    total_count: 0,
    has_more: false,
  };
}

export function makeContact(
  rng: Rng,
  index: number,
  workspaceId: string,
  createdAt: number,
): ContactRecord {
  const id = hex(rng, 6);
  const role = rng() < 0.8 ? "user" : "lead";
  const native = rng() < 0.06;
  const name = native
    ? pick(rng, NATIVE_NAMES)
    : role === "lead" && rng() < 0.3
    ? null
    : `${pick(rng, FIRST_NAMES)} ${pick(rng, LAST_NAMES)}`;
  const local = (name && asciiLocal(name)) || `customer${index}`;
  const domain = pick(rng, EMAIL_DOMAINS);
  const [country, region, city, countryCode, continent] = pick(rng, LOCATIONS);
  return {
    type: "contact",
    id,
    workspace_id: workspaceId,
    external_id: role === "user" ? String(between(rng, 1000, 999999)) : null,
    role,
    email: `${local}${index}@${domain}`,
    email_domain: domain,
    phone: rng() < 0.2 ? `+1${between(rng, 2000000000, 9999999999)}` : null,
    name,
    avatar: null,
    owner_id: null,
    social_profiles: { type: "list", data: [] },
    has_hard_bounced: false,
    marked_email_as_spam: false,
    unsubscribed_from_emails: rng() < 0.05,
    created_at: createdAt,
    updated_at: createdAt,
    signed_up_at: role === "user" ? createdAt : null,
    last_seen_at: null,
    last_replied_at: null,
    last_contacted_at: null,
    last_email_opened_at: null,
    last_email_clicked_at: null,
    language_override: null,
    browser: rng() < 0.5 ? "chrome" : null,
    browser_version: null,
    browser_language: rng() < 0.5 ? "en-US" : null,
    os: rng() < 0.5 ? "OS X 14.5" : null,
    location: {
      type: "location",
      country,
      region,
      city,
      country_code: countryCode,
      continent_code: continent,
    },
    android_app_name: null,
    android_app_version: null,
    android_device: null,
    android_os_version: null,
    android_sdk_version: null,
    android_last_seen_at: null,
    ios_app_name: null,
    ios_app_version: null,
    ios_device: null,
    ios_os_version: null,
    ios_sdk_version: null,
    ios_last_seen_at: null,
    custom_attributes: {},
    tags: listStub(id, "tags"),
    notes: listStub(id, "notes"),
    companies: listStub(id, "companies"),
    opted_out_subscription_types: listStub(id, "subscriptions"),
    opted_in_subscription_types: listStub(id, "subscriptions"),
    utm_campaign: null,
    utm_content: null,
    utm_medium: null,
    utm_source: null,
    utm_term: null,
    referrer: null,
    enabled_push_messaging: null,
  };
}

function firstName(name: string | null): string {
  return name ? name.split(" ")[0] : "there";
}

/** What one conversation looks like before ids are assigned: its times and its shape. */
interface Plan {
  createdAt: number;
  updatedAt: number;
  parts: number;
}

/** `count` times spread over (start, end], sorted, the last exactly at `end`. */
function spreadTimes(rng: Rng, start: number, end: number, count: number): number[] {
  const gaps: number[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const gap = -Math.log(1 - rng()) + 0.05;
    gaps.push(gap);
    total += gap;
  }
  const span = end - start - 1;
  const times: number[] = [];
  let acc = 0;
  for (let i = 0; i < count; i++) {
    acc += gaps[i];
    times.push(start + 1 + Math.floor((acc / total) * span));
  }
  times[count - 1] = end;
  return times;
}

interface Cast {
  workspaceId: string;
  admins: Admin[];
  adminAuthors: PartAuthor[];
  bot: PartAuthor;
  teams: Team[];
  tags: Tag[];
}

/**
 * The topic each generated conversation is about: the ground truth that search evaluations judge
 * results by. Not part of what the double serves.
 */
export const TOPIC_OF: WeakMap<ConversationRecord, Topic> = new WeakMap();

/**
 * Builds one conversation with `plan.parts` parts. The shape of the thread (who writes when,
 * which events happen) follows the state the conversation ends in.
 */
function buildConversation(
  rng: Rng,
  cast: Cast,
  id: string,
  firstPartId: number,
  plan: Plan,
  contact: ContactRecord,
  hideEmail: boolean,
): ConversationRecord {
  const topic = pickTopic(rng);
  // Handling details draw from their own stream, so the rest of the workspace stays as it was.
  const extra = makeRng((Number(id) % 2147483647) ^ 0x5bd1e995);
  const u = rng();
  const state: ConversationState = u < 0.6 ? "closed" : u < 0.9 ? "open" : "snoozed";
  const outbound = rng() < 0.05;
  const viaEmail = !outbound && rng() < 0.25;
  const customerName = contact.name;
  const customer: PartAuthor = {
    type: contact.role,
    id: contact.id,
    name: customerName,
    email: hideEmail ? "" : contact.email,
  };
  const assignee = rng() < 0.8 ? pick(rng, cast.admins) : null;
  const team = rng() < 0.7 ? pick(rng, cast.teams) : null;
  const assigneeAuthor = assignee
    ? cast.adminAuthors[cast.admins.indexOf(assignee)]
    : pick(rng, cast.adminAuthors);
  const botInvolved = !outbound && rng() < 0.3;

  const times = spreadTimes(rng, plan.createdAt, plan.updatedAt, plan.parts);
  const parts: ConversationPart[] = [];
  let current: ConversationState = "open";
  let partId = firstPartId;
  const add = (
    partType: string,
    body: string | null,
    author: PartAuthor,
    assignedTo: Reference | null = null,
  ) => {
    const t = times[parts.length];
    parts.push({
      type: "conversation_part",
      id: String(partId++),
      part_type: partType,
      body,
      created_at: t,
      updated_at: t,
      notified_at: t,
      assigned_to: assignedTo,
      author,
      attachments: partType === "comment" && rng() < 0.03 ? [ATTACHMENT] : NONE,
      external_id: null,
      redacted: false,
      email_message_metadata: null,
      state: current,
      tags: NONE,
      event_details: null,
      app_package_code: null,
    });
  };

  const customerFirst = firstName(customerName);
  const adminFirst = firstName(assigneeAuthor.name);
  const colleague = firstName(pick(rng, cast.admins).name);
  // Slots before the closing event; the final part sets the end state.
  const lastIndex = plan.parts - 1;
  let customerTurn = outbound;
  let assigned = false;
  while (parts.length < lastIndex) {
    const i = parts.length;
    if (botInvolved && i === 0) {
      add("comment", botMessage(rng), cast.bot);
      continue;
    }
    if (botInvolved && i === 1) {
      add("quick_reply", quickReplyPrompt(rng), cast.bot);
      continue;
    }
    if (!assigned && (assignee || team) && rng() < 0.6) {
      assigned = true;
      const to: Reference = assignee
        ? { type: "admin", id: assignee.id }
        : { type: "team", id: team!.id };
      add("assignment", null, rng() < 0.5 ? cast.bot : assigneeAuthor, to);
      continue;
    }
    const r = rng();
    if (r < 0.1) {
      add("note", internalNote(rng, topic, colleague), assigneeAuthor);
    } else if (r < 0.13 && i > 2) {
      // A conversation closed and reopened on the way.
      current = "closed";
      add("close", null, assigneeAuthor);
      current = "open";
      if (parts.length < lastIndex) add("open", null, customer);
    } else if (customerTurn) {
      add("comment", customerFollowUp(rng, topic), customer);
      customerTurn = false;
    } else {
      add("comment", teammateReply(rng, topic, customerFirst, adminFirst), assigneeAuthor);
      customerTurn = true;
    }
  }
  if (state === "closed") {
    current = "closed";
    add("close", rng() < 0.2 ? closingMessage(rng) : null, assigneeAuthor);
  } else if (state === "snoozed") {
    current = "snoozed";
    add("snoozed", null, assigneeAuthor);
  } else if (rng() < 0.6) {
    add("comment", customerFollowUp(rng, topic), customer);
  } else {
    add("comment", teammateReply(rng, topic, customerFirst, adminFirst), assigneeAuthor);
  }

  const subject = viaEmail || rng() < 0.1 ? subjectLine(rng, topic) : "";
  const source: ConversationRecord["source"] = {
    type: viaEmail ? "email" : "conversation",
    id: String(SOURCE_ID_BASE + Number(id) % 100_000_000),
    delivered_as: outbound ? "admin_initiated" : "customer_initiated",
    subject,
    body: outbound
      ? teammateReply(rng, topic, customerFirst, adminFirst)
      : customerMessage(rng, topic, customerFirst),
    author: outbound ? { ...assigneeAuthor, type: "admin" } : {
      type: contact.role,
      id: contact.id,
      name: customerName,
      email: hideEmail ? (rng() < 0.5 ? null : "") : contact.email,
    },
    attachments: !outbound && rng() < 0.04 ? [ATTACHMENT] : [],
    url: viaEmail || outbound
      ? null
      : rng() < 0.5
      ? "https://app.example.com/dashboard"
      : "https://www.example.com/pricing",
    redacted: false,
  };

  const tagCount = rng() < 0.35 ? 0 : rng() < 0.7 ? 1 : 2;
  const tags: AppliedTag[] = [];
  const topicTag = cast.tags.find((t) => t.name === TOPIC_TAGS[topic])!;
  for (let k = 0; k < tagCount; k++) {
    const tag = k === 0 ? topicTag : pick(rng, cast.tags);
    if (tags.some((t) => t.id === tag.id)) continue;
    tags.push({
      type: "tag",
      id: tag.id,
      name: tag.name,
      applied_at: between(rng, plan.createdAt, plan.updatedAt),
      applied_by: { type: "admin", id: assigneeAuthor.id },
    });
  }

  const conversation: ConversationRecord = {
    type: "conversation",
    id,
    title: rng() < 0.5 ? null : plainText(subjectLine(rng, topic)),
    created_at: plan.createdAt,
    updated_at: plan.updatedAt,
    waiting_since: null,
    snoozed_until: state === "snoozed" ? plan.updatedAt + between(rng, 1, 72) * 3600 : null,
    source,
    contacts: {
      type: "contact.list",
      contacts: [{ type: "contact", id: contact.id, external_id: contact.external_id }],
    },
    first_contact_reply: null,
    admin_assignee_id: assignee ? Number(assignee.id) : 0,
    team_assignee_id: team ? Number(team.id) : 0,
    open: state !== "closed",
    state,
    read: rng() < 0.7,
    tags: { type: "tag.list", tags },
    priority: pick(rng, PRIORITIES),
    sla_applied: rng() < 0.15
      ? {
        type: "conversation_sla_summary",
        sla_name: "First reply in 4h",
        sla_status: pick(rng, ["hit", "missed", "active"]),
      }
      : null,
    statistics: {
      type: "conversation_statistics",
      count_reopens: 0,
      count_assignments: 0,
      count_conversation_parts: 0,
    },
    conversation_rating: null,
    teammates: null,
    custom_attributes: rng() < 0.3
      ? { "Plan": pick(rng, ["Starter", "Pro", "Business"]), "Seats": between(rng, 1, 200) }
      : {},
    topics: {},
    ticket: null,
    linked_objects: { type: "list", data: [], total_count: 0, has_more: false },
    ai_agent: botInvolved ? finOutcome(rng() < 0.7, extra) : null,
    ai_agent_participated: botInvolved,
    conversation_parts: {
      type: "conversation_part.list",
      conversation_parts: parts,
      total_count: parts.length,
    },
  };
  if (state === "closed" && rng() < 0.25) {
    conversation.conversation_rating = {
      rating: stars(rng()),
      remark: extra() < 0.3 ? pick(extra, RATING_REMARKS) : "",
      created_at: plan.updatedAt,
      updated_at: plan.updatedAt,
      contact: { type: "contact", id: contact.id, external_id: contact.external_id },
      teammate: { type: "admin", id: assigneeAuthor.id },
    };
  }
  recompute(conversation);
  TOPIC_OF.set(conversation, topic);
  return conversation;
}

const RATING_REMARKS = [
  "Quick and clear, thanks!",
  "Took a while but solved.",
  "Still not working for me.",
  "Great help from the team",
];

/** Ratings lean happy, as real CSAT does: about 80% are 4 or 5. */
function stars(u: number): number {
  return u < 0.05 ? 1 : u < 0.1 ? 2 : u < 0.2 ? 3 : u < 0.45 ? 4 : 5;
}

/** What Fin did in a conversation it took part in; with no answer given, no resolution. */
function finOutcome(answered: boolean, rng: Rng): NonNullable<ConversationRecord["ai_agent"]> {
  const u = rng();
  const resolution: FinResolution | null = !answered
    ? null
    : u < 0.4
    ? "assumed_resolution"
    : u < 0.55
    ? "confirmed_resolution"
    : u < 0.85
    ? "escalated"
    : u < 0.95
    ? "negative_feedback"
    : "procedure_handoff";
  const rated = resolution !== null && rng() < 0.3;
  return {
    source_type: "workflow",
    source_title: "Fin for support",
    last_answer_type: answered ? "ai_answer" : null,
    resolution_state: resolution,
    rating: rated ? stars(rng()) : null,
    rating_remark: rated && rng() < 0.5 ? "The answer was what I needed" : null,
  };
}

/**
 * Intercom computes a conversation's time metrics some time after it changes: about one
 * conversation in eight comes with its counts but none of its times, as if just changed.
 */
function statisticsLag(c: ConversationRecord): boolean {
  return Number(c.id) % 8 === 3;
}

/** Derives statistics, waiting_since, first_contact_reply and teammates from the parts. */
function recompute(c: ConversationRecord): void {
  const parts = c.conversation_parts.conversation_parts;
  const s: ConversationStatistics = {
    type: "conversation_statistics",
    count_reopens: 0,
    count_assignments: 0,
    count_conversation_parts: parts.length,
  };
  const teammates = new Set<string>();
  let waiting: number | null = c.source.author.type === "admin" ? null : c.created_at;
  let firstContact: number | null = c.source.author.type === "admin" ? null : c.created_at;
  // The customer message each teammate reply answers, for the median time to reply.
  let lastContact: number | null = firstContact;
  const replyTimes: number[] = [];
  for (const p of parts) {
    const byCustomer = p.author.type === "user" || p.author.type === "lead";
    if (p.part_type === "comment" && byCustomer) {
      firstContact ??= p.created_at;
      lastContact ??= p.created_at;
      s.last_contact_reply_at = p.created_at;
      waiting ??= p.created_at;
    } else if (p.part_type === "comment" && p.author.type === "admin") {
      // Intercom's "first admin reply" is the first after the customer wrote.
      if (firstContact !== null) s.first_admin_reply_at ??= p.created_at;
      if (firstContact !== null && lastContact !== null) {
        replyTimes.push(p.created_at - lastContact);
        lastContact = null;
      }
      s.last_admin_reply_at = p.created_at;
      teammates.add(p.author.id);
      waiting = null;
    } else if (p.part_type === "assignment") {
      s.first_assignment_at ??= p.created_at;
      s.last_assignment_at = p.created_at;
      s.count_assignments++;
    } else if (p.part_type === "close") {
      s.first_close_at ??= p.created_at;
      s.last_close_at = p.created_at;
      if (p.author.type === "admin") s.last_closed_by_id = Number(p.author.id);
      waiting = null;
    } else if (p.part_type === "open" && s.first_close_at !== undefined) {
      s.count_reopens++;
    }
  }
  if (firstContact !== null) {
    s.first_contact_reply_at = firstContact;
    if (s.first_assignment_at !== undefined) {
      s.time_to_assignment = Math.max(0, s.first_assignment_at - firstContact);
    }
    if (s.first_admin_reply_at !== undefined) {
      s.time_to_admin_reply = Math.max(0, s.first_admin_reply_at - firstContact);
    }
    if (s.first_close_at !== undefined) s.time_to_first_close = s.first_close_at - c.created_at;
    if (s.last_close_at !== undefined) s.time_to_last_close = s.last_close_at - c.created_at;
    if (replyTimes.length) {
      replyTimes.sort((a, b) => a - b);
      s.median_time_to_reply = replyTimes[Math.floor((replyTimes.length - 1) / 2)];
    }
    if (s.first_assignment_at !== undefined && s.last_close_at !== undefined) {
      s.handling_time = Math.max(0, s.last_close_at - s.first_assignment_at);
    }
  }
  if (statisticsLag(c)) {
    delete s.time_to_assignment;
    delete s.time_to_admin_reply;
    delete s.time_to_first_close;
    delete s.time_to_last_close;
    delete s.median_time_to_reply;
    delete s.handling_time;
  }
  c.statistics = s;
  c.waiting_since = c.state === "open" ? waiting : null;
  c.first_contact_reply = firstContact === null
    ? null
    : { created_at: firstContact, type: "conversation", url: c.source.url };
  c.teammates = teammates.size === 0
    ? null
    : { type: "admin.list", teammates: [...teammates].map((id) => ({ type: "admin", id })) };
}

/** Builds a whole workspace from a seed; the same options always give the same workspace. */
export function generateWorkspace(opts: WorkspaceOptions = {}): Workspace {
  const seed = opts.seed ?? 1;
  const rng = makeRng(seed);
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const recent = opts.conversations ?? 200;
  const days = opts.days ?? 20;
  const older = opts.olderConversations ?? Math.round(recent * 0.05);
  const longThreads = opts.longThreads ?? (recent >= 50 ? 1 : 0);
  const groups = opts.sameSecondGroups ?? (recent >= 50 ? 3 : 0);
  const deletedCount = opts.deleted ?? Math.round(recent * 0.02);
  const meanParts = opts.partsPerConversation ?? 7;

  const workspaceId = hex(rng, 2);
  const appCreated = now - 3 * 365 * DAY;
  const teams: Team[] = TEAM_DEFS.map(([name], i) => ({
    type: "team",
    id: String(5017691 + i * 7),
    name,
    admin_ids: [],
  }));
  const admins: Admin[] = ADMIN_NAMES.map(([name, job], i) => ({
    type: "admin",
    id: String(991267459 + i * 13),
    name,
    email: `${asciiLocal(name).replace(/\./g, "")}@brightdesk.example`,
    job_title: job,
    away_mode_enabled: i === 7,
    away_mode_reassign: false,
    has_inbox_seat: true,
    team_ids: [],
  }));
  TEAM_DEFS.forEach(([, members], t) => {
    for (const m of members) {
      teams[t].admin_ids.push(Number(admins[m].id));
      admins[m].team_ids.push(Number(teams[t].id));
    }
  });
  const tags: Tag[] = TAG_NAMES.map((name, i) => ({ type: "tag", id: String(102 + i), name }));
  const cast: Cast = {
    workspaceId,
    admins,
    adminAuthors: admins.map((a) => ({ type: "admin", id: a.id, name: a.name, email: a.email })),
    bot: { type: "bot", id: "8723104", name: "Fin", email: `operator+${workspaceId}@intercom.io` },
    teams,
    tags,
  };

  // Plan every conversation first so ids can follow creation time, as Intercom's do.
  const total = recent + older;
  const plans: Plan[] = [];
  for (let i = 0; i < total; i++) {
    const isOld = i >= recent;
    const updatedAt = isOld
      ? now - Math.floor((40 + rng() * 50) * DAY)
      : now - 30 - Math.floor(rng() * (days * DAY - 30));
    const parts = Math.min(80, 1 + Math.floor(-Math.log(1 - rng()) * (meanParts - 0.5)));
    const shape = rng();
    const duration = shape < 0.4
      ? between(rng, 300, 3 * 3600)
      : shape < 0.8
      ? between(rng, 3 * 3600, 2 * DAY)
      : between(rng, 2 * DAY, 14 * DAY);
    plans.push({ createdAt: updatedAt - Math.max(duration, parts + 1), updatedAt, parts });
  }
  for (let i = 0; i < longThreads && i < recent; i++) {
    const p = plans[i];
    p.parts = between(rng, 520, 700);
    p.createdAt = p.updatedAt - between(rng, 10 * DAY, 40 * DAY);
  }
  // Same-second groups: the sync must not lose conversations that tie on updated_at.
  let grouped = longThreads;
  for (let g = 0; g < groups; g++) {
    const second = now - 60 - Math.floor(rng() * (days * DAY - 120));
    const size = Math.min(between(rng, 5, 40), Math.floor(recent * 0.3 / groups));
    for (let k = 0; k < size && grouped < recent; k++, grouped++) {
      const p = plans[grouped];
      const shift = second - p.updatedAt;
      p.updatedAt = second;
      p.createdAt += shift;
    }
  }
  plans.sort((a, b) => a.createdAt - b.createdAt);

  // Deleted conversations take their places in the id sequence.
  const slots = total + deletedCount;
  const deletedSlots = new Set<number>();
  while (deletedSlots.size < deletedCount) deletedSlots.add(Math.floor(rng() * slots));

  const contactPool = Math.max(1, Math.round(total * 0.6));
  const contacts = new Map<string, ContactRecord>();
  const contactList: ContactRecord[] = [];
  for (let i = 0; i < contactPool; i++) {
    const c = makeContact(rng, i, workspaceId, appCreated + Math.floor(rng() * 2 * 365 * DAY));
    contacts.set(c.id, c);
    contactList.push(c);
  }

  const conversations = new Map<string, ConversationRecord>();
  const deleted: DeletedConversation[] = [];
  const hiddenEmail: ConversationRecord[] = [];
  let partId = PART_ID_BASE;
  let planIndex = 0;
  for (let slot = 0; slot < slots; slot++) {
    const id = String(CONVERSATION_ID_BASE + slot);
    if (deletedSlots.has(slot)) {
      deleted.push({
        id,
        deleted_at: now - 60 - Math.floor(rng() * (days * DAY - 60)),
        metrics_retained: rng() < 0.5,
      });
      continue;
    }
    const plan = plans[planIndex++];
    const contact = pick(rng, contactList);
    const hide = rng() < 0.1;
    const c = buildConversation(rng, cast, id, partId, plan, contact, hide);
    partId += plan.parts;
    conversations.set(id, c);
    if (hide) hiddenEmail.push(c);
  }
  deleted.sort((a, b) => a.deleted_at - b.deleted_at || Number(a.id) - Number(b.id));

  // A couple of the email-less conversations point at a contact that has since been merged.
  let merged = 0;
  for (const c of hiddenEmail) {
    if (merged === 2) break;
    const old = contacts.get(c.contacts.contacts[0].id)!;
    if (old.merged_into) continue;
    const canonical: ContactRecord = {
      ...makeContact(rng, contactPool + merged, workspaceId, now - 5 * DAY),
      email: old.email,
      name: old.name,
    };
    contacts.set(canonical.id, canonical);
    old.merged_into = canonical.id;
    merged++;
  }

  const ws: Workspace = {
    app: {
      id_code: workspaceId,
      name: "Brightdesk Support",
      region: "US",
      timezone: "America/New_York",
      created_at: appCreated,
    },
    me: admins[0],
    admins,
    teams,
    tags,
    contacts,
    conversations,
    deleted,
    clock: () => Math.floor(Date.now() / 1000),
    revision: 0,
  };
  nextIds.set(ws, { conversation: CONVERSATION_ID_BASE + slots, part: partId });
  return ws;
}

function counters(ws: Workspace): { conversation: number; part: number } {
  let c = nextIds.get(ws);
  if (!c) {
    // A workspace assembled by hand: continue after the highest ids it holds.
    let conversation = CONVERSATION_ID_BASE;
    let part = PART_ID_BASE;
    for (const conv of ws.conversations.values()) {
      conversation = Math.max(conversation, Number(conv.id) + 1);
      for (const p of conv.conversation_parts.conversation_parts) {
        part = Math.max(part, Number(p.id) + 1);
      }
    }
    for (const d of ws.deleted) conversation = Math.max(conversation, Number(d.id) + 1);
    c = { conversation, part };
    nextIds.set(ws, c);
  }
  return c;
}

function mustGet(ws: Workspace, id: string): ConversationRecord {
  const c = ws.conversations.get(id);
  if (!c) throw new Error(`no conversation ${id} in the workspace`);
  return c;
}

function authorFor(
  ws: Workspace,
  c: ConversationRecord,
  type: "admin" | "user" | "bot",
): PartAuthor {
  if (type === "user") {
    const contact = ws.contacts.get(c.contacts.contacts[0].id);
    return {
      type: contact?.role ?? "user",
      id: c.contacts.contacts[0].id,
      name: contact?.name ?? null,
      email: contact?.email ?? "",
    };
  }
  if (type === "bot") {
    return {
      type: "bot",
      id: "8723104",
      name: "Fin",
      email: `operator+${ws.app.id_code}@intercom.io`,
    };
  }
  const admin = ws.admins.find((a) => Number(a.id) === c.admin_assignee_id) ?? ws.me;
  return { type: "admin", id: admin.id, name: admin.name, email: admin.email };
}

function appendPart(
  ws: Workspace,
  c: ConversationRecord,
  partType: string,
  body: string | null,
  author: PartAuthor,
): void {
  const now = ws.clock();
  const ids = counters(ws);
  c.conversation_parts.conversation_parts.push({
    type: "conversation_part",
    id: String(ids.part++),
    part_type: partType,
    body,
    created_at: now,
    updated_at: now,
    notified_at: now,
    assigned_to: null,
    author,
    attachments: [],
    external_id: null,
    redacted: false,
    email_message_metadata: null,
    state: c.state,
    tags: [],
    event_details: null,
    app_package_code: null,
  });
  c.conversation_parts.total_count = c.conversation_parts.conversation_parts.length;
  c.updated_at = now;
  recompute(c);
  ws.revision++;
}

/** Appends a part (a comment by the customer unless told otherwise) and bumps updated_at. */
export function addPart(
  ws: Workspace,
  id: string,
  part: { body: string | null; part_type?: string; author_type?: "admin" | "user" | "bot" },
): void {
  const c = mustGet(ws, id);
  appendPart(
    ws,
    c,
    part.part_type ?? "comment",
    part.body,
    authorFor(ws, c, part.author_type ?? "user"),
  );
}

/** Starts a new customer conversation and returns its id. `email: null` hides the author's email. */
export function createConversation(
  ws: Workspace,
  opts: { body?: string; subject?: string; email?: string | null } = {},
): string {
  const now = ws.clock();
  const ids = counters(ws);
  const id = String(ids.conversation++);
  const rng = makeRng(Number(id) % 2147483647);
  const contact = makeContact(rng, ws.contacts.size, ws.app.id_code, now);
  if (opts.email) contact.email = opts.email;
  ws.contacts.set(contact.id, contact);
  const body = opts.body ?? customerMessage(rng, pickTopic(rng), firstName(contact.name));
  const c: ConversationRecord = {
    type: "conversation",
    id,
    title: null,
    created_at: now,
    updated_at: now,
    waiting_since: now,
    snoozed_until: null,
    source: {
      type: "conversation",
      id: String(SOURCE_ID_BASE + Number(id) % 100_000_000),
      delivered_as: "customer_initiated",
      subject: opts.subject ?? "",
      body,
      author: {
        type: contact.role,
        id: contact.id,
        name: contact.name,
        email: opts.email === null ? null : contact.email,
      },
      attachments: [],
      url: null,
      redacted: false,
    },
    contacts: {
      type: "contact.list",
      contacts: [{ type: "contact", id: contact.id, external_id: contact.external_id }],
    },
    first_contact_reply: null,
    admin_assignee_id: 0,
    team_assignee_id: 0,
    open: true,
    state: "open",
    read: false,
    tags: { type: "tag.list", tags: [] },
    priority: "none",
    sla_applied: null,
    statistics: {
      type: "conversation_statistics",
      count_reopens: 0,
      count_assignments: 0,
      count_conversation_parts: 0,
    },
    conversation_rating: null,
    teammates: null,
    custom_attributes: {},
    topics: {},
    ticket: null,
    linked_objects: { type: "list", data: [], total_count: 0, has_more: false },
    ai_agent: null,
    ai_agent_participated: false,
    conversation_parts: { type: "conversation_part.list", conversation_parts: [], total_count: 0 },
  };
  recompute(c);
  ws.conversations.set(id, c);
  ws.revision++;
  return id;
}

/** Deletes a conversation: GET answers 404 from now on and /conversations/deleted lists it. */
export function deleteConversation(ws: Workspace, id: string): void {
  mustGet(ws, id);
  ws.conversations.delete(id);
  ws.deleted.push({ id, deleted_at: ws.clock(), metrics_retained: false });
  ws.revision++;
}

/** Opens, closes or snoozes a conversation the way a teammate would: an event part by an admin. */
export function setState(ws: Workspace, id: string, state: ConversationState): void {
  const c = mustGet(ws, id);
  c.state = state;
  c.open = state !== "closed";
  c.snoozed_until = state === "snoozed" ? ws.clock() + DAY : null;
  const partType = state === "open" ? "open" : state === "closed" ? "close" : "snoozed";
  appendPart(ws, c, partType, null, authorFor(ws, c, "admin"));
}

/** Conversations with updated_at >= since, oldest update first (ties by id). */
export function conversationsInWindow(ws: Workspace, sinceSeconds: number): ConversationRecord[] {
  const out: ConversationRecord[] = [];
  for (const c of ws.conversations.values()) if (c.updated_at >= sinceSeconds) out.push(c);
  return out.sort((a, b) => a.updated_at - b.updated_at || Number(a.id) - Number(b.id));
}

function plainSubject(subject: string): string {
  return subject === "" ? "" : plainText(subject);
}

/** A conversation as search results carry it: everything except conversation_parts. */
export function renderConversationListItem(c: ConversationRecord): Record<string, unknown> {
  const { conversation_parts: _parts, ...rest } = c;
  return rest;
}

/**
 * The JSON body of GET /conversations/{id}: the most recent `maxParts` (500) parts, oldest first,
 * bodies and subject as HTML or, with `plaintext`, as plain text.
 */
export function renderConversation(
  ws: Workspace,
  id: string,
  opts: { plaintext: boolean; maxParts?: number },
): Record<string, unknown> {
  const c = mustGet(ws, id);
  const all = c.conversation_parts.conversation_parts;
  const kept = all.slice(Math.max(0, all.length - (opts.maxParts ?? 500)));
  const parts = opts.plaintext
    ? kept.map((p) => ({ ...p, body: p.body === null ? null : plainText(p.body) }))
    : kept.map((p) => ({ ...p }));
  const source = opts.plaintext
    ? { ...c.source, subject: plainSubject(c.source.subject), body: plainText(c.source.body) }
    : c.source;
  return {
    ...c,
    source,
    conversation_parts: {
      type: "conversation_part.list",
      conversation_parts: parts,
      total_count: parts.length,
    },
  };
}

/**
 * The customer's email as a correct client ends up with it: the source author's, else the
 * contact's, following a merge to the contact it was merged into.
 */
export function customerEmail(ws: Workspace, id: string): string | null {
  const c = mustGet(ws, id);
  if (c.source.author.email) return c.source.author.email;
  let contact = ws.contacts.get(c.contacts.contacts[0].id);
  for (let hops = 0; contact?.merged_into && hops < 3; hops++) {
    contact = ws.contacts.get(contact.merged_into);
  }
  return contact?.email ?? null;
}
