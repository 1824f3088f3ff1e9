// Seeded generation of realistic customer-support text (HTML bodies) for the Intercom test double.
// Built from pre-written fragments joined by template literals, so 800k messages take about a second.

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: a tiny, fast PRNG; the same seed always yields the same sequence. */
export function makeRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** An integer in [min, max], both inclusive. */
export function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

type Line = string | ((rng: Rng) => string);

function say(rng: Rng, lines: readonly Line[]): string {
  const line = pick(rng, lines);
  return typeof line === "string" ? line : line(rng);
}

const TOPICS = [
  "billing",
  "refund",
  "invoice",
  "sso",
  "password",
  "api",
  "webhook",
  "export",
  "integration",
  "bug",
  "feature",
  "shipping",
] as const;
export type Topic = typeof TOPICS[number];

/**
 * Words that appear in roughly one message in three hundred, so a search for one of them
 * matches a handful of conversations rather than all or none.
 */
export const RARE_WORDS: readonly string[] = [
  "kerfuffle",
  "quokka",
  "zugzwang",
  "snollygoster",
  "bumfuzzle",
  "cattywampus",
  "flibbertigibbet",
  "widdershins",
  "lollygag",
  "gobbledygook",
  "xylograph",
  "defenestration",
];
const RARE_RATE = 0.003;

// Slots filled into sentences. All of them are safe inside HTML as they are.
const orderNo = (r: Rng) => `#${between(r, 10000, 999999)}`;
const invoiceNo = (r: Rng) => `INV-${between(r, 2024, 2026)}-${between(r, 10000, 99999)}`;
const amount = (r: Rng) => {
  const n = between(r, 9, 2400);
  const currency = between(r, 0, 3);
  if (currency === 0) return `$${n}.00`;
  if (currency === 1) return `€${n},00`;
  if (currency === 2) return `£${n}.99`;
  return `¥${n * 100}`;
};
const PLANS = ["Starter", "Pro", "Business", "Enterprise", "Growth"];
const plan = (r: Rng) => pick(r, PLANS);
const HTTP_ERRORS = [
  "401 Unauthorized",
  "403 Forbidden",
  "404 Not Found",
  "409 Conflict",
  "422 Unprocessable Entity",
  "429 Too Many Requests",
  "500 Internal Server Error",
  "502 Bad Gateway",
  "504 Gateway Timeout",
];
const httpError = (r: Rng) => pick(r, HTTP_ERRORS);
const ENDPOINTS = [
  "/v2/orders",
  "/v2/customers/search",
  "/v2/projects/{id}/exports",
  "/v2/invoices?status=open&amp;limit=100",
  "/v2/webhooks/subscriptions",
  "/v2/reports/daily",
];
const endpoint = (r: Rng) => pick(r, ENDPOINTS).replace("{id}", String(between(r, 100, 9999)));
const IDPS = ["Okta", "Azure AD", "Google Workspace", "OneLogin", "JumpCloud", "Ping Identity"];
const idp = (r: Rng) => pick(r, IDPS);
const INTEGRATIONS = ["Salesforce", "HubSpot", "Slack", "Zapier", "Shopify", "Jira", "QuickBooks"];
const integration = (r: Rng) => pick(r, INTEGRATIONS);
const CARRIERS = ["UPS", "DHL Express", "FedEx", "La Poste", "Royal Mail", "Canada Post"];
const carrier = (r: Rng) => pick(r, CARRIERS);
const tracking = (r: Rng) => `1Z${between(r, 100, 999)}AA${between(r, 10000000, 99999999)}`;
const BROWSERS = ["Chrome 126", "Safari 17.4", "Firefox 127", "Edge 125", "Arc", "Brave"];
const browser = (r: Rng) => pick(r, BROWSERS);
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "the weekend"];
const day = (r: Rng) => pick(r, DAYS);
const seats = (r: Rng) => String(between(r, 3, 250));

const ARTICLES: ReadonlyArray<[string, string]> = [
  ["4102-update-your-billing-details", "Updating your billing details"],
  ["4120-how-refunds-work", "How refunds work"],
  ["3981-download-invoices", "Downloading past invoices"],
  ["2210-set-up-saml-sso", "Setting up SAML single sign-on"],
  ["2041-reset-your-password", "Resetting your password"],
  ["5120-api-rate-limits", "API rate limits &amp; retries"],
  ["5207-verify-webhook-signatures", "Verifying webhook signatures"],
  ["3300-export-your-data", "Exporting your data to CSV"],
  ["6011-connect-salesforce", "Connecting Salesforce"],
  ["7000-known-issues", "Known issues &amp; workarounds"],
  ["7301-shipping-times", "Shipping times by region"],
];
const helpLink = (r: Rng) => {
  const [slug, label] = pick(r, ARTICLES);
  return `<a href="https://help.example.com/articles/${slug}">${label}</a>`;
};

interface TopicText {
  subjects: readonly Line[];
  problems: readonly Line[];
  details: readonly Line[];
  asks: readonly Line[];
  answers: readonly Line[];
  notes: readonly Line[];
}

const TEXT: Record<Topic, TopicText> = {
  billing: {
    subjects: [
      "Charged twice this month",
      (r) => `Question about my ${plan(r)} plan`,
      "Card declined but the payment went through?",
      "Billing contact change",
    ],
    problems: [
      (r) =>
        `I was charged ${amount(r)} twice for the same billing period and I can't work out why.`,
      (r) =>
        `Our card was declined on ${day(r)} but my bank shows the charge of ${
          amount(r)
        } as completed.`,
      (r) =>
        `We moved from the ${plan(r)} plan to ${
          plan(r)
        } last week and the prorated amount looks wrong.`,
      (r) =>
        `The billing page says we have ${
          seats(r)
        } seats, but only about half of them are actually in use.`,
    ],
    details: [
      "Our finance team needs this sorted before month end so the books reconcile.",
      "I've attached a screenshot of the bank statement, the two lines are about a minute apart.",
      (r) => `The charge shows up as BRIGHTDESK*SUBS ${between(r, 1000, 9999)} on the statement.`,
      "We are a small non-profit so an unexpected charge like this really hurts.",
      "Nothing changed on our side as far as I know &amp; nobody else has admin rights.",
    ],
    asks: [
      "Could you check what happened and refund the duplicate?",
      "Can you tell me which card is on file and when the next charge is due?",
      "Is there a way to get billed annually instead?",
    ],
    answers: [
      "I checked your account and you're right: the renewal ran twice because of a retry on our side.",
      (r) =>
        `I've voided the duplicate charge of ${amount(r)}; it can take 5-10 business days to show.`,
      "Your plan is prorated daily, so the first invoice after an upgrade covers two partial periods.",
      (r) =>
        `You can switch to annual billing under Settings &gt; Billing; it saves about ${
          between(r, 10, 20)
        }%.`,
    ],
    notes: [
      "Duplicate renewal confirmed in Stripe, voided the second charge.",
      "Customer is on a legacy price, do not migrate without talking to finance.",
      (r) => `Account owes ${amount(r)} from a failed charge last quarter.`,
    ],
  },
  refund: {
    subjects: ["Refund request", (r) => `Refund for order ${orderNo(r)}`, "Money back please"],
    problems: [
      (r) => `I'd like a refund for order ${orderNo(r)}, the product arrived damaged.`,
      "We cancelled within the trial but still got charged for a full year.",
      (r) => `I asked for a refund of ${amount(r)} two weeks ago and haven't heard anything since.`,
      "The annual plan renewed automatically and we no longer need it.",
    ],
    details: [
      "The box was crushed on one side and the glass panel is cracked.",
      "I never received a reminder email that the renewal was coming up.",
      "Your policy page says refunds are possible within 30 days, and it has been 12.",
      "I already returned the item using the prepaid label, the tracking shows it as delivered.",
    ],
    asks: [
      "Please refund it to the original card.",
      "Can you confirm how long the refund will take?",
      "If a full refund isn't possible, would store credit work?",
    ],
    answers: [
      "I've issued a full refund to the original payment method.",
      "Refunds usually show within 5-10 business days depending on your bank.",
      (r) => `I've processed a partial refund of ${amount(r)} for the unused months.`,
      "Since the renewal was within the last 14 days, you're eligible for a full refund.",
    ],
    notes: [
      "Refund approved by finance, processed in Stripe.",
      "Second refund request from this customer this year, flagging for review.",
      "Item confirmed returned at warehouse, OK to refund.",
    ],
  },
  invoice: {
    subjects: [
      (r) => `Invoice ${invoiceNo(r)}`,
      "Need VAT number on invoice",
      "Invoice &amp; receipt for our records",
      "Invoice address incorrect",
    ],
    problems: [
      (r) =>
        `Our invoice ${invoiceNo(r)} is missing our VAT number, which we need for tax purposes.`,
      "I can't find the invoices for the last three months anywhere in the dashboard.",
      "The company name on the invoice is our old one from before the merger.",
      (r) => `Could you resend invoice ${invoiceNo(r)}? Our accounts payable never received it.`,
    ],
    details: [
      (r) =>
        `Our VAT ID is GB${
          between(r, 100000000, 999999999)
        } and the address should be the Dublin office.`,
      "Accounts payable only accepts PDFs sent to ap@globex.example.",
      "We need the purchase order number on every invoice from now on.",
      "Our auditors are asking for these by Friday.",
    ],
    asks: [
      "Can you reissue it with the right details?",
      "Is there a way to have invoices emailed to a second address automatically?",
      "Could you send me all invoices for this year as PDFs?",
    ],
    answers: [
      "I've updated the billing details and reissued the invoice; you'll find it under Settings &gt; Billing &gt; Invoices.",
      "You can add a billing email in Settings &gt; Billing and every invoice will be sent there too.",
      (r) => `Here is the corrected invoice: ${invoiceNo(r)}. The original has been voided.`,
    ],
    notes: [
      "Reissued invoice with VAT ID, old one voided.",
      "Customer needs PO numbers, added to account notes.",
    ],
  },
  sso: {
    subjects: [
      "SSO login not working",
      (r) => `SAML with ${idp(r)}`,
      "Users locked out after SSO change",
      "Q&amp;A: SSO &amp; SCIM setup",
    ],
    problems: [
      (r) =>
        `Since this morning nobody on our team can log in through ${
          idp(r)
        }, we get &quot;SAML response invalid&quot;.`,
      (r) =>
        `We're setting up SAML single sign-on with ${
          idp(r)
        } and the test login loops back to the login page.`,
      "After enforcing SSO, two contractors without company accounts are locked out.",
      "The login page keeps asking for a password even though SSO is enforced for our domain.",
    ],
    details: [
      "We rotated the signing certificate yesterday, maybe that's related?",
      (r) => `It happens in ${browser(r)} and in an incognito window.`,
      "The error URL contains <code>error=invalid_audience</code>.",
      "Our IT admin double-checked the ACS URL and entity ID.",
    ],
    asks: [
      "Can you check the SAML logs on your side?",
      "Is there a way to let specific users log in with a password while SSO is enforced?",
      "How do we upload the new certificate?",
    ],
    answers: [
      "The assertion was signed with the old certificate; please upload the new one under Settings &gt; Security &gt; SSO.",
      "You can add exceptions for guest accounts in the SSO settings so they can still use a password.",
      "The audience in your IdP must exactly match the entity ID shown in our settings, including the trailing slash.",
      "I can see the SAML responses in our logs: the clock on the IdP is about 6 minutes ahead, which makes the assertion look expired.",
    ],
    notes: [
      "Clock skew on customer IdP, asked them to sync NTP.",
      "Escalated to identity team, possible bug with certificate rollover.",
    ],
  },
  password: {
    subjects: ["Password reset email never arrives", "Can't log in", "Locked out of my account"],
    problems: [
      "I requested a password reset three times and never got the email.",
      "My account got locked after too many attempts and I'm not sure which email I signed up with.",
      "The reset link says it has expired even though I clicked it right away.",
      "I changed my password and now the mobile app won't let me in.",
    ],
    details: [
      "I checked spam and promotions, nothing there.",
      "Our company email filters sometimes quarantine automated messages.",
      (r) => `I'm using ${browser(r)} on a work laptop.`,
      "I have two-factor authentication enabled with an authenticator app.",
    ],
    asks: [
      "Can you send the reset link again or reset it manually?",
      "Could you unlock the account?",
      "Which email address is on my account?",
    ],
    answers: [
      "I've sent a fresh reset link; it's valid for 60 minutes and only the most recent link works.",
      "Your account is unlocked now. For security I can't change the password for you, but the reset link will work.",
      "Reset emails come from no-reply@example.com, please add it to your allow list.",
    ],
    notes: [
      "Verified identity via billing details before unlocking.",
      "Email bounced, customer domain blocks our sender, suggested allow-listing.",
    ],
  },
  api: {
    subjects: [
      (r) => `API returning ${httpError(r)}`,
      "Rate limit questions",
      "API token stopped working",
    ],
    problems: [
      (r) =>
        `Calls to <code>${endpoint(r)}</code> started failing with ${
          httpError(r)
        } around 14:00 UTC.`,
      (r) =>
        `We keep hitting ${httpError(r)} even though we send fewer than ${
          between(r, 10, 90)
        } requests a minute.`,
      "Our integration suddenly gets 401s with a token that worked yesterday.",
      "Pagination seems to skip records when items change while we page through them.",
    ],
    details: [
      "We send <code>Authorization: Bearer &lt;token&gt;</code> and <code>Accept: application/json</code> on every call.",
      (r) =>
        `The response has request id <code>req_${between(r, 100000, 999999)}af${
          between(r, 10, 99)
        }</code> if that helps.`,
      "Retrying with exponential backoff doesn't help, it fails every time.",
      "Nothing changed in our code, we deploy weekly and the last deploy was on Monday.",
    ],
    asks: [
      "Is there an outage, or did something change on your side?",
      "What's the correct way to handle this?",
      "Could you raise our rate limit for a one-off migration?",
    ],
    answers: [
      "The token was revoked when the app owner left your workspace; please create a new one.",
      "Our limit is per 10-second window, so short bursts can hit it even at a low average; read the X-RateLimit-Reset header before retrying.",
      "Sort by updated_at ascending and de-duplicate by id; cursors don't hold a snapshot of the results.",
      (r) =>
        `We had elevated error rates between 14:02 and 14:37 UTC; see ${helpLink(r)} for details.`,
    ],
    notes: [
      "Token revoked on owner removal, working as intended.",
      "API error spike matches incident INC-2231, linking.",
      "Asked eng if we can temporarily raise the limit for this app.",
    ],
  },
  webhook: {
    subjects: ["Webhooks not firing", "Webhook signature mismatch", "Duplicate webhook deliveries"],
    problems: [
      "Our webhook endpoint stopped receiving events two days ago.",
      "The X-Signature header never matches the HMAC we compute on our side.",
      "We receive every order.created event two or three times.",
      "Webhook deliveries time out although our endpoint answers in under a second.",
    ],
    details: [
      "The endpoint is behind Cloudflare and returns 200 for every request.",
      "We compute the HMAC over the parsed JSON body with the secret from the dashboard.",
      (r) => `The delivery log in the dashboard shows ${httpError(r)} for each attempt.`,
      "We process events idempotently but duplicates still create noise in our alerts.",
    ],
    asks: [
      "Can you check the delivery logs on your side?",
      "What exactly should the signature be computed over?",
      "Is there a way to replay the failed events?",
    ],
    answers: [
      "The signature is computed over the raw request body, not the parsed JSON, so whitespace matters.",
      "We retry on any non-2xx answer or after a 10 second timeout, which explains the duplicates.",
      "Your endpoint was disabled automatically after 72 hours of failures; I've re-enabled it and replayed the events.",
      (r) => `Here's how to verify signatures: ${helpLink(r)}.`,
    ],
    notes: [
      "Endpoint auto-disabled after failures, re-enabled and replayed 1,204 events.",
      "Customer parsing JSON before HMAC, classic.",
    ],
  },
  export: {
    subjects: ["CSV export is empty", "Export stuck at 0%", "Data export for audit"],
    problems: [
      "The CSV export finishes but the file only contains the header row.",
      "Our export has been stuck at 0% since yesterday afternoon.",
      "Accented names come out garbled in the CSV when we open it in Excel.",
      "We need a full export of all conversations for a compliance audit.",
    ],
    details: [
      (r) => `We're exporting about ${between(r, 20, 900)}k rows from the last year.`,
      "Names like Zoë and José show up as ZoÃ« and JosÃ© after opening the file.",
      "The export email arrives but the link says the file has expired.",
      "Filters were set to the last 90 days and to the Billing team only.",
    ],
    asks: [
      "Can you restart it or send the file some other way?",
      "Is there a limit on how large an export can be?",
      "How do we open the file so the characters display correctly?",
    ],
    answers: [
      "Exports are UTF-8 encoded; in Excel use Data &gt; From Text/CSV and choose UTF-8 so accents display correctly.",
      "Large exports are split into several files of 100k rows each; the last one was still processing.",
      "I've restarted the export job, you'll get an email as soon as it's ready.",
      (r) => `Export links expire after 24 hours; see ${helpLink(r)}.`,
    ],
    notes: [
      "Export job was stuck behind a long-running job, restarted it.",
      "Compliance export, loop in legal before sending anything.",
    ],
  },
  integration: {
    subjects: [
      (r) => `${integration(r)} integration not syncing`,
      (r) => `Connecting ${integration(r)}`,
      "Integration disconnected",
    ],
    problems: [
      (r) => `Our ${integration(r)} integration stopped syncing contacts last week.`,
      (r) =>
        `When I try to connect ${
          integration(r)
        } I get &quot;Authorization failed&quot; after logging in.`,
      (r) => `Deals created in ${integration(r)} show up twice on our side.`,
      "The integration says connected but nothing has come through since Thursday.",
    ],
    details: [
      "We recently changed the admin user who originally connected it.",
      "Field mappings haven't changed since we set it up in January.",
      (r) => `About ${between(r, 40, 600)} records are missing in total.`,
      "It works for the sandbox account, just not production.",
    ],
    asks: [
      "Do we need to reconnect it?",
      "Can you force a full resync?",
      "Is this a known issue?",
    ],
    answers: [
      "The connection was tied to the admin who left; reconnecting it with a current admin fixes the sync.",
      "I've triggered a full resync; depending on volume it can take a few hours.",
      (r) => `This is a known issue we're fixing this week: ${helpLink(r)}.`,
    ],
    notes: [
      "OAuth token expired when original admin was deprovisioned.",
      "Duplicate deals bug, +1 on ENG-4410.",
    ],
  },
  bug: {
    subjects: ["Something is broken", "Page won't load", "Dashboard shows wrong numbers"],
    problems: [
      "The reports page has been spinning forever since the last update.",
      (r) => `Clicking Save on the settings page does nothing in ${browser(r)}.`,
      "The numbers on the dashboard don't match the CSV export for the same period.",
      "The mobile app crashes as soon as I open a conversation with an image.",
    ],
    details: [
      "I cleared the cache and tried another browser, same thing.",
      "The console shows <code>TypeError: Cannot read properties of undefined (reading 'id')</code>.",
      "It only started after the update on Tuesday.",
      "A colleague on Windows sees the same thing, so it's not just my Mac.",
    ],
    asks: [
      "Is this a known bug?",
      "Is there a workaround until it's fixed?",
      "Can you let me know when it's fixed?",
    ],
    answers: [
      "Thanks for the detailed report! I could reproduce it and have filed it with our engineers.",
      "A fix is rolling out today; a hard refresh (Cmd+Shift+R) should pick it up.",
      "As a workaround, switching the date range to UTC shows the correct numbers.",
      (r) => `It's listed on ${helpLink(r)} and I'll update you here when it's fixed.`,
    ],
    notes: [
      "Reproduced on staging, filed ENG-5123 with HAR file.",
      "Timezone bug in reports again, same root cause as last month.",
    ],
  },
  feature: {
    subjects: ["Feature request", "Would love dark mode", "Suggestion: bulk edit"],
    problems: [
      "It would be great to bulk-edit tags on many records at once.",
      "Any plans for a dark mode? Our night shift would really appreciate it.",
      "We'd love to schedule reports to be emailed every Monday morning.",
      "Could you add an option to require a reason when closing a ticket?",
    ],
    details: [
      "Right now we do it one by one, which takes hours each week.",
      "Our team has grown to 40 people and this would save a lot of clicks.",
      "Competitors already have this, it came up in our renewal discussion.",
      "Happy to join a beta or a call with your product team.",
    ],
    asks: [
      "Is this on the roadmap?",
      "Is there any workaround today?",
      "Who can I talk to about this?",
    ],
    answers: [
      "Thanks for the suggestion! I've shared it with our product team and added your vote.",
      "It's on our roadmap for later this year; I can't promise a date yet.",
      "Until then, the API lets you update many records in one script.",
    ],
    notes: [
      "Feature request logged in Productboard.",
      "Big account, product wants to interview them.",
    ],
  },
  shipping: {
    subjects: [
      (r) => `Where is my order ${orderNo(r)}?`,
      "Package delayed",
      "Wrong address on shipment",
    ],
    problems: [
      (r) =>
        `My order ${orderNo(r)} was supposed to arrive on ${
          day(r)
        } and the tracking hasn't moved since.`,
      (r) =>
        `The ${carrier(r)} tracking number ${
          tracking(r)
        } says &quot;label created&quot; for five days now.`,
      "I entered an old address at checkout, can the shipment still be redirected?",
      "Customs is asking me to pay import fees that weren't mentioned at checkout.",
    ],
    details: [
      "It's a birthday present, so timing matters quite a bit.",
      "I'm in Canada and the item shipped from the EU warehouse.",
      "The delivery note says the parcel was left at a neighbour's, but nobody has it.",
      "I paid for express shipping.",
    ],
    asks: [
      "Can you find out where it is?",
      "Could you resend it or refund the shipping?",
      "Can the address still be changed?",
    ],
    answers: [
      (r) =>
        `I contacted ${
          carrier(r)
        }: the parcel is at the local depot and will go out on the next delivery.`,
      "Since express delivery wasn't met, I've refunded the shipping cost.",
      "I've updated the address with the carrier; changes can take 24 hours to show in tracking.",
      (r) => `Import fees depend on the destination, see ${helpLink(r)}.`,
    ],
    notes: [
      "Carrier claim opened for lost parcel.",
      "Reship approved, original marked lost.",
    ],
  },
};

const GREETINGS: readonly Line[] = [
  "Hi there,",
  "Hello,",
  "Hi team,",
  "Hey!",
  "Good morning,",
  "Hi support,",
  "Hello again,",
  "Hi 👋",
];

const SIGNOFFS: readonly Line[] = [
  "Thanks!",
  "Thanks in advance 🙏",
  "Cheers",
  "Many thanks,",
  "Best regards,",
  "Thank you so much",
  "Appreciate the help 😊",
];

const FOLLOW_UPS: readonly Line[] = [
  "Any update on this? It's still happening on our side.",
  "Thanks, that worked! 🎉",
  "I tried that but it didn't change anything, unfortunately.",
  "Just following up, we're still blocked here.",
  "OK, I'll try that and get back to you.",
  "That makes sense, thanks for explaining it.",
  "Sorry for the slow reply, I was out of office.",
  "Here's the screenshot you asked for.",
  "Perfect, thank you 👍🏽",
  "Hmm, now I get a different error than before 🤔",
  "Could you also check the other account we have with you?",
  "Great, please go ahead.",
];

const TEAMMATE_OPENERS: readonly Line[] = [
  "Thanks for reaching out, and sorry for the trouble!",
  "Thanks for the details, that really helps.",
  "Sorry about that, I completely understand the frustration.",
  "Great question!",
  "Thanks for your patience while I looked into this.",
  "I've had a look at your account.",
];

const TEAMMATE_CLOSERS: readonly Line[] = [
  "Let me know if that helps!",
  "Is there anything else I can help with?",
  "I'll keep this conversation open until you confirm it's working.",
  "Feel free to reply here if anything else comes up.",
  "Happy to jump on a quick call if that's easier.",
];

const BOT_LINES: readonly Line[] = [
  (r) => `I found an article that might help: ${helpLink(r)}.`,
  "I'm Fin, an AI agent. I can answer most questions straight away, or pass you to the team.",
  "Thanks! I've passed your question to the team. They usually reply in under 2 hours.",
  "While you wait, could you tell us which email address you use to log in?",
  "Our team is offline right now, we'll be back at 9:00 CET. We'll reply here and by email.",
  (r) =>
    `Here's a summary of what I found:<ul><li>${helpLink(r)}</li><li>${
      helpLink(r)
    }</li></ul>Did that answer your question?`,
];

const QUICK_REPLY_PROMPTS: readonly Line[] = [
  "Did that answer your question?",
  "Is there anything else I can help with?",
  "What can we help you with today?",
  "How would you rate the help you received?",
];

const CLOSING_NOTES: readonly Line[] = [
  "Closing this out for now, just reply here if you need anything else.",
  "I'll mark this as resolved. Reply any time to reopen it.",
];

// Whole messages in other languages, with accents, CJK and right-to-left scripts.
const FOREIGN: readonly Line[] = [
  (r) =>
    `<p>Hallo,</p><p>seit dem Update können wir keine Rechnungen mehr herunterladen. Die Seite lädt und lädt. Rechnung ${
      invoiceNo(r)
    } brauchen wir dringend für die Buchhaltung.</p><p>Viele Grüße</p>`,
  (r) =>
    `<p>Bonjour,</p><p>j'ai été débité deux fois de ${
      amount(r)
    } ce mois-ci. Pourriez-vous vérifier et me rembourser le doublon&nbsp;? Merci d'avance.</p>`,
  (r) =>
    `<p>Hola,</p><p>mi pedido ${
      orderNo(r)
    } no ha llegado todavía y el número de seguimiento no funciona. ¿Me pueden ayudar, por favor?</p>`,
  "<p>Olá! Não consigo redefinir a minha senha, o e-mail de recuperação nunca chega. Já verifiquei a caixa de spam.</p>",
  (r) =>
    `<p>こんにちは。</p><p>請求書の宛名を変更したいのですが、設定画面で見つかりません。注文番号は ${
      orderNo(r)
    } です。よろしくお願いいたします。</p>`,
  "<p>你好，我们的 SSO 登录从今天早上开始一直失败，提示&quot;SAML 响应无效&quot;。请尽快帮忙查看，谢谢！</p>",
  "<p>안녕하세요, 웹훅이 이틀 전부터 전송되지 않습니다. 확인 부탁드립니다.</p>",
  (r) =>
    `<p>مرحبا،</p><p>لم أستلم الفاتورة ${
      invoiceNo(r)
    } حتى الآن. هل يمكنكم إرسالها مرة أخرى؟ شكرا لكم على المساعدة.</p>`,
  "<p>שלום, אני לא מצליח להתחבר לחשבון מאז שינוי הסיסמה. תודה רבה על העזרה!</p>",
  "<p>Привет! Экспорт в CSV выдаёт пустой файл, только заголовки. Подскажите, что делать?</p>",
];

const RARE_TEMPLATES: readonly ((word: string) => string)[] = [
  (w) => `Our team has started calling this whole thing the ${w}.`,
  (w) => `Sorry for the ${w}, I know this is a strange one.`,
  (w) => `P.S. ${w} is the name of the project this is blocking.`,
];

function maybeRare(rng: Rng): string {
  if (rng() >= RARE_RATE) return "";
  return " " + pick(rng, RARE_TEMPLATES)(pick(rng, RARE_WORDS));
}

/** Most messages are 200–600 characters; some are one-liners and a few run long. */
function targetLength(rng: Rng): number {
  const u = rng();
  if (u < 0.1) return between(rng, 60, 160);
  if (u < 0.9) return between(rng, 200, 600);
  return between(rng, 600, 1400);
}

export function pickTopic(rng: Rng): Topic {
  return pick(rng, TOPICS);
}

/** A subject line as Intercom stores it: text with HTML entities, no tags. */
export function subjectLine(rng: Rng, topic: Topic): string {
  return say(rng, TEXT[topic].subjects);
}

/** The customer's opening message, in HTML. */
export function customerMessage(rng: Rng, topic: Topic, firstName: string): string {
  if (rng() < 0.07) return say(rng, FOREIGN);
  const t = TEXT[topic];
  const target = targetLength(rng);
  let html = rng() < 0.6 ? `<p>${say(rng, GREETINGS)}</p>` : "";
  html += `<p>${say(rng, t.problems)} ${say(rng, t.details)}${maybeRare(rng)}</p>`;
  if (html.length < target) html += `<p>${say(rng, t.details)} ${say(rng, t.asks)}</p>`;
  else html += `<p>${say(rng, t.asks)}</p>`;
  if (html.length < target && rng() < 0.3) {
    html += `<p>What I tried so far:</p><ul><li>${say(rng, t.details)}</li><li>${
      say(rng, t.details)
    }</li></ul>`;
  }
  while (html.length < target - 40) html += `<p>${say(rng, t.details)}</p>`;
  return `${html}<p>${say(rng, SIGNOFFS)}<br>${firstName}</p>`;
}

/** A later message from the customer in the same thread. */
export function customerFollowUp(rng: Rng, topic: Topic): string {
  const line = say(rng, FOLLOW_UPS);
  if (rng() < 0.5) return `<p>${line}${maybeRare(rng)}</p>`;
  return `<p>${line} ${say(rng, TEXT[topic].details)}${maybeRare(rng)}</p>`;
}

/** A teammate's reply to the customer, in HTML. */
export function teammateReply(
  rng: Rng,
  topic: Topic,
  customerFirstName: string,
  adminFirstName: string,
): string {
  const t = TEXT[topic];
  const target = targetLength(rng);
  let html = `<p>Hi ${customerFirstName},</p><p>${say(rng, TEAMMATE_OPENERS)} ${
    say(rng, t.answers)
  }</p>`;
  if (rng() < 0.25) {
    html += `<p>Here's what to do:</p><ol><li>Go to <b>Settings</b>.</li><li>${
      say(rng, t.answers)
    }</li><li>Save and try again.</li></ol>`;
  }
  if (html.length < target && rng() < 0.5) html += `<p>More detail: ${helpLink(rng)}</p>`;
  while (html.length < target - 60) html += `<p>${say(rng, t.answers)}</p>`;
  return `${html}<p>${say(rng, TEAMMATE_CLOSERS)}${
    maybeRare(rng)
  }</p><p>Best,<br>${adminFirstName}</p>`;
}

/** An internal note between teammates; the customer never sees it. */
export function internalNote(rng: Rng, topic: Topic, colleagueFirstName: string): string {
  const line = say(rng, TEXT[topic].notes);
  if (rng() < 0.4) return `<p>${line}</p>`;
  return `<p><b>@${colleagueFirstName}</b> ${line} Can you take a look when you have a minute?${
    maybeRare(rng)
  }</p>`;
}

export function botMessage(rng: Rng): string {
  return `<p>${say(rng, BOT_LINES)}</p>`;
}

export function quickReplyPrompt(rng: Rng): string {
  return `<p>${say(rng, QUICK_REPLY_PROMPTS)}</p>`;
}

/** The occasional message a teammate writes when closing a conversation. */
export function closingMessage(rng: Rng): string {
  return `<p>${say(rng, CLOSING_NOTES)}</p>`;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X"
        ? parseInt(name.slice(2), 16)
        : parseInt(name.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[name] ?? whole;
  });
}

/**
 * The plain-text rendering Intercom gives with `display_as=plaintext`: tags stripped, entities
 * decoded, links as `label (url)`, paragraphs separated by a blank line, line breaks and list
 * items on lines of their own (`- item`). `&nbsp;` becomes an ordinary space.
 */
export function plainText(html: string): string {
  const text = html
    .replace(/<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)<\/a>/gis, (_, url: string, label: string) => {
      const inner = label.replace(/<[^>]*>/g, "");
      return inner === url ? url : `${inner} (${url})`;
    })
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li[^>]*>/gi, "\n- ")
    .replace(/<\/(p|div|ul|ol|h[1-6]|blockquote)>/gi, "\n\n")
    .replace(/<[^>]*>/g, "");
  return decodeEntities(text)
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
