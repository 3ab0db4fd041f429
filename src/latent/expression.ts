/**
 * Latent arithmetic expressions: `A - B + C`, `thick7 - thin7 + thin1`, `0.5*A + 0.5*B` — a signed,
 * optionally weighted sum of named groups, evaluated on the groups' mean latents.
 */
import { UsageError } from '../util/errors.js';

/** One term: coefficient × group. */
export interface Term {
  coef: number;
  name: string;
}

const TERM = /^(?:(\d+(?:\.\d+)?|\.\d+)\s*\*\s*)?([A-Za-z_][\w-]*)$/;

/** Parses `expr` into terms; every name must be one of `groups`. */
export function parseExpression(expr: string, groups: readonly string[]): Term[] {
  const terms: Term[] = [];
  // Split before every + or − that is not part of a name; keep the sign with its term.
  const parts =
    expr
      .replace(/\s+/g, ' ')
      .trim()
      .match(/[+-]?\s*[^+-]+/g) ?? [];
  for (const raw of parts) {
    const part = raw.trim();
    const sign = part.startsWith('-') ? -1 : 1;
    const body = part.replace(/^[+-]\s*/, '');
    const m = TERM.exec(body);
    if (!m) {
      throw new UsageError(
        `--expr '${expr}': cannot read the term '${part}'; write terms like A, 0.5*B joined by + and -`,
      );
    }
    const name = m[2];
    if (!groups.includes(name)) {
      throw new UsageError(
        `--expr '${expr}' names the group '${name}', which no --group defines (defined: ${groups.join(', ') || 'none'})`,
      );
    }
    terms.push({ coef: sign * (m[1] === undefined ? 1 : Number(m[1])), name });
  }
  if (terms.length === 0) throw new UsageError(`--expr '${expr}' has no terms`);
  return terms;
}

/** Σ coef · vectors[name] for the terms. */
export function evaluateExpression(terms: Term[], vectors: Record<string, Float32Array>): Float32Array {
  const dim = vectors[terms[0].name].length;
  const out = new Float32Array(dim);
  for (const t of terms) {
    const v = vectors[t.name];
    for (let i = 0; i < dim; i++) out[i] += t.coef * v[i];
  }
  return out;
}
