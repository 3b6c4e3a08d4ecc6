import type { Check } from '../src/model/findings';
import { frameworksOf } from './helpers/frameworks';
import { evaluateS3DataEvents } from './helpers/s3-data-events';

export const check: Check = {
  meta: {
    id: 'cloudtrail-s3-data-events-read',
    title: 'Object-level read events are logged for all S3 buckets',
    severity: 'medium',
    resourceType: 'AWS::::Account',
    description:
      'A multi-region, logging trail covering the account (an organization trail of the management account covers every member) logs S3 object-level read data events (GetObject, HeadObject, …) for every bucket: a basic selector with DataResources type AWS::S3::Object and the value arn:aws:s3 (all buckets) and ReadWriteType All or ReadOnly, or an advanced selector eventCategory = Data, resources.type = AWS::S3::Object, readOnly absent or including true, and no other field narrowing it.',
    rationale:
      'Management events do not record who read, wrote or deleted objects: without object-level read events, data exfiltration or tampering in S3 leaves no trace an investigator can follow.',
    remediation: {
      text: 'Add an S3 object read data-event selector for all buckets (eventCategory Data, resources.type AWS::S3::Object, readOnly true) to a multi-region trail. put-event-selectors replaces every selector of the trail: remediation/<finding-id>.json keeps the ones it already has.',
      cli: 'aws cloudtrail put-event-selectors --region <region> --trail-name <trail> --advanced-event-selectors file://remediation/<finding-id>.json',
    },
    frameworks: frameworksOf('cloudtrail-s3-data-events-read'),
    reads: ['account.trailArns', 'trail.details', 'trail.status', 'trail.eventSelectors'],
    references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html'],
  },
  evaluate(inventory) {
    return evaluateS3DataEvents(inventory, 'read');
  },
};
