// How a new value is written in place of an old one: in the old one's own style. A count keeps its quotes, digit
// underscores, exponent notation and unit suffix (llm-foundry's "143100ba"); a precision is written in the file's own
// vocabulary (Lightning "bf16-mixed", Composer "amp_bf16", nanotron "bfloat16").
import type { FormatId, Precision } from '../types';

/** A literal split into its quotes, number text and unit suffix ("'143100ba'" → ', 143100, ba). */
export interface NumberLiteral {
  quote: string;
  digits: string;
  suffix: string;
}

const LITERAL = /^(["']?)([+-]?[\d_]+(?:\.\d+)?(?:[eE][+-]?\d+)?)([A-Za-z]*)\1$/;

export function readNumberLiteral(text: string): NumberLiteral | undefined {
  const m = LITERAL.exec(text.trim() === text ? text : '');
  return m ? { quote: m[1] ?? '', digits: m[2] ?? '', suffix: m[3] ?? '' } : undefined;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '_');
}

/** A whole number written like `like`: same quotes and suffix, underscores or exponent if it used them. */
export function formatCount(like: NumberLiteral, n: number): string {
  let body = String(n);
  if (/[eE]/.test(like.digits)) {
    // 3e12 stays in exponent form when that is exact; otherwise the plain integer is clearer than a rounded one.
    const exp = n.toExponential().replace('+', '');
    if (Number(exp) === n) body = exp;
  } else if (like.digits.includes('_')) body = groupThousands(body);
  return `${like.quote}${body}${like.suffix}${like.quote}`;
}

/** A literal string value's quotes ("" for a bare YAML scalar). */
export function quoteOf(text: string): string {
  const q = text[0];
  return (q === '"' || q === "'") && text.endsWith(q) && text.length >= 2 ? q : '';
}

/**
 * The precision as this file's key spells it, or the reason it cannot be written there. `current` is the value's
 * text as written (without quotes), so a file using the "-mixed" style keeps it.
 */
export function precisionWord(format: FormatId, current: string, p: Precision): { text: string } | { reason: string } {
  switch (format) {
    case 'nemo-yaml':
    case 'litgpt-yaml': {
      // Lightning's vocabulary; FP8 is not a Lightning precision (NeMo turns it on with model.fp8 / Transformer Engine).
      if (p === 'fp8') return { reason: 'Lightning has no FP8 precision value; FP8 is enabled with model.fp8 (Transformer Engine), edit it by hand' };
      if (p === 'tf32') return { reason: 'TF32 is a matmul setting, not a Lightning precision value' };
      const mixed = /-mixed$/.test(current);
      const trueStyle = /-true$/.test(current);
      const bare = /^\d+$/.test(current);
      if (p === 'fp32') return { text: trueStyle || mixed ? '32-true' : '32' };
      const word = p === 'bf16' ? 'bf16' : '16';
      if (mixed) return { text: `${word}-mixed` };
      if (trueStyle) return { text: `${word}-true` };
      // "bf16" and 16 are the legacy spellings; a bare number file gets numbers where one exists.
      return { text: bare && p === 'fp16' ? '16' : word };
    }
    case 'llm-foundry-yaml':
    case 'olmo-yaml':
      if (p === 'tf32') return { reason: 'TF32 is not a Composer precision value' };
      if (p === 'fp8' && format === 'olmo-yaml') return { reason: 'OLMo has no FP8 precision value' };
      return { text: p === 'fp32' ? 'fp32' : `amp_${p}` };
    case 'nanotron-yaml':
    case 'hf-model-json':
      if (p === 'fp8' || p === 'tf32') return { reason: `${p.toUpperCase()} is not a torch dtype this key takes` };
      return { text: p === 'bf16' ? 'bfloat16' : p === 'fp16' ? 'float16' : 'float32' };
    default:
      return { reason: 'this format states precision with flags or sections handled elsewhere' };
  }
}
