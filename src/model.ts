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
