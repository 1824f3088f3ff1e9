// Assertions for the tests: node:assert's strict mode, which Deno ships without JSR.

export {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
  rejects as assertRejects,
  throws as assertThrows,
} from "node:assert/strict";
