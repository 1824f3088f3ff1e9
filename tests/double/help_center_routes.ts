// The double's help-center endpoints: `GET /articles`, `GET /articles/{id}`,
// `GET /help_center/collections` and `GET /help_center/collections/{id}`, paged by page number
// as the description's examples show (page, per_page, total_pages; newest update first).

import { articlesInOrder, collectionsInOrder, helpCenterOf } from "./articles.ts";
import type { Workspace } from "./workspace.ts";

/** What the server turns into a response: a body, or an error code and message. */
export type HelpCenterAnswer =
  | { status: 200; body: unknown }
  | { status: 400 | 404; code: string; message: string; field?: string };

export const HELP_CENTER_ROUTES: ReadonlyArray<[RegExp, string]> = [
  [/^\/articles$/, "GET /articles"],
  [/^\/articles\/[^/]+$/, "GET /articles/{id}"],
  [/^\/help_center\/collections$/, "GET /help_center/collections"],
  [/^\/help_center\/collections\/[^/]+$/, "GET /help_center/collections/{id}"],
];

/** Intercom documents no maximum; the double refuses more than this, as a real limit would. */
export const MAX_PER_PAGE = 250;

function paged(all: unknown[], params: URLSearchParams, defaultPerPage: number): HelpCenterAnswer {
  const page = Number(params.get("page") ?? "1");
  const perPage = Number(params.get("per_page") ?? String(defaultPerPage));
  if (!Number.isInteger(page) || page < 1) {
    return {
      status: 400,
      code: "parameter_invalid",
      message: "page must be 1 or more",
      field: "page",
    };
  }
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    return {
      status: 400,
      code: "parameter_invalid",
      message: `per_page must be from 1 to ${MAX_PER_PAGE}`,
      field: "per_page",
    };
  }
  return {
    status: 200,
    body: {
      type: "list",
      pages: {
        type: "pages",
        page,
        per_page: perPage,
        total_pages: Math.max(1, Math.ceil(all.length / perPage)),
      },
      total_count: all.length,
      data: all.slice((page - 1) * perPage, page * perPage),
    },
  };
}

export function helpCenterAnswer(
  ws: Workspace,
  routeKey: string,
  id: string,
  params: URLSearchParams,
): HelpCenterAnswer {
  const hc = helpCenterOf(ws);
  switch (routeKey) {
    case "GET /articles":
      return paged(articlesInOrder(ws), params, 15);
    case "GET /articles/{id}": {
      const a = hc.articles.get(id);
      if (!a) return { status: 404, code: "not_found", message: "Resource Not Found" };
      return { status: 200, body: { ...a, statistics: STATISTICS } };
    }
    case "GET /help_center/collections":
      return paged(collectionsInOrder(ws), params, 20);
    default: {
      const c = hc.collections.get(id);
      if (!c) return { status: 404, code: "not_found", message: "Resource Not Found" };
      return { status: 200, body: c };
    }
  }
}

const STATISTICS = {
  type: "article_statistics",
  views: 0,
  conversations: 0,
  reactions: 0,
  happy_reaction_percentage: 0,
  neutral_reaction_percentage: 0,
  sad_reaction_percentage: 0,
};
