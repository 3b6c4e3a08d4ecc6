/** More pages than any real listing has (10 000 pages of 20 accounts, or of 1 000 buckets). */
export const MAX_PAGES = 10_000;

/** A paginated API handed out a token it had already given: following it would loop forever. */
export class RepeatedPageTokenError extends Error {
  override name = 'RepeatedPageToken';
  constructor(operation: string, page: number) {
    super(
      `${operation} returned a pagination token it had already returned (page ${page}); the listing was stopped, it may be incomplete`,
    );
  }
}

export class TooManyPagesError extends Error {
  override name = 'TooManyPages';
  constructor(operation: string, limit: number) {
    super(
      `${operation} kept returning pagination tokens after ${limit} pages; the listing was stopped, it may be incomplete`,
    );
  }
}

export interface Page<T> {
  items: T[];
  next: string | undefined;
}

/**
 * Reads every page of a listing; fails (rather than loops or silently truncates) when a token
 * comes back a second time or the pages never end.
 */
export async function readAllPages<T>(
  operation: string,
  fetch: (token: string | undefined) => Promise<Page<T>>,
  maxPages: number = MAX_PAGES,
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 1; ; page += 1) {
    const answer = await fetch(token);
    all.push(...answer.items);
    if (!answer.next) return all;
    if (seen.has(answer.next)) throw new RepeatedPageTokenError(operation, page);
    if (page >= maxPages) throw new TooManyPagesError(operation, maxPages);
    seen.add(answer.next);
    token = answer.next;
  }
}
