import type { Check } from '../src/model/findings';
import { fact, yesNo } from './helpers/facts';
import { frameworksOf } from './helpers/frameworks';
import { evaluateTrails, trailResult } from './helpers/results';

export const check: Check = {
  meta: {
    id: 'cloudtrail-insights',
    title: 'CloudTrail Insights is enabled on the trail',
    severity: 'informational',
    resourceType: 'AWS::CloudTrail::Trail',
    description:
      'Each trail has Insights selectors (API call rate or error rate), so CloudTrail flags unusual write activity. Informational: Insights is charged per event analysed.',
    rationale:
      'Insights detects bursts of API calls or errors — a runaway script, a compromised key enumerating resources — that a per-event review misses.',
    remediation: {
      text: 'Enable CloudTrail Insights on the trail (it is charged per 100,000 events analysed).',
      cli: 'aws cloudtrail put-insight-selectors --trail-name <trail> --insight-selectors InsightType=ApiCallRateInsight InsightType=ApiErrorRateInsight --region <region>',
    },
    frameworks: frameworksOf('cloudtrail-insights'),
    reads: ['account.trailArns', 'trail.details'],
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html',
    ],
  },
  evaluate(inventory) {
    return evaluateTrails(inventory, 'Insights', (trail, details) => {
      const on = details.hasInsightSelectors;
      const facts = [fact('Trail', trail.name), fact('Insights selectors', yesNo(on), true)];
      return on
        ? trailResult(trail, 'PASS', `trail ${trail.name} has Insights selectors`, { hasInsightSelectors: true }, facts)
        : trailResult(
            trail,
            'FAIL',
            `trail ${trail.name} has no Insights selectors`,
            { hasInsightSelectors: false },
            facts,
          );
    });
  },
};
