// Suggests the closest known word for a misspelt key or value ("did you mean `string`?").
import { distance } from 'fastest-levenshtein';

/** The candidate closest to `word`, when it is close enough to be a plausible typo; else undefined. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const score = candidate.toLowerCase() === lower ? 0 : distance(lower, candidate.toLowerCase());
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (best === undefined) return undefined;
  // two edits cover a swapped pair of letters (`kafak`); very short words allow only one
  const length = Math.max(word.length, best.length);
  const allowed = length <= 3 ? 1 : Math.max(2, Math.floor(length / 3));
  return bestScore <= allowed ? best : undefined;
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : ` (did you mean \`${match}\`?)`;
}
