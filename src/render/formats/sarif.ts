import type { Finding, Results, Severity, Status } from '../../model/findings';

/**
 * SARIF 2.1.0 (OASIS: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), with the
 * properties GitHub code scanning reads (docs.github.com: "SARIF support for code scanning").
 *
 * Which findings become results: FAIL and ERROR (the findings that fail the --fail-on gate), and
 * WAIVED ones as suppressed results, so a waiver stays visible to anyone reviewing the log.
 * PASS and NOT_APPLICABLE are left out: SARIF viewers list every result as an alert, and the full
 * record is results.json (the run's property bag counts every status, so nothing disappears silently).
 *
 * ERROR is reported as kind "fail" with level "warning": the spec (§3.27.10) forces level "none"
 * on any other kind ("open" or "review" would fit the meaning), and level "none" hides it in
 * every viewer, whereas a finding whose evidence could not be read must never look like a pass.
 */

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, Level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  informational: 'note',
};

// GitHub maps security-severity to critical (> 9.0), high (7.0–8.9), medium (4.0–6.9) and low (0.1–3.9).
const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  informational: undefined,
};

const REPORTED: readonly Status[] = ['FAIL', 'ERROR', 'WAIVED'];

interface Rule {
  id: string;
  title: string;
  severity: Severity;
}

/** "cloudtrail-multi-region" → "CloudtrailMultiRegion" (SARIF rule names are identifiers). */
const ruleName = (id: string): string =>
  id.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_m, _sep: string, c: string) => c.toUpperCase());

function descriptor(rule: Rule, example: Finding | undefined): object {
  const securitySeverity = SECURITY_SEVERITY[rule.severity];
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.title },
    ...(example
      ? {
          // A finding's remediation names its own resource: the rule's help shows one, as an example.
          help: {
            text: `${example.remediation.text}\n\nFor example, for ${example.resourceArn}:\n${example.remediation.cli}`,
            markdown: `${example.remediation.text}\n\nFor example, for \`${example.resourceArn}\`:\n\n\`\`\`sh\n${example.remediation.cli}\n\`\`\``,
          },
        }
      : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ['security', 'aws', 'cloudtrail'],
      severity: rule.severity,
      ...(securitySeverity ? { 'security-severity': securitySeverity } : {}),
      // Framework mappings are data, not tags (§3.8.2.1 discourages classification tags).
      ...(example ? { frameworks: example.frameworks } : {}),
    },
  };
}

function result(f: Finding, ruleIndex: number): object {
  const waivedFrom = f.status === 'WAIVED' ? f.waiver?.originalStatus : undefined;
  const asError = f.status === 'ERROR' || waivedFrom === 'ERROR';
  return {
    ruleId: f.checkId,
    ruleIndex,
    kind: 'fail',
    level: asError ? 'warning' : LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ logicalLocations: [{ fullyQualifiedName: f.resourceArn, kind: 'resource' }] }],
    partialFingerprints: { findingId: f.id },
    ...(f.status === 'WAIVED'
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: f.waiver
                ? `${f.waiver.reason} (waiver ${f.waiver.id}, approved by ${f.waiver.approver}, expires ${f.waiver.expires})`
                : 'waived',
            },
          ],
        }
      : {}),
    properties: {
      status: f.status,
      severity: f.severity,
      accountId: f.accountId,
      region: f.region,
      resourceType: f.resourceType,
    },
  };
}

export function toSarif(results: Results): object {
  const rules: Rule[] = [...results.checks];
  for (const f of results.findings) {
    if (!rules.some((r) => r.id === f.checkId)) rules.push({ id: f.checkId, title: f.title, severity: f.severity });
  }
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const example = (id: string) => results.findings.find((f) => f.checkId === id);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: results.tool.name,
            version: results.tool.version,
            rules: rules.map((r) => descriptor(r, example(r.id))),
          },
        },
        automationDetails: { id: `${results.tool.name}/${results.run.id}` },
        invocations: [
          { executionSuccessful: true, startTimeUtc: results.run.startedAt, endTimeUtc: results.run.finishedAt },
        ],
        results: results.findings
          .filter((f) => REPORTED.includes(f.status))
          .map((f) => result(f, index.get(f.checkId) ?? -1)),
        properties: { runId: results.run.id, byStatus: results.summary.byStatus },
      },
    ],
  };
}
