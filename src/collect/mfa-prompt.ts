import readline from 'node:readline';
import { ConnectionError } from './identity';

/** Where the MFA code is asked for: the terminal's input, and stderr (stdout may carry results). */
export interface PromptStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

export type MfaCodeProvider = (serialNumber: string) => Promise<string>;

const MFA_CODE = /^\d{6}$/;

export const mfaUnavailableMessage = (profile: string): string =>
  `profile ${profile} needs an MFA code: run in a terminal, or use a profile without mfa_serial`;

/** One line from `input`, or undefined when it ends first. */
function readLine(input: PromptStreams['input']): Promise<string | undefined> {
  return new Promise((resolve) => {
    const lines = readline.createInterface({ input, terminal: false });
    let answered = false;
    lines.once('line', (line) => {
      answered = true;
      lines.close();
      resolve(line);
    });
    lines.once('close', () => {
      if (!answered) resolve(undefined);
    });
  }).finally(() => input.pause()) as Promise<string | undefined>;
}

/**
 * The SDK asks for a code when a profile with mfa_serial assumes its role. On a terminal the
 * code is asked for on stderr; elsewhere (CI, a pipe) nobody can answer, so the scan stops with
 * one line naming the profile. Concurrent requests share one prompt.
 */
export function mfaCodePrompt(
  profile: string,
  streams: PromptStreams = { input: process.stdin, output: process.stderr },
): MfaCodeProvider {
  let pending: Promise<string> | undefined;
  const ask = async (serialNumber: string): Promise<string> => {
    if (streams.input.isTTY !== true) throw new ConnectionError(mfaUnavailableMessage(profile));
    streams.output.write(`MFA code for ${serialNumber} (profile ${profile}): `);
    const answer = (await readLine(streams.input))?.trim();
    if (answer === undefined) throw new ConnectionError(`profile ${profile}: no MFA code was entered`);
    if (!MFA_CODE.test(answer)) throw new ConnectionError(`profile ${profile}: an MFA code is 6 digits`);
    return answer;
  };
  return (serialNumber) => {
    const current = (pending ??= ask(serialNumber).finally(() => {
      pending = undefined;
    }));
    return current;
  };
}
