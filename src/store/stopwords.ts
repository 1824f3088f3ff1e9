// English words that carry no meaning in support text: they never decide whether a conversation
// matches a question. Words of other languages are left alone.

const WORDS = `
a about above after again against all also am an and any anyone anything are aren as at
be because been before being below between both but by can cannot could couldn customer customers
did didn do does doesn doing don down during each either else even ever every few for from
further get gets getting got had hadn has hasn have haven having he hello her here hers herself
hey hi him himself his how however i if in into is isn it its itself just let like ll me
might more most much must mustn my myself need needs no nor not now of off on once only or
other our ours ourselves out over own please re really regards same shall she should shouldn
so some someone something still such than thank thanks that the their theirs them themselves then
there these they this those through to too under until up upon us ve very via was wasn way we
were weren what whatever when where whether which while who whom whose why will with within
without won would wouldn yet you your yours yourself yourselves
`;

export const STOPWORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));

/** A word that never decides a match: an English function word, or one letter or digit. */
export function isStopword(word: string): boolean {
  return word.length < 2 || STOPWORDS.has(word.toLowerCase());
}
