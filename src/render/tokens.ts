/** An ARN split after each ':' and '/', so it wraps only there (the template joins the parts with <wbr>). */
export function arnParts(arn: string): string[] {
  return arn.match(/[^:/]*[:/]|[^:/]+$/g) ?? [arn];
}

/**
 * A piece of text for the templates: plain, or a token kept on one line (`tok`), optionally followed by a line-break
 * opportunity (`wbr`, inside ARNs).
 */
export interface TextPart {
  text: string;
  tok: boolean;
  wbr: boolean;
}

// ARNs, 12-digit account ids and Region names (us-east-1, us-gov-west-1, ap-southeast-2, …).
const TOKENS =
  /arn:aws[a-z-]*:[^\s"'<>(),;]*[^\s"'<>(),;.]|\b\d{12}\b|\b(?:us|eu|ap|sa|ca|me|af|il|mx)(?:-gov)?-[a-z]+-\d\b/g;

/**
 * Splits text (a finding's message) so that account ids and Region names never break across
 * lines and ARNs break only after ':' or '/': the partial text-parts renders each part escaped,
 * tokens in <span class="tok">, with <wbr> after each ARN segment.
 */
export function textParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKENS)) {
    const at = match.index ?? 0;
    if (at > last) parts.push({ text: text.slice(last, at), tok: false, wbr: false });
    if (match[0].startsWith('arn:'))
      for (const segment of arnParts(match[0])) parts.push({ text: segment, tok: true, wbr: true });
    else parts.push({ text: match[0], tok: true, wbr: false });
    last = at + match[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last), tok: false, wbr: false });
  return parts;
}

/**
 * textParts, and in the plain text between tokens a line-break opportunity after each '/', ':'
 * and '.' before a letter: for narrow cells holding paths, aliases and domains
 * ("alias/cloudtrail", "kms.amazonaws.com"), which would otherwise break inside a word.
 */
export function softParts(text: string): TextPart[] {
  return textParts(text).flatMap((part) => {
    if (part.tok) return [part];
    const pieces = part.text.split(/(?<=[/:]|\.(?=[A-Za-z]))/);
    return pieces.map((piece, i) => ({ text: piece, tok: false, wbr: i < pieces.length - 1 }));
  });
}

/** An ARN's head kept on one line at most this long: it always fits a line where idParts is used. */
const ARN_HEAD_LIMIT = 64;

/**
 * `arn:aws:logs:us-east-1:111111111111:` of an ARN, when it has a Region or an account id to keep whole (not
 * `arn:aws:s3:::`), fits ARN_HEAD_LIMIT and is followed by a resource; else undefined.
 */
function arnHead(arn: string): string | undefined {
  const head = /^arn:[^:]*:[^:]*:([^:]*):([^:]*):/.exec(arn);
  if (!head || !(head[1] || head[2]) || head[0].length > ARN_HEAD_LIMIT || head[0].length === arn.length)
    return undefined;
  return head[0];
}

/**
 * Like textParts, but in as few parts as it can: account ids and Region names become tokens, an ARN
 * two parts: its head up to the account id (`arn:aws:logs:us-east-1:111111111111:`) kept on one
 * line, then a line-break opportunity and the resource as plain text, free to wrap anywhere. For
 * long values in dense places (a finding's facts and command, S3 keys): each part is a tagged
 * element of the PDF, and a span per ARN segment would multiply them.
 */
export function idParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  const plain = (piece: string): void => {
    const last = parts[parts.length - 1];
    if (last && !last.tok) last.text += piece;
    else if (piece !== '') parts.push({ text: piece, tok: false, wbr: false });
  };
  let at = 0;
  for (const match of text.matchAll(TOKENS)) {
    const start = match.index ?? 0;
    plain(text.slice(at, start));
    const head = match[0].startsWith('arn:') ? arnHead(match[0]) : undefined;
    if (head) {
      parts.push({ text: head, tok: true, wbr: true });
      plain(match[0].slice(head.length));
    } else if (match[0].startsWith('arn:')) plain(match[0]);
    else parts.push({ text: match[0], tok: true, wbr: false });
    at = start + match[0].length;
  }
  plain(text.slice(at));
  return parts.length === 0 ? [{ text, tok: false, wbr: false }] : parts;
}
