// The search evaluation: questions written the way an assistant asks them, each judged by the
// topics of the simulated workspace (tests/double/text.ts) that would answer it. Written before
// looking at what any ranking returns; do not tune them to the ranking.

import type { Topic } from "../double/text.ts";

export interface EvalQuestion {
  question: string;
  /** A result is relevant when its conversation is about one of these. */
  topics: readonly Topic[];
}

export const QUESTIONS: readonly EvalQuestion[] = [
  { question: "customer was charged twice for their subscription", topics: ["billing", "refund"] },
  { question: "why did the price of my plan go up after upgrading", topics: ["billing"] },
  { question: "card was declined when renewing the annual plan", topics: ["billing"] },
  { question: "how do I change the payment method on file", topics: ["billing"] },
  { question: "customer wants their money back after cancelling", topics: ["refund"] },
  { question: "refund request for a purchase made by accident", topics: ["refund"] },
  { question: "how long until a refund shows up on my card", topics: ["refund"] },
  { question: "asking for a partial refund for the months they did not use", topics: ["refund"] },
  { question: "need a copy of last month's invoice with our VAT number", topics: ["invoice"] },
  { question: "the invoice shows the wrong company address", topics: ["invoice"] },
  { question: "where can I download past invoices as PDF", topics: ["invoice"] },
  { question: "receipts are missing our tax ID", topics: ["invoice", "billing"] },
  { question: "single sign-on with Okta stopped working", topics: ["sso"] },
  { question: "SAML login fails after the identity provider certificate changed", topics: ["sso"] },
  { question: "how to make SSO mandatory for everyone on the team", topics: ["sso"] },
  { question: "users cannot log in through Azure AD", topics: ["sso"] },
  { question: "locked out after switching to a new phone with two-factor", topics: ["password"] },
  { question: "the password reset email never arrives", topics: ["password"] },
  { question: "reset link says it has expired", topics: ["password"] },
  { question: "can't sign in because I forgot my password", topics: ["password"] },
  { question: "API keeps returning 429 too many requests", topics: ["api"] },
  { question: "getting 401 unauthorized with a valid API key", topics: ["api"] },
  { question: "what are the rate limits on the REST endpoints", topics: ["api"] },
  { question: "read-only access token for the API", topics: ["api"] },
  { question: "webhook events are not being delivered to our endpoint", topics: ["webhook"] },
  { question: "how do we verify the signature of a webhook", topics: ["webhook"] },
  { question: "receiving the same webhook notification several times", topics: ["webhook"] },
  { question: "export all of our data to a CSV file", topics: ["export"] },
  { question: "the data export we downloaded is empty", topics: ["export"] },
  { question: "download every contact as a spreadsheet", topics: ["export"] },
  { question: "Salesforce integration is not syncing records", topics: ["integration"] },
  {
    question: "Slack integration stopped posting messages to the channel",
    topics: ["integration"],
  },
  { question: "connecting the app to Zapier fails", topics: ["integration"] },
  { question: "the dashboard page crashes with an error", topics: ["bug"] },
  { question: "nothing happens when clicking the save button", topics: ["bug"] },
  { question: "the app is very slow and keeps freezing", topics: ["bug"] },
  { question: "is there any plan to add a dark mode", topics: ["feature"] },
  { question: "feature request to edit many records in bulk", topics: ["feature"] },
  { question: "would love to see a mobile app for this", topics: ["feature"] },
  { question: "my order still hasn't arrived", topics: ["shipping"] },
  { question: "tracking number has shown no update for a week", topics: ["shipping"] },
  { question: "package was delivered to the wrong address", topics: ["shipping"] },
  { question: "how much does international shipping cost", topics: ["shipping"] },
  { question: "the parcel arrived damaged", topics: ["shipping"] },
];
