// Every MCP tool, in one list: adding a tool is a file and a line here.

import { conversationStatsTool } from "./conversation_stats.ts";
import { fetchDocument } from "./fetch.ts";
import { getArticleTool } from "./get_article.ts";
import { getContactTool } from "./get_contact.ts";
import { getConversation } from "./get_conversation.ts";
import { getServerStatus } from "./get_server_status.ts";
import { getTicketTool } from "./get_ticket.ts";
import { searchArticlesTool } from "./search_articles.ts";
import { searchContactsTool } from "./search_contacts.ts";
import { searchDocuments } from "./search.ts";
import { searchConversations } from "./search_conversations.ts";
import { searchTicketsTool } from "./search_tickets.ts";
import { syncConversations } from "./sync_conversations.ts";
import type { Tool } from "./tool.ts";

export const TOOLS: readonly Tool[] = [
  searchConversations,
  getConversation,
  getServerStatus,
  syncConversations,
  searchDocuments,
  fetchDocument,
  searchContactsTool,
  getContactTool,
  searchArticlesTool,
  getArticleTool,
  searchTicketsTool,
  getTicketTool,
  conversationStatsTool,
] as unknown as readonly Tool[];
