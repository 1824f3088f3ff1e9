import { App } from "../../src/app.ts";
import { parseConversation } from "../../src/intercom/parse.ts";
import { testSettings } from "../cache_check.ts";
import {
  conversationsInWindow,
  generateWorkspace,
  renderConversation,
} from "../double/workspace.ts";
const size = Number(Deno.args[0]);
const dir = Deno.args[1];
Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
const ws = generateWorkspace({ seed: 3, conversations: size, olderConversations: 0, deleted: 0 });
const app = new App(testSettings(dir, "http://127.0.0.1:9"));
const t = performance.now();
for (const { id } of conversationsInWindow(ws, 0)) {
  app.store.saveConversation(parseConversation(renderConversation(ws, id, { plaintext: true })));
}
app.store.replaceAdmins(ws.admins.map((a) => ({ id: a.id, name: a.name, email: a.email })));
app.store.replaceTeams(ws.teams.map((t) => ({ id: t.id, name: t.name })));
app.store.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
console.log("stored", size, (performance.now() - t) / 1000, "s");
app.close();
