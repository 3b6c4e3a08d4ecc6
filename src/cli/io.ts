/** Where the CLI talks: results to stdout only when asked, everything else to stderr. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  env: NodeJS.ProcessEnv;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: process.stderr.isTTY === true,
  env: process.env,
};

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

export type Paint = (color: keyof typeof CODES, text: string) => string;

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function painter(io: Io): Paint {
  const enabled = io.isTty && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '') && io.env.TERM !== 'dumb';
  return (color, text) => (enabled ? `\u001b[${CODES[color]}m${text}\u001b[0m` : text);
}
