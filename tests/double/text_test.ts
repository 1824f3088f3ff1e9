// The generated support text is realistic enough to search, and cheap enough for 100k conversations.

import { assert, assertEquals } from "../assert.ts";
import {
  customerMessage,
  internalNote,
  makeRng,
  pickTopic,
  plainText,
  RARE_WORDS,
  teammateReply,
} from "./text.ts";

function sample(count: number, seed = 1): string[] {
  const rng = makeRng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const topic = pickTopic(rng);
    out.push(
      i % 2 === 0 ? customerMessage(rng, topic, "Zoë") : teammateReply(rng, topic, "Zoë", "Amelia"),
    );
  }
  return out;
}

Deno.test("makeRng() repeats for a seed and stays in [0, 1)", () => {
  const a = makeRng(42);
  const b = makeRng(42);
  for (let i = 0; i < 1000; i++) {
    const x = a();
    assertEquals(x, b());
    assert(x >= 0 && x < 1);
  }
  assert(makeRng(1)() !== makeRng(2)());
});

Deno.test("messages are mostly 200-600 characters of HTML with unicode, entities and links", () => {
  const messages = sample(2000);
  const lengths = messages.map((m) => plainText(m).length).sort((x, y) => x - y);
  const median = lengths[lengths.length / 2];
  assert(median >= 200 && median <= 600, `median ${median}`);
  const within = lengths.filter((n) => n >= 150 && n <= 700).length / lengths.length;
  assert(within > 0.6, `${within} within range`);
  const all = messages.join("\n");
  for (const needle of ["<p>", "<b>", "<a href=", "<br>", "<li>", "&amp;", "&gt;"]) {
    assert(all.includes(needle), `some message has ${needle}`);
  }
  for (
    const script of [
      /\p{Script=Han}/u,
      /\p{Script=Arabic}/u,
      /\p{Script=Hebrew}/u,
      /\p{Extended_Pictographic}/u,
    ]
  ) {
    assert(script.test(all), `some message uses ${script}`);
  }
  assert(/[éèëöüøñ]/.test(all), "some accents");
});

Deno.test("rare words appear in a few messages, so a search for one matches a handful", () => {
  const messages = sample(20_000, 7);
  const hits = messages.filter((m) => RARE_WORDS.some((w) => m.includes(w))).length;
  assert(hits > 10 && hits < 200, `${hits} messages with a rare word`);
});

Deno.test("plainText() strips tags, decodes entities, renders links as label (url) and keeps line structure", () => {
  assertEquals(
    plainText(
      '<p>Hi <b>Zoë</b>,</p><p>See <a href="https://help.example.com/a">Billing &amp; refunds</a>.<br>Thanks</p><ul><li>one</li><li>two &lt;3</li></ul>',
    ),
    "Hi Zoë,\n\nSee Billing & refunds (https://help.example.com/a).\nThanks\n\n- one\n- two <3",
  );
  assertEquals(plainText('<a href="https://x.example">https://x.example</a>'), "https://x.example");
  assertEquals(plainText("<p>caf&#233; &#x1F600; &quot;q&quot; &nbsp;x</p>"), 'café 😀 "q"  x');
  assertEquals(plainText("plain"), "plain");
});

Deno.test("internal notes are short and mention a colleague now and then", () => {
  const rng = makeRng(3);
  const notes = Array.from({ length: 200 }, () => internalNote(rng, pickTopic(rng), "Priya"));
  assert(notes.every((n) => plainText(n).length < 400));
  assert(notes.some((n) => n.includes("@Priya")));
});

Deno.test("text for 100k conversations (800k messages) takes seconds, not minutes", () => {
  const start = performance.now();
  const rng = makeRng(11);
  let chars = 0;
  for (let i = 0; i < 200_000; i++) chars += customerMessage(rng, pickTopic(rng), "Noa").length;
  const perMessage = (performance.now() - start) / 200_000;
  assert(chars > 0);
  // 800k messages at this rate must stay well under a minute, even on a slow CI machine.
  assert(perMessage * 800_000 < 20_000, `${(perMessage * 1000).toFixed(2)} µs a message`);
});
