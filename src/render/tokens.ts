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

/**
 * Like textParts, but only account ids and Region names become tokens; ARNs stay plain text,
 * free to wrap anywhere. For long values in dense places (a finding's facts, S3 keys), where a
 * span per ARN segment would multiply the PDF's tagged elements.
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
    if (match[0].startsWith('arn:')) plain(match[0]);
    else parts.push({ text: match[0], tok: true, wbr: false });
    at = start + match[0].length;
  }
  plain(text.slice(at));
  return parts.length === 0 ? [{ text, tok: false, wbr: false }] : parts;
}
