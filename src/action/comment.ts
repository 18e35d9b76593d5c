// One comment per pull request: the tool's earlier comment (found by its marker) is updated, otherwise one is created.
// GitHub's REST API through fetch, at GITHUB_API_URL (GitHub Enterprise, or a local stand-in in the tests).
import { COMMENT_MARKER } from '../core/diff/index';

export interface CommentTarget {
  apiUrl: string;
  /** "owner/name" */
  repository: string;
  pullRequest: number;
  token: string;
}

export type CommentOutcome = { ok: true; action: 'created' | 'updated' | 'skipped'; id?: number } | { ok: false; message: string };

interface IssueComment {
  id: number;
  body?: string;
}

/** Comments are listed 100 to a page; a pull request with more pages than this is searched this far. */
const MAX_PAGES = 20;

async function call(target: CommentTarget, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${target.apiUrl.replace(/\/$/, '')}${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${target.token}`,
      'x-github-api-version': '2022-11-28',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

async function findOwnComment(target: CommentTarget): Promise<IssueComment | undefined> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await call(target, 'GET', `/repos/${target.repository}/issues/${target.pullRequest}/comments?per_page=100&page=${page}`);
    if (!res.ok) throw new Error(`listing comments: HTTP ${res.status}`);
    const comments = (await res.json()) as IssueComment[];
    const own = comments.find((c) => typeof c.body === 'string' && c.body.startsWith(COMMENT_MARKER));
    if (own) return own;
    if (comments.length < 100) return undefined;
  }
  return undefined;
}

/**
 * Posts `body`, or updates the earlier comment with it. With `onlyUpdate` (nothing to report) no new comment is
 * created, but an earlier one is brought up to date, so it never shows a cost the pull request no longer has.
 */
export async function postOrUpdateComment(target: CommentTarget, body: string, onlyUpdate = false): Promise<CommentOutcome> {
  try {
    const own = await findOwnComment(target);
    if (own) {
      const res = await call(target, 'PATCH', `/repos/${target.repository}/issues/comments/${own.id}`, { body });
      if (!res.ok) return { ok: false, message: `updating comment ${own.id}: HTTP ${res.status}` };
      return { ok: true, action: 'updated', id: own.id };
    }
    if (onlyUpdate) return { ok: true, action: 'skipped' };
    const res = await call(target, 'POST', `/repos/${target.repository}/issues/${target.pullRequest}/comments`, { body });
    if (!res.ok) return { ok: false, message: `creating the comment: HTTP ${res.status}` };
    const created = (await res.json()) as IssueComment;
    return { ok: true, action: 'created', id: created.id };
  } catch (e) {
    return { ok: false, message: String((e as Error)?.message ?? e) };
  }
}
