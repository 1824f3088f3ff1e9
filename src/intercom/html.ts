// Plain text from Intercom's HTML bodies, for an API that ignores `display_as=plaintext`:
// paragraphs and breaks become newlines, links "label (url)", entities their characters.

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** Intercom's HTML bodies are wrapped in elements; plain text that is whole markup is rare. */
export function looksLikeHtml(text: string): boolean {
  const t = text.trim();
  return t.startsWith("<") && t.endsWith(">") && /<\/?[a-z][a-z0-9]*[\s>/]/i.test(t);
}

export function htmlToText(html: string): string {
  return html
    .replace(
      /<a\b[^>]*href\s*=\s*"([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi,
      (_, url: string, label: string) => {
        const text = label.replace(/<[^>]*>/g, "").trim();
        return text && text !== url ? `${text} (${url})` : url;
      },
    )
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "- ")
    .replace(/<\/(p|div|li|h[1-6]|blockquote|pre|tr)>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1));
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff
          ? String.fromCodePoint(code)
          : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The text as plain text, converting only what is clearly HTML. */
export function plain(text: string): string {
  return looksLikeHtml(text) ? htmlToText(text) : text;
}
