import { MAX_FACTS, type EvidenceFact } from '../model/findings';

function asFact(value: unknown): EvidenceFact | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { label, value: text, deciding } = value as { label?: unknown; value?: unknown; deciding?: unknown };
  if (typeof label !== 'string' || label.trim() === '') return undefined;
  const shown =
    typeof text === 'string' ? text : typeof text === 'number' || typeof text === 'boolean' ? String(text) : undefined;
  if (shown === undefined) return undefined;
  return deciding === true ? { label, value: shown, deciding: true } : { label, value: shown };
}

/**
 * The facts a check gave, as the results contract wants them: well-formed, at most MAX_FACTS (the
 * deciding ones kept first when there are more), in the check's order; undefined when none.
 */
export function findingFacts(given: unknown): EvidenceFact[] | undefined {
  if (!Array.isArray(given)) return undefined;
  const facts = (given as unknown[]).map(asFact).filter((f): f is EvidenceFact => f !== undefined);
  if (facts.length === 0) return undefined;
  if (facts.length <= MAX_FACTS) return facts;
  const kept = new Set([...facts.filter((f) => f.deciding), ...facts.filter((f) => !f.deciding)].slice(0, MAX_FACTS));
  return facts.filter((f) => kept.has(f));
}
