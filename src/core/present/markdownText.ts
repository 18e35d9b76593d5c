// Text from a config (keys, values, file names, provenance) made inert in Markdown, for the editor's hovers and the
// pull-request comment: no link, emphasis, HTML tag, table break, theme icon or @-mention can come from a file.

/** Backslash-escapes every character Markdown (CommonMark, GFM tables, VS Code icons, GitHub mentions) acts on. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]<>#|!~&$@]/g, (c) => `\\${c}`);
}

/** Text for inside backticks: only a backtick (and a line break) can end the span. */
export function codeSpanText(text: string): string {
  return text.replace(/`/g, "'").replace(/[\r\n]+/g, ' ');
}

/** A code span safe inside a GFM table cell too (a pipe ends the cell even between backticks). */
export function markdownCode(text: string): string {
  return `\`${codeSpanText(text).replace(/\|/g, '\\|')}\``;
}
