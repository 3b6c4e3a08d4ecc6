/**
 * An endpoint URL may carry credentials (https://user:secret@proxy/) or signed query strings:
 * the form written to files and messages keeps the scheme, host, port and path only.
 */
export function redactUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return '[unparseable URL]';
  }
  const credentials = url.username !== '' || url.password !== '' ? '[redacted]@' : '';
  const query = url.search !== '' ? '?[redacted]' : '';
  return `${url.protocol}//${credentials}${url.host}${url.pathname === '/' ? '' : url.pathname}${query}`;
}

/** Replaces every credential-bearing form of the endpoint inside a text (error messages quote it). */
export function redactUrlsIn(text: string): string {
  return text.replace(/\b(https?:\/\/)[^\s/@]+@/g, '$1[redacted]@');
}
