// Text from a config (file names, values, messages that quote them) made inert in Markdown: it reads the same once
// rendered, and never becomes markup (a link, an image fetched from a remote host, emphasis, HTML, a table cell
// break). Messages put keys and values between backticks; those stay code spans, with a fence the value cannot close.

/** ASCII punctuation that starts or ends inline markup, backslash-escaped (CommonMark allows it before any of them). */
const INLINE_MARKUP = /[\\*_[\]<>&|~!@]/g;

/** Escapes for text outside code spans. */
function escapeText(text: string): string {
  return (
    text
      .replace(INLINE_MARKUP, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))
      // GitHub turns bare URLs and www. names into links: break the pattern it looks for, not the text.
      .replace(/:\/\//g, ':\\/\\/')
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`)
  );
}

/**
 * A code span holding `code` literally: its fence is one backtick longer than the longest run inside, padded with a
 * space when the code starts or ends with a backtick or space (CommonMark 6.1). In a table, `|` still splits cells
 * inside a code span, so it is escaped there too (GFM allows `\|` in code spans for that).
 */
function codeSpan(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[`\s]|[`\s]$/.test(code) ? ' ' : '';
  return `${fence}${pad}${code.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/**
 * One line of Markdown from text that may quote a config: line breaks become spaces, `…` pairs stay code spans,
 * everything else is escaped. A backtick without a partner is shown as a backtick.
 */
export function markdownInline(text: string): string {
  const parts = text.replace(/[\r\n]+/g, ' ').split('`');
  // An even number of parts: the last backtick has no partner, so it and what follows are text.
  const unpairedLast = parts.length % 2 === 0;
  return parts
    .map((part, i) => {
      if (unpairedLast && i === parts.length - 1) return `\\\`${escapeText(part)}`;
      if (i % 2 === 1) return part === '' ? '' : codeSpan(part);
      return escapeText(part);
    })
    .join('');
}
