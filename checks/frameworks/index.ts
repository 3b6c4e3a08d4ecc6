/**
 * The framework mappings as data: one JSON file per framework in this folder, in the shape of
 * framework.schema.json (requirement id, title, and the ids of the checks that implement it).
 * Built-in checks' meta.frameworks, --framework, the report's per-requirement view, ASFF
 * classifiers and the README's tables are all derived from these files.
 *
 * Adding a framework: add <id>.json here, import it below (the order of this list is the order
 * frameworks are shown in), and give it an expectation in test/unit/frameworks-data.test.ts.
 * The files are validated against the schema when the checks are loaded (src/engine/frameworks.ts).
 */
import cis12 from './cis-1.2.json';
import cis14 from './cis-1.4.json';
import cis15 from './cis-1.5.json';
import cis20 from './cis-2.0.json';
import cis30 from './cis-3.0.json';
import cis40 from './cis-4.0.json';
import cis50 from './cis-5.0.json';
import cis60 from './cis-6.0.json';
import cis70 from './cis-7.0.json';
import awsSecurityhub from './aws-securityhub.json';
import awsConfig from './aws-config.json';
import pciDss40 from './pci-dss-4.0.json';
import soc2 from './soc2.json';
import iso270012022 from './iso-27001-2022.json';
import nist80053R5 from './nist-800-53-r5.json';
import hipaa from './hipaa.json';
import awsBestPractice from './aws-best-practice.json';

export interface FrameworkRequirement {
  /** The requirement (control) id as the framework writes it, e.g. "3.1", "CloudTrail.1", "AU-9(2)". */
  id: string;
  title: string;
  /** The ids of the checks that implement it. */
  checks: string[];
}

export interface FrameworkData {
  /** The id check metadata, results and --framework use, e.g. "cis-3.0". */
  id: string;
  name: string;
  version?: string;
  /** ASFF finding type classifier (Software and Configuration Checks/Industry and Regulatory Standards/…). */
  asffClassifier?: string;
  /** Where the requirement titles come from. */
  notes?: string;
  requirements: FrameworkRequirement[];
}

/** Every framework file, in the order frameworks are listed (check metadata, reports, README). */
export const FRAMEWORK_FILES: readonly FrameworkData[] = [
  cis12,
  cis14,
  cis15,
  cis20,
  cis30,
  cis40,
  cis50,
  cis60,
  cis70,
  awsSecurityhub,
  awsConfig,
  pciDss40,
  soc2,
  iso270012022,
  nist80053R5,
  hipaa,
  awsBestPractice,
];
