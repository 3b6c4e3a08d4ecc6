import type { Results } from '../../model/findings';
import { toAsff } from './asff';
import { toCsv } from './csv';
import { toJunit } from './junit';
import { toOcsf } from './ocsf';
import { toSarif } from './sarif';

export { toAsff, toCsv, toJunit, toOcsf, toSarif };

export interface MachineFormatOptions {
  /** ASFF only: the Security Hub product ARN (default: the account's own "default" product). */
  productArn?: string;
}

export interface MachineFormatSpec {
  /** File name in the report directory. */
  file: string;
  /** The file's content. */
  render(results: Results, options?: MachineFormatOptions): string;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export const MACHINE_FORMATS = {
  csv: { file: 'results.csv', render: (results) => toCsv(results) },
  ocsf: { file: 'results.ocsf.json', render: (results) => json(toOcsf(results)) },
  asff: {
    file: 'results.asff.json',
    render: (results: Results, options?: MachineFormatOptions) => json(toAsff(results, options)),
  },
  sarif: { file: 'results.sarif', render: (results) => json(toSarif(results)) },
  junit: { file: 'results.junit.xml', render: (results) => toJunit(results) },
} as const satisfies Record<string, MachineFormatSpec>;

/** A machine format's name: csv, ocsf, asff, sarif or junit. */
export type MachineFormat = keyof typeof MACHINE_FORMATS;
