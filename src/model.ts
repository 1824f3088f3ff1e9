// The domain: conversations as this program keeps them. The Intercom client produces these,
// the store keeps them, and neither knows about the other.

/** Who wrote a message or caused an event, as Intercom names it. */
export interface Author {
  /** admin, bot, user, lead, contact or team. */
  type: string;
  id: string | null;
  name: string | null;
  email: string | null;
}

/** One entry of a thread after the opening message: a reply, a note, or an event. */
export interface Part {
  id: string;
  /** comment, note, assignment, open, close, snoozed, quick_reply, … (open-ended). */
  partType: string;
  /** Plain text; null for events. */
  body: string | null;
  createdAt: number;
  updatedAt: number;
  author: Author;
  assignedTo: { type: string; id: string } | null;
  redacted: boolean;
  attachments: Attachment[];
}

export interface Attachment {
  name: string | null;
  url: string | null;
  contentType: string | null;
}

export interface Tag {
  id: string;
  name: string;
}

/** A whole conversation as `GET /conversations/{id}` describes it. */
export interface Conversation {
  id: string;
  createdAt: number;
  updatedAt: number;
  title: string | null;
  /** open, closed or snoozed. */
  state: string;
  read: boolean;
  /** none, low, medium, high or urgent. */
  priority: string;
  adminAssigneeId: string | null;
  teamAssigneeId: string | null;
  tags: Tag[];
  source: {
    type: string | null;
    subject: string;
    body: string;
    url: string | null;
    author: Author;
  };
  /** Ids of the contacts in the conversation; the first is the customer. */
  contactIds: string[];
  /** How many parts Intercom holds; more than `parts.length` when the thread was cut. */
  partsTotal: number;
  parts: Part[];
  /** How Intercom says the conversation was handled; absent where a caller built it by hand. */
  handling?: Handling;
}

/** Intercom's own account of a conversation's handling, as `GET /conversations/{id}` gives it. */
export interface Handling {
  /** customer_initiated, admin_initiated, … */
  deliveredAs: string | null;
  waitingSince: number | null;
  snoozedUntil: number | null;
  /** Intercom's `statistics` object as sent (times in seconds), or null when it sent none. */
  statistics: Record<string, number | string> | null;
  rating: {
    rating: number;
    remark: string | null;
    createdAt: number | null;
    teammateId: string | null;
  } | null;
  aiAgentParticipated: boolean;
  aiAgent: {
    sourceType: string | null;
    sourceTitle: string | null;
    lastAnswerType: string | null;
    resolutionState: string | null;
    rating: number | null;
    ratingRemark: string | null;
  } | null;
  sla: { name: string | null; status: string | null } | null;
  customAttributes: Record<string, unknown>;
}

/** A conversation as a search or list result names it: enough to decide whether to read it. */
export interface ConversationStub {
  id: string;
  updatedAt: number;
}

export interface Admin {
  id: string;
  name: string;
  email: string | null;
}

export interface Team {
  id: string;
  name: string;
}

export interface Contact {
  id: string;
  email: string | null;
  name: string | null;
  role: string | null;
}

/** A help-center article's content in one language. */
export interface ArticleText {
  /** e.g. "en"; "" when the help center is not multilingual and names no locale. */
  locale: string;
  title: string;
  description: string;
  /** Plain text. */
  body: string;
  /** published or draft. */
  state: string;
  url: string | null;
  updatedAt: number;
}

/** A help-center article as `GET /articles` lists it, in every language it has. */
export interface Article {
  id: string;
  /** published or draft (of the default language). */
  state: string;
  /** Collection and section ids, outermost first; empty when it stands alone. */
  parentIds: string[];
  authorId: string | null;
  createdAt: number;
  updatedAt: number;
  tags: string[];
  /** The default language's content first, then its translations. */
  texts: ArticleText[];
}

/** A help-center collection, or a section (a collection with a parent). */
export interface Collection {
  id: string;
  name: string;
  parentId: string | null;
  url: string | null;
  updatedAt: number;
}

/** A contact as a support person reads it: who, where, since when, and which companies. */
export interface ContactProfile {
  id: string;
  externalId: string | null;
  /** user or lead. */
  role: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  location: { country: string | null; region: string | null; city: string | null };
  createdAt: number | null;
  updatedAt: number;
  lastSeenAt: number | null;
  customAttributes: Record<string, unknown>;
  tagIds: string[];
  companyIds: string[];
}

export interface Company {
  id: string;
  /** The workspace's own id for it. */
  companyId: string | null;
  name: string;
  plan: string | null;
  size: number | null;
  monthlySpend: number | null;
  industry: string | null;
  website: string | null;
  userCount: number | null;
  customAttributes: Record<string, unknown>;
  updatedAt: number | null;
}

/** One field a ticket type asks for (`_default_title_`, `_default_description_`, or its own). */
export interface TicketTypeAttribute {
  id: string;
  name: string;
  /** string, list, integer, decimal, boolean, datetime or files. */
  dataType: string;
  description: string;
}

/** A ticket state; its category is one of submitted, in_progress, waiting_on_customer, resolved. */
export interface TicketState {
  id: string;
  category: string;
  /** What teammates see. */
  internalLabel: string;
  /** What the customer sees. */
  externalLabel: string | null;
}

/** A ticket type, with the fields it asks for and the states its tickets move through. */
export interface TicketType {
  id: string;
  name: string;
  description: string;
  /** Customer, Back-office or Tracker. */
  category: string | null;
  icon: string | null;
  archived: boolean;
  attributes: TicketTypeAttribute[];
  states: TicketState[];
  updatedAt: number | null;
}

/** One entry of a ticket's thread: a comment, a note, or an event (a state change). */
export interface TicketPart {
  id: string;
  partType: string;
  /** Plain text; null for events. */
  body: string | null;
  createdAt: number;
  updatedAt: number;
  author: Author;
  /** The state category once this part was added, and before it. */
  state: string | null;
  previousState: string | null;
}

/** A whole ticket as `GET /tickets/{id}` or a ticket search gives it. */
export interface Ticket {
  id: string;
  /** The number the inbox and the messenger show (#1042). */
  number: string | null;
  /** Customer, Back-office or Tracker. */
  category: string | null;
  title: string;
  description: string;
  /** The type's other fields, by name, as Intercom gives them. */
  attributes: Record<string, unknown>;
  type: TicketType | null;
  state: TicketState | null;
  open: boolean;
  isShared: boolean;
  contactIds: string[];
  adminAssigneeId: string | null;
  teamAssigneeId: string | null;
  createdAt: number;
  updatedAt: number;
  snoozedUntil: number | null;
  /** Linked conversations and tickets. */
  links: { type: string; id: string }[];
  partsTotal: number;
  parts: TicketPart[];
}
