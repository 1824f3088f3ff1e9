// The error of a search that cannot be run as asked.

/** A search that cannot be run as asked; the message says what to change. */
export class SearchInputError extends Error {
  override name = "SearchInputError";
}
