// The error of an argument that names nothing in the cache (an article, a contact, a
// collection, a company): its message says what was asked and what would answer.

export class LookupError extends Error {
  override name = "LookupError";
}
