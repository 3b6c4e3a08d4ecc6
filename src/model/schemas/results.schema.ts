import { MAX_FACTS, SEVERITIES, STATUSES } from '../findings';

const str = { type: 'string' } as const;
const counts = (keys: readonly string[]) => ({
  type: 'object',
  required: [...keys],
  additionalProperties: false,
  properties: Object.fromEntries(keys.map((k) => [k, { type: 'integer', minimum: 0 }])),
});
const frameworks = { type: 'object', additionalProperties: { type: 'array', items: str } } as const;

/** The few labelled facts that decided a finding (omitted when the check gave none). */
const facts = {
  type: 'array',
  maxItems: MAX_FACTS,
  items: { type: 'object', required: ['label', 'value'], additionalProperties: false, properties: { label: { type: 'string', minLength: 1 }, value: str, deciding: { type: 'boolean' } } },
} as const;

/** Files a remediation command refers to (file://remediation/…), written to the run folder. */
const remediationFiles = {
  type: 'array',
  items: {
    type: 'object',
    required: ['path', 'content'],
    additionalProperties: false,
    properties: { path: { type: 'string', pattern: '^remediation/[0-9a-f]{32}(-[a-z0-9]+(-[a-z0-9]+)*)?\\.json$' }, content: {} },
  },
} as const;

export const findingSchema = {
  type: 'object',
  required: ['id', 'checkId', 'title', 'status', 'severity', 'accountId', 'region', 'resourceType', 'resourceArn', 'message', 'evidence', 'remediation', 'frameworks'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[0-9a-f]{32}$' },
    checkId: str,
    title: str,
    status: { enum: [...STATUSES] },
    severity: { enum: [...SEVERITIES] },
    accountId: str,
    region: str,
    resourceType: str,
    resourceArn: str,
    message: { type: 'string', minLength: 1 },
    evidence: { type: 'object' },
    facts,
    remediation: { type: 'object', required: ['text', 'cli'], additionalProperties: false, properties: { text: str, cli: str, files: remediationFiles } },
    frameworks,
    waiver: {
      type: 'object',
      required: ['id', 'reason', 'approver', 'expires', 'originalStatus'],
      additionalProperties: false,
      properties: { id: str, reason: str, approver: str, expires: str, originalStatus: { enum: ['FAIL', 'ERROR'] } },
    },
  },
} as const;

export const resultsSchema = {
  $id: 'https://trailaudit.dev/schemas/results.json',
  type: 'object',
  required: ['schemaVersion', 'tool', 'run', 'checks', 'accounts', 'findings', 'summary'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: '1.0' },
    tool: { type: 'object', required: ['name', 'version'], additionalProperties: false, properties: { name: str, version: str } },
    run: {
      type: 'object',
      required: ['id', 'startedAt', 'finishedAt', 'caller', 'scope'],
      additionalProperties: false,
      properties: {
        id: str,
        startedAt: { type: 'string', format: 'date-time' },
        finishedAt: { type: 'string', format: 'date-time' },
        caller: str,
        scope: {
          type: 'object',
          required: ['accounts', 'regions'],
          additionalProperties: false,
          properties: { accounts: { type: 'array', items: str }, regions: { type: 'array', items: str } },
        },
        inventorySha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        settings: {
          type: 'object',
          required: ['regions', 'checks', 'gate'],
          additionalProperties: false,
          properties: {
            regions: { type: 'object', required: ['source', 'list'], additionalProperties: false, properties: { source: { enum: ['given', 'discovered'] }, list: { type: 'array', items: str } } },
            centralBucket: { type: 'object', required: ['name', 'basis'], additionalProperties: false, properties: { name: str, basis: str } },
            checks: { type: 'object', required: ['selection', 'ids'], additionalProperties: false, properties: { selection: { enum: ['all', 'listed'] }, ids: { type: 'array', items: str }, checksDir: str } },
            framework: str,
            waivers: { type: 'object', required: ['file', 'sha256', 'count'], additionalProperties: false, properties: { file: str, sha256: str, count: { type: 'integer', minimum: 0 } } },
            compare: { type: 'object', required: ['file', 'runId', 'finishedAt'], additionalProperties: false, properties: { file: str, runId: str, finishedAt: str } },
            gate: { type: 'object', required: ['failOn', 'failed'], additionalProperties: false, properties: { failOn: { enum: [...SEVERITIES] }, failed: { type: 'boolean' } } },
          },
        },
      },
    },
    checks: {
      type: 'array',
      items: { type: 'object', required: ['id', 'title', 'severity'], additionalProperties: false, properties: { id: str, title: str, severity: { enum: [...SEVERITIES] } } },
    },
    accounts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'status'],
        additionalProperties: false,
        properties: { id: str, name: str, email: str, ouPath: str, status: { enum: ['collected', 'partial', 'failed', 'skipped'] }, reason: str, collectedAt: str, resumed: { type: 'boolean' } },
      },
    },
    findings: { type: 'array', items: findingSchema },
    summary: {
      type: 'object',
      required: ['total', 'byStatus', 'failingBySeverity', 'byCheck', 'failingChecks'],
      additionalProperties: false,
      properties: {
        total: { type: 'integer', minimum: 0 },
        byStatus: counts(STATUSES),
        failingBySeverity: counts(SEVERITIES),
        byCheck: { type: 'object', additionalProperties: counts(STATUSES) },
        failingChecks: { type: 'array', items: str },
      },
    },
  },
} as const;

export const checkMetaSchema = {
  $id: 'https://trailaudit.dev/schemas/check-meta.json',
  type: 'object',
  required: ['id', 'title', 'severity', 'resourceType', 'description', 'rationale', 'remediation', 'frameworks'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80 },
    title: { type: 'string', minLength: 5 },
    severity: { enum: [...SEVERITIES] },
    resourceType: { enum: ['AWS::::Account', 'AWS::CloudTrail::Trail', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup'] },
    description: { type: 'string', minLength: 10 },
    rationale: { type: 'string', minLength: 10 },
    remediation: {
      type: 'object',
      required: ['text', 'cli'],
      additionalProperties: false,
      properties: { text: { type: 'string', minLength: 5 }, cli: { type: 'string', pattern: '^aws ' } },
    },
    frameworks: { ...frameworks, minProperties: 1 },
    references: { type: 'array', items: { type: 'string', pattern: '^https://' } },
  },
} as const;
